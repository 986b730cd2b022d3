package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Job statuses, as the jobs table's CHECK constraint allows them.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is one row of the jobs table. The jobs package turns it into the API's
// Job; the store only keeps it.
type Job struct {
	ID         int64
	Kind       string
	OwnerID    int64  // 0 for a job that belongs to no account
	DedupeKey  string // "" when the job has none
	Payload    []byte // JSON
	Status     string
	Progress   float64
	Result     []byte // JSON, nil until done
	Error      string
	Attempts   int       // claims so far, including the one running now
	RunAfter   time.Time // a queued job does not start before this
	CreatedAt  string
	UpdatedAt  string
	FinishedAt string // "" until done or failed
}

const jobCols = `id, kind, owner_id, dedupe_key, payload, status, progress, result,
	error, attempts, run_after, created_at, updated_at, finished_at`

func scanJob(row interface{ Scan(...any) error }) (*Job, error) {
	var (
		j        Job
		owner    sql.NullInt64
		key      sql.NullString
		finished sql.NullString
		runAfter int64
	)
	err := row.Scan(&j.ID, &j.Kind, &owner, &key, &j.Payload, &j.Status, &j.Progress, &j.Result,
		&j.Error, &j.Attempts, &runAfter, &j.CreatedAt, &j.UpdatedAt, &finished)
	if err != nil {
		return nil, err
	}
	j.OwnerID, j.DedupeKey, j.FinishedAt = owner.Int64, key.String, finished.String
	j.RunAfter = time.UnixMilli(runAfter).UTC()
	return &j, nil
}

