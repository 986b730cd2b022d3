package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

var exportDate = time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)

func smallOriginal(t testing.TB) func(int) []byte {
	return func(i int) []byte { return makeJPEG(t, 64, 48, i) }
}

// renderPDF renders a deck and reads the result back.
func renderPDF(t *testing.T, d *store.DeckWithCards, src Source, opt Options) ([]byte, []int) {
	t.Helper()
	var progress []int
	opt.Progress = func(done, total int) {
		if total != len(d.Cards) {
			t.Errorf("progress total %d, want %d", total, len(d.Cards))
		}
		progress = append(progress, done)
	}
	var buf bytes.Buffer
	if err := PDF(context.Background(), &buf, d, src, opt); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	return buf.Bytes(), progress
}

func TestPDFLookBook(t *testing.T) {
	t.Parallel()
	d, src, cards := buildDeck(t, t.TempDir(), 50, 320, 180, smallOriginal(t))
	b, progress := renderPDF(t, d, src, Options{Owner: "Hélène Dupré", Date: exportDate})
	ctx := readPDF(t, b)

	if ctx.PageCount != 51 {
		t.Fatalf("%d pages, want 51 (a title page and one per card)", ctx.PageCount)
	}
	if len(progress) != 50 || progress[0] != 1 || progress[49] != 50 {
		t.Errorf("progress calls %v, want 1..50", progress)
	}

	title := pageText(t, ctx, 1)
	for _, want := range []string{d.Title, d.Description, "Hélène Dupré", "5 March 2026", "50 cards"} {
		if !strings.Contains(squash(title), squash(want)) {
			t.Errorf("title page lacks %q; it reads %q", want, title)
		}
	}

	for i, tc := range cards {
		page := i + 2
		text := pageText(t, ctx, page)
		// Each card's note is on its own page, in order.
		if !strings.Contains(squash(text), squash(tc.note)) {
			t.Errorf("page %d lacks the note %q; it reads %q", page, tc.note, text)
		}
		if want := fmt.Sprintf("%d / 51", page); !strings.Contains(text, want) {
			t.Errorf("page %d lacks its number %q", page, want)
		}
		runs, images := pageRuns(t, ctx, page)
		checkInside(t, page, runs)
		wantImages := 0
		if tc.kind == kindStill || tc.kind == kindCatalogPrev {
			wantImages = 1
		}
		if images != wantImages {
			t.Errorf("page %d (kind %d) paints %d images, want %d", page, tc.kind, images, wantImages)
		}
		if tc.kind == kindCatalog && !strings.Contains(text, d.Cards[i].Image.Title) {
			t.Errorf("placeholder on page %d lacks the still's title %q", page, d.Cards[i].Image.Title)
		}
		if tc.kind != kindText && tc.kind != kindCatalog && !strings.Contains(text, "Heat") && !strings.Contains(text, "Amélie") {
			t.Errorf("page %d lacks the credits line: %q", page, text)
		}
	}
}

// A still on two cards is fetched and embedded once.
func TestPDFEmbedsEachStillOnce(t *testing.T) {
	t.Parallel()
	d, src, cards := buildDeck(t, t.TempDir(), 30, 320, 180, smallOriginal(t))
	shared := 0
	for i := 1; i < len(cards); i++ {
		if cards[i].stillID != 0 && cards[i].stillID == cards[i-1].stillID {
			shared++
		}
	}
	if shared == 0 {
		t.Fatal("the test deck shares no still between cards")
	}
	b, _ := renderPDF(t, d, src, Options{})
	for id, n := range src.previewCalls {
		if n != 1 {
			t.Errorf("preview of still %d fetched %d times", id, n)
		}
	}
	if got, want := bytes.Count(b, []byte("/Subtype /Image")), len(src.previews); got != want {
		t.Errorf("%d image objects in the PDF, want %d (one per distinct still)", got, want)
	}
}

