// Package bench is Shotdeck's load generator: it prepares a server (a
// member, a 500-card deck, values sampled from the library), runs each
// scenario of DESIGN.md's performance budgets for a while over real HTTP
// and WebSocket, and reports latency percentiles, throughput and errors
// beside the budgets, as a table and as JSON.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure Run.
type Options struct {
	Concurrency int           // HTTP workers, each with its own connection
	Duration    time.Duration // per scenario
	Scenarios   []string      // names to run, in Names() order; empty runs all
	// LiveClients is how many WebSocket clients watch the deck besides the
	// sender; zero means 50.
	LiveClients int
	// LiveOpInterval spaces the sender's ops at least this far apart, to
	// stay inside a server's per-connection op rate limit; zero sends the
	// next op as soon as the last one has been seen by everyone.
	LiveOpInterval time.Duration
	// Progress receives a line per scenario; nil is silent.
	Progress io.Writer
	// Seed starts the request sequences; zero picks one at random, so
	// repeated runs against a long-running server ask for other keys
	// than the previous run, which the server may still have cached.
	Seed uint64
}

// CheckScenarios returns an error naming the first unknown scenario.
func CheckScenarios(names []string) error {
	for _, n := range names {
		if !slices.Contains(Names(), n) {
			return fmt.Errorf("bench: unknown scenario %q; choose from %s", n, strings.Join(Names(), ", "))
		}
	}
	return nil
}

// Run runs the chosen scenarios one after the other against the server at
// base and returns their results in order.
func Run(ctx context.Context, base string, fx *Fixture, opt Options) ([]Result, error) {
	if err := CheckScenarios(opt.Scenarios); err != nil {
		return nil, err
	}
	opt.Concurrency = max(opt.Concurrency, 1)
	if opt.LiveClients <= 0 {
		opt.LiveClients = 50
	}
	if opt.Seed == 0 {
		opt.Seed = rand.Uint64() >> 16 // headroom: counters add to it
	}
	// Twice the workers: a connection that is closing while its
	// replacement opens must not push another one out of the pool.
	c := newClient(base, 2*opt.Concurrency)
	defer c.close()
	var out []Result
	for _, s := range scenarios {
		if len(opt.Scenarios) > 0 && !slices.Contains(opt.Scenarios, s.name) {
			continue
		}
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "running %s for %s…\n", s.name, opt.Duration)
		}
		var (
			res Result
			err error
		)
		if s.live {
			res, err = runLive(ctx, base, s, fx, opt)
		} else {
			res, err = runHTTP(ctx, c, s, fx, opt)
		}
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}

// runHTTP runs one HTTP scenario: every worker first sends one request
// that is not measured (it opens the worker's connection), then all send
// requests back to back until the duration is up. Requests in flight at
// the end finish and count.
func runHTTP(ctx context.Context, c *client, s *scenario, fx *Fixture, opt Options) (Result, error) {
	var newWorkload func(int) workload
	if s.cached != nil {
		paths := s.cached(fx)
		if len(paths) == 0 {
			return Result{}, fmt.Errorf("bench: %s: nothing to ask for", s.name)
		}
		if err := prime(ctx, c, fx.Token, paths); err != nil {
			return Result{}, fmt.Errorf("bench: %s: %w", s.name, err)
		}
		newWorkload = func(w int) workload { return cycle(paths, w) }
	} else {
		var next atomic.Uint64
		next.Store(opt.Seed)
		var err error
		if newWorkload, err = s.workloads(fx, &next); err != nil {
			return Result{}, err
		}
	}
	workloads := make([]workload, opt.Concurrency)
	recs := make([]recorder, opt.Concurrency)
	var wg sync.WaitGroup
	for w := range workloads {
		workloads[w] = newWorkload(w)
		wg.Go(func() { work(ctx, c, workloads[w], fx.Token, s.accept, time.Time{}, &recorder{}) })
	}
	wg.Wait()
	start := time.Now()
	end := start.Add(opt.Duration)
	for w := range workloads {
		wg.Go(func() { work(ctx, c, workloads[w], fx.Token, s.accept, end, &recs[w]) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	var all recorder
	for i := range recs {
		all.merge(&recs[i])
	}
	return all.result(s, elapsed, opt.Concurrency), nil
}

// work sends requests until end; a zero end sends exactly one.
func work(ctx context.Context, c *client, wl workload, token, accept string, end time.Time, rec *recorder) {
	var buf bytes.Buffer
	for first := true; first || time.Now().Before(end); first = false {
		if ctx.Err() != nil {
			return
		}
		path := wl.next()
		start := time.Now()
		cs, err := c.get(ctx, path, token, accept, &buf)
		d := time.Since(start)
		if err != nil {
			rec.fail(err)
			continue
		}
		rec.ok(d, cs, buf.Len())
		wl.answered(buf.Bytes())
		if end.IsZero() {
			return
		}
	}
}

// prime asks for each path until the server answers it from its cache
// (Server-Timing says hit), up to a few seconds: Ristretto admits entries
// asynchronously and may drop a first Set. A cache that never answers
// (turned off) is not an error; the hit column will say so.
func prime(ctx context.Context, c *client, token string, paths []string) error {
	var buf bytes.Buffer
	deadline := time.Now().Add(3 * time.Second)
	for _, p := range paths {
		for {
			cs, err := c.get(ctx, p, token, identity, &buf)
			if err != nil {
				return err
			}
			if cs == cacheHit || cs == cacheNone || time.Now().After(deadline) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	return nil
}
