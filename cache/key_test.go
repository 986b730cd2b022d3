package cache

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func newTestCache(t testing.TB, opt Options) *Cache {
	t.Helper()
	c, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestKeySameRequestSameKey(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{})
	tests := []struct{ name, a, b string }{
		{"order of names", "q=heat&limit=50&frame_size=wide", "frame_size=wide&q=heat&limit=50"},
		{"repeated name keeps all values", "tag=a&x=1&tag=b", "x=1&tag=a&tag=b"},
		{"plus and %20", "q=blade+runner", "q=blade%20runner"},
		{"raw space", "q=blade runner", "q=blade+runner"},
		{"escaped letter", "q=%41b", "q=Ab"},
		{"lower and upper hex", "q=%2c", "q=%2C"},
		{"escaped comma", "facets=a%2Cb", "facets=a,b"},
		{"bare name", "flag&a=1", "a=1&flag="},
		{"empty pairs", "a=1&&b=2&", "b=2&a=1"},
		{"escaped name", "fr%61me=1", "frame=1"},
		{"equals in value", "a=b=c", "a=b%3Dc"},
		{"many params", manyParams(false), manyParams(true)},
	}
	for _, tt := range tests {
		ka := c.Key(Search, "", "/api/v1/search", tt.a)
		kb := c.Key(Search, "", "/api/v1/search", tt.b)
		if ka != kb {
			t.Errorf("%s: %q and %q: keys differ:\n%q\n%q", tt.name, tt.a, tt.b, ka, kb)
		}
	}
}

// manyParams is 30 distinct parameters, in order or reversed, to take the
// key's large-query path.
func manyParams(reversed bool) string {
	var ps []string
	for i := range 30 {
		ps = append(ps, "p"+string(rune('a'+i/26))+string(rune('a'+i%26))+"=v")
	}
	ps = append(ps, "r=1", "r=2") // a repeated name keeps its order
	if reversed {
		slices.Reverse(ps[:30])
	}
	return strings.Join(ps, "&")
}

func TestKeyDifferentRequestDifferentKey(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{})
	type req struct {
		cl                 Class
		scope, path, query string
	}
	base := req{List, "", "/api/v1/images", "limit=50&sort=newest"}
	tests := []struct {
		name  string
		other req
	}{
		{"value", req{List, "", "/api/v1/images", "limit=51&sort=newest"}},
		{"extra param", req{List, "", "/api/v1/images", "limit=50&sort=newest&x=1"}},
		{"empty vs absent", req{List, "", "/api/v1/images", "limit=50"}},
		{"scope", req{List, "u:42", "/api/v1/images", "limit=50&sort=newest"}},
		{"path", req{List, "", "/api/v1/movies", "limit=50&sort=newest"}},
		{"class", req{Movies, "", "/api/v1/images", "limit=50&sort=newest"}},
	}
	k0 := c.Key(base.cl, base.scope, base.path, base.query)
	for _, tt := range tests {
		k := c.Key(tt.other.cl, tt.other.scope, tt.other.path, tt.other.query)
		if k == k0 {
			t.Errorf("%s: same key %q for %+v and %+v", tt.name, k, base, tt.other)
		}
	}
	pairs := []struct{ name, a, b string }{
		// c.Query reads the first value of a repeated name: order matters.
		{"order of repeated values", "limit=5&limit=10", "limit=10&limit=5"},
		{"escaped ampersand is data", "a=1%262", "a=1&2"},
		{"escaped equals in name", "a%3Db=c", "a=b%3Dc"},
		{"plus escaped is a plus", "q=a%2Bb", "q=a+b"},
		{"case of value", "q=Heat", "q=heat"},
		{"malformed escape", "q=%zz", "q=%25zz"},
	}
	for _, tt := range pairs {
		if ka, kb := c.Key(List, "", "/p", tt.a), c.Key(List, "", "/p", tt.b); ka == kb {
			t.Errorf("%s: %q and %q share key %q", tt.name, tt.a, tt.b, ka)
		}
	}
	// Length prefixes: moving bytes between scope and path changes the key.
	if c.Key(List, "u:1", "/x", "") == c.Key(List, "u:1/", "x", "") {
		t.Error("scope and path run together")
	}
}

