package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// IndexDoc is what the search service indexes of a still: its text, credits,
// facet values and palette in CIELAB.
type IndexDoc struct {
	ID                 int64
	Title              string
	Description        string
	MovieID            int64 // 0 when the still has no film
	MovieTitle         string
	Year               int // 0 when unknown
	Director           string
	Cinematographer    string
	ProductionDesigner string
	CostumeDesigner    string
	Editor             string
	Values             map[string][]string // every taxonomy field that is set, single- or multi-valued
	Tags               []string
	Actors             []string
	Swatches           []Swatch
}

const indexDocCols = `i.id, i.title, i.description, coalesce(i.movie_id, 0), coalesce(m.title, ''), coalesce(m.year, 0),
	coalesce(m.director, ''), coalesce(m.cinematographer, ''), coalesce(m.production_designer, ''),
	coalesce(m.costume_designer, ''), coalesce(m.editor, '')`

// IndexDocs loads the index documents of the given stills in three queries
// whatever their number; ids that no longer exist are left out.
func (db *DB) IndexDocs(ctx context.Context, ids []int64) ([]IndexDoc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := "(" + placeholders(len(ids)) + ")"
	var docs []IndexDoc
	err := db.snapshot(ctx, func(q querier) error {
		var err error
		docs, err = indexDocs(ctx, q, "i.id IN "+in, "image_id IN "+in, args)
		return err
	})
	return docs, err
}

// IndexDocsAfter loads up to limit index documents with id > after, in id
// order: the full-rebuild scan.
func (db *DB) IndexDocsAfter(ctx context.Context, after int64, limit int) ([]IndexDoc, error) {
	var docs []IndexDoc
	err := db.snapshot(ctx, func(q querier) error {
		var hi int64
		err := q.queryRow(ctx, "SELECT coalesce(max(id), 0) FROM (SELECT id FROM images WHERE id > ? ORDER BY id LIMIT ?)", after, limit).Scan(&hi)
		if err != nil || hi == 0 {
			return err
		}
		docs, err = indexDocs(ctx, q, "i.id > ? AND i.id <= ?", "image_id > ? AND image_id <= ?", []any{after, hi})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: index docs: %w", err)
	}
	return docs, nil
}

// indexDocs runs the three queries of an index-doc load; cond selects rows
// of images (alias i), childCond the same stills in the child tables.
func indexDocs(ctx context.Context, db querier, rowCond, childCond string, args []any) ([]IndexDoc, error) {
	single := make([]string, len(singleColumns))
	for i, c := range singleColumns {
		single[i] = "i." + c
	}
	rows, err := db.query(ctx, "SELECT "+indexDocCols+", "+strings.Join(single, ", ")+
		" FROM images i LEFT JOIN movies m ON m.id = i.movie_id WHERE "+rowCond+" ORDER BY i.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: index docs: %w", err)
	}
	var docs []IndexDoc
	pos := map[int64]int{}
	vals := make([]string, len(singleColumns))
	dest := make([]any, 0, 11+len(singleColumns))
	for rows.Next() {
		var d IndexDoc
		dest = append(dest[:0], &d.ID, &d.Title, &d.Description, &d.MovieID, &d.MovieTitle, &d.Year,
			&d.Director, &d.Cinematographer, &d.ProductionDesigner, &d.CostumeDesigner, &d.Editor)
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: index docs: %w", err)
		}
		d.Values = map[string][]string{}
		for i, c := range singleColumns {
			if vals[i] != "" {
				d.Values[c] = []string{vals[i]}
			}
		}
		pos[d.ID] = len(docs)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: index docs: %w", err)
	}
	if err := attachValues(ctx, db, docs, pos, childCond, args); err != nil {
		return nil, err
	}
	return docs, attachSwatches(ctx, db, docs, pos, childCond, args)
}

func attachValues(ctx context.Context, db querier, docs []IndexDoc, pos map[int64]int, cond string, args []any) error {
	rows, err := db.query(ctx, "SELECT image_id, field, value FROM image_values WHERE "+cond+" ORDER BY image_id, field, pos", args...)
	if err != nil {
		return fmt.Errorf("store: index doc values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var field, value string
		if err := rows.Scan(&id, &field, &value); err != nil {
			return fmt.Errorf("store: index doc values: %w", err)
		}
		i, ok := pos[id]
		if !ok {
			continue // a still added between the two queries
		}
		d := &docs[i]
		switch field {
		case "tag":
			d.Tags = append(d.Tags, value)
		case "actor":
			d.Actors = append(d.Actors, value)
		default:
			if _, known := taxonomy.Lookup(field); known {
				d.Values[field] = append(d.Values[field], value)
			}
		}
	}
	return rows.Err()
}

func attachSwatches(ctx context.Context, db querier, docs []IndexDoc, pos map[int64]int, cond string, args []any) error {
	rows, err := db.query(ctx, "SELECT image_id, l, a, b, share FROM image_swatches WHERE "+cond+" ORDER BY image_id, pos", args...)
	if err != nil {
		return fmt.Errorf("store: index doc swatches: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s Swatch
		if err := rows.Scan(&id, &s.L, &s.A, &s.B, &s.Share); err != nil {
			return fmt.Errorf("store: index doc swatches: %w", err)
		}
		if i, ok := pos[id]; ok {
			docs[i].Swatches = append(docs[i].Swatches, s)
		}
	}
	return rows.Err()
}
