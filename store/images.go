package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// Swatch is one palette colour with its share of the frame. L, A and B are
// its CIELAB coordinates, kept for colour search; the caller computes them.
type Swatch struct {
	Hex   string  `json:"hex"`
	Share float64 `json:"share"`
	L     float64 `json:"-"`
	A     float64 `json:"-"`
	B     float64 `json:"-"`
}

// MediaRef describes the stored original of a still.
type MediaRef struct {
	Hash  string // sha256 hex of the original bytes
	Mime  string
	Ext   string
	Bytes int64
}

// MovieInput is a film as given by a manifest line.
type MovieInput struct {
	Title              string
	Year               int
	ReleaseDate        string
	Director           string
	Cinematographer    string
	ProductionDesigner string
	CostumeDesigner    string
	Editor             string
	Distributor        string
	Rating             string
	Genres             []string
}

// ImageInput is the complete, validated description of a still to store.
// SaveImage replaces the stored still with it; merging partial updates into
// the current state is the caller's job.
type ImageInput struct {
	ExternalID  string
	Title       string
	Description string
	Timecode    string
	Movie       *MovieInput
	Single      map[string]string   // single-valued taxonomy fields
	Multi       map[string][]string // multi-valued taxonomy fields
	Tags        []string
	Actors      []string
	Width       int
	Height      int
	Palette     []Swatch
	Blurhash    string
	Media       *MediaRef // nil for a catalog-only still
}

// singleColumns are the single-valued taxonomy fields, each an images column.
var singleColumns = taxonomy.SingleFields()

// SaveResult says what SaveImage did.
type SaveResult struct {
	ID      int64
	Created bool
}

// DuplicateError is returned (wrapping ErrConflict) when the same original
// bytes are already stored as another still.
type DuplicateError struct{ ExistingID int64 }

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("the same image is already stored as still %d", e.ExistingID)
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *DuplicateError) Unwrap() error { return ErrConflict }

