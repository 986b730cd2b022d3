package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// creditsHeader is the first row of credits.csv.
var creditsHeader = []string{"position", "file", "film", "year", "director", "cinematographer", "still_title", "note"}

// ZIP writes the deck as an archive: each card's original still (or, for a
// catalog-only still, its preview when there is one), named by position and
// film; deck.json (deckJSON as given); and credits.csv with one row per card
// that shows a still. Stills are streamed one at a time and stored as they
// are (JPEGs do not compress); the text files are deflated. It checks ctx
// between cards and returns ctx.Err() once it is cancelled.
func ZIP(ctx context.Context, w io.Writer, d *store.DeckWithCards, deckJSON []byte, src Source, opt Options) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	var rows bytes.Buffer
	cw := csv.NewWriter(&rows)
	if err := cw.Write(creditsHeader); err != nil {
		return fmt.Errorf("export: zip: credits: %w", err)
	}
	for i := range d.Cards {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, err := zipCard(ctx, zw, src, &d.Cards[i], i+1, opt.Date)
		if err != nil {
			return fmt.Errorf("export: zip: card %d: %w", i+1, err)
		}
		if row != nil {
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("export: zip: credits: %w", err)
			}
		}
		opt.progress(i+1, len(d.Cards))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: zip: credits: %w", err)
	}
	if err := writeEntry(zw, "credits.csv", zip.Deflate, opt.Date, bytes.NewReader(rows.Bytes())); err != nil {
		return fmt.Errorf("export: zip: %w", err)
	}
	if err := writeEntry(zw, "deck.json", zip.Deflate, opt.Date, bytes.NewReader(deckJSON)); err != nil {
		return fmt.Errorf("export: zip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("export: zip: close: %w", err)
	}
	return nil
}

// zipCard adds one card's still to the archive and returns its credits.csv
// row; a text card has neither (nil row).
func zipCard(ctx context.Context, zw *zip.Writer, src Source, c *store.Card, pos int, date time.Time) ([]string, error) {
	img := c.Image
	if img == nil {
		return nil, nil
	}
	cr, err := credits(ctx, src, img)
	if err != nil {
		return nil, fmt.Errorf("credits: %w", err)
	}
	name, err := zipStill(ctx, zw, src, img, pos, cr, date)
	if err != nil {
		return nil, err
	}
	year := ""
	if cr.Year > 0 {
		year = strconv.Itoa(cr.Year)
	}
	return []string{strconv.Itoa(pos), name, cell(cr.Film), year, cell(cr.Director),
		cell(cr.Cinematographer), cell(img.Title), cell(c.Note)}, nil
}

// zipStill writes the original, or the preview of a catalog-only still, and
// returns the entry's name ("" when the still has neither).
func zipStill(ctx context.Context, zw *zip.Writer, src Source, img *store.ImageSummary, pos int, cr Credits, date time.Time) (string, error) {
	r, ext, ok, err := src.Original(ctx, img)
	if err != nil {
		return "", fmt.Errorf("original of still %d: %w", img.ID, err)
	}
	if ok {
		defer r.Close()
		name := fileName(pos, cr, img.Title, ext)
		return name, writeEntry(zw, name, zip.Store, date, r)
	}
	b, err := src.Preview(ctx, img)
	if err != nil {
		return "", fmt.Errorf("preview of still %d: %w", img.ID, err)
	}
	tp := imageType(b)
	if tp == "" {
		return "", nil
	}
	name := fileName(pos, cr, img.Title, strings.ToLower(tp))
	return name, writeEntry(zw, name, zip.Store, date, bytes.NewReader(b))
}

// writeEntry streams one archive entry.
func writeEntry(zw *zip.Writer, name string, method uint16, date time.Time, r io.Reader) error {
	h := &zip.FileHeader{Name: name, Method: method}
	if !date.IsZero() {
		h.Modified = date
	}
	ew, err := zw.CreateHeader(h)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, err := io.Copy(ew, r); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// cell guards a credits.csv field against formula injection: a spreadsheet
// runs a cell that starts with =, +, - or @ as a formula, and notes are
// user text. A leading apostrophe is the usual defuse; it shows, but only on
// the rare note that starts that way.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
