package export

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/shotdeck/shotdeck/store"
)

// Card page layout, in millimetres.
const (
	gap          = 3.0   // between the still, its credits line and the note
	creditsH     = 5.0   // the credits line
	noteMaxH     = 32.0  // the most a note may take under a still
	noteMinW     = 170.0 // a note under a portrait still still reads as prose
	notePt       = 10.5
	noteMinPt    = 7.5
	textNotePt   = 28 // a text card's note, the page's subject
	textNoteMin  = 11
	textInset    = 12.0
	labelTitlePt = 12
)

// still is a registered image, or a record that the still has none we can
// print (catalog-only, or bytes fpdf cannot read), so we ask only once.
type still struct {
	name string // fpdf image name; "" when there is nothing to print
	tp   string // fpdf image type
	w, h float64
}

// cardPage renders one card on its own page: a still (or its placeholder,
// or for a text card with text elements the blank card they sit on) with
// the elements over it, the credits line and the note; or, for a text card
// with nothing but a note, the note as the page's subject.
func (doc *pdfDoc) cardPage(ctx context.Context, src Source, c *store.Card, pos int) error {
	doc.newPage()
	if c.Image == nil {
		if len(c.TextElements) == 0 {
			doc.textCard(c, pos)
		} else {
			doc.layoutCard(c, pos, doc.blankVisual(), Credits{})
		}
		return nil
	}
	cr, err := credits(ctx, src, c.Image)
	if err != nil {
		return fmt.Errorf("credits: %w", err)
	}
	st, err := doc.loadStill(ctx, src, c.Image)
	if err != nil {
		return err
	}
	doc.layoutCard(c, pos, doc.stillVisual(c.Image, st), cr)
	return nil
}

// visual is the picture part of a card page.
type visual struct {
	aspect float64
	draw   func(r rect)
}

func (doc *pdfDoc) stillVisual(img *store.ImageSummary, st *still) visual {
	if st.name == "" {
		return visual{st.aspect(img), func(r rect) { doc.placeholder(img, r) }}
	}
	return visual{st.aspect(img), func(r rect) {
		doc.f.ImageOptions(st.name, r.x, r.y, r.w, r.h, false, fpdf.ImageOptions{ImageType: st.tp}, 0, "")
	}}
}

// blankCard is the colour of a card without a still, dark as in the
// editor, so text elements set in the editor's default white stay legible
// on either theme.
var blankCard = rgb{24, 24, 24}

// blankVisual is a text card's 16:9 card, as the editor draws it.
func (doc *pdfDoc) blankVisual() visual {
	return visual{16.0 / 9.0, func(r rect) {
		doc.fill(blankCard)
		doc.f.Rect(r.x, r.y, r.w, r.h, "F")
	}}
}

// loadStill fetches and registers a still's preview the first time a deck shows
// it. fpdf keeps JPEG bytes as they are (no decode, no re-encode), and the
// registration is by still id, so a still on several cards is embedded once.
// A source error fails the export (it may succeed on retry); bytes that
// cannot be printed become a placeholder (a retry would not help).
func (doc *pdfDoc) loadStill(ctx context.Context, src Source, img *store.ImageSummary) (*still, error) {
	if st, ok := doc.stills[img.ID]; ok {
		return st, nil
	}
	b, err := src.Preview(ctx, img)
	if err != nil {
		return nil, fmt.Errorf("preview of still %d: %w", img.ID, err)
	}
	st := &still{}
	doc.stills[img.ID] = st
	st.tp = imageType(b)
	if st.tp == "" {
		return st, nil
	}
	if err := doc.f.Error(); err != nil {
		return nil, err // not ours to clear below
	}
	name := "still-" + strconv.FormatInt(img.ID, 10)
	info := doc.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: st.tp}, bytes.NewReader(b))
	if doc.f.Err() || info == nil {
		doc.f.ClearError() // registration failed before touching the document
		return st, nil
	}
	st.name = name
	st.w, st.h = info.Extent()
	return st, nil
}

// imageType sniffs the formats fpdf embeds; "" for anything else (WebP
// previews, garbage), which then prints as a placeholder.
func imageType(b []byte) string {
	switch {
	case len(b) > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "JPG"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "PNG"
	case bytes.HasPrefix(b, []byte("GIF8")):
		return "GIF"
	}
	return ""
}

// aspect is the still's width over height: from the embedded image, else
// from the catalogue, else the common 16:9.
func (st *still) aspect(img *store.ImageSummary) float64 {
	if st.name != "" && st.w > 0 && st.h > 0 {
		return st.w / st.h
	}
	if img.Width > 0 && img.Height > 0 {
		return float64(img.Width) / float64(img.Height)
	}
	if img.AspectRatio != nil {
		if a, err := strconv.ParseFloat(*img.AspectRatio, 64); err == nil && a > 0.2 && a < 5 {
			return a
		}
	}
	return 16.0 / 9.0
}

// fitAspect is the largest rectangle of the given aspect inside w×h.
func fitAspect(aspect, w, h float64) (float64, float64) {
	if w/h > aspect {
		return h * aspect, h
	}
	return w, w / aspect
}

