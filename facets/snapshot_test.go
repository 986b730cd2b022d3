package facets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// snapshotOf returns x's snapshot.
func snapshotOf(t testing.TB, x *Index) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := x.WriteTo(&buf)
	if err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteTo = %d bytes, wrote %d", n, buf.Len())
	}
	return buf.Bytes()
}

func loadOf(t testing.TB, b []byte) *Index {
	t.Helper()
	x, err := Load(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return x
}

// sameState fails unless a and b hold the same state, down to where each
// swatch sits in the colour grid; only what a snapshot normalises (the
// arenas' layout and garbage, spare capacity) and caches may differ.
func sameState(t *testing.T, a, b *Index) {
	t.Helper()
	if len(a.fields) != len(b.fields) || !reflect.DeepEqual(a.byName, b.byName) {
		t.Fatalf("fields differ: %d and %d", len(a.fields), len(b.fields))
	}
	for i, fa := range a.fields {
		fb := b.fields[i]
		if fa.name != fb.name || fa.fold != fb.fold || fa.seg != fb.seg || !maps.Equal(fa.ids, fb.ids) || !slices.Equal(fa.posts, fb.posts) {
			t.Fatalf("field %q differs", fa.name)
		}
	}
	if len(a.posts) != len(b.posts) || !slices.Equal(a.postField, b.postField) {
		t.Fatalf("postings differ: %d and %d", len(a.posts), len(b.posts))
	}
	for i, pa := range a.posts {
		pb := b.posts[i]
		if pa.key != pb.key || pa.display != pb.display || !pa.bm.Equals(pb.bm) {
			t.Fatalf("posting %d differs: %q/%q and %q/%q", i, pa.key, pa.display, pb.key, pb.display)
		}
	}
	if !a.all.Equals(b.all) || !a.hasYear.Equals(b.hasYear) {
		t.Fatal("all or hasYear differ")
	}
	if !slices.Equal(a.years, b.years) || !maps.Equal(a.yearPost, b.yearPost) || !maps.Equal(a.decadePost, b.decadePost) {
		t.Fatal("years differ")
	}
	if a.yearField.name != FieldYear || b.yearField != b.fields[b.byName[FieldYear]] || b.decadeField != b.fields[b.byName[FieldDecade]] {
		t.Fatal("year fields misplaced")
	}
	if a.entries != b.entries || !slices.Equal(a.stats, b.stats) {
		t.Fatalf("cost model sums differ: %v %v and %v %v", a.entries, a.stats, b.entries, b.stats)
	}
	if len(a.docs.pages) != len(b.docs.pages) {
		t.Fatalf("doc tables differ: %d and %d pages", len(a.docs.pages), len(b.docs.pages))
	}
	for pi, pa := range a.docs.pages {
		pb := b.docs.pages[pi]
		if (pa == nil) != (pb == nil) {
			t.Fatalf("page %d present in one index only", pi)
		}
		if pa == nil {
			continue
		}
		if pa.year != pb.year || pa.nsw != pb.nsw || (pa.swAt == nil) != (pb.swAt == nil) {
			t.Fatalf("page %d: years or palettes differ", pi)
		}
		for s := range pageSize {
			if !bytes.Equal(pa.list(s), pb.list(s)) {
				t.Fatalf("page %d slot %d: lists differ", pi, s)
			}
			for k := range int(pa.nsw[s]) {
				i := s*maxSwatches + k
				if pa.swCel[i] != pb.swCel[i] || pa.swAt[i] != pb.swAt[i] {
					t.Fatalf("page %d slot %d: swatch %d sits apart", pi, s, k)
				}
			}
		}
	}
	ga, gb := a.grid, b.grid
	if (ga.cells == nil) != (gb.cells == nil) || ga.live != gb.live || !slices.Equal(ga.dead, gb.dead) {
		t.Fatal("colour grids differ")
	}
	bits := func(e swatchEntry) [5]uint32 {
		return [5]uint32{e.id, math.Float32bits(e.l), math.Float32bits(e.a), math.Float32bits(e.b), math.Float32bits(e.share)}
	}
	for c := range ga.cells {
		if !slices.EqualFunc(ga.cells[c], gb.cells[c], func(x, y swatchEntry) bool { return bits(x) == bits(y) }) {
			t.Fatalf("colour cell %d differs", c)
		}
	}
}

// walk pages through set in order s, with page sizes from r, and returns the
// ids in the order seen.
func walk(x *Index, set *roaring.Bitmap, s Sort, r *rand.Rand) []uint32 {
	var out []uint32
	var after *Key
	for range set.GetCardinality() + 1 {
		ids, more := x.Page(set, s, after, 1+r.IntN(80))
		out = append(out, ids...)
		if !more {
			break
		}
		k := x.KeyOf(s, ids[len(ids)-1])
		after = &k
	}
	return out
}

// agree checks n random queries on x against the original orig and the
// reference m: matches, counts under every counting strategy, colour
// distances and page walks in every order.
func agree(t *testing.T, x, orig *Index, m *ref, g *gen, n int) {
	t.Helper()
	fields := allFields()
	for i := range n {
		q := randomQuery(g, m)
		got := x.Match(q)
		if want := m.match(q, ""); !slices.Equal(got.ToArray(), want) {
			t.Fatalf("query %d %+v: Match = %d docs, want %d", i, q, got.GetCardinality(), len(want))
		}
		if orig != nil && !orig.Match(q).Equals(got) {
			t.Fatalf("query %d: Match differs from the original's", i)
		}
		checkCounts(t, fmt.Sprintf("query %d", i), g, x, m, q, fields)

		c := randomColor(g)
		var set *roaring.Bitmap
		if i%2 == 0 {
			set = got
		}
		dist := x.ColorDistances(set, *c)
		if orig != nil && !maps.Equal(dist, orig.ColorDistances(set, *c)) {
			t.Fatalf("query %d colour %+v: distances differ from the original's", i, *c)
		}
		for id, d := range m.docs {
			if set != nil && !set.Contains(id) {
				continue
			}
			wd, ok := refColor(d, *c)
			if gd, found := dist[id]; ok != found || (ok && gd != wd) {
				t.Fatalf("query %d colour %+v doc %d: distance %v,%v want %v,%v", i, *c, id, gd, found, wd, ok)
			}
		}

		if i%10 == 0 {
			s := Sort(g.r.IntN(4))
			seed := g.r.Uint64()
			ids := walk(x, got, s, rand.New(rand.NewPCG(seed, 0)))
			if want := m.order(got, s); !slices.Equal(ids, want) {
				t.Fatalf("query %d: walk in order %d differs from the reference", i, s)
			}
			if orig != nil && !slices.Equal(ids, walk(orig, got, s, rand.New(rand.NewPCG(seed, 0)))) {
				t.Fatalf("query %d: walk in order %d differs from the original's", i, s)
			}
		}
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	x, m, g := buildRandom(t, 3000, 11)
	b := snapshotOf(t, x)
	y := loadOf(t, b)
	sameState(t, x, y)
	if again := snapshotOf(t, y); !bytes.Equal(again, b) {
		t.Fatalf("the loaded index's snapshot differs (%d bytes, first %d)", len(again), len(b))
	}
	agree(t, y, x, m, g, 150)
	// The whole library walked in every order, beyond one query's matches.
	for s := range Sort(4) {
		all := y.Match(Query{})
		if got, want := walk(y, all, s, rand.New(rand.NewPCG(1, 2))), m.order(all, s); !slices.Equal(got, want) {
			t.Fatalf("walk of every doc in order %d differs from the reference", s)
		}
	}
}

// TestSnapshotThenWrites applies the same writes to an index and to its
// loaded copy: both must keep agreeing with the reference, and end in the
// same snapshot.
func TestSnapshotThenWrites(t *testing.T) {
	x, m, g := buildRandom(t, 2000, 12)
	y := loadOf(t, snapshotOf(t, x))
	ids := slices.Sorted(maps.Keys(m.docs))
	for i := range 3000 {
		var d Doc
		switch r := g.r.IntN(10); {
		case r < 5:
			d = g.doc(ids[g.r.IntN(len(ids))]) // a replacement
		case r < 7:
			d = g.doc(uint32(10_000 + g.r.IntN(20_000))) // a new doc, on new pages too
		case r < 8:
			id := ids[g.r.IntN(len(ids))]
			x.Delete(id)
			y.Delete(id)
			m.delete(id)
			continue
		default:
			// New fields, years beyond those known, a value emptied and
			// brought back in another spelling.
			d = g.doc(ids[g.r.IntN(len(ids))])
			d.Year = []int{1850, 2100, 0, 1999}[i%4]
			d.Values["custom"] = []string{fmt.Sprint("c", i%7)}
			d.Values[FieldDirector] = []string{strings.ToUpper(d.Values[FieldDirector][0])}
		}
		x.Put(d)
		y.Put(d)
		m.put(d)
	}
	agree(t, y, x, m, g, 60)
	// Put interns a doc's new values in map order, so the two indexes may
	// number them apart: compare answers, not bytes.
	agree(t, loadOf(t, snapshotOf(t, y)), x, m, g, 20)
}

func TestSnapshotEdgeIndexes(t *testing.T) {
	noPalettes := New()
	noPalettes.Put(Doc{ID: 1, Year: 1990, Values: map[string][]string{FieldTag: {"a"}}})
	noPalettes.Put(Doc{ID: 1 << 31, Values: map[string][]string{"": {"empty field name"}}})
	emptied := New()
	for id := range uint32(50) {
		emptied.Put(Doc{ID: id, Year: 2000, Values: map[string][]string{FieldActor: {"Someone"}}, Swatches: []Swatch{{L: 50, Share: 1}}})
	}
	for id := range uint32(50) {
		emptied.Delete(id)
	}
	extremes := New()
	extremes.Put(Doc{ID: 0, Year: 65535, Swatches: []Swatch{{L: -1e30, A: 1e30, B: 0, Share: 0}}})
	extremes.Put(Doc{ID: math.MaxUint32, Year: 1, Values: map[string][]string{FieldTag: {strings.Repeat("long ", 3000)}}})
	for name, x := range map[string]*Index{"new": New(), "no palettes": noPalettes, "emptied": emptied, "extremes": extremes} {
		t.Run(name, func(t *testing.T) {
			b := snapshotOf(t, x)
			y := loadOf(t, b)
			sameState(t, x, y)
			if !bytes.Equal(snapshotOf(t, y), b) {
				t.Fatal("the loaded index's snapshot differs")
			}
			if got, want := y.Match(Query{}).ToArray(), x.Match(Query{}).ToArray(); !slices.Equal(got, want) {
				t.Fatalf("Match = %v, want %v", got, want)
			}
		})
	}
}

// smallSnapshot is a snapshot of a few docs, small enough to cut at every
// byte.
func smallSnapshot(t testing.TB) []byte {
	g := newGen(testLibrary, 4)
	x := New()
	for id := uint32(1); id <= 12; id++ {
		x.Put(g.doc(id))
	}
	x.Put(g.doc(5000)) // on a second page
	x.Delete(3)
	return snapshotOf(t, x)
}

func TestLoadRejectsTruncated(t *testing.T) {
	b := smallSnapshot(t)
	for n := range len(b) {
		x, err := Load(bytes.NewReader(b[:n]))
		if err == nil || x != nil {
			t.Fatalf("the first %d of %d bytes loaded", n, len(b))
		}
		if !errors.Is(err, ErrInvalidSnapshot) {
			t.Fatalf("the first %d bytes: %v, not ErrInvalidSnapshot", n, err)
		}
	}
	// Load reads the snapshot and nothing after it.
	r := bytes.NewReader(append(slices.Clip(b), "and more"...))
	if _, err := Load(r); err != nil {
		t.Fatalf("Load with bytes after: %v", err)
	}
	if r.Len() != len("and more") {
		t.Errorf("Load left %d bytes after the snapshot, want %d", r.Len(), len("and more"))
	}
}

func TestLoadRejectsCorruption(t *testing.T) {
	b := smallSnapshot(t)
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 1000 {
		c := bytes.Clone(b)
		for range 1 + r.IntN(3) {
			j := r.IntN(len(c))
			c[j] ^= byte(1 + r.IntN(255))
		}
		if bytes.Equal(c, b) {
			continue
		}
		if x, err := Load(bytes.NewReader(c)); err == nil || x != nil {
			t.Fatalf("trial %d: a corrupted snapshot loaded", i)
		}
	}
	other := resum(bytes.Clone(b))
	other[len(snapshotMagic)]++
	other = resum(other)
	if _, err := Load(bytes.NewReader(other)); err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("another format version: %v", err)
	}
	if _, err := Load(strings.NewReader("not a snapshot at all")); !errors.Is(err, ErrInvalidSnapshot) {
		t.Errorf("not a snapshot: %v", err)
	}
}

// resum rewrites the checksum at the end of b to match the rest, as a
// crafted snapshot would.
func resum(b []byte) []byte {
	if len(b) >= 4 {
		binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], castagnoli))
	}
	return b
}

