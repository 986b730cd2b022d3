// Package store keeps Shotdeck's source of truth: metadata in SQLite and
// derived blobs (thumbnails, previews, export artifacts) in bbolt.
//
// SQLite runs in WAL mode behind two pools on one file: exactly one writer
// connection (so writers queue in Go instead of fighting over SQLite's lock)
// and a pool of read-only connections that never block on the writer.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when a row asked for by id or key does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write collides with existing data
// (a taken username, a duplicate content hash, a stale version).
var ErrConflict = errors.New("conflict")

// Options configure Open.
type Options struct {
	// SlowQuery is the duration from which a statement is logged as slow;
	// zero means 100 ms, negative disables the log.
	SlowQuery time.Duration
	// Readers is the size of the read pool; zero means max(4, 2×cores).
	Readers int
	// Logger receives slow-query warnings; nil means slog.Default().
	Logger *slog.Logger
	// OnQuery, when set, observes every statement's duration (for metrics).
	OnQuery func(d time.Duration, slow bool)
}

// DB is the SQLite store.
type DB struct {
	w, r *sql.DB
	opt  Options
	log  *slog.Logger

	mu          sync.Mutex
	afterCommit []func(Change) // listeners told about committed changes

	stmtMu sync.RWMutex
	stmts  map[string]*sql.Stmt // reader statements, see readStmt
}

// Change tells after-commit listeners which domains a transaction touched,
// so caches can bump generations and the indexer can wake up.
type Change struct {
	Images bool // stills, movies or the outbox changed
	Users  bool
	Decks  bool
}

// pragmas, applied to every connection. busy_timeout comes first so that the
// others wait instead of failing while another connection holds the lock.
var pragmas = []string{
	"busy_timeout(10000)", // wait up to 10 s for a lock instead of SQLITE_BUSY
	"journal_mode(WAL)",   // readers never block the writer and vice versa
	"synchronous(NORMAL)", // durable at checkpoints; safe with WAL, much faster than FULL
	"foreign_keys(1)",     // enforce REFERENCES and ON DELETE actions
	"temp_store(MEMORY)",  // sorts and temp b-trees stay off disk
	"mmap_size(67108864)", // 64 MB of the file memory-mapped for reads
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		q.Add("_pragma", "cache_size(-32000)") // 32 MB page cache per reader; mmap serves the rest
	} else {
		// The writer touches index pages all over the file during imports;
		// a large cache keeps them from being re-read for every batch.
		q.Add("_pragma", "cache_size(-262144)") // 256 MB
		// BEGIN IMMEDIATE: take the write lock at the start of a transaction,
		// so it never has to be upgraded (and fail) halfway through.
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the SQLite database at path and applies
// pending migrations. It refuses a database whose schema is newer than this
// binary knows.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if opt.SlowQuery == 0 {
		opt.SlowQuery = 100 * time.Millisecond
	}
	if opt.Readers <= 0 {
		opt.Readers = max(4, 2*runtime.NumCPU())
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	db := &DB{w: w, opt: opt, log: opt.Logger}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(opt.Readers)
	r.SetMaxIdleConns(opt.Readers)
	db.r = r
	return db, nil
}

// Close checkpoints and closes both pools.
func (db *DB) Close() error {
	var errs []error
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		errs = append(errs, st.Close())
	}
	db.stmts = nil
	db.stmtMu.Unlock()
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	// "PRAGMA optimize" keeps planner statistics fresh for the next start.
	_, _ = db.w.Exec("PRAGMA optimize")
	errs = append(errs, db.w.Close())
	return errors.Join(errs...)
}

// OnCommit registers fn to be called after every committed write
// transaction with what it changed. Listeners must be quick and must not
// write to the store.
func (db *DB) OnCommit(fn func(Change)) {
	db.mu.Lock()
	db.afterCommit = append(db.afterCommit, fn)
	db.mu.Unlock()
}

func (db *DB) notify(c Change) {
	if c == (Change{}) {
		return
	}
	db.mu.Lock()
	fns := db.afterCommit
	db.mu.Unlock()
	for _, fn := range fns {
		fn(c)
	}
}

// Tx is a write transaction. Record what it changes with Touch so that
// after-commit listeners hear about it.
type Tx struct {
	tx     *sql.Tx
	db     *DB
	change Change
	movies map[string]movieSeen // films upserted in this transaction
	stmts  map[string]*sql.Stmt // statements prepared in this transaction

	values   []valueRow  // queued image_values rows, see flushPending
	swatches []swatchRow // queued image_swatches rows
}

// prepared returns q prepared once per transaction: an import batch runs
// the same few statements thousands of times, and parsing SQL would
// otherwise be a third of its cost. database/sql closes them at the end of
// the transaction.
func (tx *Tx) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

// Touch records that the transaction changed a domain.
func (tx *Tx) Touch(c Change) {
	tx.change.Images = tx.change.Images || c.Images
	tx.change.Users = tx.change.Users || c.Users
	tx.change.Decks = tx.change.Decks || c.Decks
}

// Write runs fn in a write transaction (BEGIN IMMEDIATE on the single writer
// connection). fn's error rolls back; a nil return commits, after which the
// commit listeners run.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, db: db}
	err = fn(tx)
	if err == nil {
		err = tx.flushPending(ctx)
	}
	if err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	db.notify(tx.change)
	return nil
}

