package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/shotdeck/shotdeck/index"
	"github.com/shotdeck/shotdeck/store"
)

// Deck search has its own small index: decks are few next to stills
// (thousands, not millions), so it is thrown away and rebuilt from SQLite
// at every start, and kept current from the same outbox as the stills
// (apply in service.go calls applyDecks). The rebuild runs in the
// background, beside the stills' load, so the number of decks never delays
// the stills; deck search answers ErrNotReady until it is done.
//
// Why scorch in a scratch folder rather than bleve.NewMemOnly, measured
// with BenchmarkDeckIndexLoad and BenchmarkSearchDecks (10,000 decks of
// 20 notes, on the shared 2-core machine): NewMemOnly's store (upsidedown
// over a treap) took 15 to 45 s to load them and 25 to 160 ms to answer a
// user with 100 decks, as it walks every posting of a word; scorch loads
// them in 4 to 10 s and answers in 2 to 14 ms. Scorch without a folder
// never merges its segments (one per outbox batch), so a long-running
// server would slow down with every edit: it gets a folder, which it owns.

// Fields of a deck document.
const (
	deckTitle       = "title"
	deckDescription = "description"
	deckNotes       = "notes"   // one array element per non-empty card note
	deckUpdated     = "updated" // unix microseconds of the last change, for ties
)

// deckFields are the searched fields with the weight of a match in each:
// a word of the title says more about a deck than one in a card note.
var deckFields = []struct {
	name  string
	boost float64
}{{deckTitle, 3}, {deckDescription, 1}, {deckNotes, 1}}

// Tuning of deck queries.
const (
	deckPrefixBoost = 0.7 // a word completed from what is typed, against a typed word
	deckMaxClauses  = 16  // words and phrases of a query beyond these are ignored
	deckLoadPage    = 1000
)

// DeckHit is one deck that matched a search, with its relevance.
type DeckHit struct {
	ID    int64
	Score float64
}

// deckIndex is the Bleve index of decks. Bleve serialises its
// own writes, so the indexer and concurrent searches need no lock; mu only
// orders the end of the background load against the indexer.
type deckIndex struct {
	dir string
	idx bleve.Index
	en  analysis.Analyzer // the analyser of every text field, for queries

	mu      sync.Mutex
	loaded  bool           // under mu: the indexer may index changes directly
	pending map[int64]bool // under mu: decks changed while the load ran
	started atomic.Bool    // a load was started: close waits for it
	ready   atomic.Bool    // the load finished: searches may run
	done    chan struct{}  // closed when the load ends, finished or failed
}

// deckIndexDir is where the deck index of the stills index at dir lives:
// beside it, so that a reindex (which swaps dir) leaves it alone.
func deckIndexDir(dir string) string {
	return filepath.Join(filepath.Dir(dir), filepath.Base(dir)+".decks")
}

// newDeckIndex creates an empty deck index in dir, replacing whatever a
// previous run left there.
func newDeckIndex(dir string) (*deckIndex, error) {
	m := deckMapping()
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("search: deck mapping: %w", err)
	}
	if err := removeDeckDir(dir); err != nil {
		return nil, err
	}
	// unsafe_batch: a batch need not wait for its segment to reach the
	// disk, since the folder is rebuilt at every start anyway.
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, map[string]any{"unsafe_batch": true})
	if err != nil {
		return nil, fmt.Errorf("search: create deck index %s: %w", dir, err)
	}
	return &deckIndex{dir: dir, idx: idx, en: m.AnalyzerNamed(en.AnalyzerName),
		pending: map[int64]bool{}, done: make(chan struct{})}, nil
}

// removeDeckDir deletes a deck index folder, but only one that Bleve made:
// a wrong --data path must never cost anyone their files.
func removeDeckDir(dir string) error {
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return fmt.Errorf("search: %s is in the way of the deck index and is not one; move it away", dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("search: remove old deck index: %w", err)
	}
	return nil
}

// close waits for a running load to stop (its context is cancelled first),
// closes the index and deletes its folder.
func (x *deckIndex) close() error {
	if x.started.Load() {
		<-x.done
	}
	if err := x.idx.Close(); err != nil {
		return fmt.Errorf("search: close deck index: %w", err)
	}
	return removeDeckDir(x.dir)
}

// deckMapping is explicit: the three text fields with the English analyser
// (stemming, so "lights" finds "lighting"; stop words dropped), positions
// kept for phrases, nothing stored (hits are ids; rows come from SQLite),
// no dynamic fields and no _all.
func deckMapping() *mapping.IndexMappingImpl {
	im := mapping.NewIndexMapping()
	im.DefaultAnalyzer = en.AnalyzerName
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	doc := mapping.NewDocumentStaticMapping()
	for _, f := range deckFields {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = en.AnalyzerName
		fm.Store, fm.IncludeInAll, fm.IncludeTermVectors = false, false, true
		doc.AddFieldMappingsAt(f.name, fm)
	}
	updated := mapping.NewNumericFieldMapping()
	updated.Store, updated.IncludeInAll = false, false
	doc.AddFieldMappingsAt(deckUpdated, updated)
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	return im
}

