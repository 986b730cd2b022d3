package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

var (
	bench100k     *store.DB
	bench100kOnce sync.Once
)

// BenchmarkList100k measures one page (50) of the stills list over 100,000
// generated catalog-only stills: the plain newest-first list, each sort,
// and three facet filters together.
func BenchmarkList100k(b *testing.B) {
	bench100kOnce.Do(func() { bench100k, _ = importGenerated(b, 100_000) })
	db := bench100k
	ctx := context.Background()
	three := store.Filter{Values: map[string][]string{
		"frame_size": {"close_up"}, "lighting": {"soft"}, "time_of_day": {"night"},
	}}
	for _, bc := range []struct {
		name string
		q    store.ListQuery
	}{
		{"newest", store.ListQuery{Sort: store.SortNewest, Limit: 50}},
		{"year", store.ListQuery{Sort: store.SortYear, Limit: 50}},
		{"newest_page_100", store.ListQuery{Sort: store.SortNewest, Limit: 50, After: &store.SortKey{ID: 95_000}}},
		{"three_filters", store.ListQuery{Filter: three, Sort: store.SortNewest, Limit: 50}},
		{"three_filters_year", store.ListQuery{Filter: three, Sort: store.SortYear, Limit: 50}},
		{"tag", store.ListQuery{Filter: store.Filter{Tags: []string{"rain"}}, Sort: store.SortNewest, Limit: 50}},
		{"color", store.ListQuery{Filter: store.Filter{Color: &store.ColorFilter{L: 30, A: 10, B: -40, Distance: 15, Share: 0.05}}, Sort: store.SortNewest, Limit: 50}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, _, err := db.ListImages(ctx, bc.q); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			reportPercentiles(b, took)
		})
	}
}

// reportPercentiles adds the median and p99 of per-call durations to a
// benchmark's output, in milliseconds: budgets are stated as p99.
func reportPercentiles(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	at := func(q float64) float64 {
		return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
