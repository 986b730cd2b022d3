package cache

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"
)

func jsonEntry(s string) *Entry { return NewEntry([]byte(s), "application/json") }

func TestSetThenGet(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{})
	k := c.Key(List, "", "/api/v1/images", "limit=50")
	if _, ok := c.Get(k); ok {
		t.Fatal("hit in an empty cache")
	}
	want := jsonEntry(`{"items":[]}`)
	c.Set(k, List, want)
	c.Wait()
	got, ok := c.Get(k)
	if !ok || got != want {
		t.Fatalf("Get after Set = %v, %v; want the entry that was set", got, ok)
	}
	if _, ok := c.Get(c.Key(List, "", "/api/v1/images", "limit=51")); ok {
		t.Error("hit for a key that was never set")
	}
}

func TestBumpMakesNextGetMiss(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{})
	read := func() (string, bool) {
		k := c.Key(Search, "", "/api/v1/search", "q=heat")
		e, ok := c.Get(k)
		if !ok {
			return k, false
		}
		return string(e.Body), true
	}
	k, _ := read()
	c.Set(k, Search, jsonEntry(`{"total":1}`))
	c.Wait()
	if body, ok := read(); !ok || body != `{"total":1}` {
		t.Fatalf("read before any write = %q, %v; want the cached answer", body, ok)
	}
	c.Bump(Decks) // deck writes do not touch library answers
	if _, ok := read(); !ok {
		t.Error("a deck write invalidated a search answer")
	}
	c.Bump(Images)
	if body, ok := read(); ok {
		t.Errorf("read after an image write hit %q; want a miss", body)
	}
}

func TestTTLPerClass(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{TTL: map[Class]time.Duration{List: 50 * time.Millisecond}})
	short := c.Key(List, "", "/api/v1/images", "")
	long := c.Key(Search, "", "/api/v1/search", "")
	c.Set(short, List, jsonEntry("short"))
	c.Set(long, Search, jsonEntry("long"))
	c.Wait()
	if _, ok := c.Get(short); !ok {
		t.Fatal("list entry missing before its TTL")
	}
	time.Sleep(120 * time.Millisecond)
	if _, ok := c.Get(short); ok {
		t.Error("list entry still served after its 50 ms TTL")
	}
	if _, ok := c.Get(long); !ok {
		t.Error("search entry (10 min TTL) expired with the list's")
	}
}

func TestDefaultTTLs(t *testing.T) {
	t.Parallel()
	want := map[Class]time.Duration{
		List: 5 * time.Minute, Search: 10 * time.Minute, Facets: time.Hour,
		Autocomplete: 30 * time.Minute, Movies: 5 * time.Minute, Taxonomy: time.Hour, Deck: 5 * time.Minute,
	}
	if len(Classes()) != len(want) {
		t.Fatalf("%d classes, want %d", len(Classes()), len(want))
	}
	for cl, d := range want {
		if cl.TTL() != d {
			t.Errorf("%v TTL = %v, want %v", cl, cl.TTL(), d)
		}
	}
}

func TestCostStaysUnderCap(t *testing.T) {
	t.Parallel()
	const maxBytes = 1 << 20
	c := newTestCache(t, Options{MaxBytes: maxBytes})
	body := make([]byte, 8<<10) // 8 KiB, zeros: compressible, so the reserve applies
	var offered int64
	for i := range 3000 { // ~37 MB offered against a 1 MiB cap
		e := NewEntry(body, "application/json")
		offered += e.Cost()
		c.Set(c.Key(List, "", "/api/v1/images", "page="+strconv.Itoa(i)), List, e)
		if i%100 == 99 {
			c.Wait()
			if b := c.Bytes(); b > maxBytes {
				t.Fatalf("after %d sets: %d bytes held, cap %d", i+1, b, maxBytes)
			}
		}
	}
	c.Wait()
	var held int64
	c.rc.IterValues(func(e *Entry) bool { held += e.Cost(); return false })
	if held > maxBytes || c.Bytes() > maxBytes {
		t.Errorf("entries hold %d bytes (accounted %d), cap %d", held, c.Bytes(), maxBytes)
	}
	if held < maxBytes/4 {
		t.Errorf("entries hold only %d bytes of a %d cap after offering %d: the cache is not filling", held, maxBytes, offered)
	}
	if c.MaxBytes() != maxBytes {
		t.Errorf("MaxBytes() = %d, want %d", c.MaxBytes(), maxBytes)
	}
}

