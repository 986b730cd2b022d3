package index

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// benchDocs is the library size of the benchmarks: 100,000 unless
// SHOTDECK_BENCH_DOCS says otherwise.
func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("SHOTDECK_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// applyChunk is how many docs each Apply of the benchmarks carries: a full
// reindex reads SQLite in chunks of this size.
const applyChunk = 10_000

func applyAll(tb testing.TB, x *Index, docs []Doc) {
	for i := 0; i < len(docs); i += applyChunk {
		end := min(i+applyChunk, len(docs))
		if err := x.Apply(docs[i:end], nil, int64(end)); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkApply indexes the whole library into a new index, in chunks.
func BenchmarkApply(b *testing.B) {
	docs := generatedDocs(b, benchDocs(), 1)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		x, err := Open(filepath.Join(b.TempDir(), "index"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		applyAll(b, x, docs)
		b.ReportMetric(float64(len(docs))/time.Since(start).Seconds(), "docs/s")
		b.StopTimer()
		x.Close()
	}
}

// cpuTime is the CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds a cpu-ms/op metric once the benchmark ends: the shared
// development machine is busy, and CPU time varies much less than wall time
// with the load of other processes.
func reportCPU(b *testing.B) {
	start := cpuTime()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	})
}

var shared struct {
	once sync.Once
	dir  string
	x    *Index
	err  error
}

// sharedIndex builds the benchmark library once per test binary.
func sharedIndex(b *testing.B) *Index {
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "shotdeck-index-bench")
		if shared.err != nil {
			return
		}
		shared.x, shared.err = Open(filepath.Join(shared.dir, "index"))
		if shared.err != nil {
			return
		}
		start := time.Now()
		applyAll(b, shared.x, generatedDocs(b, benchDocs(), 1))
		b.Logf("indexed %d docs in %v, %d MiB on disk", benchDocs(), time.Since(start), dirSize(shared.dir)>>20)
	})
	if shared.err != nil {
		b.Fatal(shared.err)
	}
	return shared.x
}

// dirSize is the total size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.x != nil {
		shared.x.Close()
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// benchQueries go from selective to broad; "night" and "wo" match a large
// share of the library.
var benchQueries = []string{
	"lumet",
	"spielbreg",
	"warehouse light",
	`"soft daylight"`,
	"cu night",
	"golden hour",
	"night",
	"wo",
	"woman kitchen",
}

func BenchmarkSearch(b *testing.B) {
	x := sharedIndex(b)
	ctx := context.Background()
	for _, q := range benchQueries {
		b.Run(q, func(b *testing.B) {
			var total uint64
			reportCPU(b)
			for range b.N {
				var err error
				if _, total, err = x.Search(ctx, q, nil, 50); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// BenchmarkSearchDeepPage fetches the page after 2,000 hits.
func BenchmarkSearchDeepPage(b *testing.B) {
	x := sharedIndex(b)
	ctx := context.Background()
	var after *Hit
	for range 2000 / MaxLimit {
		hits, _, err := x.Search(ctx, "night", after, MaxLimit)
		if err != nil || len(hits) == 0 {
			b.Fatal(err)
		}
		after = &hits[len(hits)-1]
	}
	b.ResetTimer()
	for range b.N {
		if _, _, err := x.Search(ctx, "night", after, 50); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatchIDs(b *testing.B) {
	x := sharedIndex(b)
	ctx := context.Background()
	for _, q := range benchQueries {
		b.Run(q, func(b *testing.B) {
			var n uint64
			reportCPU(b)
			for range b.N {
				bm, err := x.MatchIDs(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				n = bm.GetCardinality()
			}
			b.ReportMetric(float64(n), "ids")
		})
	}
}

// BenchmarkSearchWithin pages a text query narrowed to 2% of the library,
// as a facet filter would.
func BenchmarkSearchWithin(b *testing.B) {
	x := sharedIndex(b)
	ctx := context.Background()
	within := roaring.New()
	for id := uint32(1); id <= uint32(benchDocs()); id += 50 {
		within.Add(id)
	}
	for _, q := range []string{"night", "warehouse light"} {
		b.Run(q, func(b *testing.B) {
			var total uint64
			reportCPU(b)
			for range b.N {
				var err error
				if _, total, err = x.SearchWithin(ctx, q, within, nil, 50); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}