func deckDocID(id int64) string { return strconv.FormatInt(id, 10) }

// put indexes texts and removes deletes in one batch.
func (x *deckIndex) put(texts []store.DeckText, deletes []int64) error {
	b := x.idx.NewBatch()
	for i := range texts {
		d := &texts[i]
		var updated float64
		if t, err := time.Parse(time.RFC3339Nano, d.UpdatedAt); err == nil {
			updated = float64(t.UnixMicro()) // exact: well under 2^53
		}
		doc := map[string]any{deckTitle: d.Title, deckDescription: d.Description, deckNotes: d.Notes, deckUpdated: updated}
		if err := b.Index(deckDocID(d.ID), doc); err != nil {
			return fmt.Errorf("search: index deck %d: %w", d.ID, err)
		}
	}
	for _, id := range deletes {
		b.Delete(deckDocID(id))
	}
	if err := x.idx.Batch(b); err != nil {
		return fmt.Errorf("search: deck batch: %w", err)
	}
	return nil
}

// startDeckLoad fills the deck index from SQLite in the background. load
// calls it after reading the outbox head, so that any change the scan
// misses has a later outbox entry, which the indexer applies (or queues
// until the load ends).
func (s *Service) startDeckLoad(ctx context.Context) {
	s.decks.started.Store(true)
	go func() {
		defer close(s.decks.done)
		if err := s.loadDecks(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("search: load decks; deck search stays unavailable", "err", err)
		}
	}()
}

