package metrics

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/expfmt"
)

// scrape returns the registry's text exposition.
func scrape(t *testing.T, r *Registry) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// wantLines checks that each line appears, whole, in the exposition.
func wantLines(t *testing.T, text string, lines ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		have[l] = true
	}
	for _, l := range lines {
		if !have[l] {
			t.Errorf("missing line %q", l)
		}
	}
}

// sample returns the value of the series whose line starts with prefix
// (name and labels), or fails.
func sample(t *testing.T, text, prefix string) float64 {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(l, prefix+" "); ok {
			v, err := strconv.ParseFloat(rest, 64)
			if err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			return v
		}
	}
	t.Fatalf("no series %s", prefix)
	return 0
}

func TestRequestMetrics(t *testing.T) {
	t.Parallel()
	r := New()
	const route = "/api/v1/images/:id"
	r.ObserveRequest(route, "GET", 200, 3*time.Millisecond, 1000)
	r.ObserveRequest(route, "GET", 200, 40*time.Millisecond, 500)
	r.ObserveRequest(route, "GET", 404, time.Millisecond, 0)
	r.ObserveRequest(route, "BREW", 200, time.Millisecond, 10)
	r.ObserveRequest("/api/v1/search", "GET", 1000, time.Millisecond, 0)
	text := scrape(t, r)
	ok := `{method="GET",route="/api/v1/images/:id",status="200"}`
	wantLines(t, text,
		`shotdeck_http_request_duration_seconds_count`+ok+` 2`,
		`shotdeck_http_request_duration_seconds_bucket{method="GET",route="/api/v1/images/:id",status="200",le="0.0025"} 0`,
		`shotdeck_http_request_duration_seconds_bucket{method="GET",route="/api/v1/images/:id",status="200",le="0.005"} 1`,
		`shotdeck_http_request_duration_seconds_bucket{method="GET",route="/api/v1/images/:id",status="200",le="0.05"} 2`,
		`shotdeck_http_request_duration_seconds_count{method="GET",route="/api/v1/images/:id",status="404"} 1`,
		`shotdeck_http_request_duration_seconds_count{method="OTHER",route="/api/v1/images/:id",status="200"} 1`,
		`shotdeck_http_request_duration_seconds_count{method="GET",route="/api/v1/search",status="other"} 1`,
		`shotdeck_http_response_bytes_total{route="/api/v1/images/:id"} 1510`,
	)
	if sum := sample(t, text, `shotdeck_http_request_duration_seconds_sum`+ok); sum < 0.0429 || sum > 0.0431 {
		t.Errorf("duration sum %v, want 0.043", sum)
	}
	wantLines(t, text, // the bucket range runs from 0.25 ms to 10 s
		`shotdeck_http_request_duration_seconds_bucket{method="GET",route="/api/v1/images/:id",status="200",le="0.00025"} 0`,
		`shotdeck_http_request_duration_seconds_bucket{method="GET",route="/api/v1/images/:id",status="200",le="10"} 2`,
	)
}

func TestObserveRequestDoesNotAllocate(t *testing.T) {
	r := New()
	r.ObserveRequest("/api/v1/search", "GET", 200, time.Millisecond, 100) // first sight resolves the series
	allocs := testing.AllocsPerRun(1000, func() {
		r.ObserveRequest("/api/v1/search", "GET", 200, time.Millisecond, 100)
	})
	if allocs != 0 {
		t.Errorf("ObserveRequest allocates %.1f times per call on a known route", allocs)
	}
}

func TestRouteSeriesAreCapped(t *testing.T) {
	t.Parallel()
	r := New()
	for i := range maxRouteSeries + 200 { // as if raw paths were passed
		r.ObserveRequest("/api/v1/images/"+strconv.Itoa(i), "GET", 200, time.Millisecond, 1)
	}
	if n := testutil.CollectAndCount(r.http.duration); n != maxRouteSeries+1 {
		t.Errorf("%d duration series, want %d routes + 1 overflow", n, maxRouteSeries)
	}
	text := scrape(t, r)
	wantLines(t, text, `shotdeck_http_request_duration_seconds_count{method="GET",route="other",status="200"} 200`)
}

func TestRequestMetricsConcurrently(t *testing.T) {
	t.Parallel()
	r := New()
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 500 {
				r.ObserveRequest("/r"+strconv.Itoa(i%20), "GET", 200+w, time.Millisecond, 1)
			}
		}()
	}
	for range 4 {
		<-done
	}
	if got := testutil.ToFloat64(r.http.bytes.WithLabelValues("/r0")); got != 4*25 {
		t.Errorf("bytes for /r0 = %v, want 100", got)
	}
}

