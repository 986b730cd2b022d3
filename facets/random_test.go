package facets

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// buildRandom fills an index and the reference with the same n docs, then
// replaces and deletes some of them, so every check also covers Put's
// replacement and Delete's bookkeeping.
func buildRandom(t testing.TB, n int, seed uint64) (*Index, *ref, *gen) {
	g := newGen(testLibrary, seed)
	x, m := New(), newRef()
	put := func(d Doc) {
		x.Put(d)
		m.put(d)
	}
	for i := range n {
		// Ids with gaps and beyond one page, as after deletes in SQLite.
		put(g.doc(uint32(1 + i + i/7)))
	}
	ids := slices.Sorted(maps.Keys(m.docs))
	for range n / 5 {
		put(g.doc(ids[g.r.IntN(len(ids))]))
	}
	for range n / 10 {
		id := ids[g.r.IntN(len(ids))]
		x.Delete(id)
		m.delete(id)
	}
	// A doc far beyond the others, and one of unknown year with no values.
	put(Doc{ID: 5_000_000, Year: 1977, Values: map[string][]string{FieldTag: {"Far"}}})
	put(Doc{ID: 7})
	if x.Len() != len(m.docs) {
		t.Fatalf("Len = %d, want %d", x.Len(), len(m.docs))
	}
	return x, m, g
}

// randomQuery returns a query over 0–4 random fields, sometimes with year
// bounds, a colour and a Within set.
func randomQuery(g *gen, m *ref) Query {
	r := g.r
	q := Query{Filters: map[string][]string{}}
	fields := allFields()
	for range r.IntN(5) {
		f := fields[r.IntN(len(fields))]
		for range 1 + r.IntN(3) {
			q.Filters[f] = append(q.Filters[f], g.randomValue(f))
		}
	}
	if r.IntN(4) == 0 {
		q.YearMin = 1920 + r.IntN(110)
	}
	if r.IntN(4) == 0 {
		q.YearMax = 1920 + r.IntN(110)
	}
	if r.IntN(5) == 0 {
		q.Color = randomColor(g)
	}
	if r.IntN(5) == 0 {
		w := roaring.New()
		for id := range m.docs {
			if r.IntN(2) == 0 {
				w.Add(id)
			}
		}
		w.Add(4_000_000) // not indexed: must never come back
		q.Within = w
	}
	return q
}

func randomColor(g *gen) *ColorFilter {
	r := g.r
	return &ColorFilter{
		L:        r.Float64()*120 - 10,
		A:        r.NormFloat64() * 40,
		B:        r.NormFloat64() * 40,
		Distance: r.Float64() * 40,
		Share:    r.Float64() * 0.3,
	}
}

func TestRandomQueriesAgainstReference(t *testing.T) {
	x, m, g := buildRandom(t, 4000, 1)
	fields := allFields()
	for i := range 300 {
		q := randomQuery(g, m)
		name := fmt.Sprintf("query %d %+v", i, q)

		got := x.Match(q).ToArray()
		if want := m.match(q, ""); !slices.Equal(got, want) {
			t.Fatalf("%s: Match = %d docs, want %d", name, len(got), len(want))
		}

		checkCounts(t, name, g, x, m, q, fields)
	}
}

// checkCounts compares Counts with the reference model under every counting
// strategy (they must all give the same answer), with random top-N limits.
func checkCounts(t *testing.T, name string, g *gen, x *Index, m *ref, q Query, fields []string) {
	t.Helper()
	limit := map[string]int{}
	for _, f := range []string{FieldDirector, FieldActor, FieldTag, FieldYear, FieldMovie, "genre"} {
		limit[f] = []int{0, 1, 3, 10}[g.r.IntN(4)]
	}
	wantC := m.counts(q, fields, limit)
	defer func() { x.strategy = strategyAuto }()
	for _, strategy := range []int{strategyAuto, strategyDocs, strategyBitmaps} {
		x.strategy = strategy
		gotC := x.Counts(q, fields, limit)
		for _, f := range fields {
			if !reflect.DeepEqual(gotC[f], wantC[f]) {
				t.Fatalf("%s strategy %d: Counts[%s] =\n%v\nwant\n%v", name, strategy, f, gotC[f], wantC[f])
			}
		}
	}
}

func TestPageWalksAgainstReference(t *testing.T) {
	x, m, g := buildRandom(t, 5000, 2)
	sets := []*roaring.Bitmap{x.Match(Query{}), roaring.New()}
	for range 12 {
		sets = append(sets, x.Match(randomQuery(g, m)))
	}
	// A raw set with ids the index does not hold: they sort as unknown years.
	raw := roaring.New()
	for range 3000 {
		raw.Add(uint32(g.r.IntN(7000)))
	}
	sets = append(sets, raw, roaring.BitmapOf(0, math.MaxUint32))
	for si, set := range sets {
		for _, s := range []Sort{SortNewest, SortOldest, SortYear, SortYearDesc} {
			want := m.order(set, s)
			var got []uint32
			var after *Key
			for pages := 0; ; pages++ {
				if pages > len(want)+1 {
					t.Fatalf("set %d sort %d: walk does not end", si, s)
				}
				limit := 1 + g.r.IntN(60)
				ids, more := x.Page(set, s, after, limit)
				got = append(got, ids...)
				if len(ids) > limit {
					t.Fatalf("set %d sort %d: page of %d for limit %d", si, s, len(ids), limit)
				}
				if more != (len(got) < len(want)) {
					t.Fatalf("set %d sort %d: more = %v after %d of %d", si, s, more, len(got), len(want))
				}
				if !more {
					break
				}
				k := x.KeyOf(s, ids[len(ids)-1])
				after = &k
			}
			if !slices.Equal(got, want) {
				t.Fatalf("set %d (%d docs) sort %d: walk differs from the reference order", si, len(want), s)
			}
		}
	}
}

func TestColorAgainstReference(t *testing.T) {
	x, m, g := buildRandom(t, 4000, 3)
	for i := range 200 {
		c := randomColor(g)
		if i%10 == 0 {
			c.Distance = 300 // the whole space
		}
		got := x.Match(Query{Color: c}).ToArray()
		want := m.match(Query{Color: c}, "")
		if !slices.Equal(got, want) {
			t.Fatalf("colour %+v: Match = %d docs, want %d", *c, len(got), len(want))
		}
		var set *roaring.Bitmap
		if i%2 == 0 {
			set = x.Match(randomQuery(g, m))
		}
		dist := x.ColorDistances(set, *c)
		for id, d := range m.docs {
			if set != nil && !set.Contains(id) {
				continue
			}
			wd, ok := refColor(d, *c)
			gd, found := dist[id]
			if ok != found || (ok && gd != wd) {
				t.Fatalf("colour %+v doc %d: distance %v,%v want %v,%v", *c, id, gd, found, wd, ok)
			}
		}
	}
	for _, c := range []ColorFilter{{Distance: -1}, {Distance: math.NaN()}, {L: math.Inf(1), Distance: 10}} {
		if n := x.Match(Query{Color: &c}).GetCardinality(); n != 0 {
			t.Errorf("colour %+v matched %d docs, want none", c, n)
		}
	}
}