// nullable maps Go zero values to SQL NULL for optional columns.
func nullable[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// InsertJob queues a job. When dedupeKey is set and a job with that key
// exists that has not failed, that job is returned instead and created is
// false: asking twice for the same work gets one job, and a finished one is
// answered at once.
func (db *DB) InsertJob(ctx context.Context, kind string, ownerID int64, dedupeKey string, payload []byte) (j *Job, created bool, err error) {
	if len(payload) == 0 {
		payload = []byte("null")
	}
	err = db.Write(ctx, func(tx *Tx) error {
		if dedupeKey != "" {
			j, err = scanJob(tx.queryRow(ctx, "SELECT "+jobCols+` FROM jobs
				WHERE dedupe_key = ? AND status <> 'failed'`, dedupeKey))
			if !errors.Is(err, sql.ErrNoRows) {
				return err // found (err == nil) or a real failure
			}
		}
		ts := now()
		j, err = scanJob(tx.queryRow(ctx, `INSERT INTO jobs
			(kind, owner_id, dedupe_key, payload, status, run_after, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'queued', ?, ?, ?) RETURNING `+jobCols,
			kind, nullable(ownerID), nullable(dedupeKey), string(payload), time.Now().UnixMilli(), ts, ts))
		created = err == nil
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: insert job: %w", err)
	}
	return j, created, nil
}

// JobByID returns the job with id, or ErrNotFound.
func (db *DB) JobByID(ctx context.Context, id int64) (*Job, error) {
	j, err := scanJob(db.queryRow(ctx, "SELECT "+jobCols+" FROM jobs WHERE id = ?", id))
	return j, notFound(err, "store: job by id")
}

// ClaimJob moves the oldest queued job whose run_after has passed to
// running, counts the attempt and returns it; ErrNotFound when none is
// runnable. The select and the update are one statement on the single
// writer, so two workers never claim the same job.
func (db *DB) ClaimJob(ctx context.Context, at time.Time) (*Job, error) {
	var j *Job
	err := db.Write(ctx, func(tx *Tx) error {
		var err error
		j, err = scanJob(tx.queryRow(ctx, `UPDATE jobs
			SET status = 'running', attempts = attempts + 1, progress = 0, updated_at = ?
			WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= ?
				ORDER BY run_after, id LIMIT 1)
			RETURNING `+jobCols, now(), at.UnixMilli()))
		return err
	})
	return j, notFound(err, "store: claim job")
}

// updateRunningJob applies set to a job only while it is running under the
// given attempt. The attempt is a fencing token: a worker that lost its job
// (requeued at shutdown, claimed again by a new process) gets ErrConflict
// instead of overwriting the newer attempt's state.
func (db *DB) updateRunningJob(ctx context.Context, op string, id int64, attempt int, set string, args ...any) (*Job, error) {
	var j *Job
	args = append(args, now(), id, attempt)
	err := db.Write(ctx, func(tx *Tx) error {
		var err error
		j, err = scanJob(tx.queryRow(ctx, "UPDATE jobs SET "+set+`, updated_at = ?
			WHERE id = ? AND status = 'running' AND attempts = ? RETURNING `+jobCols, args...))
		return err
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: %s job %d: attempt %d no longer holds it: %w", op, id, attempt, ErrConflict)
	case err != nil:
		return nil, fmt.Errorf("store: %s job %d: %w", op, id, err)
	}
	return j, nil
}

// SetJobProgress records how far a running attempt has come (0..1).
func (db *DB) SetJobProgress(ctx context.Context, id int64, attempt int, progress float64) (*Job, error) {
	return db.updateRunningJob(ctx, "set progress of", id, attempt, "progress = ?", progress)
}

// FinishJob marks a running attempt done with its result (JSON, may be nil).
func (db *DB) FinishJob(ctx context.Context, id int64, attempt int, result []byte) (*Job, error) {
	return db.updateRunningJob(ctx, "finish", id, attempt,
		"status = 'done', progress = 1, result = ?, error = '', finished_at = ?", nullable(string(result)), now())
}

// FailJob marks a running attempt failed for good with a readable message.
func (db *DB) FailJob(ctx context.Context, id int64, attempt int, msg string) (*Job, error) {
	return db.updateRunningJob(ctx, "fail", id, attempt,
		"status = 'failed', error = ?, finished_at = ?", msg, now())
}

// RetryJob puts a running attempt that failed transiently back in the queue,
// not to start before runAfter.
func (db *DB) RetryJob(ctx context.Context, id int64, attempt int, runAfter time.Time) (*Job, error) {
	return db.updateRunningJob(ctx, "retry", id, attempt,
		"status = 'queued', progress = 0, run_after = ?", runAfter.UnixMilli())
}

// ReleaseJob puts a running attempt that was interrupted on purpose (a
// graceful shutdown) back in the queue, runnable at once, and gives the
// attempt back: it did not fail.
func (db *DB) ReleaseJob(ctx context.Context, id int64, attempt int) (*Job, error) {
	return db.updateRunningJob(ctx, "release", id, attempt,
		"status = 'queued', progress = 0, attempts = attempts - 1, run_after = ?", time.Now().UnixMilli())
}

// RequeueRunningJobs puts every running job back in the queue and returns
// how many there were. Called at startup, before any worker runs, it
// recovers the jobs of a process that died mid-attempt. Their attempts stay
// counted, so a job that keeps crashing the process runs out of attempts.
func (db *DB) RequeueRunningJobs(ctx context.Context) (int64, error) {
	var n int64
	err := db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE jobs SET status = 'queued', progress = 0, run_after = ?, updated_at = ?
			WHERE status = 'running'`, time.Now().UnixMilli(), now())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: requeue running jobs: %w", err)
	}
	return n, nil
}

// CountQueuedJobs returns the queue depth: jobs waiting to run, including
// those waiting out a retry backoff.
func (db *DB) CountQueuedJobs(ctx context.Context) (int, error) {
	var n int
	if err := db.queryRow(ctx, "SELECT count(*) FROM jobs WHERE status = 'queued'").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count queued jobs: %w", err)
	}
	return n, nil
}

// DeleteJob removes a job, or returns ErrNotFound. A worker still running it
// finds out when it next writes (ErrConflict) and its result is dropped.
func (db *DB) DeleteJob(ctx context.Context, id int64) error {
	err := db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM jobs WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete job %d: %w", id, err)
	}
	return nil
}
