// Package export renders a deck for people outside the app: a PDF look book
// to print or project in a meeting, and a ZIP of the original stills with
// their credits. The renderers are pure: the caller supplies the deck and a
// Source of bytes, and gets a document written to an io.Writer; storage, jobs
// and HTTP live elsewhere.
package export

import (
	"context"
	"io"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// Credits are the film credits printed under a still and written to
// credits.csv.
type Credits struct {
	Film            string
	Year            int
	Director        string
	Cinematographer string
}

// Source gives the renderers the bytes and credits of a deck's stills. The
// caller backs it with the derivative store, the original files and SQLite;
// the renderers only read through it, one still at a time.
type Source interface {
	// Preview returns the best image for print (the ~1600 px preview, JPEG
	// or PNG), or nil when the still is catalog-only.
	Preview(ctx context.Context, img *store.ImageSummary) ([]byte, error)
	// Original opens the original file and gives its extension (without the
	// dot); ok is false when the still has no file (catalog-only).
	Original(ctx context.Context, img *store.ImageSummary) (r io.ReadCloser, ext string, ok bool, err error)
	// Credits returns the credits of the still's film.
	Credits(ctx context.Context, img *store.ImageSummary) (Credits, error)
}

// Options are what an export needs beyond the deck itself.
type Options struct {
	// Owner is the name printed on the title page; empty means the deck
	// owner's username.
	Owner string
	// Date is printed on the title page and stamped on the document and
	// the archive entries. Zero leaves it off the title page (the PDF is
	// then stamped with the current time).
	Date time.Time
	// Light renders white pages for office printers instead of the dark
	// screening-room pages.
	Light bool
	// Progress, if set, is called after each card with the cards done and
	// the total.
	Progress func(done, total int)
}

func (o Options) progress(done, total int) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

func (o Options) owner(d *store.DeckWithCards) string {
	if o.Owner != "" {
		return o.Owner
	}
	return d.Owner.Username
}

// credits asks the source for a still's credits and falls back to the film
// the summary already names, so a line is never blank when we know better.
func credits(ctx context.Context, src Source, img *store.ImageSummary) (Credits, error) {
	c, err := src.Credits(ctx, img)
	if err != nil {
		return Credits{}, err
	}
	if c.Film == "" && img.Movie != nil {
		c.Film = img.Movie.Title
		if img.Movie.Year != nil {
			c.Year = *img.Movie.Year
		}
	}
	if c.Year == 0 && img.Year != 0 && c.Film != "" {
		c.Year = img.Year
	}
	return c, nil
}
