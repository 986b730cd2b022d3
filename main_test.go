package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/bench"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitHealthy(t *testing.T, url string) {
	t.Helper()
	for range 200 {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("server did not come up")
}

// TestServeLifecycle runs the real serve command: it comes up, holds the
// data directory against a second process, and shuts down cleanly on
// cancellation (SIGINT/SIGTERM), after which the directory is free again.
func TestServeLifecycle(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	t.Setenv("SHOTDECK_DATA", dir) // flags fall back to the environment
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", addr, "--demo=false", "--log-level", "error"}) }()
	waitHealthy(t, "http://"+addr)
	for _, f := range []string{"shotdeck.db", "blobs.bolt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("data directory lacks %s: %v", f, err)
		}
	}

	// An import without --url while the server runs says what to do.
	manifest := filepath.Join(t.TempDir(), "m.jsonl")
	os.WriteFile(manifest, []byte(`{"id":"a","title":"x"}`+"\n"), 0o644)
	err := run(context.Background(), []string{"import", manifest, "--quiet"})
	if err == nil || !strings.Contains(err.Error(), "--url") {
		t.Fatalf("import while serving: %v", err)
	}

	// A slow request in flight when shutdown starts still completes.
	inflight := make(chan int, 1)
	go func() {
		res, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			inflight <- 0
			return
		}
		res.Body.Close()
		inflight <- res.StatusCode
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v, want a clean stop", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if code := <-inflight; code != 200 {
		t.Fatalf("in-flight request got %d", code)
	}
	// The directory is free: a local import now works.
	if err := run(context.Background(), []string{"import", manifest, "--quiet"}); err != nil {
		t.Fatalf("import after stop: %v", err)
	}
}

func TestUsersAddFromStdin(t *testing.T) {
	c := &common{data: t.TempDir(), logLevel: "error"}
	ctx := context.Background()
	if err := c.addUser(ctx, "dana", "admin", strings.NewReader("a long password\n")); err != nil {
		t.Fatal(err)
	}
	if err := c.addUser(ctx, "dana", "member", strings.NewReader("another password\n")); err == nil {
		t.Fatal("a taken username was accepted")
	}
	if err := c.addUser(ctx, "sam", "member", strings.NewReader("short\n")); err == nil {
		t.Fatal("a short password was accepted")
	}
	if err := c.addUser(ctx, "Bad Name", "member", strings.NewReader("a long password\n")); err == nil {
		t.Fatal("a bad username was accepted")
	}
	if err := c.addUser(ctx, "sam", "owner", strings.NewReader("a long password\n")); err == nil {
		t.Fatal("an unknown role was accepted")
	}
}

func TestFlagsFromEnvironment(t *testing.T) {
	t.Setenv("SHOTDECK_SLOW_QUERY", "5ms")
	t.Setenv("SHOTDECK_ADDR", "0.0.0.0:9999")
	var f serveFlags
	fs := newFlags("serve", &f.common)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "")
	if err := parseFlags(fs, []string{"--addr", "127.0.0.1:1234"}); err != nil {
		t.Fatal(err)
	}
	if f.slowQuery != 5*time.Millisecond || f.addr != "127.0.0.1:1234" {
		t.Fatalf("slow=%v addr=%s: the environment fills flags, the command line wins", f.slowQuery, f.addr)
	}
	t.Setenv("SHOTDECK_MAX_PIXELS", "lots")
	if err := parseFlags(newFlags("serve", &f.common), nil); err == nil {
		t.Fatal("a malformed environment value was accepted")
	}
}

