package store

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// newTestDB opens a fresh database through the real migrations.
func newTestDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), t.TempDir()+"/shotdeck.db", Options{SlowQuery: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// planFilters returns one filter per filterable thing the list offers.
func planFilters() map[string]Filter {
	out := map[string]Filter{"none": {}}
	for _, f := range taxonomy.Fields() {
		out[f.Name] = Filter{Values: map[string][]string{f.Name: {f.Values[0].Value, f.Values[1].Value}}}
	}
	out["tag"] = Filter{Tags: []string{"rain"}}
	out["actor"] = Filter{Actors: []string{"Al Pacino"}}
	out["movie"] = Filter{Movies: []int64{1, 2}}
	out["director"] = Filter{Directors: []string{"Michael Mann"}}
	out["cinematographer"] = Filter{Cinematographers: []string{"Dante Spinotti"}}
	out["year"] = Filter{YearMin: 1990, YearMax: 1999}
	out["year_min"] = Filter{YearMin: 1990}
	out["color"] = Filter{Color: &ColorFilter{L: 40, A: 10, B: -30, Distance: 15, Share: 0.05}}
	out["three"] = Filter{Values: map[string][]string{"frame_size": {"close_up"}, "lighting": {"soft"}, "time_of_day": {"night"}}}
	return out
}

// TestListPlansUseIndexes checks with EXPLAIN QUERY PLAN that every filter
// of the list, in every sort, on the first and later pages, is answered from
// an index: no plan step scans a table. The one scan allowed is the walk of
// the table or a year index in sort order when nothing is filtered (it stops
// at the page size).
func TestListPlansUseIndexes(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	for name, f := range planFilters() {
		for _, sort := range Sorts {
			for _, after := range []*SortKey{nil, {Year: 1995, ID: 100}} {
				stmt, args := listSQL(ListQuery{Filter: f, Sort: sort, After: after, Limit: 51})
				rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+stmt, args...)
				if err != nil {
					t.Fatal(err)
				}
				var plan []string
				for rows.Next() {
					var id, parent, unused int
					var detail string
					if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
						t.Fatal(err)
					}
					plan = append(plan, detail)
				}
				rows.Close()
				for _, step := range plan {
					if !strings.HasPrefix(step, "SCAN ") {
						continue
					}
					if name == "none" && (step == "SCAN i" || strings.HasPrefix(step, "SCAN i USING INDEX images_year_")) {
						continue
					}
					t.Errorf("filter %s, sort %s, after %v: full scan %q in plan:\n  %s", name, sort, after, step, strings.Join(plan, "\n  "))
				}
			}
		}
	}
}
