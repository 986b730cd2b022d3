package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestColourPageWalk: walking nearest-first pages returns every match once,
// in (distance, id) order, including ties.
func TestColourPageWalk(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dist := map[uint32]float64{}
	for range 1000 {
		dist[rng.Uint32N(100000)] = float64(rng.IntN(40)) // many ties
	}
	var want []near
	for id, d := range dist {
		want = append(want, near{id, d})
	}
	slices.SortFunc(want, func(a, b near) int {
		if a.less(b) {
			return -1
		}
		return 1
	})
	var got []near
	var after *Key
	for pages := 0; ; pages++ {
		ids, scores, next := colourPage(dist, after, 1+rng.IntN(37))
		for _, id := range ids {
			got = append(got, near{id, scores[id]})
		}
		if next == nil {
			break
		}
		after = next
		if pages > 2000 {
			t.Fatal("walk does not end")
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("walk gave %d matches, want %d in order", len(got), len(want))
	}
}
