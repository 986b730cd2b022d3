package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/shotdeck/shotdeck/account"
	"github.com/shotdeck/shotdeck/bench"
	"github.com/shotdeck/shotdeck/data"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/store"
)

type benchFlags struct {
	common
	images      int
	concurrency int
	duration    time.Duration
	url         string
	token       string
	jsonOut     string
	scenarios   string
	cacheMB     int64
	seed        int64

	dataNamed bool // --data or SHOTDECK_DATA was given
	stdout    io.Writer
	stderr    io.Writer
}

// benchAdmin is the admin account bench makes in an in-process data
// directory; its password is new on every run and never stored.
const benchAdmin = "bench-admin"

// benchSetting marks a data directory that bench filled, so it can be
// reused and a user's own library is never mixed with synthetic stills.
const benchSetting = "bench"

func runBench(ctx context.Context, args []string) error {
	return benchTo(ctx, args, os.Stdout, os.Stderr)
}

// benchTo is runBench with the table going to stdout and the progress to
// stderr.
func benchTo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := benchFlags{stdout: stdout, stderr: stderr}
	fs := newFlags("bench", &f.common)
	// Info lines would break the progress display, and under a load of
	// 32 connections the slow-query log reports queueing, which the table
	// measures anyway.
	f.logLevel, f.slowQuery = "warn", 0
	fs.Lookup("log-level").DefValue = "warn"
	fs.Lookup("slow-query").DefValue = "0s"
	fs.IntVar(&f.images, "images", 1_000_000, "stills in the library under test (generated and imported when it has fewer; 0 never imports)")
	fs.IntVar(&f.concurrency, "concurrency", 32, "concurrent HTTP connections")
	fs.DurationVar(&f.duration, "duration", 10*time.Second, "how long each scenario runs")
	fs.StringVar(&f.url, "url", "", "bench a running server at this base URL instead of one started in-process")
	fs.StringVar(&f.token, "token", "", "admin session token for --url (from POST /api/v1/auth/login)")
	fs.StringVar(&f.jsonOut, "json", "bench.json", "write the results as JSON to this file (empty: don't)")
	fs.StringVar(&f.scenarios, "scenarios", "", "comma-separated scenarios to run (default all): "+strings.Join(bench.Names(), ", "))
	fs.Int64Var(&f.cacheMB, "cache-mb", 256, "in-process server: memory for cached API responses, in MiB")
	fs.Int64Var(&f.seed, "seed", 1, "seed of the synthetic catalog (as for gen)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: shotdeck bench [--images N] [--concurrency C] [--duration D] [--data DIR | --url URL --token T]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fs.Visit(func(fl *flag.Flag) { f.dataNamed = f.dataNamed || fl.Name == "data" })
	if _, ok := os.LookupEnv("SHOTDECK_DATA"); ok {
		f.dataNamed = true
	}
	if err := f.check(); err != nil {
		return err
	}
	stopProfile, err := f.profile()
	if err != nil {
		return err
	}
	defer stopProfile()
	var rep *bench.Report
	if f.url != "" {
		rep, err = f.remote(ctx)
	} else {
		rep, err = f.local(ctx)
	}
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return f.output(rep)
}

func (f *benchFlags) check() error {
	switch {
	case f.images < 0:
		return errors.New("bench: --images must not be negative")
	case f.concurrency < 1:
		return errors.New("bench: --concurrency must be at least 1")
	case f.duration <= 0:
		return errors.New("bench: --duration must be positive")
	case f.url != "" && f.token == "":
		return errors.New("bench: --url needs --token, an admin's session token")
	}
	return bench.CheckScenarios(splitList(f.scenarios))
}

func (f *benchFlags) options() bench.Options {
	return bench.Options{Concurrency: f.concurrency, Duration: f.duration, Scenarios: splitList(f.scenarios), Progress: f.stderr}
}

