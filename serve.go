package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/data"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/metrics"
	"github.com/shotdeck/shotdeck/search"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/web"
)

type serveFlags struct {
	common
	addr           string
	demo           bool
	secureCookies  bool
	allowedOrigins string
	cacheMB        int64
}

func runServe(ctx context.Context, args []string) error {
	var f serveFlags
	fs := newFlags("serve", &f.common)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&f.demo, "demo", true, "fill an empty data directory with the embedded demo library")
	fs.BoolVar(&f.secureCookies, "secure-cookies", false, "mark the session cookie Secure (set when served over HTTPS)")
	fs.StringVar(&f.allowedOrigins, "allowed-origins", "", "comma-separated extra origins allowed to make cookie-authenticated changes")
	fs.Int64Var(&f.cacheMB, "cache-mb", 256, "memory for cached API responses, in MiB (0 turns the cache off)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := f.logger(os.Stderr)
	slog.SetDefault(log)
	stopProfile, err := f.profile()
	if err != nil {
		return err
	}
	defer stopProfile()
	reg := metrics.New()
	f.onQuery = reg.ObserveQuery
	st, err := f.open(ctx, log)
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%s is in use by another shotdeck process; stop it or choose another --data", f.data)
	}
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close stores", "err", err)
		}
	}()
	lib := f.library(st, log)
	sr, err := search.Open(st.db, filepath.Join(f.data, "index"), log)
	if err != nil {
		return err
	}
	rc, err := responseCache(f.cacheMB)
	if err != nil {
		sr.Close()
		return err
	}
	if rc != nil {
		defer rc.Close()
	}
	srv, err := web.New(ctx, web.Config{
		DB: st.db, Blobs: st.blobs, Library: lib, Originals: st.originals, Search: sr,
		Version: version, Commit: commitString(), Logger: log,
		SecureCookies: f.secureCookies, AllowedOrigins: splitList(f.allowedOrigins),
		Cache: rc, Metrics: reg,
	})
	if err != nil {
		sr.Close()
		return err
	}
	if err := srv.Start(ctx); err != nil {
		sr.Close()
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	log.Info("shotdeck is serving", "url", "http://"+ln.Addr().String(), "data", f.data, "version", version)

	// Background work stops with the server: cancelled, then waited for,
	// before the stores close.
	bg, cancelBg := context.WithCancel(context.WithoutCancel(ctx))
	sr.Start(bg)
	defer func() {
		if err := sr.Close(); err != nil {
			log.Error("close search index", "err", err)
		}
	}()
	var wg sync.WaitGroup
	if f.demo {
		wg.Add(1)
		go func() { defer wg.Done(); seedDemo(bg, lib, log) }()
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err = <-serveErr:
	case <-ctx.Done():
		log.Info("shutting down: finishing in-flight requests")
		shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = srv.Shutdown(shutCtx)
		cancel()
	}
	cancelBg()
	wg.Wait()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped cleanly")
	return nil
}

// seedDemo imports the embedded demo library into a data directory that has
// never had one and holds no stills. A seed cut short by a shutdown resumes
// on the next start (the import is idempotent by id).
func seedDemo(ctx context.Context, lib *library.Service, log *slog.Logger) {
	state, err := lib.DB.Setting(ctx, "demo")
	if err != nil {
		log.Error("demo library", "err", err)
		return
	}
	if state == "done" {
		return
	}
	if state == "" {
		if has, err := lib.DB.AnyImages(ctx); err != nil || has {
			return // a library of the user's own: leave it alone
		}
	}
	if err := lib.DB.SetSetting(ctx, "demo", "started"); err != nil {
		log.Error("demo library", "err", err)
		return
	}
	log.Info("filling the new library with the embedded demo stills")
	manifest, files := data.Demo()
	sum, err := lib.Import(ctx, bytes.NewReader(manifest), library.ImportOptions{Files: files})
	if err != nil {
		if ctx.Err() == nil {
			log.Error("demo library", "err", err)
		}
		return
	}
	for _, f := range sum.FailedLines {
		log.Warn("demo still failed", "line", f.Line, "err", f.Error)
	}
	if err := lib.DB.SetSetting(ctx, "demo", "done"); err != nil {
		log.Error("demo library", "err", err)
	}
	log.Info("demo library ready", "stills", sum.Created+sum.Updated, "took", sum.Elapsed.Round(time.Millisecond))
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// responseCache builds the API response cache, nil when mb is 0. The web
// server has every committed write bump the generations it touched.
func responseCache(mb int64) (*cache.Cache, error) {
	if mb <= 0 {
		return nil, nil
	}
	rc, err := cache.New(cache.Options{MaxBytes: mb << 20})
	if err != nil {
		return nil, fmt.Errorf("response cache: %w", err)
	}
	return rc, nil
}
