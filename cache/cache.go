// Package cache is Shotdeck's in-process response cache: encoded API
// responses in Ristretto, grouped in classes with their own TTLs, and
// invalidated at once by per-domain generation numbers that every committed
// write bumps (so a reader never sees data older than its own write).
//
// The cache knows nothing of HTTP frameworks or of the store: the web layer
// builds keys and entries, and the wiring calls Bump from the store's
// after-commit hook.
//
// The protocol for a cached read: take the key (Key), then read the data,
// then Set under that key. Answers from the search indexes (Search, Facets,
// Autocomplete) have one more rule, because the indexes apply commits a
// little after them: Set such an answer only if the index had no lag when
// checked after taking the key and before querying. Otherwise an answer
// that misses a just-committed write would sit under the new generation
// for the whole TTL. List and Movies answers come from SQLite (or from the
// facet engine only when it has caught up) and need no such check.
package cache

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/ristretto/v2"
)

// Options configure a Cache. The zero value is ready for production.
type Options struct {
	// MaxBytes caps the total Cost of the entries; zero means 256 MiB.
	MaxBytes int64
	// TTL overrides the TTL of some classes (tests use milliseconds).
	TTL map[Class]time.Duration
}

// defaultMaxBytes is the default budget: generous next to the pages it
// holds, small next to the 2 GiB peak RSS budget at a million stills.
const defaultMaxBytes = 256 << 20

// typicalEntryBytes sizes Ristretto's admission counters: a page of 50
// summaries is ~25 KB, an autocomplete answer ~1 KB; 4 KiB errs towards
// more counters, which only costs ~3 bytes each.
const typicalEntryBytes = 4 << 10

// Cache is the response cache. It is safe for concurrent use.
type Cache struct {
	rc    *ristretto.Cache[string, *Entry]
	ttl   [numClasses]time.Duration
	gens  [numDomains]atomic.Uint64
	stats [numClasses]classCounters
}

// classCounters are one class's hit and miss counts, padded to a cache line
// of their own so that classes hit on different cores do not contend.
type classCounters struct {
	hits, misses atomic.Uint64
	_            [48]byte
}

// ClassStats are a class's counts since the cache was made.
type ClassStats struct {
	Hits, Misses uint64
}

// New makes a cache.
func New(opt Options) (*Cache, error) {
	if opt.MaxBytes == 0 {
		opt.MaxBytes = defaultMaxBytes
	}
	if opt.MaxBytes < 0 {
		return nil, fmt.Errorf("cache: MaxBytes %d is negative", opt.MaxBytes)
	}
	c := &Cache{}
	for cl := Class(1); cl < numClasses; cl++ {
		c.ttl[cl] = classes[cl].ttl
	}
	for cl, d := range opt.TTL {
		if !cl.valid() || d <= 0 {
			return nil, fmt.Errorf("cache: TTL %v for %v: want a declared class and a positive duration", d, cl)
		}
		c.ttl[cl] = d
	}
	rc, err := ristretto.NewCache(&ristretto.Config[string, *Entry]{
		NumCounters: max(10*opt.MaxBytes/typicalEntryBytes, 1000),
		MaxCost:     opt.MaxBytes,
		BufferItems: 64, // Ristretto's recommended Get buffer size
		// Cost is the entry's bytes, so Ristretto must not add its own
		// per-item estimate on top (Entry.Cost already has an allowance).
		IgnoreInternalCost: true,
	})
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	c.rc = rc
	return c, nil
}

// Get returns the entry stored under key, counting a hit or a miss for the
// key's class.
func (c *Cache) Get(key string) (*Entry, bool) {
	e, ok := c.rc.Get(key)
	ok = ok && e != nil
	if cl := classOf(key); cl.valid() {
		if ok {
			c.stats[cl].hits.Add(1)
		} else {
			c.stats[cl].misses.Add(1)
		}
	}
	return e, ok
}

// Set stores e under key (made by Key for class cl) for the class's TTL.
//
// Ristretto applies Sets asynchronously and may drop one under contention
// or refuse it by its admission policy, so a Get right after Set can miss.
// Set does not Wait for it: Wait sends a marker through the same buffer and
// blocks until the single policy goroutine reaches it, which would line up
// every missing request behind that goroutine, while a dropped Set only
// costs one more miss. Tests that set then get call Wait.
func (c *Cache) Set(key string, cl Class, e *Entry) {
	if !cl.valid() || e == nil {
		return
	}
	c.rc.SetWithTTL(key, e, e.Cost(), c.ttl[cl])
}

// Wait blocks until every Set made before it has been applied (or
// dropped). For tests.
func (c *Cache) Wait() { c.rc.Wait() }

// Bump advances the generation of domain d. Call it after every committed
// write to d (from store.DB.OnCommit): keys made from then on differ from
// every key made before, so the next read of an affected class misses.
// Entries under the old keys are left to age out by TTL or eviction.
func (c *Cache) Bump(d Domain) {
	if d < numDomains {
		c.gens[d].Add(1)
	}
}

// Generation is domain d's current generation, for logs and tests.
func (c *Cache) Generation(d Domain) uint64 {
	if d >= numDomains {
		return 0
	}
	return c.gens[d].Load()
}

// Stats returns every class's hit and miss counts, by class name.
func (c *Cache) Stats() map[string]ClassStats {
	out := make(map[string]ClassStats, numClasses-1)
	for cl := Class(1); cl < numClasses; cl++ {
		out[classes[cl].name] = ClassStats{Hits: c.stats[cl].hits.Load(), Misses: c.stats[cl].misses.Load()}
	}
	return out
}

// Bytes is the total Cost of the entries held now.
func (c *Cache) Bytes() int64 { return c.rc.MaxCost() - c.rc.RemainingCost() }

// MaxBytes is the cap on Bytes.
func (c *Cache) MaxBytes() int64 { return c.rc.MaxCost() }

// Close stops Ristretto's goroutines and drops every entry; afterwards
// every Get misses and Set does nothing.
func (c *Cache) Close() { c.rc.Close() }
