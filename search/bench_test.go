package search

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// The search benchmarks run on the data directory named by
// SHOTDECK_BENCH_DATA (for example one filled by `shotdeck gen` and
// `shotdeck import` with 1,000,000 stills, see BENCHMARKS.md), or else on
// 100,000 generated stills imported into a temporary directory.
var (
	benchOnce sync.Once
	benchSvc  *Service
	benchDB   *store.DB
	benchLoad time.Duration
)

func benchService(b *testing.B) (*Service, *store.DB) {
	benchOnce.Do(func() {
		dir := os.Getenv("SHOTDECK_BENCH_DATA")
		if dir == "" {
			f := newFixture(b)
			f.importGenerated(b, 100_000, 11)
			dir = f.dir
		}
		db, err := store.Open(context.Background(), filepath.Join(dir, "shotdeck.db"), store.Options{SlowQuery: -1, Logger: quiet})
		if err != nil {
			b.Fatal(err)
		}
		s, err := Open(db, filepath.Join(dir, "index"), quiet)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		s.Start(context.Background())
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		if err := s.WaitApplied(ctx); err != nil {
			b.Fatal(err)
		}
		benchLoad = time.Since(start)
		benchSvc, benchDB = s, db
	})
	if benchSvc == nil {
		b.Fatal("benchmark data failed to load")
	}
	return benchSvc, benchDB
}

// BenchmarkSearch measures the search service end to end below HTTP: text
// and facet counts for every field, filtered lists, colour and the
// library-wide facets, reporting p50 and p99 per call.
func BenchmarkSearch(b *testing.B) {
	s, _ := benchService(b)
	b.Logf("loaded in %s", benchLoad.Round(time.Millisecond))
	three := store.Filter{Values: map[string][]string{"frame_size": {"close_up"}, "lighting": {"soft"}, "time_of_day": {"night"}}}
	cases := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"text+all_facets", func(ctx context.Context) error {
			_, err := s.Search(ctx, Query{Text: "night city", Sort: SortRelevance, Limit: 50, Facets: AllFacets()})
			return err
		}},
		{"text_typo+all_facets", func(ctx context.Context) error {
			_, err := s.Search(ctx, Query{Text: "spielbreg", Sort: SortRelevance, Limit: 50, Facets: AllFacets()})
			return err
		}},
		{"browse+all_facets", func(ctx context.Context) error {
			_, err := s.Search(ctx, Query{Filter: three, Sort: SortNewest, Limit: 50, Facets: AllFacets()})
			return err
		}},
		{"list_3_filters", func(ctx context.Context) error {
			_, _, _, err := s.List(ctx, store.ListQuery{Filter: three, Sort: store.SortNewest, Limit: 50})
			return err
		}},
		{"list_3_filters_year", func(ctx context.Context) error {
			_, _, _, err := s.List(ctx, store.ListQuery{Filter: three, Sort: store.SortYear, Limit: 50})
			return err
		}},
		{"autocomplete", func(ctx context.Context) error {
			_, err := s.Autocomplete(ctx, "ste", nil, 10)
			return err
		}},
		{"autocomplete_typo", func(ctx context.Context) error {
			_, err := s.Autocomplete(ctx, "spielbreg", nil, 10)
			return err
		}},
		{"colour_nearest", func(ctx context.Context) error {
			_, err := s.Search(ctx, Query{Filter: store.Filter{Color: &store.ColorFilter{L: 30, A: 10, B: -40, Distance: 15, Share: 0.05}}, Sort: SortRelevance, Limit: 50})
			return err
		}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				if err := bc.run(ctx); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