// TestLoadRejectsInconsistent tampers with an index before writing it: a
// snapshot with a valid checksum but parts that disagree must not load.
func TestLoadRejectsInconsistent(t *testing.T) {
	for _, c := range []struct {
		name   string
		tamper func(x *Index)
	}{
		{"posting without its doc", func(x *Index) { x.posts[x.fields[x.byName[FieldTag]].posts[0]].bm.Remove(x.all.Minimum()) }},
		{"posting with a stray doc", func(x *Index) { x.posts[x.fields[x.byName[FieldTag]].posts[0]].bm.Add(3) }},
		{"doc missing from all", func(x *Index) { x.all.Remove(x.all.Maximum()) }},
		{"doc in all without a page", func(x *Index) { x.all.Add(1 << 30) }},
		{"year without hasYear", func(x *Index) { x.hasYear.Remove(x.hasYear.Minimum()) }},
		{"swatch in the wrong cell", func(x *Index) {
			for c, cell := range x.grid.cells {
				if len(cell) > 0 {
					x.grid.cells[(c+1)%numCells] = append(x.grid.cells[(c+1)%numCells], cell[0])
					x.grid.cells[c] = cell[1:]
					return
				}
			}
		}},
		{"list value of the wrong segment", func(x *Index) {
			p, s := x.docs.get(x.all.Minimum())
			n := encodeIDs(nil, []uint32{x.fields[x.byName[FieldTag]].posts[0]}) // a wide value among the narrow
			p.setList(s, append([]byte{byte(len(n))}, n...))
		}},
		{"year of no decade", func(x *Index) {
			f := x.decadeField
			for _, pid := range f.posts {
				delete(f.ids, x.posts[pid].key)
				x.posts[pid].key += "x"
				f.ids[x.posts[pid].key] = pid
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := newGen(testLibrary, 8)
			x := New()
			for id := uint32(1); id <= 300; id++ {
				x.Put(g.doc(id))
			}
			c.tamper(x)
			_, err := Load(bytes.NewReader(snapshotOf(t, x)))
			t.Log(err)
			if !errors.Is(err, ErrInvalidSnapshot) {
				t.Fatalf("Load = %v, want ErrInvalidSnapshot", err)
			}
		})
	}
}

// TestSnapshotConcurrent writes snapshots beside readers and a writer; run
// with -race. Each snapshot is one consistent state.
func TestSnapshotConcurrent(t *testing.T) {
	g := newGen(testLibrary, 13)
	x := New()
	docs := make([]Doc, 600)
	for i := range docs {
		docs[i] = g.doc(uint32(1 + i%300))
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, d := range docs {
			x.Put(d)
		}
	})
	wg.Go(func() {
		for range 50 {
			x.Counts(Query{YearMin: 1950}, allFields(), nil)
			x.ColorDistances(nil, ColorFilter{L: 50, Distance: 30})
		}
	})
	for range 5 {
		loadOf(t, snapshotOf(t, x))
	}
	wg.Wait()
}

