package jobs

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// throttle decides which progress reports are worth a write: a handler may
// report once per card of a 500-card deck, and each write takes the single
// SQLite writer away from the requests that need it.
type throttle struct {
	every time.Duration // write at most this often...
	step  float64       // ...unless progress moved at least this much

	last   float64   // the value last written (a claim starts at 0)
	lastAt time.Time // when it was written, or the attempt started
}

// due reports whether p, reported at t, should be written.
func (th *throttle) due(p float64, t time.Time) bool {
	switch {
	case p == th.last:
		return false // nothing new to say
	case p-th.last >= th.step || p >= 1:
		return true
	default:
		return t.Sub(th.lastAt) >= th.every
	}
}

// mark records that p was written at t.
func (th *throttle) mark(p float64, t time.Time) {
	th.last, th.lastAt = p, t
}

// clampProgress keeps a reported value inside 0..1 (the table's CHECK);
// NaN reports nothing.
func clampProgress(p float64) (float64, bool) {
	if math.IsNaN(p) {
		return 0, false
	}
	return min(max(p, 0), 1), true
}

// progressFunc returns the progress callback handed to one attempt's
// handler. It is safe for concurrent use by a handler's goroutines.
func (p *Pool) progressFunc(ctx context.Context, j *Job) func(float64) {
	var mu sync.Mutex
	th := throttle{every: p.opt.ProgressEvery, step: p.opt.ProgressStep, lastAt: time.Now()}
	return func(v float64) {
		v, ok := clampProgress(v)
		if !ok {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		t := time.Now()
		if !th.due(v, t) || p.aborted.Load() {
			return
		}
		sj, err := p.db.SetJobProgress(ctx, j.ID, j.Attempts, v)
		if err != nil {
			p.logProgressError(j, err)
			return
		}
		th.mark(v, t)
		p.notify(sj)
	}
}

// logProgressError logs a failed progress write. Losing one is harmless
// (the next report or the final status supersedes it), and a job that lost
// its claim or whose context ended is already handled elsewhere.
func (p *Pool) logProgressError(j *Job, err error) {
	if errors.Is(err, store.ErrConflict) || errors.Is(err, context.Canceled) {
		p.log.Debug("job progress not recorded", "job", j.ID, "kind", j.Kind, "err", err)
		return
	}
	p.log.Warn("job progress not recorded", "job", j.ID, "kind", j.Kind, "err", err)
}
