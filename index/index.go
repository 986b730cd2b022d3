// Package index is the full-text side of search: an embedded Bleve (scorch)
// index of stills that answers image ids by relevance (Search), the set of
// ids a query matches, for the facet engine and non-relevance sorts
// (MatchIDs). It stores no document content: rows come from SQLite.
// Autocomplete is the search package's, from the facet engine's values.
//
// The index is derived data. SQLite is the source of truth; the indexer
// applies outbox rows with Apply, which records the last applied sequence in
// the same batch, and a mapping change makes Open start empty so the caller
// reindexes.
//
// # Queries
//
// A query is words and "quoted phrases"; a still matches when it matches
// all of them:
//
//   - a word is looked for in the title, description, film title, credits,
//     actors, tags and the labels of the still's taxonomy values, with typos
//     forgiven: one in words of 4 to 7 letters (not in the first letter),
//     two from 8 letters ("spielbreg" finds Spielberg); the last word also
//     matches as a prefix while it is being typed (no space after it);
//   - a four-digit year also matches the release year;
//   - stop words ("the", "of") are ignored beside other words, and must be
//     in a title or credit when the query has nothing else ("Up");
//   - a phrase matches those words in that order;
//   - shorthand and taxonomy vocabulary ("cu", "ots", "golden hour",
//     "close up", "night", "extreme_close_up") matches the still's taxonomy
//     values instead of text: see synonyms.txt. It also matches its own
//     words in a film or still title or a tag ("night" finds "The Night of
//     the Hunter" whatever its time of day).
//
// Relevance weighs matches in titles, credits and tags above the rest, and
// a run of words found together in a title or credit ("michael mann") above
// the same words apart. An empty query matches every still.
package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Keys of the values kept beside the documents with SetInternal.
var (
	keyVersion = []byte("shotdeck:mapping_version")
	keyLastSeq = []byte("shotdeck:last_seq")
)

// Index is an open Bleve index of stills. It is safe for concurrent use.
type Index struct {
	bleve   bleve.Index
	comp    *compiler // queries, with this binary's analyzers
	rebuilt bool
}

// Open opens the index in dir, creating it when missing. An index written
// with another mapping version (or a directory left half-created) is deleted
// and created anew; Rebuilt then reports true so the caller refills it from
// SQLite.
func Open(dir string) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	x := &Index{comp: newCompiler(m)}
	want := storedVersion()
	b, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": "5s"})
	switch {
	case err == nil:
		have, gerr := b.GetInternal(keyVersion)
		if gerr != nil {
			b.Close()
			return nil, fmt.Errorf("index: open %s: %w", dir, gerr)
		}
		if string(have) == want {
			x.bleve = b
			return x, nil
		}
		if err := b.Close(); err != nil {
			return nil, fmt.Errorf("index: close outdated index: %w", err)
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("index: remove outdated index: %w", err)
		}
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
	case errors.Is(err, bleve.ErrorIndexMetaMissing), errors.Is(err, bleve.ErrorIndexMetaCorrupt):
		// A crash during creation leaves a directory without valid
		// metadata. Clear it only when it holds nothing but Bleve's files,
		// so a wrong --data path never costs someone their files.
		if err := removeBleveDir(dir); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}

	b, err = bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	if err := b.SetInternal(keyVersion, []byte(want)); err != nil {
		b.Close()
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	x.bleve, x.rebuilt = b, true
	return x, nil
}

// removeBleveDir deletes dir if it contains only what Bleve writes there.
func removeBleveDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "index_meta.json", "store":
		default:
			return fmt.Errorf("index: %s is not a Bleve index (it holds %s); refusing to replace it", dir, e.Name())
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// Rebuilt reports whether Open created the index empty (new directory, or a
// mapping version change): the caller must then index every still again.
func (x *Index) Rebuilt() bool { return x.rebuilt }

// Close flushes and closes the index.
func (x *Index) Close() error {
	if err := x.bleve.Close(); err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// LastSeq returns the outbox sequence recorded by the last Apply (0 for a
// new index).
func (x *Index) LastSeq() (int64, error) {
	v, err := x.bleve.GetInternal(keyLastSeq)
	if err != nil {
		return 0, fmt.Errorf("index: last seq: %w", err)
	}
	switch len(v) {
	case 0:
		return 0, nil
	case 8:
	default:
		return 0, fmt.Errorf("index: last seq: bad value %x", v)
	}
	return int64(binary.BigEndian.Uint64(v)), nil
}

// DocCount returns the number of stills in the index.
func (x *Index) DocCount() (uint64, error) {
	n, err := x.bleve.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: doc count: %w", err)
	}
	return n, nil
}
