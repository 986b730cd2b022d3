package export

import "github.com/shotdeck/shotdeck/store"

// placeholder stands in for a catalog-only still: its palette as bands, with
// its title on a label, so the page still says what was meant to be there.
func (doc *pdfDoc) placeholder(img *store.ImageSummary, r rect) {
	var bands []rgb
	for _, h := range img.Palette {
		if c, ok := parseHex(h); ok {
			bands = append(bands, c)
		}
	}
	if len(bands) == 0 {
		bands = []rgb{doc.th.rule}
	}
	bw := r.w / float64(len(bands))
	for i, c := range bands {
		doc.fill(c)
		w := bw
		if i < len(bands)-1 {
			w += 0.05
		}
		doc.f.Rect(r.x+float64(i)*bw, r.y, w, r.h, "F")
	}
	doc.placeholderLabel(img, r)
}

// placeholderLabel centres the still's title on a page-coloured label, which
// reads on any palette.
func (doc *pdfDoc) placeholderLabel(img *store.ImageSummary, r rect) {
	f := doc.f
	title := oneLine(img.Title)
	if title == "" {
		title = "Untitled still"
	}
	const sub = "No image file: catalogue entry"
	doc.setFont(fontSans, "", 7.5)
	subW := f.GetStringWidth(sub)
	doc.setFont(fontSans, "B", labelTitlePt)
	maxW := r.w - 8
	title = doc.ellipsize(title, maxW-8)
	w := min(max(f.GetStringWidth(title), subW)+12, maxW)
	h := 16.0
	x, y := r.x+(r.w-w)/2, r.y+(r.h-h)/2
	if w <= 0 || h > r.h {
		return
	}
	doc.fill(doc.th.page)
	f.SetAlpha(0.88, "Normal")
	f.Rect(x, y, w, h, "F")
	f.SetAlpha(1, "Normal")
	doc.textColor(doc.th.text)
	f.SetXY(x, y+2.5)
	f.CellFormat(w, 6, title, "", 0, "C", false, 0, "")
	doc.setFont(fontSans, "", 7.5)
	doc.textColor(doc.th.muted)
	f.SetXY(x, y+8.5)
	f.CellFormat(w, 5, sub, "", 0, "C", false, 0, "")
}
