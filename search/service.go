package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shotdeck/shotdeck/facets"
	"github.com/shotdeck/shotdeck/index"
	"github.com/shotdeck/shotdeck/store"
)

// ErrNotReady is returned while the service is still loading its indexes.
var ErrNotReady = errors.New("the search index is still loading")

// batchEntries is how many outbox entries one indexing batch applies.
const batchEntries = 2000

// snapshotEvery bounds how stale the snapshot gets while the server runs,
// so that even after a crash a restart replays little of the outbox.
const snapshotEvery = 10 * time.Minute

// Service keeps the text index and the facet engine current and answers
// queries from them.
type Service struct {
	onBatch atomic.Pointer[func(time.Duration, int)] // see ObserveBatches

	dir    string // the Bleve index folder
	db     *store.DB
	text   *index.Index
	facets *facets.Index
	log    *slog.Logger

	wake    chan struct{} // a commit touched stills: apply the outbox
	applied atomic.Int64  // outbox seq applied to both indexes
	ready   atomic.Bool   // the facet engine is loaded
	started atomic.Bool

	savedSeq     atomic.Int64 // applied seq of the last snapshot written or read
	lastSaved    time.Time
	fromSnapshot atomic.Bool // the last load used the snapshot
	mu           sync.Mutex
	moved        chan struct{} // closed and replaced whenever applied advances
	done         chan struct{}

	decks *deckIndex // deck search, rebuilt at each start (decks.go)

	dict     dictState
	titlesMu sync.RWMutex
	titles   map[uint32]string // film id → "Title (year)", for suggestions
}

// Open opens the full-text index in dir (creating it, or recreating it when
// its mapping is from another version) for a store. Start loads and runs it.
func Open(db *store.DB, dir string, log *slog.Logger) (*Service, error) {
	text, err := index.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if log == nil {
		log = slog.Default()
	}
	decks, err := newDeckIndex(deckIndexDir(dir))
	if err != nil {
		text.Close()
		return nil, err
	}
	s := &Service{dir: dir, db: db, text: text, facets: facets.New(), log: log,
		wake: make(chan struct{}, 1), moved: make(chan struct{}), done: make(chan struct{}),
		titles: map[uint32]string{}, decks: decks}
	db.OnCommit(func(c store.Change) {
		// Deck changes write outbox entries too (for deck search).
		if c.Images || c.Decks {
			select {
			case s.wake <- struct{}{}:
			default: // a wake-up is already pending
			}
		}
	})
	return s, nil
}

// Start loads the facet engine from SQLite (and the text index, when it was
// recreated), then applies the outbox as commits arrive, until ctx ends.
func (s *Service) Start(ctx context.Context) {
	s.started.Store(true)
	go func() {
		defer close(s.done)
		if err := s.load(ctx); err != nil {
			if ctx.Err() == nil {
				s.log.Error("search: load", "err", err)
			}
			return
		}
		s.run(ctx)
	}()
}

// Close waits for the indexer to stop (cancel Start's context first), saves
// a snapshot for a quick next start, and closes the text index.
func (s *Service) Close() error {
	var err error
	if s.started.Load() {
		<-s.done
		if s.ready.Load() && s.applied.Load() != s.savedSeq.Load() {
			err = s.saveSnapshot()
		}
	}
	return errors.Join(err, s.text.Close(), s.decks.close())
}

// load fills the facet engine from every still in SQLite, and the text
// index too when it is new. Outbox entries newer than the start of the scan
// are applied afterwards; applying an entry twice is harmless, since it
// reloads the still's current row.
func (s *Service) load(ctx context.Context) error {
	start := time.Now()
	head, err := s.db.OutboxHead(ctx)
	if err != nil {
		return err
	}
	textSeq, err := s.text.LastSeq()
	if err != nil {
		return err
	}
	// The deck index is rebuilt on every start, in the background,
	// whichever way the stills load; after reading the head, which its scan
	// must not predate (decks.go).
	s.startDeckLoad(ctx)
	rebuild := s.text.Rebuilt() || (textSeq == 0 && head > 0)
	if !rebuild {
		snapSeq, err := s.loadSnapshot()
		if err == nil {
			s.fromSnapshot.Store(true)
			s.applied.Store(min(snapSeq, textSeq))
			s.refreshDictionary(true)
			s.ready.Store(true)
			s.log.Info("search index loaded from snapshot", "stills", s.facets.Len(), "took", time.Since(start).Round(time.Millisecond))
			return nil
		}
		if !os.IsNotExist(err) {
			s.log.Warn("search snapshot unusable; rebuilding the facet engine from SQLite", "err", err)
		}
	}
	n := 0
	for after := int64(0); ; {
		docs, err := s.db.IndexDocsAfter(ctx, after, 2000)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			break
		}
		var texts []index.Doc
		s.noteTitles(docs)
		for i := range docs {
			s.facets.Put(facetDoc(&docs[i]))
			if rebuild {
				texts = append(texts, textDoc(&docs[i]))
			}
		}
		if rebuild {
			if err := s.text.Apply(texts, nil, 0); err != nil {
				return err
			}
		}
		n += len(docs)
		after = docs[len(docs)-1].ID
	}
	if rebuild {
		if err := s.text.Apply(nil, nil, head); err != nil {
			return err
		}
		textSeq = head
	}
	s.applied.Store(min(textSeq, head))
	s.refreshDictionary(true)
	s.ready.Store(true)
	s.log.Info("search index loaded", "stills", n, "rebuilt_text", rebuild, "took", time.Since(start).Round(time.Millisecond))
	return s.saveSnapshot()
}

