package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// MovieRef is the short form of a film inside a still summary.
type MovieRef struct {
	ID    int64  `json:"id,string"`
	Title string `json:"title"`
	Year  *int   `json:"year"`
}

// MovieSummary is a film in the movies list.
type MovieSummary struct {
	ID         int64  `json:"id,string"`
	Title      string `json:"title"`
	Year       *int   `json:"year"`
	Director   string `json:"director"`
	StillCount int    `json:"still_count"`
}

// Movie is a film with its credits.
type Movie struct {
	ID                 int64    `json:"id,string"`
	Title              string   `json:"title"`
	Year               *int     `json:"year"`
	ReleaseDate        string   `json:"release_date"`
	Director           string   `json:"director"`
	Cinematographer    string   `json:"cinematographer"`
	ProductionDesigner string   `json:"production_designer"`
	CostumeDesigner    string   `json:"costume_designer"`
	Editor             string   `json:"editor"`
	Distributor        string   `json:"distributor"`
	Rating             string   `json:"rating"`
	Genres             []string `json:"genres"`
	StillCount         int      `json:"still_count"`
}

func yearPtr(y int) *int {
	if y <= 0 {
		return nil
	}
	return &y
}

// upsertMovie finds or creates the film identified by title and year and
// fills in any credit the input knows. Credits already stored are kept when
// the input leaves them empty, so a sparse line never erases a richer one.
func (tx *Tx) upsertMovie(ctx context.Context, m *MovieInput) (int64, error) {
	key := strings.ToLower(m.Title) + "\x00" + strconv.Itoa(m.Year)
	if tx.movies == nil {
		tx.movies = map[string]movieSeen{}
	}
	sig := movieSig(m)
	if seen, ok := tx.movies[key]; ok && seen.sig == sig {
		return seen.id, nil // an import batch repeats films; skip identical upserts
	}
	genres, err := json.Marshal(nonNilStrings(m.Genres))
	if err != nil {
		return 0, err
	}
	ts := now()
	var id int64
	err = tx.queryRow(ctx, `INSERT INTO movies (title, year, release_date, director, cinematographer,
			production_designer, costume_designer, editor, distributor, rating, genres, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (title, year) DO UPDATE SET
			release_date = iif(excluded.release_date <> '', excluded.release_date, release_date),
			director = iif(excluded.director <> '', excluded.director, director),
			cinematographer = iif(excluded.cinematographer <> '', excluded.cinematographer, cinematographer),
			production_designer = iif(excluded.production_designer <> '', excluded.production_designer, production_designer),
			costume_designer = iif(excluded.costume_designer <> '', excluded.costume_designer, costume_designer),
			editor = iif(excluded.editor <> '', excluded.editor, editor),
			distributor = iif(excluded.distributor <> '', excluded.distributor, distributor),
			rating = iif(excluded.rating <> '', excluded.rating, rating),
			genres = iif(excluded.genres <> '[]', excluded.genres, genres),
			updated_at = excluded.updated_at
		RETURNING id`,
		m.Title, m.Year, m.ReleaseDate, m.Director, m.Cinematographer, m.ProductionDesigner,
		m.CostumeDesigner, m.Editor, m.Distributor, m.Rating, string(genres), ts, ts).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: upsert movie %q: %w", m.Title, err)
	}
	tx.movies[key] = movieSeen{id: id, sig: sig}
	return id, nil
}

// movieSig is a film input's identity for the per-transaction cache.
func movieSig(m *MovieInput) string {
	return strings.Join(append([]string{m.Title, strconv.Itoa(m.Year), m.ReleaseDate, m.Director, m.Cinematographer,
		m.ProductionDesigner, m.CostumeDesigner, m.Editor, m.Distributor, m.Rating}, m.Genres...), "\x00")
}

type movieSeen struct {
	id  int64
	sig string
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MovieQuery selects films for the movies list.
type MovieQuery struct {
	TitlePrefix string // case-insensitive title prefix; "" = all
	AfterTitle  string // keyset: continue after (AfterTitle, AfterID)
	AfterID     int64
	Limit       int
}

// ListMovies returns films ordered by title then id, with their still counts.
func (db *DB) ListMovies(ctx context.Context, q MovieQuery) ([]MovieSummary, error) {
	where, args := []string{"1"}, []any{}
	if q.TitlePrefix != "" {
		// A range on the NOCASE title index: title >= prefix AND title < prefix+U+10FFFF.
		where = append(where, "m.title >= ? AND m.title < ?")
		args = append(args, q.TitlePrefix, q.TitlePrefix+"\U0010FFFF")
	}
	if q.AfterID > 0 {
		where = append(where, "(m.title, m.id) > (?, ?)")
		args = append(args, q.AfterTitle, q.AfterID)
	}
	args = append(args, q.Limit)
	rows, err := db.query(ctx, `SELECT m.id, m.title, m.year, m.director,
			(SELECT count(*) FROM images i WHERE i.movie_id = m.id)
		FROM movies m WHERE `+strings.Join(where, " AND ")+`
		ORDER BY m.title, m.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list movies: %w", err)
	}
	defer rows.Close()
	out := []MovieSummary{}
	for rows.Next() {
		var m MovieSummary
		var year int
		if err := rows.Scan(&m.ID, &m.Title, &year, &m.Director, &m.StillCount); err != nil {
			return nil, fmt.Errorf("store: list movies: %w", err)
		}
		m.Year = yearPtr(year)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list movies: %w", err)
	}
	return out, nil
}

// MovieByID returns a film with its credits and still count, or ErrNotFound.
func (db *DB) MovieByID(ctx context.Context, id int64) (*Movie, error) { return loadMovie(ctx, db, id) }

func loadMovie(ctx context.Context, db querier, id int64) (*Movie, error) {
	var m Movie
	var year int
	var genres string
	err := db.queryRow(ctx, `SELECT id, title, year, release_date, director, cinematographer,
			production_designer, costume_designer, editor, distributor, rating, genres,
			(SELECT count(*) FROM images i WHERE i.movie_id = movies.id)
		FROM movies WHERE id = ?`, id).Scan(&m.ID, &m.Title, &year, &m.ReleaseDate, &m.Director,
		&m.Cinematographer, &m.ProductionDesigner, &m.CostumeDesigner, &m.Editor, &m.Distributor,
		&m.Rating, &genres, &m.StillCount)
	if err != nil {
		return nil, notFound(err, "store: movie")
	}
	m.Year = yearPtr(year)
	if err := json.Unmarshal([]byte(genres), &m.Genres); err != nil {
		return nil, fmt.Errorf("store: movie %d genres: %w", id, err)
	}
	return &m, nil
}
