package jobs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/jobs"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/store/storetest"
)

var quiet = slog.New(slog.DiscardHandler)

// newPool returns a started pool with test-sized timings, shut down when
// the test ends.
func newPool(t *testing.T, db *store.DB, opt jobs.Options, handlers map[string]jobs.Handler) *jobs.Pool {
	t.Helper()
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	if opt.Backoff == 0 {
		opt.Backoff = time.Millisecond
	}
	if opt.Logger == nil {
		opt.Logger = quiet
	}
	p := jobs.New(db, opt)
	for kind, h := range handlers {
		p.Register(kind, h)
	}
	if err := p.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := p.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return p
}

// waitStatus polls until the job reaches status (or a final one), failing
// the test after a deadline. Polling only waits; it decides nothing.
func waitStatus(t *testing.T, p *jobs.Pool, id int64, status string) *jobs.Job {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		j, err := p.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status == status {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d: status %q (error %q), want %q", id, j.Status, j.Error, status)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func enqueue(t *testing.T, p *jobs.Pool, kind, key string) *jobs.Job {
	t.Helper()
	j, _, err := p.Enqueue(context.Background(), kind, 0, key, map[string]int{"deck": 7})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestJobRunsToDone(t *testing.T) {
	db, _, _ := storetest.Open(t)
	ctx := context.Background()
	owner, err := db.CreateUser(ctx, "ana", "hash", store.RoleMember, false)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	onUpdate := func(j jobs.Job) {
		mu.Lock()
		seen = append(seen, j.Status)
		mu.Unlock()
	}
	p := newPool(t, db, jobs.Options{OnUpdate: onUpdate}, map[string]jobs.Handler{
		"export": func(ctx context.Context, j *jobs.Job, progress func(float64)) (json.RawMessage, error) {
			var in struct{ Deck int }
			if err := j.DecodePayload(&in); err != nil {
				return nil, jobs.Permanent(err)
			}
			progress(0.5)
			return json.RawMessage(fmt.Sprintf(`{"deck":%d,"key":"exports/1.pdf"}`, in.Deck)), nil
		},
	})
	j, created, err := p.Enqueue(ctx, "export", owner.ID, "", map[string]int{"deck": 7})
	if err != nil || !created || j.Status != jobs.Queued || j.OwnerID != owner.ID {
		t.Fatalf("enqueue: %+v %v %v", j, created, err)
	}
	done := waitStatus(t, p, j.ID, jobs.Done)
	if done.Progress != 1 || string(done.Result) != `{"deck":7,"key":"exports/1.pdf"}` || done.Attempts != 1 || done.Error != "" {
		t.Fatalf("done job: %+v", done)
	}
	mu.Lock()
	got := slices.Clone(seen)
	mu.Unlock()
	// Enqueue's notice may race the claim's, but the rest is ordered.
	slices.Sort(got[:len(got)-1])
	if want := []string{jobs.Queued, jobs.Running, jobs.Running, jobs.Done}; !slices.Equal(got, want) {
		t.Fatalf("updates %v, want queued, claimed, progress, done", got)
	}

	// The API shape: id as a string, internal fields hidden.
	done.DownloadURL = "/api/v1/jobs/1/download"
	b, err := json.Marshal(done)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
	want := []string{"created_at", "download_url", "id", "kind", "progress", "status", "updated_at"}
	if !slices.Equal(keys, want) || m["id"] != fmt.Sprint(j.ID) {
		t.Fatalf("JSON %s", b)
	}

	if _, err := p.Get(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing job: %v", err)
	}
}

func TestDedupeKeyReturnsTheSameJob(t *testing.T) {
	db, _, _ := storetest.Open(t)
	ctx := context.Background()
	var runs atomic.Int32
	p := newPool(t, db, jobs.Options{}, map[string]jobs.Handler{
		"export": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
			runs.Add(1)
			return json.RawMessage(`{"n":1}`), nil
		},
	})
	first := enqueue(t, p, "export", "deck:7:v12:pdf")
	again, created, err := p.Enqueue(ctx, "export", 0, "deck:7:v12:pdf", nil)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("second enqueue: id %d created %v %v; want id %d", again.ID, created, err, first.ID)
	}
	waitStatus(t, p, first.ID, jobs.Done)
	// Once done, the same request is answered with the finished job.
	later, created, err := p.Enqueue(ctx, "export", 0, "deck:7:v12:pdf", nil)
	if err != nil || created || later.ID != first.ID || later.Status != jobs.Done || string(later.Result) != `{"n":1}` {
		t.Fatalf("enqueue after done: %+v created %v %v", later, created, err)
	}
	other := enqueue(t, p, "export", "deck:7:v13:pdf")
	if other.ID == first.ID {
		t.Fatal("a different key shared the job")
	}
	waitStatus(t, p, other.ID, jobs.Done)
	if n := runs.Load(); n != 2 {
		t.Fatalf("handler ran %d times for two keys", n)
	}
}