func TestPDFCredits(t *testing.T) {
	t.Parallel()
	img := testStill(1, 0)
	src := newFileSource()
	src.previews[1] = makeJPEG(t, 400, 170, 1)
	src.credits[1] = Credits{Film: "Heat", Year: 1995, Cinematographer: "Dante Spinotti"} // no director
	d := &store.DeckWithCards{Deck: store.Deck{Title: "Credits"}, Cards: []store.Card{{ID: 1, Image: img, Note: "n"}}}
	b, _ := renderPDF(t, d, src, Options{})
	text := pageText(t, readPDF(t, b), 2)
	for _, want := range []string{"Heat (1995)", "“Diner 1”", "Cinematographer Dante Spinotti", "01"} {
		if !strings.Contains(text, want) {
			t.Errorf("credits lack %q: %q", want, text)
		}
	}
	if strings.Contains(text, "Director") {
		t.Errorf("an unknown director is printed: %q", text)
	}
}

// Text elements keep their place on the still, their size, colour,
// weight and alignment.
func TestPDFTextElements(t *testing.T) {
	t.Parallel()
	img := testStill(1, 0)
	img.Width, img.Height = 1000, 500
	src := newFileSource()
	src.previews[1] = makeJPEG(t, 1000, 500, 1) // 2:1 fills the content width
	els := []store.TextElement{
		{ID: "a", Text: "Left regular", X: 0.1, Y: 0.1, Width: 0.4, Height: 0.1, Style: map[string]any{"size": 24.0}},
		{ID: "b", Text: "Right bold red", X: 0.5, Y: 0.8, Width: 0.4, Height: 0.1,
			Style: map[string]any{"size": 48.0, "weight": 700.0, "color": "#ff0000", "align": "right", "background": "#000000"}},
		{ID: "c", Text: "Centred mono", X: 0, Y: 0.45, Width: 1, Height: 0.1, Style: map[string]any{"font": "Courier New", "align": "center", "italic": true}},
	}
	d := &store.DeckWithCards{Deck: store.Deck{Title: "Elements"}, Cards: []store.Card{{ID: 1, Image: img, TextElements: els}}}
	b, _ := renderPDF(t, d, src, Options{})
	runs, _ := pageRuns(t, readPDF(t, b), 2)
	byText := map[string]textRun{}
	for _, r := range runs {
		byText[r.text] = r
	}
	a, okA := byText["Left regular"]
	bb, okB := byText["Right bold red"]
	c, okC := byText["Centred mono"]
	if !okA || !okB || !okC {
		t.Fatalf("elements missing from the page: %+v", runs)
	}
	// The still is contentW wide (2:1 in a 269×178 mm area), centred.
	const pt = 72 / 25.4
	imgW := contentW * pt
	imgX := margin * pt
	if want := imgX + 0.1*imgW; math.Abs(a.x-want) > 1 {
		t.Errorf("left element starts at %.1f pt, want %.1f", a.x, want)
	}
	// Left-aligned, it would start at its box's left edge.
	if boxX := imgX + 0.5*imgW; bb.x < boxX+5*pt {
		t.Errorf("right-aligned element starts at %.1f pt, where left-aligned text in its box would", bb.x)
	}
	if mid := imgX + imgW/2; c.x > mid || c.x < mid-60*pt {
		t.Errorf("centred element starts at %.1f pt, want a little left of the middle %.1f", c.x, mid)
	}
	if a.y < bb.y {
		t.Errorf("the element at y=0.1 (%.1f pt) is below the one at y=0.8 (%.1f pt)", a.y, bb.y)
	}
	if bb.size < 1.9*a.size || bb.size > 2.1*a.size {
		t.Errorf("size 48 renders at %.1f pt, size 24 at %.1f pt: not proportional", bb.size, a.size)
	}
	if bb.color != "1.000 0.000 0.000" {
		t.Errorf("red element drawn in %q", bb.color)
	}
	if a.font == bb.font || a.font == c.font || bb.font == c.font {
		t.Errorf("regular, bold and mono italic share fonts: %q %q %q", a.font, bb.font, c.font)
	}
}

