-- Durable background jobs (deck exports, later media processing). Workers
-- claim queued rows one at a time on the single writer connection, so a
-- claim is atomic without any extra locking.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    -- NULL for jobs that belong to no account (system work).
    owner_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    -- Callers name the work ("export:deck:7:v12:pdf") so that asking twice
    -- returns the same job. A failed job gives its key up, so asking again
    -- after a failure starts afresh.
    dedupe_key  TEXT,
    payload     TEXT NOT NULL DEFAULT 'null',  -- JSON, the handler's input
    status      TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed')),
    progress    REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
    result      TEXT,                          -- JSON, set when done
    error       TEXT NOT NULL DEFAULT '',      -- set when failed
    attempts    INTEGER NOT NULL DEFAULT 0,    -- claims so far; fences stale workers
    -- Unix milliseconds before which the job may not start (retry backoff).
    -- An integer because RFC 3339 strings with trimmed fractions do not sort.
    run_after   INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs(dedupe_key)
    WHERE dedupe_key IS NOT NULL AND status <> 'failed';
-- The queue scan: the oldest runnable queued job.
CREATE INDEX jobs_queue ON jobs(status, run_after, id);
-- Deleting an account cascades to its jobs.
CREATE INDEX jobs_owner ON jobs(owner_id);
