package export

import (
	"bytes"
	"context"
	"testing"

	"github.com/shotdeck/shotdeck/store"
)

// Whatever text and geometry a card holds, the PDF renders without
// panicking, with one page per card, and pdfcpu can read it.
func FuzzPDFCard(f *testing.F) {
	f.Add("Amélie – café, Ça va? 東京", "Élément", 0.1, 0.1, 0.5, 0.2, 24.0, "bold")
	f.Add("", "", 0.0, 0.0, 0.0, 0.0, 0.0, "")
	f.Add("🎬\x00\r\n\n\n", "a\tb", 1.0, 1.0, 1.0, 1.0, 1000.0, "900")
	f.Add("(unbalanced \\ parens", "{nb}", -1.0, 2.0, 1e300, -0.0, -5.0, "normal")
	f.Fuzz(func(t *testing.T, note, text string, x, y, w, h, size float64, weight string) {
		el := store.TextElement{ID: "e", Text: text, X: x, Y: y, Width: w, Height: h,
			Style: map[string]any{"size": size, "weight": weight, "align": "center", "color": "#123456"}}
		d := &store.DeckWithCards{Deck: store.Deck{Title: note, Description: text}, Cards: []store.Card{
			{ID: 1, Note: note, TextElements: []store.TextElement{el}},
			{ID: 2, Note: note, Image: testStill(1, 0), TextElements: []store.TextElement{el}},
		}}
		var buf bytes.Buffer
		if err := PDF(context.Background(), &buf, d, newFileSource(), Options{Owner: text}); err != nil {
			t.Fatalf("PDF: %v", err)
		}
		if ctx := readPDF(t, buf.Bytes()); ctx.PageCount != 3 {
			t.Fatalf("%d pages, want 3", ctx.PageCount)
		}
	})
}
