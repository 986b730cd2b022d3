package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// Options configure a Pool. Zero values mean the defaults.
type Options struct {
	// Workers is how many handlers run at once; default runtime.NumCPU().
	Workers int
	// MaxAttempts is how many times a job is tried before it fails for
	// good; default 3. Attempts cut short by a crash count too, so a job
	// that brings the process down cannot do so forever.
	MaxAttempts int
	// Backoff is the wait before the first retry, doubled for each later
	// one; default 1 s.
	Backoff time.Duration
	// MaxBackoff caps the wait between retries; default 1 min.
	MaxBackoff time.Duration
	// Poll is how often idle workers look for work nobody woke them for
	// (retries scheduled before a restart); default 10 s. New jobs and
	// retries in this process wake a worker at once.
	Poll time.Duration
	// ProgressEvery and ProgressStep throttle progress writes: one is made
	// when progress moved by ProgressStep since the last write, or when
	// ProgressEvery has passed; defaults 200 ms and 0.05.
	ProgressEvery time.Duration
	ProgressStep  float64
	// Logger receives retries, failures and panics; nil means slog.Default().
	Logger *slog.Logger
	// OnUpdate, when set, is called after every recorded change of a job
	// (queued, running, progress, retry, done, failed), for example to post
	// progress to a deck's live room. It runs on the worker's goroutine, so
	// it must be quick.
	OnUpdate func(Job)
}

func (o *Options) defaults() {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = 10 * time.Second
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 200 * time.Millisecond
	}
	if o.ProgressStep <= 0 {
		o.ProgressStep = 0.05
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Pool runs the jobs stored in one database. Run one Pool per database:
// Start takes every running job to be an orphan of a dead process.
type Pool struct {
	db  *store.DB
	opt Options
	log *slog.Logger

	mu       sync.Mutex
	handlers map[string]Handler
	running  map[int64]int // job id → attempt, for Shutdown to hand back
	started  bool

	wake     chan struct{} // a job may be runnable; buffered, so signals coalesce
	stop     chan struct{} // closed by Shutdown: claim nothing more
	stopOnce sync.Once
	wg       sync.WaitGroup // the workers

	// base is the parent of every handler's context; Shutdown cancels it
	// when it stops waiting, and sets aborted so that the attempts it hands
	// back are not also recorded by their workers.
	base    context.Context
	cancel  context.CancelFunc
	aborted atomic.Bool
}

// New returns a pool over db. Register handlers, then Start it.
func New(db *store.DB, opt Options) *Pool {
	opt.defaults()
	base, cancel := context.WithCancel(context.Background())
	return &Pool{
		db: db, opt: opt, log: opt.Logger,
		handlers: map[string]Handler{},
		running:  map[int64]int{},
		wake:     make(chan struct{}, 1),
		stop:     make(chan struct{}),
		base:     base,
		cancel:   cancel,
	}
}

// Register sets the handler for jobs of kind. Jobs of a kind with no
// handler cannot be enqueued, and fail when found in the table.
func (p *Pool) Register(kind string, h Handler) {
	p.mu.Lock()
	p.handlers[kind] = h
	p.mu.Unlock()
}

func (p *Pool) handler(kind string) (Handler, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h, ok := p.handlers[kind]
	return h, ok
}

// Start requeues the jobs a crashed process left running, then starts the
// workers. ctx bounds only that first step; the workers run until Shutdown.
func (p *Pool) Start(ctx context.Context) error {
	p.mu.Lock()
	started := p.started
	p.started = true
	p.mu.Unlock()
	if started {
		return errors.New("jobs: start: pool already started")
	}
	n, err := p.db.RequeueRunningJobs(ctx)
	if err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	if n > 0 {
		p.log.Info("requeued jobs interrupted by the last shutdown", "count", n)
	}
	p.wg.Add(p.opt.Workers)
	for range p.opt.Workers {
		go p.worker()
	}
	return nil
}

// Enqueue stores a job for a handler registered for kind, with payload
// encoded as JSON, and wakes a worker. When dedupeKey is set and a job with
// that key exists and has not failed, that job is returned with created
// false, whatever its status: a finished export is answered at once. The
// key is global across kinds and owners, so callers put into it everything
// that must tell two jobs apart.
func (p *Pool) Enqueue(ctx context.Context, kind string, ownerID int64, dedupeKey string, payload any) (*Job, bool, error) {
	if _, ok := p.handler(kind); !ok {
		return nil, false, fmt.Errorf("jobs: enqueue %q: no handler registered for this kind", kind)
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, false, fmt.Errorf("jobs: enqueue %s: encode payload: %w", kind, err)
	}
	sj, created, err := p.db.InsertJob(ctx, kind, ownerID, dedupeKey, b)
	if err != nil {
		return nil, false, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	if created {
		p.notify(sj)
		p.signal()
	}
	return fromStore(sj), created, nil
}

// Get returns the job with id; a missing one is store.ErrNotFound, wrapped.
func (p *Pool) Get(ctx context.Context, id int64) (*Job, error) {
	sj, err := p.db.JobByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("jobs: get %d: %w", id, err)
	}
	return fromStore(sj), nil
}

// QueueDepth returns how many jobs wait to run, retries included.
func (p *Pool) QueueDepth(ctx context.Context) (int, error) {
	n, err := p.db.CountQueuedJobs(ctx)
	if err != nil {
		return 0, fmt.Errorf("jobs: queue depth: %w", err)
	}
	return n, nil
}

// Delete removes a job (for example a done export whose artifact is gone,
// so that it can be enqueued afresh). A worker running it keeps going, but
// its outcome is dropped.
func (p *Pool) Delete(ctx context.Context, id int64) error {
	if err := p.db.DeleteJob(ctx, id); err != nil {
		return fmt.Errorf("jobs: delete: %w", err)
	}
	return nil
}

// Shutdown stops claiming jobs and waits for running handlers to return.
// If ctx ends first, it cancels their contexts and puts their jobs back in
// the queue, attempts given back, for the next start to run; it then
// returns ctx's error without waiting for handlers that ignore
// cancellation (whatever they do later is not recorded).
func (p *Pool) Shutdown(ctx context.Context) error {
	p.stopOnce.Do(func() { close(p.stop) })
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	n := p.abort()
	return fmt.Errorf("jobs: shutdown: gave up waiting, %d running jobs requeued: %w", n, ctx.Err())
}

// abort cancels every running attempt and hands its job back to the
// queue; it returns how many there were.
func (p *Pool) abort() int {
	p.mu.Lock()
	p.aborted.Store(true)
	held := maps.Clone(p.running)
	p.mu.Unlock()
	p.cancel()
	// The caller's context is over; give the hand-back its own short one.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for id, attempt := range held {
		p.release(ctx, id, attempt)
	}
	return len(held)
}

// release puts one interrupted attempt's job back in the queue.
func (p *Pool) release(ctx context.Context, id int64, attempt int) {
	sj, err := p.db.ReleaseJob(ctx, id, attempt)
	switch {
	case errors.Is(err, store.ErrConflict):
		// It finished (or was deleted) just as we gave up on it.
	case err != nil:
		p.log.Error("could not requeue an interrupted job; the next start will", "job", id, "err", err)
	default:
		p.log.Info("requeued an interrupted job", "job", id, "kind", sj.Kind)
		p.notify(sj)
	}
}

// signal wakes one idle worker, if any; it never blocks.
func (p *Pool) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// notify hands a recorded change to OnUpdate.
func (p *Pool) notify(sj *store.Job) {
	if p.opt.OnUpdate != nil {
		p.notifyJob(fromStore(sj))
	}
}
