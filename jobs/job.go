// Package jobs runs durable background work (deck exports, media
// processing) off the request path. Jobs live in SQLite, so a queued or
// interrupted job survives a restart; a pool of workers claims them one at a
// time, retries transient failures with backoff and records progress.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shotdeck/shotdeck/store"
)

// Statuses a job goes through: queued → running → done or failed (a
// transient failure goes back to queued until its attempts run out).
const (
	Queued  = store.JobQueued
	Running = store.JobRunning
	Done    = store.JobDone
	Failed  = store.JobFailed
)

// Job is a background job as API.md's Job object shows it. DownloadURL is
// left for the web layer to fill from Result; the fields tagged "-" are for
// handlers and services, never for clients.
type Job struct {
	ID          int64   `json:"id,string"`
	Kind        string  `json:"kind"`
	Status      string  `json:"status"`
	Progress    float64 `json:"progress"`
	Error       string  `json:"error,omitempty"`
	DownloadURL string  `json:"download_url,omitempty"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`

	OwnerID    int64           `json:"-"` // 0 for a job that belongs to no account
	DedupeKey  string          `json:"-"`
	Payload    json.RawMessage `json:"-"`
	Result     json.RawMessage `json:"-"` // nil until done
	Attempts   int             `json:"-"`
	FinishedAt string          `json:"-"`
}

// DecodePayload unmarshals the job's payload into v.
func (j *Job) DecodePayload(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return fmt.Errorf("jobs: job %d (%s): decode payload: %w", j.ID, j.Kind, err)
	}
	return nil
}

func fromStore(s *store.Job) *Job {
	return &Job{
		ID: s.ID, Kind: s.Kind, Status: s.Status, Progress: s.Progress, Error: s.Error,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
		OwnerID: s.OwnerID, DedupeKey: s.DedupeKey, Payload: s.Payload, Result: s.Result,
		Attempts: s.Attempts, FinishedAt: s.FinishedAt,
	}
}

// Handler does the work of one kind of job. It reports how far it has come
// through progress (0..1; calls are throttled before they reach SQLite, so
// calling it per item is fine) and returns a JSON result for the job. It
// should stop when ctx is cancelled: the pool is shutting down and will run
// the job again on the next start. An error wrapped with Permanent fails the
// job at once; any other error is retried with backoff.
type Handler func(ctx context.Context, j *Job, progress func(p float64)) (result json.RawMessage, err error)

// permanentError marks an error that retrying cannot fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as not worth retrying (bad payload, a deck that no
// longer exists): the job fails at once with err's message. Permanent(nil)
// is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err, or an error it wraps, was marked with
// Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
