package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
