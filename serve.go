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
	requestLog     float64
}

func runServe(ctx context.Context, args []string) error {
	var f serveFlags
	fs := newFlags("serve", &f.common)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&f.demo, "demo", true, "fill an empty data directory with the embedded demo library")
	fs.BoolVar(&f.secureCookies, "secure-cookies", false, "mark the session cookie Secure (set when served over HTTPS)")
	fs.StringVar(&f.allowedOrigins, "allowed-origins", "", "comma-separated extra origins allowed to make cookie-authenticated changes")
	fs.Int64Var(&f.cacheMB, "cache-mb", 256, "memory for cached API responses, in MiB (0 turns the cache off)")
	fs.Float64Var(&f.requestLog, "request-log", 0, "share of requests to log (method, route, status, duration, bytes): 0 none, 0.01 one in a hundred, 1 all")
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
	a, err := f.startApp(ctx, log, appOptions{
		demo: f.demo, secureCookies: f.secureCookies, allowedOrigins: splitList(f.allowedOrigins), cacheMB: f.cacheMB, requestLog: f.requestLog,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return errors.Join(fmt.Errorf("listen on %s: %w", f.addr, err), a.stop(context.Background()))
	}
	log.Info("shotdeck is serving", "url", "http://"+ln.Addr().String(), "data", f.data, "version", version)
	serveErr := make(chan error, 1)
	go func() { serveErr <- a.Serve(ln) }()
	select {
	case err = <-serveErr:
		err = errors.Join(err, a.stop(context.Background()))
	case <-ctx.Done():
		log.Info("shutting down: finishing in-flight requests")
		err = a.stop(context.Background())
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped cleanly")
	return nil
}

// appOptions are the server's settings beyond the common flags.
type appOptions struct {
	demo           bool
	secureCookies  bool
	allowedOrigins []string
	cacheMB        int64
	requestLog     float64
	// liveOpRate and liveOpBurst override the per-connection live op
	// limit (zero keeps the server's default).
	liveOpRate  float64
	liveOpBurst int
}

// app is a data directory opened and ready to serve: stores, search
// service, response cache, web server and their background work. serve
// runs one; bench starts one in-process, so both measure the same thing.
type app struct {
	log      *slog.Logger
	st       *stores
	lib      *library.Service
	search   *search.Service
	cache    *cache.Cache
	web      *web.Server
	cancelBg context.CancelFunc
	bg       sync.WaitGroup
}

// startApp opens the data directory, the search index, the response cache
// and the web server, and starts the background work (jobs, indexer, demo
// seeding). The caller serves it with Serve and ends it with stop.
func (c *common) startApp(ctx context.Context, log *slog.Logger, opt appOptions) (*app, error) {
	c.applyMemoryLimit()
	reg := metrics.New()
	c.onQuery = reg.ObserveQuery
	st, err := c.open(ctx, log)
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("%s is in use by another shotdeck process; stop it or choose another --data", c.data)
	}
	if err != nil {
		return nil, err
	}
	a := &app{log: log, st: st, lib: c.library(st, log)}
	if err := a.build(ctx, c.data, reg, opt); err != nil {
		return nil, errors.Join(err, a.closeStores())
	}
	// Background work stops with the server: cancelled, then waited for,
	// before the stores close.
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.cancelBg = cancel
	a.search.Start(bg)
	if opt.demo {
		a.bg.Add(1)
		go func() { defer a.bg.Done(); seedDemo(bg, a.lib, log) }()
	}
	return a, nil
}

// build opens the search index and the cache and starts the web server's
// job workers.
func (a *app) build(ctx context.Context, dataDir string, reg *metrics.Registry, opt appOptions) error {
	var err error
	a.search, err = search.Open(a.st.db, filepath.Join(dataDir, "index"), a.log)
	if err != nil {
		return err
	}
	if a.cache, err = responseCache(opt.cacheMB); err != nil {
		return err
	}
	a.web, err = web.New(ctx, web.Config{
		DB: a.st.db, Blobs: a.st.blobs, Library: a.lib, Originals: a.st.originals, Search: a.search,
		Version: version, Commit: commitString(), Logger: a.log,
		SecureCookies: opt.secureCookies, AllowedOrigins: opt.allowedOrigins,
		Cache: a.cache, Metrics: reg, LiveOpRate: opt.liveOpRate, LiveOpBurst: opt.liveOpBurst,
		RequestLog: opt.requestLog,
	})
	if err != nil {
		return err
	}
	return a.web.Start(ctx)
}

// Serve accepts connections on ln until stop.
func (a *app) Serve(ln net.Listener) error { return a.web.Serve(ln) }

// stop shuts down in order: HTTP and live sockets (in-flight requests get
// up to 30 seconds), background work, then the index, cache and stores.
func (a *app) stop(ctx context.Context) error {
	shutCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err := a.web.Shutdown(shutCtx)
	cancel()
	a.cancelBg()
	a.bg.Wait()
	return errors.Join(err, a.closeStores())
}

// closeStores closes whatever build and open made, last opened first.
func (a *app) closeStores() error {
	var errs []error
	if a.search != nil {
		if err := a.search.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close search index: %w", err))
		}
	}
	if a.cache != nil {
		a.cache.Close()
	}
	if err := a.st.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close stores: %w", err))
	}
	return errors.Join(errs...)
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
