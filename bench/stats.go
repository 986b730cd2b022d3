package bench

import (
	"math"
	"slices"
	"time"
)

// cacheState is what the server's Server-Timing header said about the
// response cache for one answer.
type cacheState uint8

const (
	cacheNone cacheState = iota // the route does not cache (no cache entry in Server-Timing)
	cacheHit
	cacheMiss
)

// maxErrorSamples bounds the error messages kept per scenario; all errors
// are counted.
const maxErrorSamples = 5

// recorder collects one worker's measurements. Workers never share one, so
// recording takes no lock; recorders are merged after the run.
type recorder struct {
	lat        []time.Duration
	errors     int
	hits       int
	misses     int
	bytes      int64
	errSamples []string
}

// ok records a successful request.
func (r *recorder) ok(d time.Duration, c cacheState, n int) {
	r.lat = append(r.lat, d)
	r.bytes += int64(n)
	switch c {
	case cacheHit:
		r.hits++
	case cacheMiss:
		r.misses++
	}
}

// fail records a failed request (transport error, non-2xx answer, a live
// op not seen in time). Its latency is not kept: a refused request is
// often fast and would flatter the percentiles.
func (r *recorder) fail(err error) {
	r.errors++
	if len(r.errSamples) < maxErrorSamples {
		msg := err.Error()
		if !slices.Contains(r.errSamples, msg) {
			r.errSamples = append(r.errSamples, msg)
		}
	}
}

// merge adds o's measurements to r.
func (r *recorder) merge(o *recorder) {
	r.lat = append(r.lat, o.lat...)
	r.errors += o.errors
	r.hits += o.hits
	r.misses += o.misses
	r.bytes += o.bytes
	for _, s := range o.errSamples {
		if len(r.errSamples) < maxErrorSamples && !slices.Contains(r.errSamples, s) {
			r.errSamples = append(r.errSamples, s)
		}
	}
}

// percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of
// sorted: the smallest value that at least p % of the values do not
// exceed. It is zero for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	// The epsilon keeps float error (99.9 % of 1,000 is 999.0000000000001)
	// from moving the rank up by one.
	rank := int(math.Ceil(p*float64(len(sorted))/100 - 1e-9))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// result summarises a scenario's merged measurements over elapsed.
func (r *recorder) result(s *scenario, elapsed time.Duration, concurrency int) Result {
	slices.Sort(r.lat)
	res := Result{
		Scenario:     s.name,
		About:        s.about,
		Concurrency:  concurrency,
		Requests:     len(r.lat),
		Errors:       r.errors,
		ErrorSamples: r.errSamples,
		P50:          ms(percentile(r.lat, 50)),
		P95:          ms(percentile(r.lat, 95)),
		P99:          ms(percentile(r.lat, 99)),
		Max:          ms(percentile(r.lat, 100)),
		Seconds:      elapsed.Seconds(),
		CacheHits:    r.hits,
		CacheMisses:  r.misses,
		Budget:       s.budget,
	}
	if elapsed > 0 {
		res.PerSecond = float64(len(r.lat)) / elapsed.Seconds()
	}
	if len(r.lat) > 0 {
		res.MeanBytes = int(r.bytes / int64(len(r.lat)))
	}
	res.Met = s.budget.met(&res)
	return res
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
