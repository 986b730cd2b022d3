package export

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/shotdeck/shotdeck/store"
)

// makeJPEG encodes a w×h picture of gradients with a fine pattern on top:
// cheap to generate, but with enough detail that the JPEG has a realistic
// size. seed varies the picture so stills differ.
func makeJPEG(t testing.TB, w, h, seed int) []byte {
	t.Helper()
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := 0; y < h; y++ {
		row := img.Y[y*img.YStride:]
		for x := 0; x < w; x++ {
			row[x] = uint8(x*160/w + y*60/h + ((x ^ y ^ seed) & 31))
		}
	}
	for y := 0; y < (h+1)/2; y++ {
		for x := 0; x < (w+1)/2; x++ {
			i := y*img.CStride + x
			img.Cb[i] = uint8(64 + x*128/w + seed*37)
			img.Cr[i] = uint8(192 - y*128/h + seed*11)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatalf("encode jpeg: %v", err)
	}
	return buf.Bytes()
}

// fileSource is the caller's adapter as the job worker would write it,
// backed by real files: originals on disk, previews in memory (as bytes read
// from the derivative store), credits from a table.
type fileSource struct {
	previews  map[int64][]byte
	originals map[int64]string // path of the original file
	credits   map[int64]Credits

	mu            sync.Mutex
	previewCalls  map[int64]int
	originalsOpen int // files opened and not yet closed
	maxOpen       int
}

func newFileSource() *fileSource {
	return &fileSource{
		previews:     map[int64][]byte{},
		originals:    map[int64]string{},
		credits:      map[int64]Credits{},
		previewCalls: map[int64]int{},
	}
}

func (s *fileSource) Preview(_ context.Context, img *store.ImageSummary) ([]byte, error) {
	s.mu.Lock()
	s.previewCalls[img.ID]++
	s.mu.Unlock()
	return s.previews[img.ID], nil
}

func (s *fileSource) Original(_ context.Context, img *store.ImageSummary) (io.ReadCloser, string, bool, error) {
	p, ok := s.originals[img.ID]
	if !ok {
		return nil, "", false, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, "", false, err
	}
	s.mu.Lock()
	s.originalsOpen++
	s.maxOpen = max(s.maxOpen, s.originalsOpen)
	s.mu.Unlock()
	return &trackedFile{f, s}, filepath.Ext(p)[1:], true, nil
}

func (s *fileSource) Credits(_ context.Context, img *store.ImageSummary) (Credits, error) {
	return s.credits[img.ID], nil
}

// trackedFile lets the source see that the ZIP closes every original
// before it opens the next (it streams them one at a time).
type trackedFile struct {
	*os.File
	s *fileSource
}

func (f *trackedFile) Close() error {
	f.s.mu.Lock()
	f.s.originalsOpen--
	f.s.mu.Unlock()
	return f.File.Close()
}

// Kinds of card in test decks.
const (
	kindStill       = iota // preview and original
	kindText               // no still
	kindCatalog            // catalog-only: no file, no preview
	kindCatalogPrev        // no original file, but a preview
)

// testCard describes what a generated card holds, for the assertions.
type testCard struct {
	kind     int
	stillID  int64
	note     string
	original []byte
	ext      string
}

// notes gives cards a mix of plain, accented and non-Latin notes.
var notes = []string{
	"Amélie – café, Ça va? 東京",
	"Warm practicals, deep shadows; the window is the key",
	"Crème brûlée tones — naïve, Ærøskøbing façade",
	"Ночной город, неон и дождь",
	"Νύχτα, φως από το παράθυρο",
	"Top light only, no fill. Straße at dusk",
}

// buildDeck makes a deck of n cards: every 7th a text card, every 5th
// catalog-only, every 11th has only a preview, every 13th reuses the still
// of the card before it; the rest have a still with preview and original
// files under dir. Previews are small (the PDF test is about layout and
// text); benchmarks pass their own sizes.
func buildDeck(t testing.TB, dir string, n int, previewW, previewH int, original func(i int) []byte) (*store.DeckWithCards, *fileSource, []testCard) {
	t.Helper()
	src := newFileSource()
	d := &store.DeckWithCards{Deck: store.Deck{ID: 7, Title: "Heat — night exteriors", Description: "Look book for the night work: sodium vapour, wet streets, long lenses.",
		Owner: store.UserRef{ID: 1, Username: "hélène"}}}
	var cards []testCard
	for i := range n {
		tc := testCard{kind: kindStill, note: fmt.Sprintf("Card %d: %s", i+1, notes[i%len(notes)])}
		switch {
		case i%7 == 3:
			tc.kind = kindText
		case i%5 == 4:
			tc.kind = kindCatalog
		case i%11 == 10:
			tc.kind = kindCatalogPrev
		}
		c := store.Card{ID: int64(1000 + i), Position: fmt.Sprintf("a%03d", i), Note: tc.note}
		if tc.kind != kindText {
			id := int64(100 + i)
			if i%13 == 12 && cards[i-1].kind == kindStill {
				id = cards[i-1].stillID // the same still on two cards
			}
			tc.stillID = id
			c.Image = testStill(id, i)
			if id == int64(100+i) {
				addMedia(t, src, dir, &tc, i, previewW, previewH, original)
			} else {
				tc.original, tc.ext = cards[i-1].original, cards[i-1].ext
			}
		}
		if i%3 == 0 {
			c.TextElements = []store.TextElement{{ID: "t1", Text: fmt.Sprintf("Élément %d", i+1), X: 0.05, Y: 0.05, Width: 0.5, Height: 0.2,
				Style: map[string]any{"size": 32.0, "weight": "bold", "color": "#ff0000", "align": "left"}}}
		}
		d.Cards = append(d.Cards, c)
		cards = append(cards, tc)
	}
	d.CardCount = len(d.Cards)
	return d, src, cards
}

// testStill is a still's summary as the store would load it.
func testStill(id int64, i int) *store.ImageSummary {
	year := 1990 + i%30
	return &store.ImageSummary{
		ID: id, ExternalID: fmt.Sprintf("ext-%d", id), Title: fmt.Sprintf("Diner %d", id),
		Movie: &store.MovieRef{ID: 9, Title: "Heat", Year: &year},
		Width: 1600, Height: 900,
		Palette: []string{"#1a2b3c", "#c08040", "#e0d0b0", "#304050"},
		Year:    year,
	}
}

// addMedia gives a card's still the files its kind calls for.
func addMedia(t testing.TB, src *fileSource, dir string, tc *testCard, i, pw, ph int, original func(i int) []byte) {
	t.Helper()
	id := tc.stillID
	year := 1990 + i%30
	src.credits[id] = Credits{Film: "Heat", Year: year, Director: "Michael Mann", Cinematographer: "Dante Spinotti"}
	if i%4 == 1 {
		src.credits[id] = Credits{Film: "Amélie", Year: 2001, Director: "Jean-Pierre Jeunet"} // no DP on record
	}
	switch tc.kind {
	case kindStill:
		// Alternate wide and portrait frames so layout sees both.
		w, h := pw, ph
		if i%6 == 2 {
			w, h = ph, pw
		}
		src.previews[id] = makeJPEG(t, w, h, i)
		tc.original, tc.ext = original(i), "jpg"
		if i%9 == 0 {
			tc.ext = "png" // an original of another type keeps its extension
		}
		p := filepath.Join(dir, fmt.Sprintf("orig-%d.%s", id, tc.ext))
		if err := os.WriteFile(p, tc.original, 0o644); err != nil {
			t.Fatal(err)
		}
		src.originals[id] = p
	case kindCatalogPrev:
		src.previews[id] = makeJPEG(t, pw, ph, i)
		tc.original, tc.ext = src.previews[id], "jpg"
	}
}