// Savepoint runs fn inside a savepoint: if fn fails, only its own writes are
// undone and the transaction stays usable (one bad import line does not cost
// its batch).
func (tx *Tx) Savepoint(ctx context.Context, fn func() error) error {
	// Rows queued by earlier work belong outside the savepoint.
	if err := tx.flushPending(ctx); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "SAVEPOINT sp"); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	saved := tx.change
	err := fn()
	if err == nil {
		err = tx.flushPending(ctx)
	}
	if err != nil {
		tx.values, tx.swatches = tx.values[:0], tx.swatches[:0] // rows of the undone writes
		tx.change = saved
		tx.movies = nil // films upserted inside the savepoint are gone again
		if _, rbErr := tx.exec(ctx, "ROLLBACK TO sp"); rbErr != nil {
			return errors.Join(err, fmt.Errorf("store: rollback to savepoint: %w", rbErr))
		}
		if _, rbErr := tx.exec(ctx, "RELEASE sp"); rbErr != nil {
			return errors.Join(err, fmt.Errorf("store: release savepoint: %w", rbErr))
		}
		return err
	}
	if _, err := tx.exec(ctx, "RELEASE sp"); err != nil {
		return fmt.Errorf("store: release savepoint: %w", err)
	}
	return nil
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	start := time.Now()
	st, err := tx.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	res, err := st.ExecContext(ctx, args...)
	tx.db.observe(ctx, q, start)
	return res, err
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	start := time.Now()
	st, err := tx.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	tx.db.observe(ctx, q, start)
	return rows, err
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	start := time.Now()
	st, err := tx.prepared(ctx, q)
	if err != nil {
		// sql.Row cannot be built with an error from outside; run the
		// statement unprepared so the error surfaces through Scan.
		return tx.tx.QueryRowContext(ctx, q, args...)
	}
	row := st.QueryRowContext(ctx, args...)
	tx.db.observe(ctx, q, start)
	return row
}

// maxReadStmts bounds the reader statement cache: statements built with a
// variable number of placeholders are many, and beyond the cap they run
// unprepared rather than grow it without end.
const maxReadStmts = 512

// readStmt returns q prepared once on the reader pool. Preparing was a
// sixth of a cached API answer's CPU (the session lookup alone runs on
// every request); a prepared *sql.Stmt is safe for concurrent use and is
// re-prepared on each pool connection only once.
func (db *DB) readStmt(ctx context.Context, q string) *sql.Stmt {
	db.stmtMu.RLock()
	st := db.stmts[q]
	db.stmtMu.RUnlock()
	if st != nil {
		return st
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if st = db.stmts[q]; st != nil || len(db.stmts) >= maxReadStmts {
		return st
	}
	st, err := db.r.PrepareContext(ctx, q)
	if err != nil {
		return nil // the unprepared run reports the error
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[q] = st
	return st
}

// query runs a read on the reader pool, timing it for the slow-query log.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	start := time.Now()
	var rows *sql.Rows
	var err error
	if st := db.readStmt(ctx, q); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = db.r.QueryContext(ctx, q, args...)
	}
	db.observe(ctx, q, start)
	return rows, err
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	start := time.Now()
	var row *sql.Row
	if st := db.readStmt(ctx, q); st != nil {
		row = st.QueryRowContext(ctx, args...)
	} else {
		row = db.r.QueryRowContext(ctx, q, args...)
	}
	db.observe(ctx, q, start)
	return row
}

// observe reports a statement's duration to the metrics hook and logs it when
// it is slow. Rows are streamed after Query returns, so for queries this
// measures planning and the first step, which is where slow plans show.
func (db *DB) observe(ctx context.Context, q string, start time.Time) {
	d := time.Since(start)
	if t, ok := ctx.Value(timerKey{}).(*Timer); ok {
		t.ns.Add(int64(d))
	}
	slow := db.opt.SlowQuery > 0 && d >= db.opt.SlowQuery
	if db.opt.OnQuery != nil {
		db.opt.OnQuery(d, slow)
	}
	if slow {
		db.log.Warn("slow query", "duration", d, "statement", compact(q))
	}
}

// compact folds a statement onto one line for the log.
func compact(q string) string {
	return strings.Join(strings.Fields(q), " ")
}

// placeholders returns "?,?,?" for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// readTx is a read transaction on the reader pool: its queries see one
// consistent snapshot of the database.
type readTx struct {
	tx *sql.Tx
	db *DB
}

func (r readTx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	start := time.Now()
	var rows *sql.Rows
	var err error
	if st := r.db.readStmt(ctx, q); st != nil {
		rows, err = r.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	} else {
		rows, err = r.tx.QueryContext(ctx, q, args...)
	}
	r.db.observe(ctx, q, start)
	return rows, err
}

func (r readTx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	start := time.Now()
	var row *sql.Row
	if st := r.db.readStmt(ctx, q); st != nil {
		row = r.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	} else {
		row = r.tx.QueryRowContext(ctx, q, args...)
	}
	r.db.observe(ctx, q, start)
	return row
}

// snapshot runs fn's reads in one read transaction, so that several queries
// see the same state even while the writer commits.
func (db *DB) snapshot(ctx context.Context, fn func(q querier) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(readTx{tx: tx, db: db})
}

// Timer adds up the time of the statements run with a context from
// WithTimer: the web server reports it per request (Server-Timing db).
type Timer struct{ ns atomic.Int64 }

type timerKey struct{}

// WithTimer returns a context whose statements are timed into a new Timer.
func WithTimer(ctx context.Context) (context.Context, *Timer) {
	t := new(Timer)
	return context.WithValue(ctx, timerKey{}, t), t
}

// Elapsed is the statement time so far.
func (t *Timer) Elapsed() time.Duration { return time.Duration(t.ns.Load()) }
