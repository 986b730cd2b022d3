package metrics

import (
	"io"
	"testing"
	"time"
)

// BenchmarkObserveRequest is the metrics share of every request, from every
// core at once, over a realistic spread of routes.
func BenchmarkObserveRequest(b *testing.B) {
	r := New()
	routes := []string{"/api/v1/images", "/api/v1/images/:id", "/api/v1/search", "/api/v1/facets", "/api/v1/autocomplete"}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			r.ObserveRequest(routes[i%len(routes)], "GET", 200, 3*time.Millisecond, 25000)
			i++
		}
	})
}

// BenchmarkScrape is one GET /metrics in the text format.
func BenchmarkScrape(b *testing.B) {
	r := New()
	for i := range 50 {
		r.ObserveRequest("/r", "GET", 200+i, time.Millisecond, 1)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteText(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