// TestImportThroughServer runs `shotdeck import --url` against a real
// server: catalog lines in bulk, lines with files as uploads, bad lines
// reported with their manifest line numbers, and a second run idempotent.
func TestImportThroughServer(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", dir, "--demo=false", "--log-level", "error"})
	}()
	defer func() { cancel(); <-done }()
	base := "http://" + addr
	waitHealthy(t, base)
	res, err := http.Post(base+"/api/v1/setup", "application/json", strings.NewReader(`{"username":"admin","password":"director-cut"}`))
	if err != nil {
		t.Fatal(err)
	}
	var setup struct{ Token string }
	json.NewDecoder(res.Body).Decode(&setup)
	res.Body.Close()

	mdir := t.TempDir()
	os.MkdirAll(filepath.Join(mdir, "stills"), 0o755)
	os.WriteFile(filepath.Join(mdir, "stills", "a.jpg"), testJPEG(t, color.RGBA{200, 30, 30, 255}), 0o644)
	os.WriteFile(filepath.Join(mdir, "stills", "b.jpg"), testJPEG(t, color.RGBA{30, 30, 200, 255}), 0o644)
	manifest := filepath.Join(mdir, "stills.jsonl")
	os.WriteFile(manifest, []byte(strings.Join([]string{
		`{"id":"cat-1","title":"Catalog one","frame_size":"wide"}`,
		`{"id":"a","file":"stills/a.jpg","title":"Red"}`,
		`{"id":"bad","frame_size":"giant"}`,
		`{"id":"b","title":"Blue, catalog first"}`,
		`{"id":"b","file":"stills/b.jpg"}`,
		`{"id":"missing","file":"stills/none.jpg"}`,
		`{"id":"cat-2","title":"Catalog two"}`,
	}, "\n")+"\n"), 0o644)

	args := []string{"import", manifest, "--url", base, "--token", setup.Token, "--quiet"}
	err = run(context.Background(), args)
	var code exitCode
	if !errors.As(err, &code) || code != exitLinesFailed {
		t.Fatalf("import with failing lines: %v, want exit %d", err, exitLinesFailed)
	}
	images := func() map[string]bool {
		req, _ := http.NewRequest("GET", base+"/api/v1/images?limit=200", nil)
		req.Header.Set("Authorization", "Bearer "+setup.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var page struct {
			Items []struct {
				ExternalID string  `json:"external_id"`
				ThumbURL   *string `json:"thumb_url"`
			}
		}
		json.NewDecoder(res.Body).Decode(&page)
		out := map[string]bool{}
		for _, it := range page.Items {
			out[it.ExternalID] = it.ThumbURL != nil
		}
		return out
	}
	got := images()
	want := map[string]bool{"cat-1": false, "a": true, "b": true, "cat-2": false}
	if !maps.Equal(got, want) {
		t.Fatalf("stills after import: %v, want %v", got, want)
	}
	// Again: nothing new, nothing lost, same failures.
	if err := run(context.Background(), args); !errors.As(err, &code) || code != exitLinesFailed {
		t.Fatalf("second import: %v", err)
	}
	if got := images(); !maps.Equal(got, want) {
		t.Fatalf("stills after a second import: %v", got)
	}
	// A wrong token stops the import with a clear error.
	err = run(context.Background(), []string{"import", manifest, "--url", base, "--token", "nope", "--quiet"})
	if err == nil || !strings.Contains(err.Error(), "refused the token") {
		t.Fatalf("bad token: %v", err)
	}
}

func testJPEG(t *testing.T, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 180))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, 255
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	return b.Bytes()
}

// benchReport is the part of bench's JSON the tests read.
type benchReport struct {
	Setup struct {
		Mode        string `json:"mode"`
		Images      int    `json:"images"`
		Concurrency int    `json:"concurrency"`
		PeakRSS     int64  `json:"peak_rss_bytes"`
		Import      *struct {
			Stills int    `json:"stills"`
			Reused int    `json:"reused"`
			Via    string `json:"via"`
		} `json:"import"`
	} `json:"setup"`
	Results []struct {
		Scenario     string   `json:"scenario"`
		Requests     int      `json:"requests"`
		Errors       int      `json:"errors"`
		ErrorSamples []string `json:"error_samples"`
		P99          float64  `json:"p99_ms"`
		CacheHits    int      `json:"cache_hits"`
		CacheMisses  int      `json:"cache_misses"`
	} `json:"results"`
}

func readBenchReport(t *testing.T, path string) *benchReport {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r benchReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("bench JSON: %v\n%s", err, b)
	}
	return &r
}

// TestBenchInProcess runs the real bench command end to end at a small
// size: server in-process on a temporary directory, 2,000 generated stills
// imported, every scenario over real HTTP and WebSocket. Every scenario
// must answer without an error, the uncached ones must really miss the
// response cache and the cached ones hit it, and the table and the JSON
// must hold every scenario.
func TestBenchInProcess(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)                // where bench makes (and must remove) its data directory
	t.Setenv("SHOTDECK_CONCURRENCY", "16") // flags fall back to the environment
	jsonPath := filepath.Join(t.TempDir(), "bench.json")
	var out bytes.Buffer
	err := benchTo(context.Background(), []string{"--images", "2000", "--duration", "300ms", "--json", jsonPath}, &out, io.Discard)
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	r := readBenchReport(t, jsonPath)
	if r.Setup.Mode != "in-process" || r.Setup.Images != 2000 || r.Setup.Concurrency != 16 {
		t.Fatalf("setup: %+v", r.Setup)
	}
	if r.Setup.Import == nil || r.Setup.Import.Stills != 2000 || r.Setup.Import.Via != "library" {
		t.Fatalf("import: %+v", r.Setup.Import)
	}
	if _, err := os.Stat("/proc/self/status"); err == nil && r.Setup.PeakRSS <= 0 {
		t.Fatalf("no peak RSS on Linux")
	}
	names := bench.Names()
	if len(r.Results) != len(names) {
		t.Fatalf("%d results, want one per scenario (%v)", len(r.Results), names)
	}
	table := strings.Split(out.String(), "\n")
	for i, res := range r.Results {
		if res.Scenario != names[i] {
			t.Errorf("result %d is %s, want %s", i, res.Scenario, names[i])
		}
		if res.Requests == 0 || res.Errors != 0 || res.P99 <= 0 {
			t.Errorf("%s: %d requests, %d errors %q, p99 %v", res.Scenario, res.Requests, res.Errors, res.ErrorSamples, res.P99)
		}
		switch {
		case strings.HasSuffix(res.Scenario, "_cached"):
			if res.CacheHits < res.Requests*9/10 {
				t.Errorf("%s: %d cache hits of %d", res.Scenario, res.CacheHits, res.Requests)
			}
		case res.Scenario == "still_detail" || res.Scenario == "live_fanout":
			if res.CacheHits+res.CacheMisses != 0 {
				t.Errorf("%s: cache counts on an uncacheable request", res.Scenario)
			}
		default:
			if res.CacheHits != 0 || res.CacheMisses != res.Requests {
				t.Errorf("%s: %d hits, %d misses of %d requests: an uncached scenario hit the cache", res.Scenario, res.CacheHits, res.CacheMisses, res.Requests)
			}
		}
		if !slices.ContainsFunc(table, func(l string) bool { return strings.HasPrefix(l, res.Scenario+" ") }) {
			t.Errorf("the table has no %s row:\n%s", res.Scenario, out.String())
		}
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("bench left its temporary data behind: %v", entries)
	}
}

