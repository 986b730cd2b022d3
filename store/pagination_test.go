package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shotdeck/shotdeck/data"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/store/storetest"
	"github.com/shotdeck/shotdeck/taxonomy"
)

// importGenerated fills a fresh store with n generated catalog-only stills
// and n/10 stills without a film.
func importGenerated(t testing.TB, n int) (*store.DB, string) {
	t.Helper()
	db, blobs, dir := storetest.Open(t)
	path := filepath.Join(dir, "shotdeck.db")
	var manifest bytes.Buffer
	if err := data.Generate(&manifest, n, 7); err != nil {
		t.Fatal(err)
	}
	// Stills without a film (so without a year) interleaved with the rest:
	// the year sorts must place them consistently.
	loose := n / 10
	for i := range loose {
		fmt.Fprintf(&manifest, `{"id":"loose-%d"`, i)
		for _, fd := range taxonomy.Fields() {
			v := fd.Values[(i/3)%len(fd.Values)].Value
			if fd.Multi {
				fmt.Fprintf(&manifest, `,%q:[%q]`, fd.Name, v)
			} else {
				fmt.Fprintf(&manifest, `,%q:%q`, fd.Name, v)
			}
		}
		manifest.WriteString("}\n")
	}
	lib := &library.Service{DB: db, Blobs: blobs, Originals: filepath.Join(dir, "originals"), Limits: media.Limits{}}
	sum, err := lib.Import(context.Background(), &manifest, library.ImportOptions{})
	if err != nil || sum.Failed > 0 || sum.Created != n+loose {
		t.Fatalf("import: %v %+v %v", err, sum.Progress, sum.FailedLines)
	}
	return db, path
}

// randomFilter draws a filter from values that occur in the data, and the
// independent SQL condition that means the same thing.
func randomFilter(rng *rand.Rand, raw *sql.DB) (store.Filter, string, []any) {
	f := store.Filter{Values: map[string][]string{}}
	var conds []string
	var args []any
	fields := taxonomy.Fields()
	for range rng.IntN(3) + 1 {
		fd := fields[rng.IntN(len(fields))]
		if len(f.Values[fd.Name]) > 0 {
			continue
		}
		vals := []string{fd.Values[rng.IntN(len(fd.Values))].Value}
		if rng.IntN(2) == 0 {
			vals = append(vals, fd.Values[rng.IntN(len(fd.Values))].Value)
		}
		f.Values[fd.Name] = vals
		ors := []string{}
		for _, v := range vals {
			if fd.Multi {
				ors = append(ors, "EXISTS (SELECT 1 FROM image_values v WHERE v.image_id = i.id AND v.field = ? AND v.value = ?)")
				args = append(args, fd.Name, v)
			} else {
				ors = append(ors, "i."+fd.Name+" = ?")
				args = append(args, v)
			}
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	switch rng.IntN(4) {
	case 0:
		f.YearMin, f.YearMax = 1970+rng.IntN(20), 1990+rng.IntN(20)
		conds = append(conds, "i.year >= ? AND i.year <= ?")
		args = append(args, f.YearMin, f.YearMax)
	case 1:
		var director string
		raw.QueryRow("SELECT director FROM movies WHERE director <> '' ORDER BY id LIMIT 1 OFFSET ?", rng.IntN(50)).Scan(&director)
		f.Directors = []string{director}
		conds = append(conds, "EXISTS (SELECT 1 FROM movies m WHERE m.id = i.movie_id AND m.director = ?)")
		args = append(args, director)
	case 2:
		var tag string
		raw.QueryRow("SELECT value FROM image_values WHERE field = 'tag' LIMIT 1 OFFSET ?", rng.IntN(500)).Scan(&tag)
		f.Tags = []string{tag}
		conds = append(conds, "EXISTS (SELECT 1 FROM image_values v WHERE v.image_id = i.id AND v.field = 'tag' AND v.value = ?)")
		args = append(args, tag)
	}
	return f, strings.Join(conds, " AND "), args
}

var orderBy = map[string]string{
	store.SortNewest:   "i.id DESC",
	store.SortOldest:   "i.id ASC",
	store.SortYear:     "CASE WHEN i.year IS NULL THEN 1 ELSE 0 END, i.year, i.id",
	store.SortYearDesc: "CASE WHEN i.year IS NULL THEN 1 ELSE 0 END, i.year DESC, i.id DESC",
}

// TestCursorWalkMatchesSQL is the pagination property: for random filter
// combinations and every sort, walking the list page by page returns exactly
// the rows a plain SQL query returns, in the same order, with no duplicates
// and no gaps.
func TestCursorWalkMatchesSQL(t *testing.T) {
	db, path := importGenerated(t, 3000)
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	nonEmpty := 0
	for trial := range 60 {
		f, cond, args := randomFilter(rng, raw)
		for _, sort := range store.Sorts {
			want := queryIDs(t, raw, "SELECT i.id FROM images i WHERE "+cond+" ORDER BY "+orderBy[sort], args...)
			var got []int64
			q := store.ListQuery{Filter: f, Sort: sort, Limit: 1 + rng.IntN(60)}
			for pages := 0; ; pages++ {
				items, more, err := db.ListImages(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range items {
					got = append(got, it.ID)
				}
				if !more {
					break
				}
				key := store.KeyOf(sort, &items[len(items)-1])
				q.After = &key
				if pages > 3000 {
					t.Fatal("walk does not end")
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("trial %d, sort %s, filter %+v: walk gave %d rows, SQL %d (first difference at %s)",
					trial, sort, f, len(got), len(want), firstDiff(got, want))
			}
			if len(want) > 0 {
				nonEmpty++
			}
		}
	}
	if nonEmpty < 40 {
		t.Fatalf("only %d of 240 walks had rows: the filters are too narrow to test anything", nonEmpty)
	}
}

func queryIDs(t *testing.T, db *sql.DB, q string, args ...any) []int64 {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		out = append(out, id)
	}
	return out
}

func firstDiff(a, b []int64) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprint(i)
		}
	}
	return fmt.Sprint(min(len(a), len(b)))
}
