package export

import (
	"fmt"
	"strings"

	"github.com/shotdeck/shotdeck/store"
)

// titlePage sets the deck's title, description, owner and date, with a strip
// of the stills' dominant colours as a quiet preview of the deck.
func (doc *pdfDoc) titlePage(d *store.DeckWithCards, opt Options) {
	doc.newPage()
	f := doc.f

	doc.setFont(fontSans, "B", 8)
	doc.textColor(doc.th.accent)
	f.SetXY(margin, margin)
	f.CellFormat(contentW, 5, "LOOK BOOK", "", 0, "L", false, 0, "")

	title := cleanText(d.Title)
	if strings.TrimSpace(title) == "" {
		title = "Untitled deck"
	}
	head := doc.fit(title, fontSans, "B", contentW, 60, 40, 20)
	y := 62.0
	doc.textColor(doc.th.text)
	doc.setFont(fontSans, "B", head.sizePt)
	doc.drawLines(head, margin, y, contentW, "L")
	y += head.height() + 5

	doc.fill(doc.th.accent)
	f.Rect(margin, y, 36, 0.8, "F")
	y += 8

	if desc := cleanText(d.Description); strings.TrimSpace(desc) != "" {
		body := doc.fit(desc, fontSans, "", 200, 150-y, 13, 9)
		doc.textColor(doc.th.muted)
		doc.setFont(fontSans, "", body.sizePt)
		doc.drawLines(body, margin, y, 200, "L")
	}

	doc.setFont(fontSans, "", 9.5)
	doc.textColor(doc.th.text)
	f.SetXY(margin, 162)
	f.CellFormat(contentW, 6, doc.ellipsize(titleMeta(d, opt), contentW), "", 0, "L", false, 0, "")

	doc.paletteStrip(d, rect{margin, 176, contentW, 5})
}

// titleMeta is the line under the description: who prepared the deck, when,
// and how many cards it has.
func titleMeta(d *store.DeckWithCards, opt Options) string {
	var parts []string
	if o := oneLine(opt.owner(d)); o != "" {
		parts = append(parts, "Prepared by "+o)
	}
	if !opt.Date.IsZero() {
		parts = append(parts, opt.Date.Format("2 January 2006"))
	}
	switch n := len(d.Cards); n {
	case 1:
		parts = append(parts, "1 card")
	default:
		parts = append(parts, fmt.Sprintf("%d cards", n))
	}
	return strings.Join(parts, sep)
}

// paletteStrip paints the dominant colour of each still, in deck order, as
// equal bands; a deck without colours gets no strip.
func (doc *pdfDoc) paletteStrip(d *store.DeckWithCards, r rect) {
	const maxBands = 40
	var bands []rgb
	for _, c := range d.Cards {
		if c.Image == nil || len(c.Image.Palette) == 0 {
			continue
		}
		if col, ok := parseHex(c.Image.Palette[0]); ok {
			bands = append(bands, col)
		}
		if len(bands) == maxBands {
			break
		}
	}
	if len(bands) == 0 {
		return
	}
	bw := r.w / float64(len(bands))
	for i, col := range bands {
		doc.fill(col)
		w := bw
		if i < len(bands)-1 {
			w += 0.05 // a hair of overlap hides the seams some viewers draw
		}
		doc.f.Rect(r.x+float64(i)*bw, r.y, w, r.h, "F")
	}
}
