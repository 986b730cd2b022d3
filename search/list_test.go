package search

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/taxonomy"
)

// TestListMatchesSQL: the facet-engine list and the SQLite list return the
// same stills in the same order for random filters and every sort, and a
// cursor from one path continues on the other (a client may cross from one
// to the other while the index catches up).
func TestListMatchesSQL(t *testing.T) {
	f := newFixture(t)
	f.importGenerated(t, 2000, 8)
	// Stills without a film: unknown years must sort alike on both paths.
	if _, err := f.lib.Import(context.Background(), stringsReader(
		`{"id":"loose-1","frame_size":"wide","lighting":["soft"]}`,
		`{"id":"loose-2","frame_size":"close_up","time_of_day":"night"}`,
		`{"id":"loose-3","frame_size":"wide","palette":["#1a3a8a"]}`,
	), libraryOptions()); err != nil {
		t.Fatal(err)
	}
	s, stop := f.start(t)
	defer stop()
	waitApplied(t, s)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(9, 10))
	fields := taxonomy.Fields()
	for trial := range 40 {
		filter := store.Filter{Values: map[string][]string{}}
		for range rng.IntN(3) {
			fd := fields[rng.IntN(len(fields))]
			filter.Values[fd.Name] = []string{fd.Values[rng.IntN(len(fd.Values))].Value}
		}
		switch rng.IntN(4) {
		case 0:
			filter.YearMin, filter.YearMax = 1960+rng.IntN(30), 1990+rng.IntN(20)
		case 1:
			filter.Color = &store.ColorFilter{L: 30, A: 10, B: -40, Distance: 25, Share: 0.05}
		}
		for _, sort := range store.Sorts {
			var viaSQL, mixed []int64
			for _, useIndex := range []bool{false, true} {
				q := store.ListQuery{Filter: filter, Sort: sort, Limit: 1 + rng.IntN(80)}
				for page := 0; ; page++ {
					var items []store.ImageSummary
					var more, ok bool
					var err error
					if useIndex && page%2 == 0 {
						items, more, ok, err = s.List(ctx, q)
						if !ok {
							t.Fatal("the index declined a list while caught up")
						}
					} else {
						items, more, err = f.db.ListImages(ctx, q)
					}
					if err != nil {
						t.Fatal(err)
					}
					for _, it := range items {
						if useIndex {
							mixed = append(mixed, it.ID)
						} else {
							viaSQL = append(viaSQL, it.ID)
						}
					}
					if !more {
						break
					}
					k := store.KeyOf(sort, &items[len(items)-1])
					q.After = &k
				}
			}
			if !slices.Equal(viaSQL, mixed) {
				t.Fatalf("trial %d, sort %s, filter %+v: SQL walk %d stills, mixed walk %d", trial, sort, filter, len(viaSQL), len(mixed))
			}
		}
	}
}