// TestBenchDataDirectory: a named --data directory is kept, and a second
// run reuses its stills and deck instead of importing again; a directory
// holding a library bench did not make is refused.
func TestBenchDataDirectory(t *testing.T) {
	dir := t.TempDir()
	jsonPath := filepath.Join(t.TempDir(), "bench.json")
	args := []string{"--data", dir, "--images", "300", "--duration", "100ms", "--scenarios", "deck_load,still_detail",
		"--concurrency", "4", "--json", jsonPath}
	for run, wantImported := range []int{300, 0} {
		if err := benchTo(context.Background(), args, io.Discard, io.Discard); err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		r := readBenchReport(t, jsonPath)
		imported := 0
		if r.Setup.Import != nil {
			imported = r.Setup.Import.Stills
		}
		if imported != wantImported || r.Setup.Images != 300 || len(r.Results) != 2 {
			t.Fatalf("run %d: imported %d, want %d; setup %+v; %d results", run+1, imported, wantImported, r.Setup, len(r.Results))
		}
		for _, res := range r.Results {
			if res.Errors != 0 || res.Requests == 0 {
				t.Fatalf("run %d: %s: %d requests, errors %q", run+1, res.Scenario, res.Requests, res.ErrorSamples)
			}
		}
	}
	c := &common{data: dir, logLevel: "error"}
	err := c.withStores(context.Background(), func(st *stores) error {
		u, err := st.db.UserByName(context.Background(), bench.MemberName)
		if err != nil {
			return err
		}
		decks, _, err := st.db.ListDecks(context.Background(), u.ID, nil, 100)
		if err == nil && len(decks) != 1 {
			err = fmt.Errorf("%d decks after two runs, want the one reused", len(decks))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	own := t.TempDir()
	manifest := filepath.Join(t.TempDir(), "m.jsonl")
	os.WriteFile(manifest, []byte(`{"id":"mine","title":"My still"}`+"\n"), 0o644)
	if err := run(context.Background(), []string{"import", manifest, "--data", own, "--quiet"}); err != nil {
		t.Fatal(err)
	}
	err = benchTo(context.Background(), []string{"--data", own, "--images", "10", "--json", ""}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "did not make") {
		t.Fatalf("bench on a user's library: %v", err)
	}
}

// TestBenchAgainstServer runs bench --url against a running serve: it
// tops the library up through the bulk API, then measures over the wire.
func TestBenchAgainstServer(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir(), "--demo=false", "--log-level", "error"})
	}()
	defer func() { cancel(); <-done }()
	base := "http://" + addr
	waitHealthy(t, base)
	res, err := http.Post(base+"/api/v1/setup", "application/json", strings.NewReader(`{"username":"admin","password":"director-cut"}`))
	if err != nil {
		t.Fatal(err)
	}
	var setup struct{ Token string }
	json.NewDecoder(res.Body).Decode(&setup)
	res.Body.Close()

	jsonPath := filepath.Join(t.TempDir(), "bench.json")
	var out bytes.Buffer
	err = benchTo(context.Background(), []string{"--url", base, "--token", setup.Token, "--images", "500", "--duration", "200ms",
		"--concurrency", "4", "--scenarios", "search_facets,live_fanout", "--json", jsonPath}, &out, io.Discard)
	if err != nil {
		t.Fatalf("bench --url: %v", err)
	}
	r := readBenchReport(t, jsonPath)
	if r.Setup.Mode != "remote" || r.Setup.Images != 500 || r.Setup.Import == nil || r.Setup.Import.Via != "bulk API" || r.Setup.PeakRSS != 0 {
		t.Fatalf("setup: %+v, import %+v", r.Setup, r.Setup.Import)
	}
	for _, res := range r.Results {
		if res.Errors != 0 || res.Requests == 0 {
			t.Fatalf("%s: %d requests, errors %q", res.Scenario, res.Requests, res.ErrorSamples)
		}
	}
	if err := benchTo(context.Background(), []string{"--url", base}, io.Discard, io.Discard); err == nil {
		t.Fatal("--url without --token was accepted")
	}
}
