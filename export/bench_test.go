package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/shotdeck/shotdeck/store"
)

// Benchmark decks: 100 cards, each with a distinct 1600×900 preview, and
// originals that are real 12-megapixel (4000×3000) JPEGs. Encoding a 12 MP
// JPEG takes a while, so four are made once per run and the cards take
// turns with them; the ZIP streams each card's file all the same.
const (
	benchCards     = 100
	benchOriginals = 4
)

var benchMedia struct {
	once      sync.Once
	previews  [][]byte
	originals [][]byte
}

func loadBenchMedia(b *testing.B) {
	benchMedia.once.Do(func() {
		for i := range benchCards {
			benchMedia.previews = append(benchMedia.previews, makeJPEG(b, 1600, 900, i))
		}
		for i := range benchOriginals {
			benchMedia.originals = append(benchMedia.originals, makeJPEG(b, 4000, 3000, i))
		}
	})
}

// benchDeck writes the originals under dir and builds the deck and source.
func benchDeck(b *testing.B) (*store.DeckWithCards, *fileSource) {
	loadBenchMedia(b)
	dir := b.TempDir()
	src := newFileSource()
	d := &store.DeckWithCards{Deck: store.Deck{Title: "Benchmark look book", Description: "One hundred stills."}}
	for i := range benchCards {
		id := int64(i + 1)
		p := filepath.Join(dir, fmt.Sprintf("orig-%d.jpg", i%benchOriginals))
		if i < benchOriginals {
			if err := os.WriteFile(p, benchMedia.originals[i], 0o644); err != nil {
				b.Fatal(err)
			}
		}
		src.originals[id] = p
		src.previews[id] = benchMedia.previews[i]
		src.credits[id] = Credits{Film: "Heat", Year: 1995, Director: "Michael Mann", Cinematographer: "Dante Spinotti"}
		c := store.Card{ID: id, Image: testStill(id, i), Note: fmt.Sprintf("Card %d: %s", i+1, notes[i%len(notes)])}
		if i%2 == 0 {
			c.TextElements = []store.TextElement{{ID: "t", Text: "Night exterior", X: 0.05, Y: 0.8, Width: 0.6, Height: 0.15,
				Style: map[string]any{"size": 36.0, "weight": "bold", "color": "#ffffff"}}}
		}
		d.Cards = append(d.Cards, c)
	}
	return d, src
}

// countWriter measures output without keeping it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func BenchmarkPDF(b *testing.B) {
	d, src := benchDeck(b)
	b.ReportAllocs()
	var out countWriter
	for b.Loop() {
		out = countWriter{}
		if err := PDF(context.Background(), &out, d, src, Options{Owner: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.n)/(1<<20), "MiB/pdf")
}

func BenchmarkZIP(b *testing.B) {
	d, src := benchDeck(b)
	b.ReportAllocs()
	var out countWriter
	for b.Loop() {
		out = countWriter{}
		if err := ZIP(context.Background(), &out, d, []byte("{}"), src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.n)/(1<<20), "MiB/zip")
}

var _ io.Writer = (*countWriter)(nil)
