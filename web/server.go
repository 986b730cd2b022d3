// Package web is Shotdeck's HTTP face: the Fiber app with every route of
// API.md, authentication, the JSON error shape, and media serving.
package web

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/shotdeck/shotdeck/account"
	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/cursor"
	"github.com/shotdeck/shotdeck/deck"
	"github.com/shotdeck/shotdeck/export"
	"github.com/shotdeck/shotdeck/jobs"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/metrics"
	"github.com/shotdeck/shotdeck/search"
	"github.com/shotdeck/shotdeck/store"
)

// Config is what the server needs from its owner.
type Config struct {
	DB        *store.DB
	Blobs     *store.Blobs
	Library   *library.Service
	Originals string // folder of original files
	Version   string
	Commit    string
	Logger    *slog.Logger
	// AllowedOrigins lists extra origins (scheme://host[:port]) whose
	// cookie-authenticated state-changing requests are accepted, besides
	// the server's own.
	AllowedOrigins []string
	// SecureCookies marks the session cookie Secure (behind HTTPS).
	SecureCookies bool
	// SessionTTL is how long a login lasts; zero means 30 days.
	SessionTTL time.Duration
	// Cache is the response cache; nil serves every GET fresh.
	Cache *cache.Cache
	// Metrics receives request, query, socket and job measurements and
	// serves /metrics; nil turns both off.
	Metrics *metrics.Registry
	// RequestLog is the share of requests logged with slog (method, route,
	// status, duration, db time, bytes): 0 logs none, 1 every one.
	RequestLog float64
	// JobWorkers is how many background jobs (exports) run at once; zero
	// means one per core.
	JobWorkers int
	// ExportCacheBytes caps the export artifacts kept in blobs.bolt; zero
	// means 2 GiB.
	ExportCacheBytes int64
	// LiveOpRate and LiveOpBurst limit ops per live connection (token
	// bucket); zero means 20 per second with bursts of 40.
	LiveOpRate  float64
	LiveOpBurst int
	// Search is the search service; /readyz reports its lag and is 503
	// while it loads.
	Search *search.Service
}

// Server is the HTTP server.
type Server struct {
	cfg     Config
	app     *fiber.App
	db      *store.DB
	lib     *library.Service
	log     *slog.Logger
	cursors *cursor.Codec
	logins  *account.Limiter
	decks   *deck.Service
	hub     *deck.Hub
	cache   *cache.Cache
	metrics *metrics.Registry
	jobs    *jobs.Pool

	sessions sessionCache
}

// New builds the server and its routes.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	secret, err := cfg.DB.Secret(ctx, "cursor")
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:     cfg,
		db:      cfg.DB,
		lib:     cfg.Library,
		log:     cfg.Logger,
		cursors: cursor.New(secret),
		logins:  account.NewLimiter(5, 15*time.Minute),
		decks:   &deck.Service{DB: cfg.DB, Log: cfg.Logger},
		cache:   cfg.Cache,
		metrics: cfg.Metrics,
	}
	if cfg.LiveOpRate <= 0 {
		s.cfg.LiveOpRate, s.cfg.LiveOpBurst = 20, 40
	}
	if s.cache != nil {
		// The generation bump follows the commit, so the writer's next read
		// (and everyone's) misses and sees the write.
		cfg.DB.OnCommit(func(ch store.Change) {
			if ch.Images {
				s.cache.Bump(cache.Images)
			}
			if ch.Decks {
				s.cache.Bump(cache.Decks)
			}
			if ch.Users {
				s.cache.Bump(cache.Users)
			}
		})
	}
	if err := s.registerMetrics(); err != nil {
		return nil, err
	}
	s.hub = deck.NewHub(deck.HubOptions{Logger: cfg.Logger, Fill: s.decks.OpFrames})
	s.decks.Rooms = s.hub
	s.jobs = jobs.New(cfg.DB, jobs.Options{Workers: cfg.JobWorkers, Logger: cfg.Logger, OnUpdate: s.jobUpdated})
	runner := &export.Runner{Decks: s.decks, DB: cfg.DB, Blobs: cfg.Blobs, Originals: cfg.Originals, MaxBytes: cfg.ExportCacheBytes}
	s.jobs.Register(export.Kind, runner.Handle)
	if s.metrics != nil {
		s.metrics.RegisterJobsQueueDepth(func() float64 {
			n, err := s.jobs.QueueDepth(context.Background())
			if err != nil {
				return math.NaN()
			}
			return float64(n)
		})
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "shotdeck",
		Immutable:             true, // handlers may keep strings read from the request
		BodyLimit:             int(cfg.Library.MaxBytesLimit()) + 1<<20,
		ReadTimeout:           5 * time.Minute, // large uploads on slow links
		WriteTimeout:          5 * time.Minute,
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
		ErrorHandler:          s.errorHandler,
		StreamRequestBody:     false,
	})
	s.app.Use(recover.New())
	s.app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed, Next: skipCompression}))
	s.app.Use(etag.New())
	s.app.Use(s.observe)
	s.routes()
	return s, nil
}

// App returns the Fiber app, for tests and for wiring.
func (s *Server) App() *fiber.App { return s.app }

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting connections and waits for in-flight requests.
// Start runs the background job workers, first picking up jobs that a
// previous process left running.
func (s *Server) Start(ctx context.Context) error { return s.jobs.Start(ctx) }

// Shutdown closes live sockets (their queued frames and a going-away close
// first: the HTTP server does not wait for hijacked connections), finishes
// in-flight requests, then waits for running jobs until ctx ends and
// requeues the rest for the next start.
func (s *Server) Shutdown(ctx context.Context) error {
	s.hub.Shutdown()
	return errors.Join(s.app.ShutdownWithContext(ctx), s.jobs.Shutdown(ctx))
}

// skipCompression leaves already-compressed media alone.
func skipCompression(c *fiber.Ctx) bool {
	return len(c.Path()) > 7 && c.Path()[:7] == "/media/"
}

// registerMetrics exposes the cache's and the index's state on /metrics.
func (s *Server) registerMetrics() error {
	if s.metrics == nil {
		return nil
	}
	if s.cache != nil {
		if err := s.metrics.RegisterCache(s.cache); err != nil {
			return err
		}
	}
	s.cfg.Search.ObserveBatches(s.metrics.ObserveIndexBatch)
	return s.metrics.RegisterIndexLag(func() float64 {
		n, err := s.cfg.Search.Lag(context.Background())
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	})
}