func TestPDFTextCard(t *testing.T) {
	t.Parallel()
	d := &store.DeckWithCards{Deck: store.Deck{Title: "Text"}, Cards: []store.Card{
		{ID: 1, Note: "Act two: the city at night. Ça va?"},
		{ID: 2, Note: "Under the card", TextElements: []store.TextElement{{ID: "x", Text: "Overlay", X: 0.5, Y: 0.5, Width: 0.3, Height: 0.1}}},
	}}
	b, _ := renderPDF(t, d, newFileSource(), Options{Light: true})
	ctx := readPDF(t, b)

	// A note alone is the page's subject.
	runs, images := pageRuns(t, ctx, 2)
	if images != 0 {
		t.Errorf("a text card paints %d images", images)
	}
	note := findRun(runs, "Act two")
	if note == nil || note.size < 20 {
		t.Fatalf("a text card's note is missing or small: %+v", note)
	}

	// With text elements, the blank card is drawn as in the editor, the
	// elements over it in white, and the note under it.
	runs, _ = pageRuns(t, ctx, 3)
	overlay, under := findRun(runs, "Overlay"), findRun(runs, "Under the card")
	if overlay == nil || under == nil {
		t.Fatalf("text card lacks its element or note: %+v", runs)
	}
	if mid := pageW / 2 * 72 / 25.4; math.Abs(overlay.x-mid) > 1 {
		t.Errorf("overlay at x=%.1f pt, want the page's middle %.1f", overlay.x, mid)
	}
	if overlay.color != "1.000" {
		t.Errorf("overlay drawn in %q, want the editor's default white", overlay.color)
	}
	if under.y > overlay.y || under.size > 12 {
		t.Errorf("note at y=%.1f pt, %.1f pt; want it under the card (y < %.1f) at note size", under.y, under.size, overlay.y)
	}
}

// findRun is the first run containing s, or nil.
func findRun(runs []textRun, s string) *textRun {
	for i := range runs {
		if strings.Contains(runs[i].text, s) {
			return &runs[i]
		}
	}
	return nil
}

// Long notes shrink, then are cut with an ellipsis; the page count never
// changes, whatever the text.
func TestPDFLongAndOddText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Sodium vapour on wet asphalt, long lens compression. ", 200)
	img := testStill(1, 0)
	src := newFileSource()
	src.previews[1] = makeJPEG(t, 300, 200, 1)
	d := &store.DeckWithCards{Deck: store.Deck{Title: strings.Repeat("Very long title ", 40)}, Cards: []store.Card{
		{ID: 1, Image: img, Note: long},
		{ID: 2, Note: long},
		{ID: 3, Note: "emoji 🎬 and controls \x00\x07 tab\tend, {nb} {nb} (parens) \\ backslash"},
		{ID: 4, Image: img, Note: "", TextElements: []store.TextElement{{ID: "e", Text: "x", X: 1, Y: 1, Width: 1, Height: 1}}},
	}}
	b, _ := renderPDF(t, d, src, Options{})
	ctx := readPDF(t, b)
	if ctx.PageCount != 5 {
		t.Fatalf("%d pages, want 5", ctx.PageCount)
	}
	for _, p := range []int{2, 3} {
		runs, _ := pageRuns(t, ctx, p)
		checkInside(t, p, runs)
		text := pageText(t, ctx, p)
		if !strings.Contains(text, "…") {
			t.Errorf("page %d: an overlong note is not cut with an ellipsis", p)
		}
	}
	text := pageText(t, ctx, 4)
	if !strings.Contains(text, "{nb} {nb} (parens) \\ backslash") || !strings.Contains(text, "\uFFFD") {
		t.Errorf("odd text not kept as typed: %q", text)
	}
	if strings.ContainsAny(text, "\x00\x07") {
		t.Errorf("control characters reached the page: %q", text)
	}
}

// Bytes that are not an image we can embed become a placeholder instead of
// failing the export; a source that fails fails the export.
func TestPDFBadPreviewAndSourceError(t *testing.T) {
	t.Parallel()
	img := testStill(1, 0)
	src := newFileSource()
	src.previews[1] = []byte("\xFF\xD8\xFFnot really a jpeg")
	d := &store.DeckWithCards{Deck: store.Deck{Title: "Bad"}, Cards: []store.Card{{ID: 1, Image: img, Note: "still here"}}}
	b, _ := renderPDF(t, d, src, Options{})
	ctx := readPDF(t, b)
	if _, images := pageRuns(t, ctx, 2); images != 0 {
		t.Errorf("a broken preview was embedded")
	}
	if text := pageText(t, ctx, 2); !strings.Contains(text, "Diner 1") || !strings.Contains(text, "still here") {
		t.Errorf("placeholder page lacks title or note: %q", text)
	}

	boom := errors.New("disk on fire")
	err := PDF(context.Background(), &bytes.Buffer{}, d, failingSource{boom}, Options{})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "card 1") {
		t.Errorf("PDF with a failing source: %v, want it wrapped with the card", err)
	}
}

