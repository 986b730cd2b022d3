package export

import (
	"math"
	"strings"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// The Go fonts are Unicode TrueType fonts (Latin with accents, Greek,
// Cyrillic and more) that ship inside a Go module, so exports need no font
// files on disk and no network.
const (
	fontSans = "gosans"
	fontMono = "gomono"
)

// fontFiles maps an fpdf font key (family + style) to its TTF bytes.
var fontFiles = map[string][]byte{
	fontSans:        goregular.TTF,
	fontSans + "B":  gobold.TTF,
	fontSans + "I":  goitalic.TTF,
	fontSans + "BI": gobolditalic.TTF,
	fontMono:        gomono.TTF,
	fontMono + "B":  gomonobold.TTF,
	fontMono + "I":  gomonoitalic.TTF,
	fontMono + "BI": gomonobolditalic.TTF,
}

// mmPerPt converts font sizes (points) to page units (millimetres).
const mmPerPt = 25.4 / 72

// Line heights as multiples of the font size: notes and captions read
// best with some lead; text elements use the editor's tighter 1.1 so they
// wrap and stack as they did on screen.
const (
	lineFactor        = 1.25
	elementLineFactor = 1.1
)

// setFont registers a font the first time the document uses it: each font
// is parsed once per document and only fonts in use are embedded.
func (doc *pdfDoc) setFont(family, style string, sizePt float64) {
	key := family + style
	if !doc.fonts[key] {
		doc.f.AddUTF8FontFromBytes(family, style, fontFiles[key])
		doc.fonts[key] = true
	}
	doc.f.SetFont(family, style, sizePt)
}

// lineHeight is the height in mm of a line set in sizePt.
func lineHeight(sizePt float64) float64 { return sizePt * mmPerPt * lineFactor }

// wrap splits text into lines no wider than w with the current font.
func (doc *pdfDoc) wrap(text string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		if strings.TrimSpace(para) == "" {
			lines = append(lines, "")
			continue
		}
		lines = append(lines, doc.f.SplitText(para, w)...)
	}
	return lines
}

// fitted is a block of text laid out in a box.
type fitted struct {
	sizePt float64
	lines  []string
	lead   float64 // line height over font size; 0 means lineFactor
}

// lineH is the height in mm of one of the block's lines.
func (t fitted) lineH() float64 {
	if t.lead == 0 {
		return lineHeight(t.sizePt)
	}
	return t.sizePt * mmPerPt * t.lead
}

func (t fitted) height() float64 { return float64(len(t.lines)) * t.lineH() }

// fit lays text out in a box w wide and at most maxH high: the largest size
// from maxPt down to minPt at which it fits, or at minPt cut short with an
// ellipsis, so a long note shrinks before it is truncated.
func (doc *pdfDoc) fit(text, family, style string, w, maxH, maxPt, minPt float64) fitted {
	text = strings.TrimRight(text, "\n ")
	if strings.TrimSpace(text) == "" {
		return fitted{sizePt: maxPt}
	}
	for size := maxPt; ; size = math.Max(minPt, size-1) {
		doc.setFont(family, style, size)
		lines := doc.wrap(text, w)
		if float64(len(lines))*lineHeight(size) <= maxH+0.01 {
			return fitted{sizePt: size, lines: lines}
		}
		if size <= minPt {
			keep := max(1, int(maxH/lineHeight(size)))
			lines = lines[:keep]
			lines[keep-1] = doc.ellipsize(lines[keep-1]+"…", w)
			return fitted{sizePt: size, lines: lines}
		}
	}
}

// ellipsize shortens a line with the current font until it is no wider than
// w, ending it with an ellipsis when anything was cut.
func (doc *pdfDoc) ellipsize(s string, w float64) string {
	room := w - 2*doc.f.GetCellMargin()
	if doc.f.GetStringWidth(s) <= room {
		return s
	}
	r := []rune(strings.TrimSuffix(s, "…"))
	for len(r) > 0 && doc.f.GetStringWidth(string(r)+"…") > room {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// drawLines prints lines from (x, y) down, each in a cell w wide.
// align is fpdf's "L", "C" or "R".
func (doc *pdfDoc) drawLines(t fitted, x, y, w float64, align string) {
	lh := t.lineH()
	for i, line := range t.lines {
		doc.f.SetXY(x, y+float64(i)*lh)
		doc.f.CellFormat(w, lh, line, "", 0, align, false, 0, "")
	}
}