func TestStoreIndexLiveAndJobMetrics(t *testing.T) {
	t.Parallel()
	r := New()
	r.ObserveQuery(80*time.Microsecond, false)
	r.ObserveQuery(2*time.Millisecond, false)
	r.ObserveQuery(300*time.Millisecond, true)
	r.ObserveIndexBatch(120*time.Millisecond, 2000)
	r.ObserveIndexBatch(40*time.Second, 500)
	r.WebSocketOpened()
	r.WebSocketOpened()
	r.WebSocketClosed()
	r.WebSocketIn()
	r.WebSocketOut()
	r.WebSocketOut()
	r.ObserveJob("export_pdf", "done")
	r.ObserveJob("export_pdf", "done")
	r.ObserveJob("export_zip", "failed")
	lag, depth := 7.0, 3.0
	if err := r.RegisterIndexLag(func() float64 { return lag }); err != nil {
		t.Fatal(err)
	}
	if err := r.RegisterJobsQueueDepth(func() float64 { return depth }); err != nil {
		t.Fatal(err)
	}
	text := scrape(t, r)
	wantLines(t, text,
		`shotdeck_sqlite_query_duration_seconds_count 3`,
		`shotdeck_sqlite_query_duration_seconds_bucket{le="0.0001"} 1`,
		`shotdeck_sqlite_slow_queries_total 1`,
		`shotdeck_index_batch_duration_seconds_count 2`,
		`shotdeck_index_batch_duration_seconds_bucket{le="10"} 1`,
		`shotdeck_index_batch_duration_seconds_bucket{le="60"} 2`,
		`shotdeck_index_docs_applied_total 2500`,
		`shotdeck_index_lag 7`,
		`shotdeck_websocket_connections 1`,
		`shotdeck_websocket_messages_total{direction="in"} 1`,
		`shotdeck_websocket_messages_total{direction="out"} 2`,
		`shotdeck_jobs_total{kind="export_pdf",status="done"} 2`,
		`shotdeck_jobs_total{kind="export_zip",status="failed"} 1`,
		`shotdeck_jobs_queue_depth 3`,
	)
	lag = 0 // gauges are read at scrape time
	wantLines(t, scrape(t, r), `shotdeck_index_lag 0`)

	if err := r.RegisterIndexLag(func() float64 { return 1 }); err == nil {
		t.Error("a second index lag gauge registered")
	}
	if err := r.RegisterJobsQueueDepth(nil); err == nil {
		t.Error("a nil queue depth func registered")
	}
}

func TestRuntimeAndProcessSeries(t *testing.T) {
	t.Parallel()
	text := scrape(t, New())
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes"} {
		if sample(t, text, name) <= 0 {
			t.Errorf("%s is not positive", name)
		}
	}
	if runtime.GOOS == "linux" {
		rss := sample(t, text, "process_resident_memory_bytes")
		peak := sample(t, text, "shotdeck_process_peak_resident_memory_bytes")
		if rss <= 0 || peak < rss {
			t.Errorf("resident memory %v, peak %v: want 0 < resident <= peak", rss, peak)
		}
	}
}

func TestHandlerServesTheRegistry(t *testing.T) {
	t.Parallel()
	r := New()
	r.ObserveRequest("/healthz", "GET", 200, time.Millisecond, 15)
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	wantLines(t, string(body), `shotdeck_http_response_bytes_total{route="/healthz"} 15`)
}

func TestTextContentTypeMatchesExpfmt(t *testing.T) {
	t.Parallel()
	if got := string(expfmt.NewFormat(expfmt.TypeTextPlain)); got != TextContentType {
		t.Errorf("TextContentType %q, expfmt writes %q", TextContentType, got)
	}
}

// TestSeriesPassLint runs client_golang's naming linter (units, _total
// suffixes, casing) over every series we define.
func TestSeriesPassLint(t *testing.T) {
	t.Parallel()
	r := New()
	r.ObserveRequest("/x", "GET", 200, time.Millisecond, 1)
	r.ObserveJob("k", "done")
	if err := r.RegisterIndexLag(func() float64 { return 0 }); err != nil {
		t.Fatal(err)
	}
	problems, err := testutil.GatherAndLint(r.Gatherer())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, namespace+"_") {
			t.Errorf("%s: %s", p.Metric, p.Text)
		}
	}
}