func TestTransientErrorIsRetried(t *testing.T) {
	db, _, _ := storetest.Open(t)
	var calls atomic.Int32
	p := newPool(t, db, jobs.Options{MaxAttempts: 3}, map[string]jobs.Handler{
		"flaky": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
			if calls.Add(1) < 3 {
				return nil, errors.New("connection reset")
			}
			return json.RawMessage(`true`), nil
		},
	})
	j := enqueue(t, p, "flaky", "")
	done := waitStatus(t, p, j.ID, jobs.Done)
	if done.Attempts != 3 || calls.Load() != 3 || done.Error != "" {
		t.Fatalf("attempts %d, calls %d, error %q", done.Attempts, calls.Load(), done.Error)
	}
}

func TestAlwaysFailingJobGivesUp(t *testing.T) {
	db, _, _ := storetest.Open(t)
	var calls atomic.Int32
	p := newPool(t, db, jobs.Options{MaxAttempts: 3}, map[string]jobs.Handler{
		"doomed": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
			calls.Add(1)
			return nil, errors.New("disk full")
		},
	})
	j := enqueue(t, p, "doomed", "")
	failed := waitStatus(t, p, j.ID, jobs.Failed)
	if failed.Attempts != 3 || calls.Load() != 3 {
		t.Fatalf("attempts %d, calls %d; want 3", failed.Attempts, calls.Load())
	}
	if failed.Error != "failed after 3 attempts: disk full" || failed.FinishedAt == "" {
		t.Fatalf("error %q finished %q", failed.Error, failed.FinishedAt)
	}
	// A failed job gives its dedupe key up; here it had none, and the
	// queue is empty.
	if n, err := p.QueueDepth(context.Background()); err != nil || n != 0 {
		t.Fatalf("queue depth %d %v", n, err)
	}
}

func TestPermanentErrorFailsAtOnce(t *testing.T) {
	db, _, _ := storetest.Open(t)
	var calls atomic.Int32
	p := newPool(t, db, jobs.Options{MaxAttempts: 5}, map[string]jobs.Handler{
		"bad": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
			calls.Add(1)
			return nil, fmt.Errorf("render: %w", jobs.Permanent(errors.New("deck 7 no longer exists")))
		},
	})
	j := enqueue(t, p, "bad", "deck:7")
	failed := waitStatus(t, p, j.ID, jobs.Failed)
	if failed.Attempts != 1 || calls.Load() != 1 || failed.Error != "render: deck 7 no longer exists" {
		t.Fatalf("attempts %d calls %d error %q", failed.Attempts, calls.Load(), failed.Error)
	}
	// The failed job released its key: asking again starts a new job.
	if again := enqueue(t, p, "bad", "deck:7"); again.ID == j.ID || again.Status != jobs.Queued {
		t.Fatalf("re-enqueue after failure: %+v", again)
	}
}

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestPanicFailsTheAttemptNotTheProcess(t *testing.T) {
	db, _, _ := storetest.Open(t)
	var logs syncBuffer
	p := newPool(t, db, jobs.Options{MaxAttempts: 2, Logger: slog.New(slog.NewTextHandler(&logs, nil))},
		map[string]jobs.Handler{
			"crash": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
				var m map[string]int
				m["boom"] = 1 // assignment to a nil map
				return nil, nil
			},
			"fine": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
				return nil, nil
			},
		})
	j := enqueue(t, p, "crash", "")
	failed := waitStatus(t, p, j.ID, jobs.Failed)
	if failed.Attempts != 2 || !strings.Contains(failed.Error, "panicked: assignment to entry in nil map") {
		t.Fatalf("attempts %d error %q", failed.Attempts, failed.Error)
	}
	if !strings.Contains(logs.String(), "job handler panicked") || !strings.Contains(logs.String(), "stack=") {
		t.Fatalf("panic not logged with its stack:\n%s", logs.String())
	}
	// The workers live on.
	ok := enqueue(t, p, "fine", "")
	if done := waitStatus(t, p, ok.ID, jobs.Done); done.Result != nil {
		t.Fatalf("nil result stored as %q", done.Result)
	}
}