// tinySnapshot is the smallest snapshot with a doc list, a year, a palette
// and a doc on a second page: an index with no field but year and decade
// registered up front, which Load accepts and completes.
func tinySnapshot(t testing.TB) []byte {
	x := &Index{byName: map[string]int{}, all: roaring.New(), hasYear: roaring.New(),
		yearPost: map[int]uint32{}, decadePost: map[int]uint32{}, orders: map[int]cachedOrder{}}
	x.decadeField = x.field(FieldDecade)
	x.yearField = x.field(FieldYear)
	x.Put(Doc{ID: 1, Year: 1999, Values: map[string][]string{FieldTag: {"Rain"}}, Swatches: []Swatch{{L: 50, A: 5, B: -5, Share: 0.5}, {L: 20, Share: 0.5}}})
	x.Put(Doc{ID: 2, Values: map[string][]string{"frame_size": {"wide"}}})
	x.Put(Doc{ID: pageSize + 1, Year: 1950})
	x.Delete(2)
	return snapshotOf(t, x)
}

func FuzzLoad(f *testing.F) {
	f.Add(tinySnapshot(f))
	f.Add(smallSnapshot(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		// As given, where the checksum stops nearly everything, and with
		// the checksum made right, so that the decoding itself is tried.
		for _, in := range [][]byte{b, resum(bytes.Clone(b))} {
			x, err := Load(bytes.NewReader(in))
			if err != nil {
				if x != nil || !errors.Is(err, ErrInvalidSnapshot) {
					t.Fatalf("Load = %v, %v", x, err)
				}
				continue
			}
			// What loads is an index: it round-trips, and it works.
			s := snapshotOf(t, x)
			if again := snapshotOf(t, loadOf(t, s)); !bytes.Equal(again, s) {
				t.Fatal("a loaded snapshot does not round-trip")
			}
			exercise(x)
		}
	})
}