// loadDecks indexes every deck, a page at a time, then the decks that
// changed meanwhile, and opens deck search.
func (s *Service) loadDecks(ctx context.Context) error {
	start := time.Now()
	n := 0
	for after := int64(0); ; {
		texts, err := s.db.DeckTextsAfter(ctx, after, deckLoadPage)
		if err != nil {
			return err
		}
		if len(texts) == 0 {
			break
		}
		if err := s.decks.put(texts, nil); err != nil {
			return err
		}
		n += len(texts)
		after = texts[len(texts)-1].ID
	}
	// A page read before a change may be older than what the indexer saw:
	// read the queued decks again, and hand over to the indexer, under mu
	// so that no apply falls between the two.
	x := s.decks
	x.mu.Lock()
	defer x.mu.Unlock()
	ids := make([]int64, 0, len(x.pending))
	for id := range x.pending {
		ids = append(ids, id)
	}
	if err := s.reindexDecks(ctx, ids); err != nil {
		return err
	}
	x.loaded, x.pending = true, nil
	x.ready.Store(true)
	s.log.Info("deck index loaded", "decks", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// applyDecks applies the deck entries of an outbox batch, or queues them
// while the load runs. Each deck is read again from SQLite, so the op of
// its entries does not matter: a deck that still exists is indexed as it
// is now (its last op in the batch may be an upsert or even a delete
// followed by a new deck reusing the id), and one that is gone is removed.
func (s *Service) applyDecks(ctx context.Context, entries []store.OutboxEntry) error {
	seen := map[int64]bool{}
	var ids []int64
	for _, e := range entries {
		if e.Entity == "deck" && !seen[e.EntityID] {
			seen[e.EntityID] = true
			ids = append(ids, e.EntityID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	x := s.decks
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.loaded {
		for _, id := range ids {
			x.pending[id] = true
		}
		return nil
	}
	return s.reindexDecks(ctx, ids)
}

// reindexDecks brings the given decks in the index up to SQLite.
func (s *Service) reindexDecks(ctx context.Context, ids []int64) error {
	texts, err := s.db.DeckTexts(ctx, ids)
	if err != nil {
		return err
	}
	exists := make(map[int64]bool, len(texts))
	for i := range texts {
		exists[texts[i].ID] = true
	}
	var deletes []int64
	for _, id := range ids {
		if !exists[id] {
			deletes = append(deletes, id)
		}
	}
	return s.decks.put(texts, deletes)
}

// WaitDecksApplied blocks until deck search reflects every change
// committed before the call: the outbox is applied up to its head at the
// call and the deck index has finished loading (or failed to).
func (s *Service) WaitDecksApplied(ctx context.Context) error {
	if err := s.WaitApplied(ctx); err != nil {
		return err
	}
	select {
	case <-s.decks.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SearchDecks finds the decks userID owns or is a member of whose title,
// description or card notes match q, best first, then most recently
// changed; total counts every match. A query with no searchable word (only
// stop words or punctuation) matches nothing.
func (s *Service) SearchDecks(ctx context.Context, userID int64, q string, limit int) ([]DeckHit, int, error) {
	if !s.decks.ready.Load() {
		return nil, 0, ErrNotReady
	}
	match := s.decks.compile(q)
	if match == nil {
		return []DeckHit{}, 0, nil
	}
	visible, err := s.db.VisibleDeckIDs(ctx, userID)
	if err != nil || len(visible) == 0 {
		return []DeckHit{}, 0, err
	}
	ids := make([]string, len(visible))
	for i, id := range visible {
		ids[i] = deckDocID(id)
	}
	// The visible decks join the query as a clause that adds nothing to the
	// score: a conjunction leaps from one visible deck to the next instead
	// of walking every deck that holds the word (2 to 7 times faster than a
	// Bleve filter for a user with 100 of 10,000 decks, about as fast for
	// one who sees them all).
	visibleOnly := query.NewDocIDQuery(ids)
	visibleOnly.SetBoost(0)
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{match, visibleOnly}), limit, 0, false)
	req.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true},
		&bsearch.SortField{Field: deckUpdated, Type: bsearch.SortFieldAsNumber, Desc: true},
		&bsearch.SortDocID{Desc: true}})
	res, err := s.decks.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("search: decks: %w", err)
	}
	hits := make([]DeckHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil {
			return nil, 0, fmt.Errorf("search: deck hit %q: %w", h.ID, err)
		}
		hits = append(hits, DeckHit{ID: id, Score: h.Score})
	}
	return hits, int(res.Total), nil
}

// compile turns what the user typed into a query that every clause must
// match: quoted text as a phrase, each other word with typo tolerance, and
// the last word, while it is being typed (no space after it), also as a
// prefix. nil when nothing searchable is left. A pasted paragraph is cut
// to deckMaxClauses clauses, each of which costs several term lookups.
func (x *deckIndex) compile(q string) query.Query {
	phrases, words, typing := splitDeckQuery(q)
	var must []query.Query
	for _, p := range phrases {
		must = append(must, x.phrase(p))
	}
	for i, w := range words {
		if c := x.word(w, typing && i == len(words)-1); c != nil {
			must = append(must, c)
		}
	}
	must = must[:min(len(must), deckMaxClauses)]
	switch len(must) {
	case 0:
		return nil
	case 1:
		return must[0]
	}
	return query.NewConjunctionQuery(must)
}

// splitDeckQuery separates quoted phrases from loose words (lower case,
// split at anything but letters and digits). typing reports that q ends
// inside a loose word.
func splitDeckQuery(q string) (phrases, words []string, typing bool) {
	q = strings.NewReplacer("“", `"`, "”", `"`).Replace(q)
	for i, part := range strings.Split(q, `"`) {
		if i%2 == 1 { // inside quotes; an unclosed quote runs to the end
			if p := strings.Join(strings.Fields(part), " "); p != "" {
				phrases = append(phrases, p)
			}
			continue
		}
		words = append(words, strings.FieldsFunc(strings.ToLower(part), notWordRune)...)
	}
	last, _ := utf8.DecodeLastRuneInString(q)
	typing = !notWordRune(last) && strings.Count(q, `"`)%2 == 0
	return phrases, words, typing
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// word matches w in any field. A stop word ("the", "of") is no clause at
// all: the index does not hold stop words.
func (x *deckIndex) word(w string, typing bool) query.Query {
	var tokens []string
	for _, t := range x.en.Analyze([]byte(w)) {
		tokens = append(tokens, string(t.Term))
	}
	if len(tokens) == 0 {
		return nil
	}
	var parts []query.Query
	for _, t := range tokens {
		var alts []query.Query
		for _, f := range deckFields {
			alts = append(alts, index.TypoTerm(t, f.name, f.boost))
			// A typo can throw the stemmer ("handhled" stems to
			// "handhl"), so the word as typed is also compared with the
			// indexed stems, with the tolerance of its own length.
			if len(tokens) == 1 && t != w {
				alts = append(alts, index.TypoTerm(w, f.name, f.boost))
			}
			if typing && len(tokens) == 1 && utf8.RuneCountInString(w) >= 2 {
				p := query.NewPrefixQuery(w)
				p.SetField(f.name)
				p.SetBoost(f.boost * deckPrefixBoost)
				alts = append(alts, p)
			}
		}
		parts = append(parts, query.NewDisjunctionQuery(alts))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

// phrase matches p as a phrase in any one field (within one card note).
func (x *deckIndex) phrase(p string) query.Query {
	alts := make([]query.Query, 0, len(deckFields))
	for _, f := range deckFields {
		mq := query.NewMatchPhraseQuery(p)
		mq.SetField(f.name)
		mq.SetBoost(f.boost)
		alts = append(alts, mq)
	}
	return query.NewDisjunctionQuery(alts)
}
