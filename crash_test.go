package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// childEnv, when set, makes the test binary run shotdeck with the
// arguments in it instead of the tests: the crash test kills that process
// with SIGKILL, which an in-process server could not survive.
const childEnv = "SHOTDECK_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		if err := run(context.Background(), strings.Fields(args)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startChild runs `shotdeck serve` on dir in a child process.
func startChild(t *testing.T, dir, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"=serve --addr "+addr+" --data "+dir+" --demo=false --log-level error")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitHealthy(t, "http://"+addr)
	return cmd
}

func kill(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no cleanup at all
		t.Fatal(err)
	}
	cmd.Wait()
}

// caughtUp waits until /readyz reports an index lag of 0.
func caughtUp(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			var r struct {
				IndexLag *int64 `json:"index_lag"`
			}
			json.NewDecoder(res.Body).Decode(&r)
			res.Body.Close()
			if res.StatusCode == 200 && r.IndexLag != nil && *r.IndexLag == 0 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the index did not catch up after a restart")
}

func catalogLines(from, n int) string {
	var b strings.Builder
	frames := []string{"wide", "medium", "close_up"}
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&b, `{"id":"k%d","title":"Crash still %d","frame_size":%q,"tags":["crash"],"movie":{"title":"Film %d","year":%d}}`+"\n",
			i, i, frames[i%3], i%50, 1960+i%60)
	}
	return b.String()
}

func authed(t *testing.T, method, url, token, ctype, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// searchTotal is how many stills the index-backed search counts.
func searchTotal(t *testing.T, base, token string) int {
	res := authed(t, "GET", base+"/api/v1/search?q=crash&limit=1", token, "", "")
	defer res.Body.Close()
	var out struct{ Total int }
	json.NewDecoder(res.Body).Decode(&out)
	return out.Total
}

// TestIndexSurvivesKill9: the server is killed with SIGKILL in the middle
// of an import, and again right after one while the indexer still works;
// each time the next start catches up, and the index counts exactly the
// stills SQLite holds.
func TestIndexSurvivesKill9(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	child := startChild(t, dir, addr)
	res, err := http.Post(base+"/api/v1/setup", "application/json", strings.NewReader(`{"username":"admin","password":"director-cut"}`))
	if err != nil {
		t.Fatal(err)
	}
	var setup struct{ Token string }
	json.NewDecoder(res.Body).Decode(&setup)
	res.Body.Close()

	// Kill mid-import: some batches of the bulk request are committed.
	go func() {
		req, _ := http.NewRequest("POST", base+"/api/v1/images/bulk", strings.NewReader(catalogLines(0, 20000)))
		req.Header.Set("Authorization", "Bearer "+setup.Token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	for searchTotal(t, base, setup.Token) == 0 { // the indexer is at work
		time.Sleep(10 * time.Millisecond)
	}
	kill(t, child)

	child = startChild(t, dir, addr)
	caughtUp(t, base)
	first := searchTotal(t, base, setup.Token)
	// Kill right after an import is answered, before the index has it all.
	res = authed(t, "POST", base+"/api/v1/images/bulk", setup.Token, "application/x-ndjson", catalogLines(100000, 5000))
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("second import: %d", res.StatusCode)
	}
	kill(t, child)

	child = startChild(t, dir, addr)
	caughtUp(t, base)
	total := searchTotal(t, base, setup.Token)
	kill(t, child)

	db, err := store.Open(context.Background(), filepath.Join(dir, "shotdeck.db"), store.Options{SlowQuery: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.CountImages(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != rows || first == 0 || total != first+5000 {
		t.Fatalf("after two kills the index counts %d stills, SQLite holds %d (first run left %d)", total, rows, first)
	}
	t.Logf("killed mid-import with %d stills committed; index and SQLite agree on %d", first, rows)
}