// exercise runs every kind of call on x, reads and writes.
func exercise(x *Index) {
	set := x.Match(Query{})
	q := Query{Filters: map[string][]string{}, YearMin: 1900, Color: &ColorFilter{L: 50, Distance: 60}}
	for _, f := range x.fields {
		if len(f.posts) > 0 {
			q.Filters[f.name] = []string{x.posts[f.posts[0]].key}
		}
	}
	for _, strategy := range []int{strategyDocs, strategyBitmaps} {
		x.strategy = strategy
		x.Counts(Query{}, allFields(), nil)
		x.Counts(q, allFields(), map[string]int{FieldTag: 2})
	}
	x.Match(q)
	for s := range Sort(4) {
		if ids, more := x.Page(set, s, nil, 3); more {
			k := x.KeyOf(s, ids[len(ids)-1])
			x.Page(set, s, &k, 3)
		}
	}
	x.ColorDistances(nil, ColorFilter{L: 50, Distance: 300})
	ids := set.ToArray()
	for i, id := range ids[:min(len(ids), 4)] {
		if i%2 == 0 {
			x.Delete(id)
		} else {
			x.Put(Doc{ID: id, Year: 1999, Values: map[string][]string{FieldTag: {"x"}}, Swatches: []Swatch{{L: 10, Share: 1}}})
		}
	}
	x.Put(Doc{ID: 77, Values: map[string][]string{"frame_size": {"wide"}}, Swatches: []Swatch{{L: 90, A: 3, Share: 0.5}}})
	x.Counts(Query{}, allFields(), nil)
}

