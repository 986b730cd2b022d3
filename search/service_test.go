package search

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/data"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/store/storetest"
	"github.com/shotdeck/shotdeck/taxonomy"
)

var quiet = slog.New(slog.DiscardHandler)

type fixture struct {
	dir string
	db  *store.DB
	lib *library.Service
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db, blobs, dir := storetest.Open(t)
	return &fixture{dir: dir, db: db, lib: &library.Service{DB: db, Blobs: blobs, Originals: filepath.Join(dir, "originals"), Limits: media.Limits{}}}
}

func (f *fixture) importGenerated(t testing.TB, n int, seed int64) {
	t.Helper()
	var m bytes.Buffer
	if err := data.Generate(&m, n, seed); err != nil {
		t.Fatal(err)
	}
	sum, err := f.lib.Import(context.Background(), &m, library.ImportOptions{})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("import: %v %v", err, sum.FailedLines)
	}
}

// start opens and starts the search service; stop cancels and closes it.
func (f *fixture) start(t *testing.T) (s *Service, stop func()) {
	t.Helper()
	s, err := Open(f.db, filepath.Join(f.dir, "index"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.Start(ctx)
	return s, func() { cancel(); s.Close() }
}

func waitApplied(t *testing.T, s *Service) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.WaitApplied(ctx); err != nil {
		t.Fatal(err)
	}
}

// allIDs lists what the search service holds: every match of an empty
// query, newest first, walked by cursor.
func allIDs(t *testing.T, s *Service) []int64 {
	t.Helper()
	var out []int64
	q := Query{Sort: SortNewest, Limit: 500}
	for {
		res, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Items {
			out = append(out, h.ID)
		}
		if res.Next == nil {
			return out
		}
		q.After = res.Next
	}
}

func sqlIDs(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	var out []int64
	q := store.ListQuery{Limit: 200}
	for {
		items, more, err := db.ListImages(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			out = append(out, it.ID)
		}
		if !more {
			return out
		}
		k := store.KeyOf(store.SortNewest, &items[len(items)-1])
		q.After = &k
	}
}

// TestConvergesAfterInterruptedIndexing stops the indexer while an import
// is writing, deletes some stills while it is down, and checks that a new
// start catches up to exactly what SQLite holds, in text search too.
func TestConvergesAfterInterruptedIndexing(t *testing.T) {
	f := newFixture(t)
	f.importGenerated(t, 1500, 1)
	s, stop := f.start(t)
	waitApplied(t, s)
	done := make(chan struct{})
	go func() { defer close(done); f.importGenerated(t, 3000, 2) }()
	time.Sleep(150 * time.Millisecond)
	stop() // the indexer dies mid-import
	<-done
	ids := sqlIDs(t, f.db)
	for _, id := range ids[:50] {
		if err := f.lib.Delete(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	s, stop = f.start(t)
	defer stop()
	waitApplied(t, s)
	want := sqlIDs(t, f.db)
	if got := allIDs(t, s); !slices.Equal(got, want) {
		t.Fatalf("after restart the index holds %d stills, SQLite %d", len(got), len(want))
	}
	hits, err := s.text.MatchIDs(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:50] {
		if hits != nil && hits.Contains(uint32(id)) {
			t.Fatalf("deleted still %d is still in the text index", id)
		}
	}
	if n, _ := s.text.DocCount(); int(n) != len(want) {
		t.Fatalf("text index has %d docs, SQLite %d stills", n, len(want))
	}
}

// TestFacetCountsMatchSQL is the facet property: for random filter sets,
// every count of every field equals a SQL count of the same filters with
// that field's own filter replaced by the counted value.
func TestFacetCountsMatchSQL(t *testing.T) {
	f := newFixture(t)
	f.importGenerated(t, 2500, 3)
	s, stop := f.start(t)
	defer stop()
	waitApplied(t, s)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 6))
	fields := taxonomy.Fields()
	checked := 0
	for range 12 {
		filter := store.Filter{Values: map[string][]string{}}
		for range rng.IntN(3) + 1 {
			fd := fields[rng.IntN(len(fields))]
			filter.Values[fd.Name] = []string{fd.Values[rng.IntN(len(fd.Values))].Value}
			if rng.IntN(2) == 0 {
				filter.Values[fd.Name] = append(filter.Values[fd.Name], fd.Values[rng.IntN(len(fd.Values))].Value)
			}
		}
		if rng.IntN(3) == 0 {
			filter.YearMin = 1980 + rng.IntN(20)
		}
		res, err := s.Search(ctx, Query{Filter: filter, Sort: SortNewest, Limit: 1, Facets: AllFacets()})
		if err != nil {
			t.Fatal(err)
		}
		total, _ := f.db.CountImages(ctx, filter)
		if int(res.Total) != total {
			t.Fatalf("filter %v: total %d, SQL %d", filter.Values, res.Total, total)
		}
		for _, fd := range fields {
			for _, c := range res.Facets[fd.Name] {
				g := filter
				g.Values = maps.Clone(filter.Values)
				g.Values[fd.Name] = []string{c.Value}
				want, _ := f.db.CountImages(ctx, g)
				if int(c.Count) != want {
					t.Fatalf("filter %v: %s=%s counts %d, SQL %d", filter.Values, fd.Name, c.Value, c.Count, want)
				}
				checked++
			}
		}
		for _, c := range res.Facets[FieldDirector] {
			g := filter
			g.Directors = []string{c.Value}
			if want, _ := f.db.CountImages(ctx, g); int(c.Count) != want {
				t.Fatalf("filter %v: director %s counts %d, SQL %d", filter.Values, c.Value, c.Count, want)
			}
			checked++
		}
	}
	if checked < 200 {
		t.Fatalf("only %d counts checked", checked)
	}
}

func TestRebuildSwapsIndex(t *testing.T) {
	f := newFixture(t)
	f.importGenerated(t, 800, 4)
	var last int
	if err := Rebuild(context.Background(), f.db, filepath.Join(f.dir, "index"), func(done, total int) { last = done }); err != nil {
		t.Fatal(err)
	}
	if last != 800 {
		t.Fatalf("progress ended at %d", last)
	}
	s, stop := f.start(t)
	defer stop()
	waitApplied(t, s)
	if n, _ := s.text.DocCount(); n != 800 {
		t.Fatalf("rebuilt index has %d docs", n)
	}
	if got, want := allIDs(t, s), sqlIDs(t, f.db); !slices.Equal(got, want) {
		t.Fatalf("rebuilt index holds %d stills, SQLite %d", len(got), len(want))
	}
}

func stringsReader(lines ...string) *bytes.Reader {
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return bytes.NewReader(b.Bytes())
}

func libraryOptions() library.ImportOptions { return library.ImportOptions{} }
