package export

import (
	"context"
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"
	"github.com/shotdeck/shotdeck/store"
)

// Page geometry, in millimetres: A4 landscape, which prints anywhere and
// projects well enough on a 16:9 screen.
const (
	pageW      = 297.0
	pageH      = 210.0
	margin     = 14.0
	contentTop = margin
	contentBot = pageH - 18.0 // the footer lives below this
	contentW   = pageW - 2*margin
	contentH   = contentBot - contentTop
)

// PDF writes the deck as a look book: a title page, then one page per card
// in the deck's order. It checks ctx between cards and returns ctx.Err()
// once it is cancelled.
func PDF(ctx context.Context, w io.Writer, d *store.DeckWithCards, src Source, opt Options) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc := newPDFDoc(d, opt)
	doc.titlePage(d, opt)
	for i := range d.Cards {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := doc.cardPage(ctx, src, &d.Cards[i], i+1); err != nil {
			return fmt.Errorf("export: pdf: card %d: %w", i+1, err)
		}
		if err := doc.f.Error(); err != nil {
			return fmt.Errorf("export: pdf: card %d: %w", i+1, err)
		}
		opt.progress(i+1, len(d.Cards))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := doc.f.Output(w); err != nil {
		return fmt.Errorf("export: pdf: write: %w", err)
	}
	return nil
}

// pdfDoc is one document being built: the fpdf state plus what we keep so
// each font and each still is registered once.
type pdfDoc struct {
	f         *fpdf.Fpdf
	th        theme
	deckTitle string
	pages     int              // known up front: the title page and one per card
	fonts     map[string]bool  // fpdf font keys already registered
	stills    map[int64]*still // by still id, so a still on two cards is embedded once
}

func newPDFDoc(d *store.DeckWithCards, opt Options) *pdfDoc {
	f := fpdf.New("L", "mm", "A4", "")
	doc := &pdfDoc{
		f:         f,
		th:        themeFor(opt),
		deckTitle: oneLine(d.Title),
		pages:     1 + len(d.Cards),
		fonts:     map[string]bool{},
		stills:    map[int64]*still{},
	}
	// Everything is placed absolutely; an automatic page break would add
	// pages the reader did not ask for.
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(margin, margin, margin)
	// Text starts flush with the edge of what it captions; boxes that want
	// air get it from the layout.
	f.SetCellMargin(0)
	// Sorted catalogues keep object order stable between runs.
	f.SetCatalogSort(true)
	// fpdf makes a fresh zlib writer (about 1 MiB of state) for every page's
	// content stream. Pages are a few KiB of drawing operators next to the
	// JPEGs (which are never recompressed), so leaving them plain made a
	// 100-card export 3× faster for 0.5% more bytes (BenchmarkPDF).
	f.SetCompression(false)
	if !opt.Date.IsZero() {
		f.SetCreationDate(opt.Date)
		f.SetModificationDate(opt.Date)
	}
	f.SetTitle(d.Title, true)
	f.SetAuthor(opt.owner(d), true)
	f.SetCreator("Shotdeck", false)
	f.SetProducer("Shotdeck", false)
	f.SetFooterFunc(doc.footer)
	return doc
}

// newPage starts a page and paints the background of the dark theme.
func (doc *pdfDoc) newPage() {
	doc.f.AddPage()
	if doc.th.dark {
		doc.fill(doc.th.page)
		doc.f.Rect(0, 0, pageW, pageH, "F")
	}
}

func (doc *pdfDoc) fill(c rgb)      { doc.f.SetFillColor(c.r, c.g, c.b) }
func (doc *pdfDoc) textColor(c rgb) { doc.f.SetTextColor(c.r, c.g, c.b) }
func (doc *pdfDoc) draw(c rgb)      { doc.f.SetDrawColor(c.r, c.g, c.b) }

// footer prints the deck title and the page number on every page but the
// title page. The total is known before the first page, so no alias
// (which user text could contain) is needed.
func (doc *pdfDoc) footer() {
	n := doc.f.PageNo()
	if n == 1 {
		return
	}
	y := pageH - 12
	doc.draw(doc.th.rule)
	doc.f.SetLineWidth(0.2)
	doc.f.Line(margin, y, pageW-margin, y)
	doc.setFont(fontSans, "", 7.5)
	doc.textColor(doc.th.muted)
	num := fmt.Sprintf("%d / %d", n, doc.pages)
	numW := doc.f.GetStringWidth(num)
	doc.f.SetXY(margin, y+1.5)
	doc.f.CellFormat(contentW-numW-4, 5, doc.ellipsize(doc.deckTitle, contentW-numW-4), "", 0, "L", false, 0, "")
	doc.f.SetXY(pageW-margin-numW, y+1.5)
	doc.f.CellFormat(numW, 5, num, "", 0, "R", false, 0, "")
}