// BenchmarkSnapshotWrite1M writes the 1M-still index to a file and reports
// the snapshot's size.
func BenchmarkSnapshotWrite1M(b *testing.B) {
	x, _ := bench1M(b)
	path := filepath.Join(b.TempDir(), "facets.snapshot")
	var size int64
	loop(b, func(int) { size = writeFile(b, x, path) })
	b.ReportMetric(float64(size), "snapshot-bytes")
}

// BenchmarkSnapshotLoad1M loads the 1M-still index from a file and reports
// the loaded index's heap.
func BenchmarkSnapshotLoad1M(b *testing.B) {
	x, _ := bench1M(b)
	path := filepath.Join(b.TempDir(), "facets.snapshot")
	size := writeFile(b, x, path)
	load := func() *Index {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		y, err := Load(f)
		if err != nil {
			b.Fatal(err)
		}
		return y
	}
	loop(b, func(int) { load() })
	before := heapInUse()
	y := load()
	b.ReportMetric(float64(heapInUse()-before)/(1<<20), "MiB-heap")
	b.ReportMetric(float64(size), "snapshot-bytes")
	if y.Len() != x.Len() {
		b.Fatalf("loaded %d docs, want %d", y.Len(), x.Len())
	}
}

// writeFile writes x's snapshot to path and returns its size.
func writeFile(b *testing.B, x *Index, path string) int64 {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	n, err := x.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	return n
}
