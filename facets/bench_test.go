package facets

import (
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// The benchmarks share one index of benchDocs stills in benchLibrary's
// shape, built on first use so that plain `go test` never pays for it.
const benchDocs = 1_000_000

var (
	benchOnce  sync.Once
	benchIndex *Index
	benchGen   *gen
)

func bench1M(b *testing.B) (*Index, *gen) {
	b.Helper()
	benchOnce.Do(func() {
		benchGen = newGen(benchLibrary, 42)
		benchIndex = New()
		for id := uint32(1); id <= benchDocs; id++ {
			benchIndex.Put(benchGen.doc(id))
		}
	})
	return benchIndex, benchGen
}

// cpuTime returns the CPU time the process has used. The development
// machine is shared, so wall-clock ns/op swings with other people's builds;
// CPU time per op (reported as cpu-ns/op) is the steadier figure.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs f under b.Loop and reports CPU time per op.
func loop(b *testing.B, f func(i int)) {
	b.Helper()
	start, n := cpuTime(), 0
	for b.Loop() {
		f(n)
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(n), "cpu-ns/op")
}

// heapInUse returns the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// BenchmarkBuild1M measures Put of a million stills (docs are generated in
// batches outside the timer) and reports the index's heap.
func BenchmarkBuild1M(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		g := newGen(benchLibrary, 7)
		before := heapInUse()
		x := New()
		batch := make([]Doc, 0, 10_000)
		for id := uint32(1); id <= benchDocs; {
			batch = batch[:0]
			for ; len(batch) < cap(batch) && id <= benchDocs; id++ {
				batch = append(batch, g.doc(id))
			}
			b.StartTimer()
			for _, d := range batch {
				x.Put(d)
			}
			b.StopTimer()
		}
		batch = nil
		b.ReportMetric(float64(heapInUse()-before)/(1<<20), "MiB-heap")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/benchDocs, "ns/put")
		runtime.KeepAlive(x)
		b.StartTimer()
	}
}

// threeFilters returns n queries of three single-value taxonomy filters.
func threeFilters(g *gen, n int) []Query {
	fields := []string{"frame_size", "time_of_day", "lighting", "location_type", "int_ext", "genre", "shot_type", "lens_size"}
	var qs []Query
	for range n {
		q := Query{Filters: map[string][]string{}}
		for len(q.Filters) < 3 {
			f := fields[g.r.IntN(len(fields))]
			q.Filters[f] = []string{g.randomValue(f)}
		}
		qs = append(qs, q)
	}
	return qs
}

func BenchmarkMatchPage3Filters1M(b *testing.B) {
	x, g := bench1M(b)
	qs := threeFilters(g, 64)
	for _, s := range []Sort{SortNewest, SortYear} {
		b.Run(fmt.Sprintf("sort=%d", s), func(b *testing.B) {
			total := uint64(0)
			loop(b, func(i int) {
				set := x.Match(qs[i%len(qs)])
				total += set.GetCardinality()
				ids, more := x.Page(set, s, nil, 50)
				if more {
					k := x.KeyOf(s, ids[len(ids)-1])
					x.Page(set, s, &k, 50) // and the next page
				}
			})
			b.ReportMetric(float64(total)/float64(b.N), "docs/op")
		})
	}
}

func BenchmarkCountsAllFields1M(b *testing.B) {
	x, g := bench1M(b)
	fields := allFields()
	limit := map[string]int{FieldDirector: 20, FieldCinematographer: 20, FieldActor: 20, FieldTag: 30, FieldMovie: 20, FieldYear: 200}
	within := roaring.New()
	for id := uint32(1); id <= benchDocs; id++ {
		if g.r.IntN(10) < 3 {
			within.Add(id)
		}
	}
	cases := []struct {
		name string
		qs   []Query
	}{
		{"nofilter", []Query{{}}},
		{"3filters", threeFilters(g, 64)},
		{"within30pct", []Query{{Within: within}}},
		{"within30pct+3filters", func() []Query {
			qs := threeFilters(g, 64)
			for i := range qs {
				qs[i].Within = within
			}
			return qs
		}()},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			loop(b, func(i int) { x.Counts(c.qs[i%len(c.qs)], fields, limit) })
		})
	}
}

func BenchmarkColor1M(b *testing.B) {
	x, g := bench1M(b)
	var cs []ColorFilter
	for range 64 {
		c := randomColor(g)
		c.Distance, c.Share = 15, 0.05 // the API's defaults
		cs = append(cs, *c)
	}
	b.Run("match", func(b *testing.B) {
		total := uint64(0)
		loop(b, func(i int) { total += x.Match(Query{Color: &cs[i%len(cs)]}).GetCardinality() })
		b.ReportMetric(float64(total)/float64(b.N), "docs/op")
	})
	b.Run("match+distances", func(b *testing.B) {
		loop(b, func(i int) {
			c := cs[i%len(cs)]
			x.ColorDistances(x.Match(Query{Color: &c}), c)
		})
	})
	b.Run("3filters+color", func(b *testing.B) {
		qs := threeFilters(g, 64)
		loop(b, func(i int) {
			q := qs[i%len(qs)]
			q.Color = &cs[i%len(cs)]
			x.Match(q)
		})
	})
}

// BenchmarkCountStrategies times both counting strategies, forced, over
// random sets of several sizes, for the narrow and the wide fields: the
// figures behind the cost model's constants.
func BenchmarkCountStrategies(b *testing.B) {
	x, g := bench1M(b)
	segFields := map[string][]string{
		"narrow": allFields()[:len(allFields())-5],
		"wide":   {FieldDirector, FieldCinematographer, FieldActor, FieldTag, FieldMovie},
	}
	defer func() { x.strategy = strategyAuto }()
	for _, n := range []int{1_000, 10_000, 100_000, 300_000} {
		set := roaring.New()
		for set.GetCardinality() < uint64(n) {
			set.Add(1 + uint32(g.r.IntN(benchDocs)))
		}
		for _, seg := range []string{"narrow", "wide"} {
			for _, st := range []int{strategyDocs, strategyBitmaps, strategyAuto} {
				b.Run(fmt.Sprintf("n=%d/%s/strategy=%d", n, seg, st), func(b *testing.B) {
					x.strategy = st
					loop(b, func(int) { x.Counts(Query{Within: set}, segFields[seg], nil) })
				})
			}
		}
	}
}
