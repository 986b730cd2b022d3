package metrics

import (
	"testing"

	"github.com/shotdeck/shotdeck/cache"
)

func TestCacheCollectorReportsTheCachesStats(t *testing.T) {
	t.Parallel()
	c, err := cache.New(cache.Options{MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := New()
	if err := r.RegisterCache(c); err != nil {
		t.Fatal(err)
	}
	k := c.Key(cache.List, "", "/api/v1/images", "limit=50")
	c.Get(k) // miss
	c.Set(k, cache.List, cache.NewEntry([]byte(`{"items":[]}`), "application/json"))
	c.Wait()
	c.Get(k)                                                             // hit
	c.Get(k)                                                             // hit
	c.Get(c.Key(cache.Autocomplete, "", "/api/v1/autocomplete", "q=he")) // miss

	text := scrape(t, r)
	wantLines(t, text,
		`shotdeck_cache_requests_total{class="list",result="hit"} 2`,
		`shotdeck_cache_requests_total{class="list",result="miss"} 1`,
		`shotdeck_cache_requests_total{class="autocomplete",result="hit"} 0`,
		`shotdeck_cache_requests_total{class="autocomplete",result="miss"} 1`,
		`shotdeck_cache_requests_total{class="search",result="hit"} 0`,
		`shotdeck_cache_max_bytes 1.048576e+06`,
	)
	if b := sample(t, text, "shotdeck_cache_bytes"); b <= 0 || b != float64(c.Bytes()) {
		t.Errorf("cache_bytes %v, cache holds %d", b, c.Bytes())
	}
	for _, cl := range cache.Classes() {
		// every class is reported, hit or not, so rates start from zero
		sample(t, text, `shotdeck_cache_requests_total{class="`+cl.String()+`",result="hit"}`)
	}
	if err := r.RegisterCache(c); err == nil {
		t.Error("the same cache registered twice")
	}
	if err := r.RegisterCache(nil); err == nil {
		t.Error("a nil cache registered")
	}
}