// local starts the server in-process on a temporary data directory (or
// on --data), loads it, and runs the scenarios against it over loopback.
func (f *benchFlags) local(ctx context.Context) (*bench.Report, error) {
	log := f.logger(f.stderr)
	if !f.dataNamed {
		dir, err := os.MkdirTemp("", "shotdeck-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir) // ours: a directory the user named is never removed
		f.data = dir
	}
	// The live op limit guards a server against abusive clients; one
	// sender's ops one at a time are what this run measures.
	a, err := f.startApp(ctx, log, appOptions{cacheMB: f.cacheMB, liveOpRate: 1e9, liveOpBurst: 1 << 30})
	if err != nil {
		return nil, err
	}
	if err := f.claim(ctx, a.st.db); err != nil {
		return nil, errors.Join(err, a.stop(context.Background()))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, errors.Join(err, a.stop(context.Background()))
	}
	served := make(chan error, 1)
	go func() { served <- a.Serve(ln) }()
	rep, err := f.loadAndRun(ctx, a, "http://"+ln.Addr().String())
	err = errors.Join(err, a.stop(context.Background()))
	// A shutdown that comes before the server has started accepting does
	// not stop it; closing the listener does.
	ln.Close()
	if serr := <-served; serr != nil && !errors.Is(serr, net.ErrClosed) {
		err = errors.Join(err, serr)
	}
	return rep, err
}

func (f *benchFlags) loadAndRun(ctx context.Context, a *app, base string) (*bench.Report, error) {
	password, err := ensureBenchAdmin(ctx, a.st.db)
	if err != nil {
		return nil, err
	}
	have, err := a.st.db.CountImages(ctx, store.Filter{})
	if err != nil {
		return nil, err
	}
	var imp *bench.Import
	if have < f.images {
		if imp, err = f.importLocal(ctx, a, have); err != nil {
			return nil, err
		}
	}
	wait, err := bench.WaitIndexed(ctx, base, f.stderr)
	if err != nil {
		return nil, err
	}
	token, err := bench.Login(ctx, base, benchAdmin, password)
	if err != nil {
		return nil, err
	}
	fx, err := f.prepare(ctx, base, token)
	if err != nil {
		return nil, err
	}
	loaded, _ := bench.PeakRSS()
	rep, err := f.run(ctx, base, fx, "in-process")
	if err != nil {
		return nil, err
	}
	rep.Setup.Import, rep.Setup.IndexWaitSeconds = imp, wait.Seconds()
	if rss, ok := bench.PeakRSS(); ok {
		rep.Setup.PeakRSSLoad, rep.Setup.PeakRSS = loaded, rss
	}
	return rep, nil
}

// claim refuses a named data directory that holds a library bench did not
// make (bench adds synthetic stills and accounts), and marks it as bench's.
func (f *benchFlags) claim(ctx context.Context, db *store.DB) error {
	mark, err := db.Setting(ctx, benchSetting)
	if err != nil {
		return err
	}
	if mark == "" {
		has, err := db.AnyImages(ctx)
		if err != nil {
			return err
		}
		if has {
			return fmt.Errorf("%s holds a library that bench did not make; bench adds synthetic stills and accounts, so give it an empty or bench-made --data directory (or bench a running server with --url)", f.data)
		}
	}
	return db.SetSetting(ctx, benchSetting, "synthetic catalog")
}

// ensureBenchAdmin makes the bench admin, or gives the existing one a new
// password, and returns the password.
func ensureBenchAdmin(ctx context.Context, db *store.DB) (string, error) {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	password := hex.EncodeToString(b)
	hash, err := account.HashPassword(password)
	if err != nil {
		return "", err
	}
	_, err = db.CreateUser(ctx, benchAdmin, hash, store.RoleAdmin, false)
	if errors.Is(err, store.ErrConflict) {
		var u *store.User
		if u, err = db.UserByName(ctx, benchAdmin); err == nil {
			if _, err = db.SetUserRole(ctx, u.ID, store.RoleAdmin); err == nil {
				err = db.SetUserPassword(ctx, u.ID, hash)
			}
		}
	}
	if err != nil {
		return "", fmt.Errorf("bench admin: %w", err)
	}
	return password, nil
}

// importLocal generates the catalog's lines [have, images) and imports
// them through the library, as `shotdeck import` does, while the server
// (and its indexer) runs.
func (f *benchFlags) importLocal(ctx context.Context, a *app, have int) (*bench.Import, error) {
	pr, pw := io.Pipe()
	go func() {
		i := 0
		pw.CloseWithError(data.GenerateLines(f.images, f.seed, func(line []byte) error {
			if i++; i <= have {
				return nil // line i is the same for any N: those are in the library
			}
			_, err := pw.Write(line)
			return err
		}))
	}()
	m := bench.NewMeter(f.stderr, "importing", f.images-have)
	m.Note = func() string {
		if lag, err := a.search.Lag(ctx); err == nil {
			return "index lag " + fmt.Sprint(lag)
		}
		return "index loading"
	}
	sum, err := a.lib.Import(ctx, pr, library.ImportOptions{Progress: func(p library.Progress) { m.Update(p.Lines) }})
	pr.CloseWithError(errors.New("import ended")) // stops the generator if the import stopped early
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	m.Done(sum.Lines)
	if len(sum.FailedLines) > 0 {
		l := sum.FailedLines[0]
		return nil, fmt.Errorf("import: generated line %d failed: %s", l.Line+have, l.Error)
	}
	return &bench.Import{Stills: sum.Lines, Reused: have, Seconds: sum.Elapsed.Seconds(),
		PerSecond: float64(sum.Lines) / max(sum.Elapsed.Seconds(), 1e-9), Via: "library"}, nil
}

// remote benches a running server: it tops the library up to --images
// through the bulk API, then runs the scenarios.
func (f *benchFlags) remote(ctx context.Context) (*bench.Report, error) {
	wait, err := bench.WaitIndexed(ctx, f.url, f.stderr)
	if err != nil {
		return nil, err
	}
	have, err := bench.CountStills(ctx, f.url, f.token)
	if err != nil {
		return nil, err
	}
	var imp *bench.Import
	if have < f.images {
		if imp, err = bench.ImportBulk(ctx, f.url, f.token, have, f.images, f.seed, f.stderr); err != nil {
			return nil, err
		}
		if wait, err = bench.WaitIndexed(ctx, f.url, f.stderr); err != nil {
			return nil, err
		}
	}
	fx, err := f.prepare(ctx, f.url, f.token)
	if err != nil {
		return nil, err
	}
	rep, err := f.run(ctx, f.url, fx, "remote")
	if err != nil {
		return nil, err
	}
	rep.Setup.URL, rep.Setup.Import, rep.Setup.IndexWaitSeconds = f.url, imp, wait.Seconds()
	return rep, nil
}

// remoteOpInterval keeps the live sender under a server's default op
// limit (20 a second per connection).
const remoteOpInterval = 55 * time.Millisecond

func (f *benchFlags) prepare(ctx context.Context, base, adminToken string) (*bench.Fixture, error) {
	fmt.Fprintln(f.stderr, "preparing: bench member, 500-card deck, samples of the library")
	return bench.Prepare(ctx, base, adminToken)
}

// run runs the scenarios and makes the report.
func (f *benchFlags) run(ctx context.Context, base string, fx *bench.Fixture, mode string) (*bench.Report, error) {
	opt := f.options()
	if mode == "remote" {
		opt.LiveOpInterval = remoteOpInterval
	}
	load, started := bench.LoadAverage(), time.Now().UTC()
	results, err := bench.Run(ctx, base, fx, opt)
	if err != nil {
		return nil, err
	}
	return &bench.Report{Setup: bench.Setup{
		Mode: mode, Images: fx.Images, Concurrency: f.concurrency, Duration: f.duration.String(),
		GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(),
		Date: started.Format(time.RFC3339), LoadAverage: load,
		DeckCards: bench.DeckCards, LiveClients: 50,
	}, Results: results}, nil
}

// output prints the table (with the setup) and writes the JSON.
func (f *benchFlags) output(rep *bench.Report) error {
	if err := rep.WriteText(f.stdout); err != nil {
		return err
	}
	if f.jsonOut == "" {
		return nil
	}
	out, err := os.Create(f.jsonOut)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := rep.WriteJSON(out); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(f.stderr, "wrote %s\n", f.jsonOut)
	return nil
}
