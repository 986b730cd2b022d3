package cache

import (
	"strconv"
	"testing"
)

// benchQueries are the distinct cached requests the benchmarks cycle over.
const benchQueries = 1024

func filledCache(b *testing.B) (*Cache, []string) {
	c := newTestCache(b, Options{})
	body := pageBody(50)
	keys := make([]string, benchQueries)
	for i := range keys {
		keys[i] = c.Key(Search, "", "/api/v1/search", "q=heat&facets=all&limit=50&page="+strconv.Itoa(i))
		c.Set(keys[i], Search, NewEntry(body, "application/json"))
	}
	c.Wait()
	for _, k := range keys {
		if _, ok := c.Get(k); !ok {
			b.Fatal("a set of the warm-up was dropped")
		}
	}
	return c, keys
}

// BenchmarkGetHit is the cache's share of a cached response: one Get that
// hits, from every core at once.
func BenchmarkGetHit(b *testing.B) {
	c, keys := filledCache(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, ok := c.Get(keys[i%benchQueries]); !ok {
				b.Error("miss")
				return
			}
			i++
		}
	})
}

// BenchmarkKeyAndGetHit adds building the key from the request, which a
// cached request also pays.
func BenchmarkKeyAndGetHit(b *testing.B) {
	c, _ := filledCache(b)
	queries := make([]string, benchQueries)
	for i := range queries {
		queries[i] = "limit=50&page=" + strconv.Itoa(i) + "&facets=all&q=heat" // another order
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, ok := c.Get(c.Key(Search, "", "/api/v1/search", queries[i%benchQueries])); !ok {
				b.Error("miss")
				return
			}
			i++
		}
	})
}

// BenchmarkKey is key building alone, for a typical filtered search.
func BenchmarkKey(b *testing.B) {
	c := newTestCache(b, Options{})
	q := "q=blade&frame_size=wide&lighting=soft&lighting=hard&facets=all&limit=50&sort=relevance"
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Key(Search, "", "/api/v1/search", q)
	}
}
