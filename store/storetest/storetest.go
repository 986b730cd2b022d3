// Package storetest opens real, throwaway stores for tests: a fresh SQLite
// database through the real migrations and a bbolt blob file in a
// temporary directory, closed when the test ends.
package storetest

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/shotdeck/shotdeck/store"
)

// Open returns a new store and blob file in a temp dir, and the dir.
func Open(t testing.TB) (*store.DB, *store.Blobs, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "shotdeck.db"),
		store.Options{SlowQuery: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := store.OpenBlobs(filepath.Join(dir, "blobs.bolt"))
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close(); db.Close() })
	return db, blobs, dir
}
