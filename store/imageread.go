package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// ImageSummary is the light form of a still used in lists and search hits.
type ImageSummary struct {
	ID          int64     `json:"id,string"`
	ExternalID  string    `json:"external_id"`
	Title       string    `json:"title"`
	Movie       *MovieRef `json:"movie"`
	FrameSize   *string   `json:"frame_size"`
	AspectRatio *string   `json:"aspect_ratio"`
	Width       int       `json:"width"`
	Height      int       `json:"height"`
	Palette     []string  `json:"palette"`
	Blurhash    string    `json:"blurhash"`
	ThumbURL    *string   `json:"thumb_url"`
	CreatedAt   string    `json:"created_at"`

	Hash string `json:"-"` // content hash of the original; "" when catalog-only
	Ext  string `json:"-"`
	Year int    `json:"-"` // the film's year, 0 when unknown (sort key)
}

// Image is a still in full.
type Image struct {
	ImageSummary
	Movie         *Movie              `json:"movie"`
	Description   string              `json:"description"`
	Timecode      string              `json:"timecode"`
	Tags          []string            `json:"tags"`
	Actors        []string            `json:"actors"`
	PaletteDetail []Swatch            `json:"palette_detail"`
	PreviewURL    *string             `json:"preview_url"`
	OriginalURL   *string             `json:"original_url"`
	Bytes         int64               `json:"bytes"`
	Mime          *string             `json:"mime"`
	UpdatedAt     string              `json:"updated_at"`
	Single        map[string]string   `json:"-"` // single-valued taxonomy fields that are set
	Multi         map[string][]string `json:"-"` // multi-valued taxonomy fields
}