// run applies the outbox whenever a commit wakes it (and every few seconds,
// in case a wake-up was lost to a crash of the committing process).
func (s *Service) run(ctx context.Context) {
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		if err := s.applyPending(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("search: apply outbox", "err", err)
		}
		s.refreshDictionary(false) // after a burst of full batches
		if time.Since(s.lastSaved) > snapshotEvery && s.applied.Load() != s.savedSeq.Load() {
			if err := s.saveSnapshot(); err != nil {
				s.log.Warn("search: save snapshot", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-tick.C:
		}
	}
}

// applyPending applies outbox entries until it has caught up.
func (s *Service) applyPending(ctx context.Context) error {
	for {
		entries, err := s.db.OutboxAfter(ctx, s.applied.Load(), batchEntries)
		if err != nil || len(entries) == 0 {
			return err
		}
		start := time.Now()
		if err := s.apply(ctx, entries); err != nil {
			return err
		}
		if fn := s.onBatch.Load(); fn != nil {
			(*fn)(time.Since(start), len(entries))
		}
	}
}

// apply brings both indexes up to the last entry of a batch.
func (s *Service) apply(ctx context.Context, entries []store.OutboxEntry) error {
	last := map[int64]string{} // image id → its last op in the batch
	var order []int64
	for _, e := range entries {
		if e.Entity != "image" {
			continue
		}
		if _, seen := last[e.EntityID]; !seen {
			order = append(order, e.EntityID)
		}
		last[e.EntityID] = e.Op
	}
	var upsertIDs []int64
	for _, id := range order {
		if last[id] == "upsert" {
			upsertIDs = append(upsertIDs, id)
		}
	}
	docs, err := s.db.IndexDocs(ctx, upsertIDs)
	if err != nil {
		return err
	}
	found := map[int64]bool{}
	texts := make([]index.Doc, 0, len(docs))
	for i := range docs {
		found[docs[i].ID] = true
		texts = append(texts, textDoc(&docs[i]))
	}
	var deletes []uint32
	for _, id := range order {
		if !found[id] { // deleted, or deleted after this batch's upsert
			deletes = append(deletes, uint32(id))
		}
	}
	s.noteTitles(docs)
	seq := entries[len(entries)-1].Seq
	if err := s.text.Apply(texts, deletes, seq); err != nil {
		return err
	}
	for i := range docs {
		s.facets.Put(facetDoc(&docs[i]))
	}
	for _, id := range deletes {
		s.facets.Delete(id)
	}
	// Suggestions follow before the batch counts as applied; during a bulk
	// import (full batches) at most once a second.
	s.refreshDictionary(len(entries) < batchEntries)
	// Deck entries of the batch go to the deck index (or wait for its load
	// to finish, decks.go) before the batch counts as applied.
	if err := s.applyDecks(ctx, entries); err != nil {
		return err
	}
	s.advance(seq)
	return nil
}

func (s *Service) advance(seq int64) {
	s.applied.Store(seq)
	s.mu.Lock()
	close(s.moved)
	s.moved = make(chan struct{})
	s.mu.Unlock()
}

// Lag is how many outbox entries the indexes have yet to apply. It is an
// error while the service is loading.
func (s *Service) Lag(ctx context.Context) (int64, error) {
	if !s.ready.Load() {
		return 0, ErrNotReady
	}
	head, err := s.db.OutboxHead(ctx)
	if err != nil {
		return 0, err
	}
	return max(head-s.applied.Load(), 0), nil
}

// WaitApplied blocks until the indexes have applied the outbox up to its
// head at the time of the call: after a write returns, a search that first
// waits here sees the write.
func (s *Service) WaitApplied(ctx context.Context) error {
	head, err := s.db.OutboxHead(ctx)
	if err != nil {
		return err
	}
	for {
		s.mu.Lock()
		moved := s.moved
		s.mu.Unlock()
		if s.ready.Load() && s.applied.Load() >= head {
			return nil
		}
		select {
		case <-moved:
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond): // also covers the load finishing
		}
	}
}

// noteTitles remembers the films of loaded stills for suggestions.
func (s *Service) noteTitles(docs []store.IndexDoc) {
	s.titlesMu.Lock()
	defer s.titlesMu.Unlock()
	for i := range docs {
		d := &docs[i]
		if d.MovieID == 0 {
			continue
		}
		t := d.MovieTitle
		if d.Year > 0 {
			t += " (" + strconv.Itoa(d.Year) + ")"
		}
		s.titles[uint32(d.MovieID)] = t
	}
}

func (s *Service) movieTitles() map[uint32]string {
	s.titlesMu.RLock()
	defer s.titlesMu.RUnlock()
	return maps.Clone(s.titles)
}
