package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
)

// common holds the flags every command takes.
type common struct {
	data      string
	logLevel  string
	slowQuery time.Duration
	maxUpload int64
	maxPixels int64
	cpuProf   string
	memLimit  int64 // MiB

	onQuery func(time.Duration, bool) // set by serve: SQLite timings for /metrics
}

func newFlags(name string, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.data, "data", "./shotdeck-data", "data directory (SQLite, blobs, originals, index)")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.DurationVar(&c.slowQuery, "slow-query", 100*time.Millisecond, "log SQL statements slower than this (0 disables)")
	fs.Int64Var(&c.maxUpload, "max-upload", library.DefaultMaxBytes, "largest accepted image file, in bytes")
	fs.Int64Var(&c.maxPixels, "max-pixels", 100_000_000, "largest accepted image, in pixels (decompression-bomb guard)")
	fs.StringVar(&c.cpuProf, "cpuprofile", "", "write a CPU profile of the whole command to this file (for pprof)")
	fs.Int64Var(&c.memLimit, "memory-limit", 1536, "soft memory limit for the Go heap, in MiB (0: none; GOMEMLIMIT wins when set)")
	return fs
}

// profile starts the CPU profile asked for with --cpuprofile; the returned
// function stops it.
func (c *common) profile() (stop func(), err error) {
	if c.cpuProf == "" {
		return func() {}, nil
	}
	f, err := os.Create(c.cpuProf)
	if err != nil {
		return nil, fmt.Errorf("cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// parseFlags parses args, then fills every flag not given on the command
// line from SHOTDECK_<NAME> (dashes become underscores).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := "SHOTDECK_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok && !given[f.Name] && err == nil {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %w", env, v, e)
			}
		}
	})
	return err
}

func (c *common) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.logLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// stores is an opened data directory.
type stores struct {
	db        *store.DB
	blobs     *store.Blobs
	originals string
}

// open opens (creating) the data directory. bbolt's file lock is taken
// first: it is what tells a second process that a server holds the folder.
func (c *common) open(ctx context.Context, log *slog.Logger) (*stores, error) {
	if err := os.MkdirAll(c.data, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	blobs, err := store.OpenBlobs(filepath.Join(c.data, "blobs.bolt"))
	if err != nil {
		return nil, err
	}
	slow := c.slowQuery
	if slow == 0 {
		slow = -1
	}
	db, err := store.Open(ctx, filepath.Join(c.data, "shotdeck.db"), store.Options{SlowQuery: slow, Logger: log, OnQuery: c.onQuery})
	if err != nil {
		blobs.Close()
		return nil, err
	}
	return &stores{db: db, blobs: blobs, originals: filepath.Join(c.data, "originals")}, nil
}

func (s *stores) Close() error {
	return errors.Join(s.db.Close(), s.blobs.Close())
}

func (c *common) library(s *stores, log *slog.Logger) *library.Service {
	return &library.Service{
		DB:        s.db,
		Blobs:     s.blobs,
		Originals: s.originals,
		Limits:    media.Limits{MaxPixels: c.maxPixels},
		MaxBytes:  c.maxUpload,
		Log:       log,
	}
}

// versionString is what "shotdeck version" prints.
func versionString() string {
	return fmt.Sprintf("shotdeck %s (commit %s)", version, orDash(commitString()))
}

// commitString is the stamped commit, or the one Go recorded at build time.
func commitString() string {
	if commit != "" {
		return commit
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// applyMemoryLimit sets the Go runtime's soft memory limit, so that the
// garbage collector works harder as the heap nears it instead of letting
// it grow with every burst of search work: the appliance budget is 2 GiB
// of RSS at a million stills. GOMEMLIMIT, when set, is the runtime's own
// and wins.
func (c *common) applyMemoryLimit() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set || c.memLimit <= 0 {
		return
	}
	debug.SetMemoryLimit(c.memLimit << 20)
}
