package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// worker claims and runs jobs until Shutdown. It sleeps on the wake channel
// rather than polling: Enqueue and retry timers signal it, and the slow
// ticker only catches work nobody signalled (retries due after a restart).
func (p *Pool) worker() {
	defer p.wg.Done()
	tick := time.NewTicker(p.opt.Poll)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			return
		default:
		}
		if p.claimAndRun() {
			continue
		}
		select {
		case <-p.stop:
			return
		case <-p.wake:
		case <-tick.C:
		}
	}
}

// claimAndRun runs the next runnable job, if there is one, and reports
// whether it found one.
func (p *Pool) claimAndRun() bool {
	sj, err := p.db.ClaimJob(p.base, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return false
	}
	if err != nil {
		if !p.aborted.Load() {
			p.log.Error("could not claim a job", "err", err)
		}
		return false
	}
	// One signal may stand for several queued jobs: pass it on, so that an
	// idle worker looks too.
	p.signal()
	p.run(fromStore(sj))
	return true
}

// run runs one claimed attempt and records how it ended.
func (p *Pool) run(j *Job) {
	if !p.track(j) {
		// Claimed just as Shutdown gave up: hand it straight back.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		p.release(ctx, j.ID, j.Attempts)
		return
	}
	defer p.untrack(j.ID)
	p.notifyJob(j)
	h, ok := p.handler(j.Kind)
	switch {
	case !ok:
		p.fail(j, fmt.Sprintf("unknown job kind %q: this version of shotdeck has no handler for it", j.Kind))
		return
	case j.Attempts > p.opt.MaxAttempts:
		p.fail(j, fmt.Sprintf("gave up after %d attempts; the last was cut short when shotdeck stopped", j.Attempts-1))
		return
	}
	ctx, cancel := context.WithCancel(p.base)
	defer cancel()
	result, err := p.call(ctx, h, j)
	if p.aborted.Load() {
		return // Shutdown gave up on this attempt and requeued its job
	}
	p.record(j, result, err)
}

// track notes a running attempt for Shutdown; false once Shutdown has
// given up, when no attempt may start.
func (p *Pool) track(j *Job) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.aborted.Load() {
		return false
	}
	p.running[j.ID] = j.Attempts
	return true
}

func (p *Pool) untrack(id int64) {
	p.mu.Lock()
	delete(p.running, id)
	p.mu.Unlock()
}

// call runs the handler on a copy of the job, turning a panic into an error
// for this attempt so that one bad job cannot kill the process.
func (p *Pool) call(ctx context.Context, h Handler, j *Job) (result json.RawMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("job handler panicked", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts,
				"panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("handler panicked: %v", r)
		}
	}()
	mine := *j
	return h(ctx, &mine, p.progressFunc(ctx, j))
}

// record stores the outcome of an attempt: done, failed for good, or
// queued again after a backoff.
func (p *Pool) record(j *Job, result json.RawMessage, err error) {
	switch {
	case err == nil && len(result) > 0 && !json.Valid(result):
		p.fail(j, "the job's handler returned a result that is not valid JSON")
	case err == nil:
		p.finish(j, result)
	case IsPermanent(err):
		p.fail(j, err.Error())
	case j.Attempts >= p.opt.MaxAttempts:
		p.fail(j, fmt.Sprintf("failed after %d attempts: %v", j.Attempts, err))
	default:
		p.retry(j, err)
	}
}

func (p *Pool) finish(j *Job, result json.RawMessage) {
	sj, err := p.db.FinishJob(p.base, j.ID, j.Attempts, result)
	if err != nil {
		p.logLost(j, "done", err)
		return
	}
	p.notify(sj)
}

func (p *Pool) fail(j *Job, msg string) {
	sj, err := p.db.FailJob(p.base, j.ID, j.Attempts, msg)
	if err != nil {
		p.logLost(j, "failed", err)
		return
	}
	p.log.Warn("job failed", "job", j.ID, "kind", j.Kind, "attempts", j.Attempts, "error", msg)
	p.notify(sj)
}

func (p *Pool) retry(j *Job, cause error) {
	delay := p.backoff(j.Attempts)
	sj, err := p.db.RetryJob(p.base, j.ID, j.Attempts, time.Now().Add(delay))
	if err != nil {
		p.logLost(j, "queued for retry", err)
		return
	}
	p.log.Warn("job attempt failed; will retry", "job", j.ID, "kind", j.Kind,
		"attempt", j.Attempts, "retry_in", delay, "err", cause)
	p.notify(sj)
	time.AfterFunc(delay, p.signal)
}

// backoff is the wait after the given failed attempt: Backoff doubled for
// each attempt before it, capped at MaxBackoff.
func (p *Pool) backoff(attempt int) time.Duration {
	d := p.opt.Backoff
	for i := 1; i < attempt && d < p.opt.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, p.opt.MaxBackoff)
}

// logLost logs an outcome that could not be recorded. A conflict means the
// job was deleted or taken over meanwhile, which is expected; anything else
// leaves the job running until the next start requeues it.
func (p *Pool) logLost(j *Job, status string, err error) {
	if errors.Is(err, store.ErrConflict) {
		p.log.Info("job outcome dropped: the job was deleted or taken over", "job", j.ID, "kind", j.Kind, "status", status)
		return
	}
	p.log.Error("could not record a job's outcome", "job", j.ID, "kind", j.Kind, "status", status, "err", err)
}

// notifyJob tells OnUpdate about a job. A panicking listener is logged
// rather than allowed to take a worker down.
func (p *Pool) notifyJob(j *Job) {
	if p.opt.OnUpdate == nil {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("jobs: OnUpdate panicked", "job", j.ID, "panic", r)
		}
	}()
	p.opt.OnUpdate(*j)
}
