package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func newJobOwner(t *testing.T, db *DB) *User {
	t.Helper()
	u, err := db.CreateUser(context.Background(), "owner", "hash", RoleMember, false)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mustInsertJob(t *testing.T, db *DB, ownerID int64) *Job {
	t.Helper()
	j, _, err := db.InsertJob(context.Background(), "k", ownerID, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestInsertJobDedupe(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	u := newJobOwner(t, db)

	a, created, err := db.InsertJob(ctx, "export", u.ID, "deck:7:v12:pdf", []byte(`{"deck":7}`))
	if err != nil || !created {
		t.Fatalf("first insert: %v %v", created, err)
	}
	if a.Status != JobQueued || a.OwnerID != u.ID || string(a.Payload) != `{"deck":7}` || a.Result != nil {
		t.Fatalf("inserted job: %+v", a)
	}
	b, created, err := db.InsertJob(ctx, "export", u.ID, "deck:7:v12:pdf", []byte(`{"deck":7}`))
	if err != nil || created || b.ID != a.ID {
		t.Fatalf("same key: created=%v id=%d want %d, %v", created, b.ID, a.ID, err)
	}

	// A failed job gives its key up: asking again starts a new job.
	claimed, err := db.ClaimJob(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FailJob(ctx, claimed.ID, claimed.Attempts, "boom"); err != nil {
		t.Fatal(err)
	}
	c, created, err := db.InsertJob(ctx, "export", u.ID, "deck:7:v12:pdf", nil)
	if err != nil || !created || c.ID == a.ID {
		t.Fatalf("after failure: created=%v id=%d, %v", created, c.ID, err)
	}
	if string(c.Payload) != "null" {
		t.Fatalf("empty payload stored as %q", c.Payload)
	}

	// Jobs without a key never collide, and need no owner.
	for range 2 {
		if _, created, err := db.InsertJob(ctx, "sweep", 0, "", nil); err != nil || !created {
			t.Fatalf("keyless insert: %v %v", created, err)
		}
	}
}

func TestClaimJobOrderAndRunAfter(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	first := mustInsertJob(t, db, 0)
	second := mustInsertJob(t, db, 0)

	got, err := db.ClaimJob(ctx, time.Now())
	if err != nil || got.ID != first.ID || got.Status != JobRunning || got.Attempts != 1 {
		t.Fatalf("first claim: %+v %v", got, err)
	}
	// A retry scheduled in the future is not runnable yet; the next job is.
	if _, err := db.RetryJob(ctx, got.ID, got.Attempts, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err = db.ClaimJob(ctx, time.Now())
	if err != nil || got.ID != second.ID {
		t.Fatalf("second claim: %+v %v", got, err)
	}
	if _, err := db.ClaimJob(ctx, time.Now()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("nothing runnable, got %v", err)
	}
	if n, err := db.CountQueuedJobs(ctx); err != nil || n != 1 {
		t.Fatalf("queue depth %d, %v; the retry waiting counts", n, err)
	}
	got, err = db.ClaimJob(ctx, time.Now().Add(2*time.Hour))
	if err != nil || got.ID != first.ID || got.Attempts != 2 {
		t.Fatalf("claim after backoff: %+v %v", got, err)
	}
}

func TestJobFencing(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	j := mustInsertJob(t, db, 0)
	old, err := db.ClaimJob(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if p, err := db.SetJobProgress(ctx, j.ID, old.Attempts, 0.5); err != nil || p.Progress != 0.5 {
		t.Fatalf("progress: %+v %v", p, err)
	}
	// The process dies; the next one requeues and claims the job again.
	if n, err := db.RequeueRunningJobs(ctx); err != nil || n != 1 {
		t.Fatalf("requeue: %d %v", n, err)
	}
	fresh, err := db.ClaimJob(ctx, time.Now())
	if err != nil || fresh.Attempts != 2 || fresh.Progress != 0 {
		t.Fatalf("reclaim: %+v %v", fresh, err)
	}
	// The old attempt's writes are refused, the new one's go through.
	if _, err := db.FinishJob(ctx, j.ID, old.Attempts, []byte(`"stale"`)); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale finish: %v", err)
	}
	if _, err := db.SetJobProgress(ctx, j.ID, old.Attempts, 0.9); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale progress: %v", err)
	}
	done, err := db.FinishJob(ctx, j.ID, fresh.Attempts, []byte(`{"ok":true}`))
	if err != nil || done.Status != JobDone || done.Progress != 1 || string(done.Result) != `{"ok":true}` || done.FinishedAt == "" {
		t.Fatalf("finish: %+v %v", done, err)
	}
	// A finished job cannot be failed or released afterwards.
	if _, err := db.FailJob(ctx, j.ID, fresh.Attempts, "late"); !errors.Is(err, ErrConflict) {
		t.Fatalf("fail after done: %v", err)
	}
	if _, err := db.ReleaseJob(ctx, j.ID, fresh.Attempts); !errors.Is(err, ErrConflict) {
		t.Fatalf("release after done: %v", err)
	}
}

func TestReleaseJobGivesTheAttemptBack(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	mustInsertJob(t, db, 0)
	j, err := db.ClaimJob(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	rel, err := db.ReleaseJob(ctx, j.ID, j.Attempts)
	if err != nil || rel.Status != JobQueued || rel.Attempts != 0 {
		t.Fatalf("release: %+v %v", rel, err)
	}
	if again, err := db.ClaimJob(ctx, time.Now()); err != nil || again.Attempts != 1 {
		t.Fatalf("claim after release: %+v %v", again, err)
	}
}

func TestJobDeleteAndOwnerCascade(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	u := newJobOwner(t, db)
	a := mustInsertJob(t, db, u.ID)
	b := mustInsertJob(t, db, u.ID)
	if err := db.DeleteJob(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteJob(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := db.JobByID(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted job: %v", err)
	}
	err := db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM users WHERE id = ?", u.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.JobByID(ctx, b.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an account's jobs go with it: %v", err)
	}
}

// TestJobQueryPlans checks that the queue scan and the dedupe lookup use
// their indexes instead of scanning a table full of finished jobs.
func TestJobQueryPlans(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	cases := map[string]struct {
		stmt  string
		args  []any
		index string
	}{
		"queue": {`SELECT id FROM jobs WHERE status = 'queued' AND run_after <= ?
			ORDER BY run_after, id LIMIT 1`, []any{time.Now().UnixMilli()}, "jobs_queue"},
		"dedupe": {`SELECT id FROM jobs WHERE dedupe_key = ? AND status <> 'failed'`, []any{"k"}, "jobs_dedupe"},
	}
	for name, c := range cases {
		rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+c.stmt, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, c.index) || strings.Contains(joined, "TEMP B-TREE") {
			t.Errorf("%s: plan %q does not use %s alone", name, joined, c.index)
		}
	}
}
