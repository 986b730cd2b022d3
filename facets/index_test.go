package facets

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

func ids(bm *roaring.Bitmap) []uint32 { return bm.ToArray() }

func TestPutReplacesEveryValue(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, Year: 1995, Values: map[string][]string{
		"frame_size": {"close_up"}, "lighting": {"soft", "hard"}, FieldTag: {"diner"},
	}, Swatches: []Swatch{{L: 50, A: 10, B: 10, Share: 0.5}}})
	x.Put(Doc{ID: 1, Year: 2001, Values: map[string][]string{
		"frame_size": {"wide"}, "lighting": {"hard"},
	}, Swatches: []Swatch{{L: 20, A: -30, B: 40, Share: 0.5}}})

	if x.Len() != 1 {
		t.Fatalf("Len = %d, want 1", x.Len())
	}
	for _, c := range []struct {
		q    Query
		want []uint32
	}{
		{Query{Filters: map[string][]string{"frame_size": {"close_up"}}}, nil},
		{Query{Filters: map[string][]string{"frame_size": {"wide"}}}, []uint32{1}},
		{Query{Filters: map[string][]string{"lighting": {"soft"}}}, nil},
		{Query{Filters: map[string][]string{"lighting": {"hard"}}}, []uint32{1}},
		{Query{Filters: map[string][]string{FieldTag: {"diner"}}}, nil},
		{Query{Filters: map[string][]string{FieldYear: {"1995"}}}, nil},
		{Query{Filters: map[string][]string{FieldDecade: {"2000s"}}}, []uint32{1}},
		{Query{Color: &ColorFilter{L: 50, A: 10, B: 10, Distance: 5}}, nil},
		{Query{Color: &ColorFilter{L: 20, A: -30, B: 40, Distance: 5}}, []uint32{1}},
	} {
		if got := ids(x.Match(c.q)); !slices.Equal(got, c.want) {
			t.Errorf("Match(%+v) = %v, want %v", c.q, got, c.want)
		}
	}
	got := x.Counts(Query{}, []string{"lighting", FieldTag, FieldYear}, nil)
	want := map[string][]Count{
		"lighting": {{"hard", 1}},
		FieldTag:   {},
		FieldYear:  {{"2001", 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
}

func TestDelete(t *testing.T) {
	x := New()
	for id := uint32(1); id <= 3; id++ {
		x.Put(Doc{ID: id, Year: 1990 + int(id), Values: map[string][]string{"int_ext": {"interior"}},
			Swatches: []Swatch{{L: 50, Share: 1}}})
	}
	x.Delete(2)
	x.Delete(2)  // twice: a no-op
	x.Delete(99) // never indexed
	if x.Len() != 2 {
		t.Fatalf("Len = %d, want 2", x.Len())
	}
	if got := ids(x.Match(Query{Filters: map[string][]string{"int_ext": {"interior"}}})); !slices.Equal(got, []uint32{1, 3}) {
		t.Errorf("Match = %v, want [1 3]", got)
	}
	if got := ids(x.Match(Query{Color: &ColorFilter{L: 50, Distance: 1}})); !slices.Equal(got, []uint32{1, 3}) {
		t.Errorf("colour Match = %v, want [1 3]", got)
	}
	if got := x.Counts(Query{}, []string{FieldYear}, nil)[FieldYear]; !reflect.DeepEqual(got, []Count{{"1991", 1}, {"1993", 1}}) {
		t.Errorf("year counts = %v", got)
	}
	// A stale set still naming the deleted doc: it sorts as an unknown year.
	page, more := x.Page(roaring.BitmapOf(1, 2, 3), SortYear, nil, 10)
	if !slices.Equal(page, []uint32{1, 3, 2}) || more {
		t.Errorf("Page = %v, %v; want [1 3 2], false", page, more)
	}
	// Within never brings back a doc the index does not hold.
	if got := ids(x.Match(Query{Within: roaring.BitmapOf(2, 3)})); !slices.Equal(got, []uint32{3}) {
		t.Errorf("Match(Within) = %v, want [3]", got)
	}
}

func TestCreditsAreCaseInsensitive(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, Values: map[string][]string{FieldDirector: {"Michael Mann"}, FieldTag: {"Diner", "diner"}}})
	x.Put(Doc{ID: 2, Values: map[string][]string{FieldDirector: {"michael mann"}}})
	x.Put(Doc{ID: 3, Values: map[string][]string{FieldDirector: {"Kathryn Bigelow"}}})
	x.Put(Doc{ID: 4, Values: map[string][]string{"frame_size": {"Wide"}}}) // taxonomy slugs are exact

	q := Query{Filters: map[string][]string{FieldDirector: {" MICHAEL MANN "}}}
	if got := ids(x.Match(q)); !slices.Equal(got, []uint32{1, 2}) {
		t.Errorf("Match = %v, want [1 2]", got)
	}
	if got := ids(x.Match(Query{Filters: map[string][]string{"frame_size": {"wide"}}})); len(got) != 0 {
		t.Errorf("frame_size wide matched %v; taxonomy values are not folded", got)
	}
	got := x.Counts(q, []string{FieldDirector, FieldTag}, nil)
	want := map[string][]Count{
		// The first spelling seen names the value.
		FieldDirector: {{"Michael Mann", 2}, {"Kathryn Bigelow", 1}},
		FieldTag:      {{"Diner", 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
	// Once nobody holds a value, the next doc to bring it back names it.
	x.Delete(1)
	x.Delete(2)
	x.Put(Doc{ID: 5, Values: map[string][]string{FieldDirector: {"MICHAEL MANN"}}})
	if got := x.Counts(Query{}, []string{FieldDirector}, nil)[FieldDirector]; !reflect.DeepEqual(got, []Count{{"Kathryn Bigelow", 1}, {"MICHAEL MANN", 1}}) {
		t.Errorf("after re-adding: %v", got)
	}
}

func TestCountsExcludeOwnFieldAndKeepSelected(t *testing.T) {
	x := New()
	docs := []struct {
		frame, tod string
		tags       []string
	}{
		{"wide", "night", []string{"rain"}},
		{"wide", "day", []string{"rain", "car"}},
		{"close_up", "night", []string{"car"}},
		{"close_up", "night", nil},
		{"medium", "dusk", []string{"rain"}},
	}
	for i, d := range docs {
		x.Put(Doc{ID: uint32(i + 1), Values: map[string][]string{"frame_size": {d.frame}, "time_of_day": {d.tod}, FieldTag: d.tags}})
	}
	q := Query{Filters: map[string][]string{"frame_size": {"wide"}, "time_of_day": {"night"}, FieldTag: {"Snow"}}}
	got := x.Counts(q, []string{"frame_size", "time_of_day", FieldTag}, map[string]int{FieldTag: 1})
	want := map[string][]Count{
		// tag=snow matches nothing, so the other fields count nothing but
		// their selected values.
		"frame_size":  {{"wide", 0}},
		"time_of_day": {{"night", 0}},
		// Tags are counted over frame_size=wide AND time_of_day=night:
		// doc 1. "Snow" is selected, so it is listed even at zero and
		// beyond the limit.
		FieldTag: {{"rain", 1}, {"Snow", 0}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
	q.Filters[FieldTag] = nil // an empty value list is no filter
	got = x.Counts(q, []string{"frame_size", "time_of_day", "no_such_field"}, nil)
	want = map[string][]Count{
		"frame_size":    {{"close_up", 2}, {"wide", 1}}, // over time_of_day=night
		"time_of_day":   {{"day", 1}, {"night", 1}},     // over frame_size=wide
		"no_such_field": {},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
}

func TestYearBounds(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, Year: 1968})
	x.Put(Doc{ID: 2, Year: 1995, Values: map[string][]string{FieldYear: {"1700"}}}) // ignored: derived from Year
	x.Put(Doc{ID: 3})                                                               // unknown year
	x.Put(Doc{ID: 4, Year: -5})                                                     // unknown too
	for _, c := range []struct {
		min, max int
		want     []uint32
	}{
		{0, 0, []uint32{1, 2, 3, 4}},
		{1900, 0, []uint32{1, 2}},
		{0, 1990, []uint32{1}},
		{1968, 1968, []uint32{1}},
		{1996, 1990, nil},
	} {
		if got := ids(x.Match(Query{YearMin: c.min, YearMax: c.max})); !slices.Equal(got, c.want) {
			t.Errorf("years %d..%d: %v, want %v", c.min, c.max, got, c.want)
		}
	}
	// The bounds belong to the year facet: it ignores them, the decade does not.
	got := x.Counts(Query{YearMin: 1990}, []string{FieldYear, FieldDecade}, nil)
	want := map[string][]Count{
		FieldYear:   {{"1968", 1}, {"1995", 1}},
		FieldDecade: {{"1990s", 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
	if k := x.KeyOf(SortYear, 1); k != (Key{Year: 1968, ID: 1}) {
		t.Errorf("KeyOf = %+v", k)
	}
	if k := x.KeyOf(SortNewest, 1); k != (Key{ID: 1}) {
		t.Errorf("KeyOf(newest) = %+v", k)
	}
	if ids, more := x.Page(nil, SortNewest, nil, 10); ids != nil || more {
		t.Errorf("Page(nil set) = %v, %v", ids, more)
	}
	if ids, more := x.Page(x.Match(Query{}), SortOldest, nil, 0); ids != nil || more {
		t.Errorf("Page(limit 0) = %v, %v", ids, more)
	}
}

// TestChurn rewrites a few docs many times, so that the per-page value
// arenas and the colour cells fill with garbage and are compacted, and
// checks everything still agrees with the reference.
func TestChurn(t *testing.T) {
	g := newGen(testLibrary, 9)
	x, m := New(), newRef()
	for round := range 400 {
		for id := uint32(1); id <= 40; id++ {
			d := g.doc(id)
			if round%3 == 0 {
				d.Values[FieldTag] = append(d.Values[FieldTag], "extra1", "extra2", "extra3") // a longer list
			}
			// Palettes in a few cells, so the cells churn.
			for i := range d.Swatches {
				d.Swatches[i].L, d.Swatches[i].A, d.Swatches[i].B = float32(40+g.r.IntN(4)), float32(g.r.IntN(4)), 0
			}
			x.Put(d)
			m.put(d)
		}
		if round%50 == 7 {
			x.Delete(uint32(round % 40))
			m.delete(uint32(round % 40))
		}
	}
	fields := allFields()
	for i := range 100 {
		q := randomQuery(g, m)
		if i%2 == 0 {
			q.Color = &ColorFilter{L: 41, A: 1, B: 0, Distance: float64(g.r.IntN(4)), Share: 0.1}
		}
		if got, want := ids(x.Match(q)), m.match(q, ""); !slices.Equal(got, want) {
			t.Fatalf("query %d: Match = %v, want %v", i, got, want)
		}
		gotC, wantC := x.Counts(q, fields, nil), m.counts(q, fields, nil)
		for _, f := range fields {
			if !reflect.DeepEqual(gotC[f], wantC[f]) {
				t.Fatalf("query %d: Counts[%s] = %v, want %v", i, f, gotC[f], wantC[f])
			}
		}
		if q.Color != nil {
			dist := x.ColorDistances(nil, *q.Color)
			for id, d := range m.docs {
				wd, ok := refColor(d, *q.Color)
				if gd, found := dist[id]; ok != found || (ok && gd != wd) {
					t.Fatalf("query %d doc %d: distance %v,%v want %v,%v", i, id, gd, found, wd, ok)
				}
			}
		}
	}
}

// TestConcurrentReaders runs readers beside a writer; run with -race.
func TestConcurrentReaders(t *testing.T) {
	g := newGen(testLibrary, 5)
	x := New()
	for id := uint32(1); id <= 500; id++ {
		x.Put(g.doc(id))
	}
	docs := make([]Doc, 500)
	for i := range docs {
		docs[i] = g.doc(uint32(1 + i))
	}
	var wg sync.WaitGroup
	for r := range 3 {
		wg.Go(func() {
			for i := range 50 {
				q := Query{Filters: map[string][]string{"int_ext": {"interior"}}, YearMin: 1950}
				set := x.Match(q)
				x.Counts(q, allFields(), map[string]int{FieldActor: 5})
				x.Page(set, Sort(i%4), nil, 10)
				x.ColorDistances(set, ColorFilter{L: 50, Distance: 20})
				_ = fmt.Sprint(r)
			}
		})
	}
	for _, d := range docs {
		x.Put(d)
	}
	wg.Wait()
}

func TestValueListEncoding(t *testing.T) {
	for _, list := range [][]uint32{
		nil,
		{0},
		{1, 2, 3, 127, 128, 300, 16383, 16384, 16385, 1 << 21, 1<<28 + 5, 1<<32 - 1},
	} {
		b := encodeIDs(nil, list)
		if got := decodeIDs(nil, b); !slices.Equal(got, list) {
			t.Errorf("decodeIDs(encodeIDs(%v)) = %v", list, got)
		}
		if len(list) > 0 && list[len(list)-1] < 1<<22 {
			cnt := make([]uint32, 1<<22)
			countIDs(cnt, b)
			for _, id := range list {
				if cnt[id] != 1 {
					t.Errorf("countIDs(%v): cnt[%d] = %d", list, id, cnt[id])
				}
			}
		}
	}
}

func TestPageEdges(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 0, Year: 2000})
	x.Put(Doc{ID: 1<<32 - 1, Year: 2000})
	// First with a set small enough to be sorted outright, then with one
	// large enough to walk the years.
	for _, extra := range []int{0, 3000} {
		for i := range extra {
			x.Put(Doc{ID: uint32(1000 + i), Year: 1990})
		}
		set := x.Match(Query{})
		for _, c := range []struct {
			s     Sort
			after Key
		}{
			{SortNewest, Key{ID: 0}},
			{SortOldest, Key{ID: 1<<32 - 1}},
			{SortYear, Key{Year: 0, ID: 1<<32 - 1}},
			{SortYearDesc, Key{Year: 0, ID: 0}},
		} {
			if ids, more := x.Page(set, c.s, &c.after, 5); len(ids) != 0 || more {
				t.Errorf("%d docs, sort %d after %+v: %v, %v; want nothing", set.GetCardinality(), c.s, c.after, ids, more)
			}
		}
		if ids, _ := x.Page(set, SortYear, &Key{Year: 2000, ID: 0}, 5); !slices.Equal(ids, []uint32{1<<32 - 1}) {
			t.Errorf("%d docs: year sort after (2000, 0) = %v", set.GetCardinality(), ids)
		}
		if ids, _ := x.Page(set, SortYearDesc, &Key{Year: 2000, ID: 1<<32 - 1}, 1); !slices.Equal(ids, []uint32{0}) {
			t.Errorf("%d docs: year desc after (2000, max) = %v", set.GetCardinality(), ids)
		}
	}
}
