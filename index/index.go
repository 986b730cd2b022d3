// Package index is the full-text side of search: an embedded Bleve (scorch)
// index of stills that answers image ids by relevance, the set of ids a query
// matches (for the facet engine and non-relevance sorts) and autocomplete.
//
// The index is derived data. SQLite is the source of truth; the indexer
// applies outbox rows with Apply, which records the last applied sequence in
// the same batch, and a mapping change makes Open start empty so the caller
// reindexes.
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
