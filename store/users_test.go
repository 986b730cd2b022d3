package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func TestUsersAndSessions(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "admin", "hash", RoleAdmin, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "second", "hash", RoleAdmin, true); !errors.Is(err, ErrConflict) {
		t.Fatalf("second setup: %v", err)
	}
	if _, err := db.CreateUser(ctx, "admin", "hash", RoleMember, false); !errors.Is(err, ErrConflict) {
		t.Fatalf("taken name: %v", err)
	}
	live, expired := []byte("live-token-hash"), []byte("old-token-hash")
	if err := db.CreateSession(ctx, live, u.ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSession(ctx, expired, u.ID, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if got, err := db.UserBySession(ctx, live); err != nil || got.Username != "admin" {
		t.Fatalf("live session: %v %v", got, err)
	}
	if _, err := db.UserBySession(ctx, expired); !errors.Is(err, ErrNotFound) {
		t.Fatalf("expired session: %v", err)
	}
	if err := db.SetUserPassword(ctx, u.ID, "new hash"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UserBySession(ctx, live); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a password change must end sessions: %v", err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shotdeck.db")
	db, err := Open(context.Background(), path, Options{SlowQuery: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(context.Background(), path, Options{SlowQuery: -1}); err == nil {
		t.Fatal("opened a database from a newer shotdeck")
	}
}

func TestSlowQueryLog(t *testing.T) {
	var slow []time.Duration
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "x.db"), Options{
		SlowQuery: time.Nanosecond, // everything is slow
		OnQuery: func(d time.Duration, isSlow bool) {
			if isSlow {
				slow = append(slow, d)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CountUsers(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(slow) == 0 {
		t.Fatal("no slow query observed")
	}
}
