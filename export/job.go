package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shotdeck/shotdeck/deck"
	"github.com/shotdeck/shotdeck/jobs"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/store"
)

// Kind is the job kind of deck exports.
const Kind = "export"

// Formats a deck exports to.
var Formats = map[string]string{"pdf": "application/pdf", "zip": "application/zip"}

// Payload is what an export job is asked to do.
type Payload struct {
	DeckID  int64  `json:"deck_id"`
	Version int64  `json:"version"` // the version asked for; the export is of the deck as loaded
	Format  string `json:"format"`
	UserID  int64  `json:"user_id"` // whose view of the deck: access is checked again when it runs
}

// Result is a finished export: where its bytes are.
type Result struct {
	Key   store.ArtifactKey `json:"key"`
	Title string            `json:"title"`
	Bytes int               `json:"bytes"`
}

// Runner renders deck exports as background jobs and keeps the artifacts
// in blobs.bolt, one per deck version and format.
type Runner struct {
	Decks     *deck.Service
	DB        *store.DB
	Blobs     *store.Blobs
	Originals string
	// MaxBytes caps the artifacts kept; the oldest go first. 0: 2 GiB.
	MaxBytes int64
}

// Handle is the jobs.Handler of Kind.
func (r *Runner) Handle(ctx context.Context, j *jobs.Job, progress func(float64)) (json.RawMessage, error) {
	var p Payload
	if err := j.DecodePayload(&p); err != nil {
		return nil, jobs.Permanent(err)
	}
	if _, ok := Formats[p.Format]; !ok {
		return nil, jobs.Permanent(fmt.Errorf("unknown export format %q", p.Format))
	}
	d, err := r.Decks.Get(ctx, store.UserRef{ID: p.UserID}, p.DeckID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, jobs.Permanent(errors.New("the deck was deleted, or you no longer have access to it"))
	}
	if err != nil {
		return nil, err
	}
	key := store.ArtifactKey{DeckID: d.ID, Version: d.Version, Format: p.Format}
	if data, err := r.Blobs.Artifact(key); err == nil { // someone exported this version already
		return json.Marshal(Result{Key: key, Title: d.Title, Bytes: len(data)})
	}
	var buf bytes.Buffer
	opt := Options{Date: time.Now(), Progress: func(done, total int) {
		if total > 0 {
			progress(0.95 * float64(done) / float64(total)) // the rest is storing it
		}
	}}
	src := &storeSource{r: r}
	if p.Format == "pdf" {
		err = PDF(ctx, &buf, d, src, opt)
	} else {
		var deckJSON []byte
		if deckJSON, err = json.Marshal(d); err == nil {
			err = ZIP(ctx, &buf, d, deckJSON, src, opt)
		}
	}
	if err != nil {
		return nil, err
	}
	max := r.MaxBytes
	if max == 0 {
		max = 2 << 30
	}
	if err := r.Blobs.PutArtifact(key, buf.Bytes(), max); err != nil {
		return nil, err
	}
	return json.Marshal(Result{Key: key, Title: d.Title, Bytes: buf.Len()})
}

// storeSource feeds the renderers from the data directory: previews from
// blobs.bolt, originals from their content-addressed files, credits from
// SQLite.
type storeSource struct{ r *Runner }

func (s *storeSource) Preview(ctx context.Context, img *store.ImageSummary) ([]byte, error) {
	if img.Hash == "" {
		return nil, nil
	}
	b, err := s.r.Blobs.Derivative(img.Hash, library.Preview)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return b, err
}

func (s *storeSource) Original(ctx context.Context, img *store.ImageSummary) (io.ReadCloser, string, bool, error) {
	if img.Hash == "" {
		return nil, "", false, nil
	}
	f, err := os.Open(library.OriginalPath(s.r.Originals, img.Hash, img.Ext))
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, "", false, err
	}
	return f, img.Ext, true, nil
}

func (s *storeSource) Credits(ctx context.Context, img *store.ImageSummary) (Credits, error) {
	im, err := s.r.DB.Image(ctx, img.ID)
	if errors.Is(err, store.ErrNotFound) { // deleted while exporting
		return Credits{}, nil
	}
	if err != nil || im.Movie == nil {
		return Credits{}, err
	}
	c := Credits{Film: im.Movie.Title, Director: im.Movie.Director, Cinematographer: im.Movie.Cinematographer}
	if im.Movie.Year != nil {
		c.Year = *im.Movie.Year
	}
	return c, nil
}
