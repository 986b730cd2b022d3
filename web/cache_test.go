package web

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/common/expfmt"
	promodel "github.com/prometheus/common/model"
)

// cacheResult says whether a response came from the response cache.
func cacheResult(r resp) string {
	st := strings.Join(r.header.Values("Server-Timing"), ",")
	switch {
	case strings.Contains(st, `desc="hit`):
		return "hit"
	case strings.Contains(st, `desc="miss`):
		return "miss"
	}
	return "none"
}

// TestCacheNeverServesOlderThanYourWrite: cached answers are reused until
// a write, and the write is visible to the very next read of every class.
func TestCacheNeverServesOlderThanYourWrite(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	seedCatalog(e, 12)
	e.indexed()
	tok := e.member("ana")
	get := func(path string) resp { return e.expect(req{method: "GET", path: path, token: tok}, 200, "") }

	paths := []string{"/api/v1/images?limit=5", "/api/v1/search?q=still&facets=all", "/api/v1/facets",
		"/api/v1/autocomplete?q=fil", "/api/v1/movies", "/api/v1/taxonomy"}
	for _, p := range paths {
		if got := cacheResult(get(p)); got != "miss" {
			t.Fatalf("first %s: %s, want miss", p, got)
		}
		e.cache.Wait() // Ristretto applies sets asynchronously
		if got := cacheResult(get(p)); got != "hit" {
			t.Fatalf("second %s: %s, want hit", p, got)
		}
	}
	e.cache.Wait()
	// Query order does not matter; a different value does.
	if got := cacheResult(get("/api/v1/search?facets=all&q=still")); got != "hit" {
		t.Fatalf("reordered query: %s, want hit", got)
	}

	// A write: the next read of each class sees it.
	var page struct{ Items []struct{ ID, Title string } }
	get("/api/v1/images?limit=5").decode(t, &page)
	e.expect(req{method: "PATCH", path: "/api/v1/images/" + page.Items[0].ID, token: e.admin,
		json: map[string]any{"title": "Zebra crossing", "tags": []string{"zebra"}}}, 200, "")
	var after struct{ Items []struct{ ID, Title string } }
	res := get("/api/v1/images?limit=5")
	res.decode(t, &after)
	if cacheResult(res) != "miss" || after.Items[0].Title != "Zebra crossing" {
		t.Fatalf("list after a write: %s, %+v", cacheResult(res), after.Items[0])
	}
	e.indexed()
	var found struct{ Total int }
	get("/api/v1/search?q=zebra").decode(t, &found)
	if found.Total != 1 {
		t.Fatalf("search after a write finds %d", found.Total)
	}
	var sug struct{ Items []struct{ Text string } }
	get("/api/v1/autocomplete?q=zeb").decode(t, &sug)
	if len(sug.Items) == 0 {
		t.Fatalf("autocomplete does not know the new tag")
	}

	// ETags: a client that has the body gets 304.
	res = get("/api/v1/taxonomy")
	etag := res.header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on a cached answer")
	}
	e.expect(req{method: "GET", path: "/api/v1/taxonomy", token: tok, header: map[string]string{"If-None-Match": etag}}, 304, "")
	// Compressed once, served to clients that take it.
	res = e.expect(req{method: "GET", path: "/api/v1/search?q=still&facets=all", token: tok,
		header: map[string]string{"Accept-Encoding": "br"}}, 200, "")
	if res.header.Get("Content-Encoding") != "br" {
		t.Fatalf("cached search answer not brotli-compressed: %q", res.header.Get("Content-Encoding"))
	}
}

// TestDeckCacheFollowsVersionAndRole: a cached deck is keyed by version and
// role, so an edit is seen at once and a viewer never gets an owner's body.
func TestDeckCacheFollowsVersionAndRole(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	path := "/api/v1/decks/" + tm.deckID
	for _, want := range []string{"miss", "hit"} {
		if got := cacheResult(e.expect(req{method: "GET", path: path, token: tm.owner}, 200, "")); got != want {
			t.Fatalf("owner read: %s, want %s", got, want)
		}
		e.cache.Wait() // Ristretto applies sets asynchronously
	}
	var d deckOut
	res := e.expect(req{method: "GET", path: path, token: tm.viewer}, 200, "")
	res.decode(t, &d)
	if cacheResult(res) != "miss" || d.Role != "viewer" {
		t.Fatalf("viewer read: %s, role %q", cacheResult(res), d.Role)
	}
	e.expect(req{method: "PATCH", path: path + "/cards/" + tm.cardID, token: tm.editor, json: map[string]string{"note": "rain on glass"}}, 200, "")
	e.expect(req{method: "GET", path: path, token: tm.owner}, 200, "").decode(t, &d)
	if d.Cards[0].Note != "rain on glass" {
		t.Fatalf("owner sees the old note after an edit: %q", d.Cards[0].Note)
	}
	// A still deleted elsewhere: no new deck version, yet the card shows it.
	e.expect(req{method: "DELETE", path: "/api/v1/images/" + imageID, token: e.admin}, 204, "")
	e.expect(req{method: "GET", path: path, token: tm.owner}, 200, "").decode(t, &d)
	if d.Cards[0].Image != nil {
		t.Fatal("cached deck still shows a deleted still")
	}
	// Losing access is immediate, cache or not.
	e.expect(req{method: "DELETE", path: path + "/members/" + tm.viewerID, token: tm.owner}, 204, "")
	e.expect(req{method: "GET", path: path, token: tm.viewer}, 404, "not_found")
}

func TestMetricsEndpoint(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	tok := e.member("ana")
	e.expect(req{method: "GET", path: "/api/v1/taxonomy", token: tok}, 200, "")
	e.cache.Wait() // Ristretto applies sets asynchronously
	e.expect(req{method: "GET", path: "/api/v1/taxonomy", token: tok}, 200, "")
	e.expect(req{method: "GET", path: "/metrics", token: tok}, 403, "forbidden")
	e.expect(req{method: "GET", path: "/metrics"}, 401, "unauthenticated")
	res := e.expect(req{method: "GET", path: "/metrics", token: e.admin}, 200, "")
	parser := expfmt.NewTextParser(promodel.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(res.body))
	if err != nil || len(families) < 10 {
		t.Fatalf("/metrics does not parse as Prometheus text: %v (%d families)", err, len(families))
	}
	body := string(res.body)
	for _, want := range []string{
		`shotdeck_http_request_duration_seconds_count{method="GET",route="/api/v1/taxonomy",status="200"} 2`,
		`shotdeck_cache_requests_total{class="taxonomy",result="hit"} 1`,
		`shotdeck_sqlite_query_duration_seconds_count`,
		`shotdeck_websocket_connections`,
		`shotdeck_index_batch_duration_seconds_count`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestRequestLogAndDBTiming: a sampled request log line carries the route,
// status and timings, and API answers report their SQL time.
func TestRequestLogAndDBTiming(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	e := newEnvWith(t, func(c *Config) {
		c.RequestLog = 1
		c.Logger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
	})
	e.setupAdmin()
	res := e.expect(req{method: "GET", path: "/api/v1/users", token: e.admin}, 200, "")
	if st := strings.Join(res.header.Values("Server-Timing"), ","); !strings.Contains(st, "db;dur=") || !strings.Contains(st, "app;dur=") {
		t.Fatalf("Server-Timing %q lacks db or app", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), `msg=request method=GET route=/api/v1/users path=/api/v1/users status=200`) {
		t.Fatalf("no request log line for GET /api/v1/users in:\n%s", logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