// MarshalJSON writes the still with every taxonomy field as a top-level key:
// single-valued fields as a string or null, multi-valued ones as an array.
func (im *Image) MarshalJSON() ([]byte, error) {
	type plain Image // drops this method, so the struct encodes normally
	base, err := json.Marshal((*plain)(im))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write(base[:len(base)-1])
	for _, f := range taxonomy.Fields() {
		if f.Name == "frame_size" || f.Name == "aspect_ratio" {
			continue // already written by the summary
		}
		var v any
		if f.Multi {
			v = nonNilStrings(im.Multi[f.Name])
		} else if s, ok := im.Single[f.Name]; ok && s != "" {
			v = s
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, ",%q:%s", f.Name, b)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// Media URL scheme. URLs hold the content hash, so they never change meaning
// and are served as immutable.
func thumbURL(hash string) string   { return "/media/" + hash + "/thumb.jpg" }
func previewURL(hash string) string { return "/media/" + hash + "/preview.jpg" }
func originalURL(hash, ext string) string {
	return "/media/" + hash + "/original." + ext
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// summaryCols must match scanSummary.
const summaryCols = `i.id, i.external_id, i.title, i.movie_id, coalesce(m.title, ''), coalesce(m.year, 0),
	i.frame_size, i.aspect_ratio, i.width, i.height, i.palette, i.blurhash,
	coalesce(i.content_hash, ''), i.ext, i.created_at`

func scanSummary(row interface{ Scan(...any) error }, s *ImageSummary) error {
	var movieID sql.NullInt64
	var movieTitle, frame, aspect, palette string
	var year int
	err := row.Scan(&s.ID, &s.ExternalID, &s.Title, &movieID, &movieTitle, &year,
		&frame, &aspect, &s.Width, &s.Height, &palette, &s.Blurhash, &s.Hash, &s.Ext, &s.CreatedAt)
	if err != nil {
		return err
	}
	s.Year = year
	if movieID.Valid {
		s.Movie = &MovieRef{ID: movieID.Int64, Title: movieTitle, Year: yearPtr(year)}
	}
	s.FrameSize, s.AspectRatio = strPtr(frame), strPtr(aspect)
	s.Palette = paletteHexes(palette)
	if s.Hash != "" {
		u := thumbURL(s.Hash)
		s.ThumbURL = &u
	}
	return nil
}

// paletteHexes pulls the hex strings out of the stored palette JSON without
// a full decode: this runs for every row of every list page.
func paletteHexes(js string) []string {
	out := []string{}
	for {
		i := strings.Index(js, `"#`)
		if i < 0 || len(js) < i+9 {
			return out
		}
		out = append(out, js[i+1:i+8])
		js = js[i+8:]
	}
}

// querier is what the read helpers need: the reader pool, or a write
// transaction that must see its own uncommitted rows.
type querier interface {
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	queryRow(ctx context.Context, q string, args ...any) *sql.Row
}

// Image returns a still in full, or ErrNotFound.
func (db *DB) Image(ctx context.Context, id int64) (*Image, error) { return loadImage(ctx, db, id) }

// Image returns a still in full as this transaction sees it, or ErrNotFound.
func (tx *Tx) Image(ctx context.Context, id int64) (*Image, error) {
	if err := tx.flushPending(ctx); err != nil {
		return nil, err
	}
	return loadImage(ctx, tx, id)
}

func loadImage(ctx context.Context, db querier, id int64) (*Image, error) {
	var im Image
	var movieID sql.NullInt64
	var palette, mime string
	single := make([]any, len(singleColumns))
	singleVals := make([]string, len(singleColumns))
	for i := range singleVals {
		single[i] = &singleVals[i]
	}
	dest := append([]any{&im.ID, &im.ExternalID, &im.Title, &movieID, &im.Width, &im.Height, &palette,
		&im.Blurhash, &im.Hash, &im.Ext, &im.CreatedAt, &im.Description, &im.Timecode, &im.Bytes, &mime, &im.UpdatedAt}, single...)
	err := db.queryRow(ctx, `SELECT id, external_id, title, movie_id, width, height, palette, blurhash,
			coalesce(content_hash, ''), ext, created_at, description, timecode, bytes, mime, updated_at, `+
		strings.Join(singleColumns, ", ")+` FROM images WHERE id = ?`, id).Scan(dest...)
	if err != nil {
		return nil, notFound(err, "store: image")
	}
	im.Single = map[string]string{}
	for i, f := range singleColumns {
		if singleVals[i] != "" {
			im.Single[f] = singleVals[i]
		}
	}
	im.FrameSize, im.AspectRatio, im.Mime = strPtr(im.Single["frame_size"]), strPtr(im.Single["aspect_ratio"]), strPtr(mime)
	if err := json.Unmarshal([]byte(palette), &im.PaletteDetail); err != nil {
		return nil, fmt.Errorf("store: image %d palette: %w", id, err)
	}
	im.Palette = paletteHexes(palette)
	if im.Hash != "" {
		t, p, o := thumbURL(im.Hash), previewURL(im.Hash), originalURL(im.Hash, im.Ext)
		im.ThumbURL, im.PreviewURL, im.OriginalURL = &t, &p, &o
	}
	if movieID.Valid {
		if im.Movie, err = loadMovie(ctx, db, movieID.Int64); err != nil {
			return nil, err
		}
		im.Year = 0
		if im.Movie.Year != nil {
			im.Year = *im.Movie.Year
		}
		im.ImageSummary.Movie = &MovieRef{ID: im.Movie.ID, Title: im.Movie.Title, Year: im.Movie.Year}
	}
	if err := loadValues(ctx, db, &im); err != nil {
		return nil, err
	}
	return &im, nil
}

func loadValues(ctx context.Context, db querier, im *Image) error {
	rows, err := db.query(ctx, "SELECT field, value FROM image_values WHERE image_id = ? ORDER BY field, pos", im.ID)
	if err != nil {
		return fmt.Errorf("store: image values: %w", err)
	}
	defer rows.Close()
	im.Multi, im.Tags, im.Actors = map[string][]string{}, []string{}, []string{}
	for rows.Next() {
		var f, v string
		if err := rows.Scan(&f, &v); err != nil {
			return fmt.Errorf("store: image values: %w", err)
		}
		switch f {
		case "tag":
			im.Tags = append(im.Tags, v)
		case "actor":
			im.Actors = append(im.Actors, v)
		default:
			im.Multi[f] = append(im.Multi[f], v)
		}
	}
	return rows.Err()
}

// ImageSummaries returns the summaries of the given stills in the order of
// ids, skipping ids that no longer exist. One query, for any number of ids.
func (db *DB) ImageSummaries(ctx context.Context, ids []int64) ([]ImageSummary, error) {
	if len(ids) == 0 {
		return []ImageSummary{}, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.query(ctx, "SELECT "+summaryCols+` FROM images i LEFT JOIN movies m ON m.id = i.movie_id
		WHERE i.id IN (`+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("store: image summaries: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]ImageSummary, len(ids))
	for rows.Next() {
		var s ImageSummary
		if err := scanSummary(rows, &s); err != nil {
			return nil, fmt.Errorf("store: image summaries: %w", err)
		}
		byID[s.ID] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: image summaries: %w", err)
	}
	out := make([]ImageSummary, 0, len(byID))
	for _, id := range ids {
		if s, ok := byID[id]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}
