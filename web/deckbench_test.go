package web

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// BenchmarkDeckLoad500 loads a 500-card deck (every card with a still and
// two text elements) over HTTP from 32 concurrent clients, the DESIGN.md
// budget's setting, and reports the latency percentiles.
func BenchmarkDeckLoad500(b *testing.B) {
	b.Run("cached", func(b *testing.B) { benchDeckLoad(b, true) })
	b.Run("uncached", func(b *testing.B) { benchDeckLoad(b, false) })
}

func benchDeckLoad(b *testing.B, cached bool) {
	e := newEnvWith(b, func(c *Config) {
		if !cached {
			c.Cache = nil
		}
	})
	e.setupAdmin()
	seedCatalog(e, 500)
	tok := e.member("owner")
	var page struct{ Items []struct{ ID string } }
	var ids []string
	for _, q := range []string{"limit=200", "limit=200&sort=oldest", "limit=100&frame_size=wide"} {
		e.expect(req{method: "GET", path: "/api/v1/images?" + q, token: tok}, 200, "").decode(b, &page)
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
	}
	cards := make([]any, 500)
	for i := range cards {
		cards[i] = map[string]any{"image_id": ids[i%len(ids)], "note": fmt.Sprintf("Card %d: sodium light, wet street", i),
			"text_elements": []any{
				map[string]any{"text": "INT. DINER", "x": 0.05, "y": 0.05, "width": 0.4, "height": 0.1},
				map[string]any{"text": "Night", "x": 0.6, "y": 0.85, "width": 0.3, "height": 0.1, "style": map[string]any{"color": "#ffcc00", "size": 18}},
			}}
	}
	d := e.newDeck(tok, map[string]any{"title": "Heat look book", "cards": cards})
	path := "/api/v1/decks/" + d.ID
	if res := e.do(req{method: "GET", path: path, token: tok}); res.status != 200 || len(res.body) < 100_000 {
		b.Fatalf("deck load: %d, %d bytes", res.status, len(res.body))
	}
	const clients = 32
	// One kept-alive connection per client, and bodies read into a
	// discard: the default transport keeps 2 idle connections per host and
	// would measure reconnects, and buffering 300 KB per response would
	// measure the client's allocator on the same two cores.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}}
	get := func() int {
		r, _ := http.NewRequest("GET", e.url+path, nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		res, err := client.Do(r)
		if err != nil {
			b.Error(err)
			return 0
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	lat := make([]time.Duration, b.N)
	var next sync.WaitGroup
	jobs := make(chan int)
	b.ResetTimer()
	for range clients {
		next.Add(1)
		go func() {
			defer next.Done()
			for i := range jobs {
				start := time.Now()
				if status := get(); status != 200 {
					b.Errorf("status %d", status)
				}
				lat[i] = time.Since(start)
			}
		}()
	}
	for i := range b.N {
		jobs <- i
	}
	close(jobs)
	next.Wait()
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
