package export

import (
	"github.com/shotdeck/shotdeck/deck"
	"strings"

	"github.com/shotdeck/shotdeck/store"
)

// A text element's "size" is in thousandths of the card's width, as the
// editor draws it (size/10 cqw): it scales with the card like the element's
// geometry, so a title keeps its proportion on paper.
const sizeUnit = 1000.0

// defaultSize is the size of an element whose style names none, the
// editor's default.
const defaultSize = 40.0

// rect is an area of the page in millimetres.
type rect struct{ x, y, w, h float64 }

// elementStyle is a text element's style as fpdf can render it.
type elementStyle struct {
	family     string
	fontStyle  string  // "", "B", "I" or "BI"
	size       float64 // thousandths of the card's width
	color      rgb
	background *rgb
	align      string // "L", "C" or "R"
}

// parseStyle reads the style keys deck/ validates (font, size, weight,
// italic, color, background, align). Unknown or malformed values fall back
// to defaults instead of failing the export: the deck was validated when it
// was stored, and a stray value should not cost the user the whole PDF.
func parseStyle(style map[string]any, color rgb) elementStyle {
	st := elementStyle{family: fontSans, size: defaultSize, color: color, align: "L"}
	if s, ok := style["font"].(string); ok && isMonospace(s) {
		st.family = fontMono
	}
	if f, ok := deck.Number(style["size"]); ok && f > 0 {
		st.size = f
	}
	bold := false
	switch w := style["weight"].(type) {
	case string:
		bold = w == "bold"
	default:
		if f, ok := deck.Number(w); ok {
			bold = f >= 600 // CSS semibold and heavier
		}
	}
	if bold {
		st.fontStyle += "B"
	}
	if it, _ := style["italic"].(bool); it {
		st.fontStyle += "I"
	}
	if s, ok := style["color"].(string); ok {
		if c, ok := parseHex(s); ok {
			st.color = c
		}
	}
	if s, ok := style["background"].(string); ok {
		if c, ok := parseHex(s); ok {
			st.background = &c
		}
	}
	switch style["align"] {
	case "center":
		st.align = "C"
	case "right":
		st.align = "R"
	}
	return st
}

// isMonospace tells whether a CSS-ish font name asks for a fixed-width face;
// the PDF has one sans and one mono family, so that is the choice to make.
func isMonospace(font string) bool {
	f := strings.ToLower(font)
	for _, s := range []string{"mono", "courier", "consol", "code", "typewriter"} {
		if strings.Contains(f, s) {
			return true
		}
	}
	return false
}

// sizePt converts the element's size to points for a card drawn area.w mm
// wide, within limits that keep it printable.
func (st elementStyle) sizePt(area rect) float64 {
	mm := st.size / sizeUnit * area.w
	return min(max(mm/mmPerPt, 3), 300)
}

// drawElements lays a card's text elements over area (the still, its
// placeholder, or a text card's blank card). Geometry is in fractions of
// the card, so it maps straight onto the area.
func (doc *pdfDoc) drawElements(els []store.TextElement, area rect, color rgb) {
	for i := range els {
		doc.drawElement(&els[i], area, color)
	}
}

func (doc *pdfDoc) drawElement(el *store.TextElement, area rect, color rgb) {
	box := rect{
		x: area.x + clamp01(el.X)*area.w,
		y: area.y + clamp01(el.Y)*area.h,
		w: clamp01(el.Width) * area.w,
		h: clamp01(el.Height) * area.h,
	}
	// Like the editor's boxes (overflow: hidden), an element shows only
	// what fits in it, and nothing of it leaves the card.
	box = box.intersect(area)
	if box.w <= 0 || box.h <= 0 {
		return
	}
	doc.f.ClipRect(box.x, box.y, box.w, box.h, false)
	defer doc.f.ClipEnd()
	st := parseStyle(el.Style, color)
	if st.background != nil {
		doc.fill(*st.background)
		doc.f.Rect(box.x, box.y, box.w, box.h, "F")
	}
	text := cleanText(el.Text)
	if strings.TrimSpace(text) == "" {
		return
	}
	size := st.sizePt(area)
	if st.background != nil {
		// Text on a filled box needs air at its sides, as a label would.
		pad := min(0.3*size*mmPerPt, box.w/4)
		box.x, box.w = box.x+pad, box.w-2*pad
	}
	doc.setFont(st.family, st.fontStyle, size)
	doc.textColor(st.color)
	doc.drawLines(fitted{sizePt: size, lines: doc.wrap(text, box.w), lead: elementLineFactor}, box.x, box.y, box.w, st.align)
}

// intersect is the part of r inside o (empty when they do not meet).
func (r rect) intersect(o rect) rect {
	x0, y0 := max(r.x, o.x), max(r.y, o.y)
	x1, y1 := min(r.x+r.w, o.x+o.w), min(r.y+r.h, o.y+o.h)
	return rect{x0, y0, max(x1-x0, 0), max(y1-y0, 0)}
}

// clamp01 keeps geometry on the card whatever the stored value.
func clamp01(v float64) float64 {
	if !(v >= 0) { // also NaN
		return 0
	}
	return min(v, 1)
}