// SaveImage inserts or replaces (by external id) a still inside tx, writes
// its multi-valued fields and swatches, upserts its film, and appends an
// outbox row for the search index.
func (tx *Tx) SaveImage(ctx context.Context, in *ImageInput) (SaveResult, error) {
	var res SaveResult
	var movieID, year sql.NullInt64
	if in.Movie != nil {
		id, err := tx.upsertMovie(ctx, in.Movie)
		if err != nil {
			return res, err
		}
		movieID = sql.NullInt64{Int64: id, Valid: true}
		if in.Movie.Year > 0 {
			year = sql.NullInt64{Int64: int64(in.Movie.Year), Valid: true}
		}
	}
	if in.Media != nil {
		var other int64
		err := tx.queryRow(ctx, "SELECT id FROM images WHERE content_hash = ? AND external_id <> ?", in.Media.Hash, in.ExternalID).Scan(&other)
		if err == nil {
			return res, &DuplicateError{ExistingID: other}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return res, fmt.Errorf("store: save image: %w", err)
		}
	}
	palette, err := json.Marshal(nonNilSwatches(in.Palette))
	if err != nil {
		return res, err
	}
	media := in.Media
	if media == nil {
		media = &MediaRef{}
	}
	var hash sql.NullString
	if media.Hash != "" {
		hash = sql.NullString{String: media.Hash, Valid: true}
	}
	args := []any{in.ExternalID, movieID, year, in.Title, in.Description, in.Timecode, in.Width, in.Height,
		hash, media.Mime, media.Ext, media.Bytes, string(palette), in.Blurhash}
	for _, f := range singleColumns {
		args = append(args, in.Single[f])
	}
	ts := now()
	args = append(args, ts, ts)
	row := tx.queryRow(ctx, upsertImageSQL, args...)
	var createdAt string
	if err := row.Scan(&res.ID, &createdAt); err != nil {
		return res, fmt.Errorf("store: save image %q: %w", in.ExternalID, err)
	}
	res.Created = createdAt == ts
	if !res.Created {
		if err := tx.flushPending(ctx); err != nil {
			return res, err
		}
		if _, err := tx.exec(ctx, "DELETE FROM image_values WHERE image_id = ?", res.ID); err != nil {
			return res, fmt.Errorf("store: save image values: %w", err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM image_swatches WHERE image_id = ?", res.ID); err != nil {
			return res, fmt.Errorf("store: save image swatches: %w", err)
		}
	}
	tx.insertValues(res.ID, in)
	tx.insertSwatches(res.ID, in.Palette)
	if err := tx.appendOutbox(ctx, "image", res.ID, "upsert"); err != nil {
		return res, err
	}
	tx.Touch(Change{Images: true})
	return res, nil
}

var upsertImageSQL = func() string {
	cols := "external_id, movie_id, year, title, description, timecode, width, height, content_hash, mime, ext, bytes, palette, blurhash"
	set := ""
	for _, c := range []string{"movie_id", "year", "title", "description", "timecode", "width", "height", "content_hash", "mime", "ext", "bytes", "palette", "blurhash"} {
		set += c + " = excluded." + c + ", "
	}
	for _, f := range singleColumns {
		cols += ", " + f
		set += f + " = excluded." + f + ", "
	}
	cols += ", created_at, updated_at"
	set += "updated_at = excluded.updated_at"
	n := 14 + len(singleColumns) + 2
	return "INSERT INTO images (" + cols + ") VALUES (" + placeholders(n) + ")" +
		" ON CONFLICT (external_id) DO UPDATE SET " + set + " RETURNING id, created_at"
}()

// insertValues queues the multi-valued fields, tags and actors of a still
// for writing. Rows are written in batches sorted by key (flushPending), so
// consecutive inserts land on the same B-tree pages: an import writes a
// dozen values a still, and scattered single inserts dominated its cost.
func (tx *Tx) insertValues(id int64, in *ImageInput) {
	add := func(field string, values []string) {
		for pos, v := range dedupe(values) {
			tx.values = append(tx.values, valueRow{field, v, id, pos})
		}
	}
	for _, f := range taxonomy.MultiFields() {
		add(f, in.Multi[f])
	}
	add("tag", in.Tags)
	add("actor", in.Actors)
}

// insertSwatches queues a still's palette for colour search.
func (tx *Tx) insertSwatches(id int64, p []Swatch) {
	for pos, s := range p {
		tx.swatches = append(tx.swatches, swatchRow{id, pos, s})
	}
}

type valueRow struct {
	field, value string
	id           int64
	pos          int
}

type swatchRow struct {
	id  int64
	pos int
	s   Swatch
}

// flushPending writes queued value and swatch rows. It runs before anything
// that reads or deletes them, before a savepoint ends, and before commit.
func (tx *Tx) flushPending(ctx context.Context) error {
	vals, sws := tx.values, tx.swatches
	tx.values, tx.swatches = tx.values[:0], tx.swatches[:0]
	slices.SortFunc(vals, func(a, b valueRow) int {
		return cmp.Or(cmp.Compare(a.field, b.field), cmp.Compare(strings.ToLower(a.value), strings.ToLower(b.value)), cmp.Compare(a.id, b.id))
	})
	slices.SortFunc(sws, func(a, b swatchRow) int { return cmp.Compare(a.s.L, b.s.L) })
	const chunk = 200 // rows per statement, far below SQLite's parameter limit
	for len(vals) > 0 {
		n := min(chunk, len(vals))
		args := make([]any, 0, 4*n)
		for _, r := range vals[:n] {
			args = append(args, r.field, r.value, r.id, r.pos)
		}
		if _, err := tx.exec(ctx, "INSERT OR IGNORE INTO image_values (field, value, image_id, pos) VALUES "+rows(n, 4), args...); err != nil {
			return fmt.Errorf("store: save image values: %w", err)
		}
		vals = vals[n:]
	}
	for len(sws) > 0 {
		n := min(chunk, len(sws))
		args := make([]any, 0, 6*n)
		for _, r := range sws[:n] {
			args = append(args, r.id, r.pos, r.s.L, r.s.A, r.s.B, r.s.Share)
		}
		if _, err := tx.exec(ctx, "INSERT INTO image_swatches (image_id, pos, l, a, b, share) VALUES "+rows(n, 6), args...); err != nil {
			return fmt.Errorf("store: save image swatches: %w", err)
		}
		sws = sws[n:]
	}
	return nil
}

// rows returns n groups of width placeholders: "(?,?),(?,?)".
func rows(n, width int) string {
	group := "(" + placeholders(width) + ")"
	return strings.Repeat(group+",", n-1) + group
}

func dedupe(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func nonNilSwatches(p []Swatch) []Swatch {
	if p == nil {
		return []Swatch{}
	}
	return p
}

// DeleteImage removes a still and appends an outbox delete. It returns the
// removed still's media reference (nil when catalog-only) so the caller can
// drop the files once the transaction has committed.
func (tx *Tx) DeleteImage(ctx context.Context, id int64) (*MediaRef, error) {
	if err := tx.flushPending(ctx); err != nil {
		return nil, err
	}
	var hash sql.NullString
	var ref MediaRef
	err := tx.queryRow(ctx, "DELETE FROM images WHERE id = ? RETURNING content_hash, mime, ext, bytes", id).
		Scan(&hash, &ref.Mime, &ref.Ext, &ref.Bytes)
	if err != nil {
		return nil, notFound(err, "store: delete image")
	}
	if err := tx.appendOutbox(ctx, "image", id, "delete"); err != nil {
		return nil, err
	}
	tx.Touch(Change{Images: true})
	if !hash.Valid {
		return nil, nil
	}
	ref.Hash = hash.String
	return &ref, nil
}

// ImageIDByExternal returns the internal id of the still with external id
// ext, or ErrNotFound.
func (db *DB) ImageIDByExternal(ctx context.Context, ext string) (int64, error) {
	return imageIDByExternal(ctx, db, ext)
}

// ImageIDByExternal is ImageIDByExternal inside the transaction.
func (tx *Tx) ImageIDByExternal(ctx context.Context, ext string) (int64, error) {
	return imageIDByExternal(ctx, tx, ext)
}

func imageIDByExternal(ctx context.Context, db querier, ext string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, "SELECT id FROM images WHERE external_id = ?", ext).Scan(&id)
	return id, notFound(err, "store: image by external id")
}

// ImageIDByHash returns the id of the still whose original has this hash,
// or ErrNotFound.
func (db *DB) ImageIDByHash(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, "SELECT id FROM images WHERE content_hash = ?", hash).Scan(&id)
	return id, notFound(err, "store: image by hash")
}
