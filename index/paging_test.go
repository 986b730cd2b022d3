package index

import (
	"context"
	"math"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestSearchAfterWalk pages through whole result sets and checks that every
// match comes exactly once, in relevance order, and that the pages together
// are what MatchIDs returns.
func TestSearchAfterWalk(t *testing.T) {
	x, _ := openTemp(t)
	docs := generatedDocs(t, 3000, 11)
	if err := x.Apply(docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, q := range []string{"", "night", "warehouse light", "lumet", "cu", "golden hour kitchen", `"soft daylight"`, "wom", "zzzz"} {
		t.Run(q, func(t *testing.T) {
			seen := map[uint32]bool{}
			var prev *Hit
			var total uint64
			pages := 0
			for {
				hits, tot, err := x.Search(ctx, q, prev, 37)
				if err != nil {
					t.Fatal(err)
				}
				if pages == 0 {
					total = tot
				} else if tot != total {
					t.Fatalf("total changed from %d to %d between pages", total, tot)
				}
				pages++
				for i := range hits {
					h := hits[i]
					if math.IsNaN(h.Score) || h.Score <= 0 {
						t.Fatalf("hit %+v has no usable score", h)
					}
					if seen[h.ID] {
						t.Fatalf("page %d: id %d seen twice", pages, h.ID)
					}
					seen[h.ID] = true
					if prev != nil && (h.Score > prev.Score || h.Score == prev.Score && h.ID < prev.ID) {
						t.Fatalf("page %d: %+v after %+v is out of order", pages, h, *prev)
					}
					prev = &h
				}
				if len(hits) < 37 {
					break
				}
			}
			if uint64(len(seen)) != total {
				t.Fatalf("walked %d hits, total says %d", len(seen), total)
			}
			bm, err := x.MatchIDs(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if bm == nil { // all
				if total != uint64(len(docs)) {
					t.Fatalf("MatchIDs says all, Search found %d of %d", total, len(docs))
				}
				return
			}
			if bm.GetCardinality() != total {
				t.Fatalf("MatchIDs has %d ids, Search %d", bm.GetCardinality(), total)
			}
			for id := range seen {
				if !bm.Contains(id) {
					t.Fatalf("MatchIDs lacks %d", id)
				}
			}
			t.Logf("%q: %d hits in %d pages", q, total, pages)
		})
	}
}

// TestSearchWithinWalk pages through matches restricted to a set (as facet
// filters do) and checks they are exactly the matches in the set, in order.
func TestSearchWithinWalk(t *testing.T) {
	x, _ := openTemp(t)
	docs := generatedDocs(t, 2000, 13)
	if err := x.Apply(docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	within := roaring.New()
	for id := uint32(1); id <= uint32(len(docs)); id += 7 {
		within.Add(id)
	}
	ctx := context.Background()
	for _, q := range []string{"", "night", "warehouse light", "kitchen"} {
		want := within.Clone()
		if bm, err := x.MatchIDs(ctx, q); err != nil {
			t.Fatal(err)
		} else if bm != nil {
			want.And(bm)
		}
		got := roaring.New()
		var prev *Hit
		for {
			hits, total, err := x.SearchWithin(ctx, q, within, prev, 10)
			if err != nil {
				t.Fatal(err)
			}
			if prev == nil && total != want.GetCardinality() {
				t.Fatalf("%q: total %d, want %d", q, total, want.GetCardinality())
			}
			for i := range hits {
				h := hits[i]
				if got.Contains(h.ID) || !want.Contains(h.ID) {
					t.Fatalf("%q: unexpected or repeated hit %d", q, h.ID)
				}
				if prev != nil && (h.Score > prev.Score || h.Score == prev.Score && h.ID < prev.ID) {
					t.Fatalf("%q: %+v after %+v", q, h, *prev)
				}
				got.Add(h.ID)
				prev = &h
			}
			if len(hits) < 10 {
				break
			}
		}
		if !got.Equals(want) {
			t.Errorf("%q: walked %d hits, want %d", q, got.GetCardinality(), want.GetCardinality())
		}
	}
}