func TestUnknownKindFailsPermanently(t *testing.T) {
	db, _, _ := storetest.Open(t)
	ctx := context.Background()
	// A newer binary queued a kind this one does not know.
	sj, _, err := db.InsertJob(ctx, "transcode", 0, "", []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	p := newPool(t, db, jobs.Options{}, map[string]jobs.Handler{})
	failed := waitStatus(t, p, sj.ID, jobs.Failed)
	if failed.Attempts != 1 || !strings.Contains(failed.Error, `unknown job kind "transcode"`) {
		t.Fatalf("attempts %d error %q", failed.Attempts, failed.Error)
	}
	if _, _, err := p.Enqueue(ctx, "transcode", 0, "", nil); err == nil {
		t.Fatal("enqueued a kind with no handler")
	}
}

func TestShutdownRequeuesAndRestartCompletes(t *testing.T) {
	db, _, _ := storetest.Open(t)
	ctx := context.Background()
	started, cancelled := make(chan struct{}), make(chan struct{})
	first := jobs.New(db, jobs.Options{Workers: 1, Logger: quiet})
	first.Register("export", func(ctx context.Context, _ *jobs.Job, progress func(float64)) (json.RawMessage, error) {
		progress(0.3)
		close(started)
		<-ctx.Done()
		close(cancelled)
		return nil, ctx.Err()
	})
	if err := first.Start(ctx); err != nil {
		t.Fatal(err)
	}
	j := enqueue(t, first, "export", "deck:1")
	<-started

	expired, cancel := context.WithCancel(ctx)
	cancel()
	if err := first.Shutdown(expired); !errors.Is(err, context.Canceled) {
		t.Fatalf("shutdown with an expired context: %v", err)
	}
	<-cancelled // the handler's context was cancelled
	got, err := first.Get(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != jobs.Queued || got.Attempts != 0 || got.Progress != 0 {
		t.Fatalf("after shutdown: %+v; want queued with the attempt given back", got)
	}

	second := newPool(t, db, jobs.Options{}, map[string]jobs.Handler{
		"export": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
			return json.RawMessage(`"fresh"`), nil
		},
	})
	done := waitStatus(t, second, j.ID, jobs.Done)
	if string(done.Result) != `"fresh"` || done.Attempts != 1 {
		t.Fatalf("after restart: %+v", done)
	}
}

func TestStartRecoversJobsOfACrashedProcess(t *testing.T) {
	db, _, _ := storetest.Open(t)
	ctx := context.Background()
	sj, _, err := db.InsertJob(ctx, "export", 0, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	// A process claimed it and died.
	if _, err := db.ClaimJob(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	p := newPool(t, db, jobs.Options{}, map[string]jobs.Handler{
		"export": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) { return nil, nil },
	})
	if done := waitStatus(t, p, sj.ID, jobs.Done); done.Attempts != 2 {
		t.Fatalf("attempts %d; the crashed attempt counts", done.Attempts)
	}
}

func TestJobThatKeepsCrashingTheProcessGivesUp(t *testing.T) {
	db, _, _ := storetest.Open(t)
	ctx := context.Background()
	sj, _, err := db.InsertJob(ctx, "export", 0, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // three processes died running it
		if _, err := db.RequeueRunningJobs(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ClaimJob(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var calls atomic.Int32
	p := newPool(t, db, jobs.Options{MaxAttempts: 3}, map[string]jobs.Handler{
		"export": func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
			calls.Add(1)
			return nil, nil
		},
	})
	failed := waitStatus(t, p, sj.ID, jobs.Failed)
	if calls.Load() != 0 || !strings.Contains(failed.Error, "gave up after 3 attempts") {
		t.Fatalf("calls %d error %q", calls.Load(), failed.Error)
	}
}

func TestWorkersBoundConcurrency(t *testing.T) {
	db, _, _ := storetest.Open(t)
	ctx := context.Background()
	const workers, total = 2, 6
	var cur, peak atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	p := jobs.New(db, jobs.Options{Workers: workers, Logger: quiet})
	p.Register("export", func(context.Context, *jobs.Job, func(float64)) (json.RawMessage, error) {
		n := cur.Add(1)
		for old := peak.Load(); n > old && !peak.CompareAndSwap(old, n); old = peak.Load() {
		}
		started <- struct{}{}
		<-release
		cur.Add(-1)
		return nil, nil
	})
	var ids []int64
	for range total {
		ids = append(ids, enqueue(t, p, "export", "").ID)
	}
	if err := p.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Shutdown(ctx) })

	// Keep the workers saturated: whenever one handler is let go, another
	// starts, until every job has run.
	for range workers {
		<-started
	}
	if n, err := p.QueueDepth(ctx); err != nil || n != total-workers {
		t.Fatalf("queue depth %d %v with %d running", n, err, workers)
	}
	for range total - workers {
		release <- struct{}{}
		<-started
	}
	for range workers {
		release <- struct{}{}
	}
	for _, id := range ids {
		waitStatus(t, p, id, jobs.Done)
	}
	if peak.Load() != workers {
		t.Fatalf("at most %d handlers ran at once, want exactly %d", peak.Load(), workers)
	}
}

func TestProgressWritesAreThrottled(t *testing.T) {
	db, _, _ := storetest.Open(t)
	var writes atomic.Int32
	reached, release := make(chan struct{}), make(chan struct{})
	p := newPool(t, db, jobs.Options{
		ProgressEvery: time.Hour, // only the 5% step triggers a write here
		ProgressStep:  0.05,
		OnUpdate: func(j jobs.Job) {
			if j.Status == jobs.Running && j.Progress > 0 {
				writes.Add(1)
			}
		},
	}, map[string]jobs.Handler{
		"export": func(_ context.Context, _ *jobs.Job, progress func(float64)) (json.RawMessage, error) {
			for card := 1; card <= 523; card++ { // one report per card
				progress(float64(card) / 1000)
			}
			close(reached)
			<-release
			return nil, nil
		},
	})
	j := enqueue(t, p, "export", "")
	<-reached
	got, err := p.Get(context.Background(), j.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 523 reports, about one write per 5%: ten of them, the last at 0.50.
	if got.Progress < 0.45 || got.Progress > 0.523 {
		t.Fatalf("stored progress %v after reporting 0.523", got.Progress)
	}
	if n := writes.Load(); n < 9 || n > 11 {
		t.Fatalf("%d progress writes for 523 reports", n)
	}
	close(release)
	waitStatus(t, p, j.ID, jobs.Done)
}

func TestGracefulShutdownWaitsForHandlers(t *testing.T) {
	db, _, _ := storetest.Open(t)
	ctx := context.Background()
	started, release := make(chan struct{}), make(chan struct{})
	p := jobs.New(db, jobs.Options{Workers: 1, Logger: quiet})
	p.Register("export", func(ctx context.Context, _ *jobs.Job, _ func(float64)) (json.RawMessage, error) {
		close(started)
		<-release
		return json.RawMessage(`1`), ctx.Err()
	})
	if err := p.Start(ctx); err != nil {
		t.Fatal(err)
	}
	j := enqueue(t, p, "export", "")
	<-started
	result := make(chan error, 1)
	go func() {
		wait, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		result <- p.Shutdown(wait)
	}()
	close(release)
	if err := <-result; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	// Shutdown returned only after the handler's outcome was recorded.
	got, err := p.Get(ctx, j.ID)
	if err != nil || got.Status != jobs.Done {
		t.Fatalf("after shutdown: %+v %v", got, err)
	}
}
