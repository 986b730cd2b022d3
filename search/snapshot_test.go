package search

import (
	"os"
	"slices"
	"testing"
)

// TestRestartFromSnapshot: a clean stop writes a snapshot; the next start
// loads it instead of scanning, replays what changed since, and holds
// exactly what SQLite holds. A damaged snapshot only costs a scan.
func TestRestartFromSnapshot(t *testing.T) {
	f := newFixture(t)
	f.importGenerated(t, 1200, 21)
	s, stop := f.start(t)
	waitApplied(t, s)
	stop()
	path := snapshotPath(f.dir + "/index")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no snapshot after a clean stop: %v", err)
	}
	// Changes while the server is down arrive through the outbox.
	f.importGenerated(t, 300, 22)
	ids := sqlIDs(t, f.db)
	if err := f.lib.Delete(t.Context(), ids[len(ids)-1]); err != nil {
		t.Fatal(err)
	}
	s, stop = f.start(t)
	waitApplied(t, s)
	if !s.fromSnapshot.Load() {
		t.Fatal("the start did not use the snapshot")
	}
	if got, want := allIDs(t, s), sqlIDs(t, f.db); !slices.Equal(got, want) {
		t.Fatalf("after a snapshot start: %d stills, SQLite %d", len(got), len(want))
	}
	res, err := s.Autocomplete(t.Context(), "a", []string{KindMovie}, 5)
	if err != nil || len(res) == 0 {
		t.Fatalf("film suggestions after a snapshot start: %v %v", res, err)
	}
	stop()

	if err := os.WriteFile(path, []byte("shotdeck-search-snapshot/1\ngarbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, stop = f.start(t)
	defer stop()
	waitApplied(t, s)
	if s.fromSnapshot.Load() {
		t.Fatal("a damaged snapshot was used")
	}
	if got, want := allIDs(t, s), sqlIDs(t, f.db); !slices.Equal(got, want) {
		t.Fatalf("after a damaged snapshot: %d stills, SQLite %d", len(got), len(want))
	}
}