func TestStatsCountHitsAndMissesPerClass(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{})
	k := c.Key(Facets, "", "/api/v1/facets", "")
	c.Get(k) // miss
	c.Set(k, Facets, jsonEntry("{}"))
	c.Wait()
	c.Get(k)                                    // hit
	c.Get(k)                                    // hit
	c.Get(c.Key(Autocomplete, "", "/a", "q=x")) // miss
	c.Get("")                                   // not a key: counted nowhere
	c.Get("\xffjunk")                           // not a key either
	got := c.Stats()
	want := map[string]ClassStats{"facets": {Hits: 2, Misses: 1}, "autocomplete": {Misses: 1}}
	for _, cl := range Classes() {
		if got[cl.String()] != want[cl.String()] {
			t.Errorf("%v: %+v, want %+v", cl, got[cl.String()], want[cl.String()])
		}
	}
	if len(got) != len(Classes()) {
		t.Errorf("Stats has %d classes, want %d", len(got), len(Classes()))
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	for _, opt := range []Options{
		{MaxBytes: -1},
		{TTL: map[Class]time.Duration{0: time.Second}},
		{TTL: map[Class]time.Duration{List: 0}},
		{TTL: map[Class]time.Duration{numClasses: time.Second}},
	} {
		if c, err := New(opt); err == nil {
			c.Close()
			t.Errorf("New(%+v) succeeded", opt)
		}
	}
}

func TestSetOfUnknownClassIsIgnored(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{})
	k := c.Key(List, "", "/p", "")
	c.Set(k, 0, jsonEntry("x"))
	c.Set(k, List, nil)
	c.Wait()
	if _, ok := c.Get(k); ok {
		t.Error("an entry of no class, or a nil entry, was stored")
	}
}

func TestClosedCacheMisses(t *testing.T) {
	t.Parallel()
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := c.Key(List, "", "/p", "")
	c.Set(k, List, jsonEntry("x"))
	c.Wait()
	c.Close()
	if _, ok := c.Get(k); ok {
		t.Error("hit after Close")
	}
	c.Set(k, List, jsonEntry("y")) // must not panic
}

// TestConcurrentUse runs readers, writers and bumps together (meant for
// -race) and checks the invariant that matters: following the protocol
// (key first, then data), a hit is never older than the generation the
// reader saw before making its key. Bodies carry the generation current
// when their "data" was read.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{MaxBytes: 4 << 20})
	const workers, rounds = 4, 2000
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				seen := c.Generation(Images)
				k := c.Key(Search, "u:"+strconv.Itoa(w%2), "/api/v1/search", "q="+strconv.Itoa(i%50))
				if e, ok := c.Get(k); ok {
					var gen uint64
					if _, err := fmt.Sscanf(string(e.Body), "gen %d", &gen); err != nil || gen < seen {
						errs <- fmt.Errorf("reader at generation %d hit an answer from generation %d (%v)", seen, gen, err)
						return
					}
					e.Gzip() // lazily compressed by whichever reader comes first
					continue
				}
				body := fmt.Appendf(nil, "gen %d %2000d", c.Generation(Images), i) // compressible, > minCompress
				c.Set(k, Search, NewEntry(body, "application/json"))
			}
		})
	}
	wg.Go(func() {
		for range 200 {
			c.Bump(Images)
			time.Sleep(50 * time.Microsecond)
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st := c.Stats()["search"]
	if st.Hits+st.Misses != workers*rounds {
		t.Errorf("hits %d + misses %d != %d reads", st.Hits, st.Misses, workers*rounds)
	}
}