func TestKeyCarriesGenerations(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{})
	before := map[Class]string{}
	for _, cl := range Classes() {
		before[cl] = c.Key(cl, "", "/p", "a=1")
	}
	c.Bump(Decks)
	for _, cl := range Classes() {
		if k := c.Key(cl, "", "/p", "a=1"); k != before[cl] {
			t.Errorf("%v: a deck write changed a key (deck keys hold the deck version instead)", cl)
		}
	}
	c.Bump(Users)
	for _, cl := range Classes() {
		k := c.Key(cl, "", "/p", "a=1")
		if changed := k != before[cl]; changed != (cl == Deck) {
			t.Errorf("%v: a user write changed the key: %v, want %v (decks show usernames)", cl, changed, cl == Deck)
		}
		before[cl] = k
	}
	c.Bump(Images)
	for _, cl := range Classes() {
		if k := c.Key(cl, "", "/p", "a=1"); k == before[cl] {
			t.Errorf("%v: key unchanged after an image write", cl)
		}
		if got := classOf(c.Key(cl, "s", "/p", "")); got != cl {
			t.Errorf("classOf(Key(%v)) = %v", cl, got)
		}
	}
	if g := c.Generation(Images); g != 1 {
		t.Errorf("Generation(Images) = %d after one bump, want 1", g)
	}
}

func TestKeyAllocatesOnce(t *testing.T) {
	c := newTestCache(t, Options{})
	q := "q=blade&frame_size=wide&lighting=soft&lighting=hard&facets=all&limit=50&sort=relevance"
	allocs := testing.AllocsPerRun(1000, func() { _ = c.Key(Search, "", "/api/v1/search", q) })
	if allocs > 1 {
		t.Errorf("Key allocates %.1f times per call, want 1", allocs)
	}
}

func TestKeyPanicsOnUnknownClass(t *testing.T) {
	t.Parallel()
	c := newTestCache(t, Options{})
	defer func() {
		if recover() == nil {
			t.Error("Key(0, …) did not panic")
		}
	}()
	c.Key(0, "", "/p", "")
}

// meaning is what a handler can see of a query: for each name (decoded),
// its values (decoded) in request order. A malformed escape is kept raw and
// marked, since such a component is compared as written.
func meaning(raw string) map[string][]string {
	dec := func(s string) string {
		if d, err := url.QueryUnescape(s); err == nil {
			return "ok:" + d
		}
		return "raw:" + s
	}
	m := map[string][]string{}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		n, v, _ := strings.Cut(pair, "=")
		m[dec(n)] = append(m[dec(n)], dec(v))
	}
	return m
}

func sameMeaning(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		if !slices.Equal(va, b[k]) {
			return false
		}
	}
	return true
}

// FuzzKey checks that two requests share a key exactly when a handler
// cannot tell them apart: never a wrong hit, and no needless miss for
// spellings of the same query.
func FuzzKey(f *testing.F) {
	f.Add("u:1", "/a", "x=1&y=2", "u:1", "/a", "y=2&x=1")
	f.Add("", "/a", "q=a+b", "", "/a", "q=a%20b")
	f.Add("", "/a", "a=1%262", "", "/a", "a=1&2")
	f.Add("u:1", "/x", "", "u:1/", "x", "")
	f.Add("", "/a", "q=%zz", "", "/a", "q=%25zz")
	f.Add("", "/a", "k=%3D&k=", "", "/a", "k==&k")
	c := newTestCache(f, Options{})
	f.Fuzz(func(t *testing.T, s1, p1, q1, s2, p2, q2 string) {
		k1, k2 := c.Key(Search, s1, p1, q1), c.Key(Search, s2, p2, q2)
		same := s1 == s2 && p1 == p2 && sameMeaning(meaning(q1), meaning(q2))
		if (k1 == k2) != same {
			t.Errorf("(%q %q %q) and (%q %q %q): same meaning %v, same key %v", s1, p1, q1, s2, p2, q2, same, k1 == k2)
		}
	})
}
