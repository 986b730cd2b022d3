package bench

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	seq := func(n int) []time.Duration {
		out := make([]time.Duration, n)
		for i := range out {
			out[i] = time.Duration(i+1) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		n    int
		p    float64
		want time.Duration
	}{
		{0, 50, 0},
		{1, 50, time.Millisecond},
		{1, 99, time.Millisecond},
		{2, 50, 1 * time.Millisecond},
		{2, 51, 2 * time.Millisecond},
		{10, 50, 5 * time.Millisecond},
		{10, 95, 10 * time.Millisecond}, // rank ceil(9.5) = 10
		{100, 50, 50 * time.Millisecond},
		{100, 95, 95 * time.Millisecond},
		{100, 99, 99 * time.Millisecond},
		{100, 100, 100 * time.Millisecond},
		{1000, 99, 990 * time.Millisecond},
		{1000, 99.9, 999 * time.Millisecond},
		{3, 0.001, time.Millisecond}, // never below the first value
	} {
		if got := percentile(seq(tc.n), tc.p); got != tc.want {
			t.Errorf("p%v of 1..%d ms = %v, want %v", tc.p, tc.n, got, tc.want)
		}
	}
}

// TestRecorderResult merges workers' recorders the way runHTTP does and
// checks the summary: percentiles over every worker's requests, errors not
// counted as requests, cache states, throughput over the elapsed time.
func TestRecorderResult(t *testing.T) {
	var a, b recorder
	for i := 1; i <= 50; i++ {
		a.ok(time.Duration(i)*time.Millisecond, cacheMiss, 100)
		b.ok(time.Duration(50+i)*time.Millisecond, cacheHit, 300)
	}
	for i := range 7 {
		b.fail(fmt.Errorf("GET /x: 503 Service Unavailable (%d)", i%2))
	}
	a.fail(errors.New("connection refused"))
	var all recorder
	all.merge(&a)
	all.merge(&b)
	s := &scenario{name: "list", budget: Budget{P99: 10 * time.Millisecond}}
	r := all.result(s, 2*time.Second, 32)
	if r.Requests != 100 || r.Errors != 8 || r.CacheHits != 50 || r.CacheMisses != 50 {
		t.Fatalf("counts: %+v", r)
	}
	if r.P50 != 50 || r.P95 != 95 || r.P99 != 99 || r.Max != 100 {
		t.Fatalf("percentiles: p50 %v p95 %v p99 %v max %v", r.P50, r.P95, r.P99, r.Max)
	}
	if r.PerSecond != 50 || r.MeanBytes != 200 || r.Concurrency != 32 {
		t.Fatalf("rate %v, mean bytes %d", r.PerSecond, r.MeanBytes)
	}
	// Distinct messages only, at most maxErrorSamples of them.
	if len(r.ErrorSamples) != 3 {
		t.Fatalf("error samples: %q", r.ErrorSamples)
	}
	if r.Met == nil || *r.Met {
		t.Fatalf("a 99 ms p99 with errors met a 10 ms budget: %v", r.Met)
	}
}

func TestBudgetMet(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		name string
		b    Budget
		r    Result
		want *bool
	}{
		{"no budget", Budget{}, Result{Requests: 10, P99: 1000}, nil},
		{"p99 inside", Budget{P99: 10 * time.Millisecond}, Result{Requests: 10, P99: 9.99}, &yes},
		{"p99 on the line", Budget{P99: 10 * time.Millisecond}, Result{Requests: 10, P99: 10}, &yes},
		{"p99 over", Budget{P99: 10 * time.Millisecond}, Result{Requests: 10, P99: 10.01}, &no},
		{"fast but failing", Budget{P99: 10 * time.Millisecond}, Result{Requests: 10, P99: 1, Errors: 1}, &no},
		{"nothing measured", Budget{P99: 10 * time.Millisecond}, Result{}, &no},
		{"throughput met", Budget{MinRPS: 20000}, Result{Requests: 10, PerSecond: 20000}, &yes},
		{"throughput missed", Budget{MinRPS: 20000}, Result{Requests: 10, PerSecond: 19999}, &no},
	} {
		got := tc.b.met(&tc.r)
		if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
			t.Errorf("%s: met = %v, want %v", tc.name, deref(got), deref(tc.want))
		}
	}
}

func deref(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}