type failingSource struct{ err error }

func (s failingSource) Preview(context.Context, *store.ImageSummary) ([]byte, error) {
	return nil, s.err
}
func (s failingSource) Original(context.Context, *store.ImageSummary) (r io.ReadCloser, ext string, ok bool, err error) {
	return nil, "", false, s.err
}
func (s failingSource) Credits(context.Context, *store.ImageSummary) (Credits, error) {
	return Credits{}, nil
}

func TestPDFCancel(t *testing.T) {
	t.Parallel()
	d, src, _ := buildDeck(t, t.TempDir(), 20, 160, 90, smallOriginal(t))
	ctx, cancel := context.WithCancel(context.Background())
	done := 0
	err := PDF(ctx, &bytes.Buffer{}, d, src, Options{Progress: func(n, _ int) {
		done = n
		if n == 5 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PDF after cancel: %v, want context.Canceled", err)
	}
	if done != 5 {
		t.Errorf("rendered %d cards after cancelling at 5", done)
	}
}

// The light theme paints no page background and sets dark text; both
// themes give valid documents with the same pages.
func TestPDFThemes(t *testing.T) {
	t.Parallel()
	d, src, _ := buildDeck(t, t.TempDir(), 8, 160, 90, smallOriginal(t))
	dark, _ := renderPDF(t, d, src, Options{Date: exportDate})
	light, _ := renderPDF(t, d, src, Options{Date: exportDate, Light: true})
	for name, b := range map[string][]byte{"dark": dark, "light": light} {
		ctx := readPDF(t, b)
		if ctx.PageCount != 9 {
			t.Errorf("%s: %d pages, want 9", name, ctx.PageCount)
		}
		runs, _ := pageRuns(t, ctx, 2)
		var note *textRun
		for i := range runs {
			if strings.Contains(runs[i].text, "Card 1") {
				note = &runs[i]
			}
		}
		if note == nil {
			t.Fatalf("%s: no note on page 2", name)
		}
		dim := strings.HasPrefix(note.color, "0.0")
		if dim != (name == "light") {
			t.Errorf("%s theme sets the note in %q", name, note.color)
		}
	}
}

func TestPDFEmptyDeck(t *testing.T) {
	t.Parallel()
	d := &store.DeckWithCards{Deck: store.Deck{Owner: store.UserRef{Username: "ana"}}}
	b, progress := renderPDF(t, d, newFileSource(), Options{})
	ctx := readPDF(t, b)
	if ctx.PageCount != 1 || len(progress) != 0 {
		t.Fatalf("%d pages and %d progress calls, want the title page alone", ctx.PageCount, len(progress))
	}
	text := pageText(t, ctx, 1)
	for _, want := range []string{"Untitled deck", "Prepared by ana", "0 cards"} {
		if !strings.Contains(text, want) {
			t.Errorf("title page lacks %q: %q", want, text)
		}
	}
}

// checkInside fails when text leaves the page's margins, or anything but
// the footer goes below the footer's rule.
func checkInside(t *testing.T, page int, runs []textRun) {
	t.Helper()
	const pt = 72 / 25.4
	for _, r := range runs {
		footer := strings.Contains(r.text, " / ") || r.size < 8
		if r.x < margin*pt-0.5 || r.x > (pageW-margin)*pt || r.y > (pageH-margin)*pt {
			t.Errorf("page %d: %q at (%.1f, %.1f) pt is outside the margins", page, r.text, r.x, r.y)
		}
		if !footer && r.y < (pageH-contentBot)*pt {
			t.Errorf("page %d: %q at y=%.1f pt runs into the footer", page, r.text, r.y)
		}
	}
}