// layoutCard lays out a card's picture with its credits line and note, the
// three as one block centred on the page, and the card's text elements over
// the picture.
func (doc *pdfDoc) layoutCard(c *store.Card, pos int, v visual, cr Credits) {
	note := cleanText(c.Note)
	// The note's width follows the picture's, and the picture's height
	// depends on the note's: a few rounds settle it (the picture only ever
	// shrinks). The note and the picture are always laid out for the same
	// textW.
	textW := contentW
	var nt fitted
	var imgW, imgH float64
	for round := 0; ; round++ {
		nt = doc.fit(note, fontSans, "", textW, noteMaxH, notePt, noteMinPt)
		imgW, imgH = fitAspect(v.aspect, contentW, contentH-doc.belowStill(nt))
		w := min(max(imgW, noteMinW), contentW)
		if math.Abs(w-textW) < 0.5 || round == 2 {
			break
		}
		textW = w
	}
	top := contentTop + (contentH-imgH-doc.belowStill(nt))/2
	pic := rect{margin + (contentW-imgW)/2, top, imgW, imgH}
	v.draw(pic)
	doc.drawElements(c.TextElements, pic, rgb{255, 255, 255})

	textX := margin + (contentW-textW)/2
	y := pic.y + pic.h + gap
	doc.creditsLine(c.Image, cr, pos, rect{textX, y, textW, creditsH})
	if len(nt.lines) > 0 {
		doc.setFont(fontSans, "", nt.sizePt)
		doc.textColor(doc.th.text)
		doc.drawLines(nt, textX, y+creditsH+gap, textW, "L")
	}
}

// belowStill is the height the credits line and the note take under a still.
func (doc *pdfDoc) belowStill(nt fitted) float64 {
	h := gap + creditsH
	if len(nt.lines) > 0 {
		h += gap + nt.height()
	}
	return h
}

// creditsLine prints "Film (Year)" in bold, then the still's title, director
// and cinematographer, skipping what is unknown, and the card's number at the
// right so people can point at "number 12" in a meeting.
func (doc *pdfDoc) creditsLine(img *store.ImageSummary, cr Credits, pos int, r rect) {
	f := doc.f
	num := fmt.Sprintf("%02d", pos)
	doc.setFont(fontMono, "", 8)
	numW := f.GetStringWidth(num)
	doc.textColor(doc.th.muted)
	f.SetXY(r.x+r.w-numW, r.y)
	f.CellFormat(numW, r.h, num, "", 0, "R", false, 0, "")

	room := r.w - numW - 2
	head, rest := creditsText(img, cr)
	f.SetXY(r.x, r.y)
	if head != "" {
		doc.setFont(fontSans, "B", 8.5)
		doc.textColor(doc.th.text)
		head = doc.ellipsize(head, room)
		w := min(f.GetStringWidth(head), room)
		f.CellFormat(w, r.h, head, "", 0, "L", false, 0, "")
		room -= w
	}
	if rest != "" && room > 10 {
		doc.setFont(fontSans, "", 8.5)
		doc.textColor(doc.th.muted)
		f.CellFormat(room, r.h, doc.ellipsize(rest, room), "", 0, "L", false, 0, "")
	}
}

// sep separates the parts of a credits or meta line.
const sep = "  ·  "

// creditsText splits the credits into the film (bold) and the rest; img is
// nil for a text card.
func creditsText(img *store.ImageSummary, cr Credits) (head, rest string) {
	head = oneLine(cr.Film)
	if head != "" && cr.Year > 0 {
		head += fmt.Sprintf(" (%d)", cr.Year)
	}
	var parts []string
	if img == nil {
		return "", ""
	}
	if t := oneLine(img.Title); t != "" {
		parts = append(parts, "“"+t+"”")
	}
	if s := oneLine(cr.Director); s != "" {
		parts = append(parts, "Director "+s)
	}
	if s := oneLine(cr.Cinematographer); s != "" {
		parts = append(parts, "Cinematographer "+s)
	}
	rest = strings.Join(parts, sep)
	if head == "" {
		return rest, ""
	}
	if rest != "" {
		rest = sep + rest
	}
	return head, rest
}

// textCard is a card with only a note: the note is the page's subject, set
// large on a 16:9 card like the editor's.
func (doc *pdfDoc) textCard(c *store.Card, pos int) {
	f := doc.f
	doc.setFont(fontMono, "", 8)
	doc.textColor(doc.th.muted)
	f.SetXY(margin, contentTop)
	f.CellFormat(20, 5, fmt.Sprintf("%02d", pos), "", 0, "L", false, 0, "")

	w, h := fitAspect(16.0/9.0, contentW, contentH)
	area := rect{margin + (contentW-w)/2, contentTop + (contentH-h)/2, w, h}
	if note := cleanText(c.Note); strings.TrimSpace(note) != "" {
		w, h := area.w-2*textInset, area.h-2*textInset
		nt := doc.fit(note, fontSans, "", w, h, textNotePt, textNoteMin)
		doc.setFont(fontSans, "", nt.sizePt)
		doc.textColor(doc.th.text)
		doc.drawLines(nt, area.x+textInset, area.y+(area.h-nt.height())/2, w, "L")
	}
}
