package store

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// countingStore opens a store whose statements are counted.
func countingStore(t *testing.T) (*DB, *atomic.Int64) {
	var n atomic.Int64
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "shotdeck.db"), Options{
		SlowQuery: -1, Logger: slog.New(slog.DiscardHandler),
		OnQuery: func(time.Duration, bool) { n.Add(1) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, &n
}

// seedDeck makes a deck of n cards, every other one with a still and every
// card with two text elements, and two members.
func seedDeck(t testing.TB, db *DB, n int) (deckID, ownerID int64) {
	ctx := context.Background()
	var ids []int64
	for _, name := range []string{"owner", "ed", "vi"} {
		u, err := db.CreateUser(ctx, fmt.Sprintf("%s%d", name, n), "x", RoleMember, false)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	err := db.Write(ctx, func(tx *Tx) error {
		var err error
		if deckID, err = tx.CreateDeck(ctx, ids[0], "Deck", ""); err != nil {
			return err
		}
		for i, role := range []string{"editor", "viewer"} {
			if _, err := tx.SetMember(ctx, deckID, ids[i+1], role); err != nil {
				return err
			}
		}
		for i := range n {
			c := &NewCard{Position: fmt.Sprintf("%06d", i), Note: "note", TextElements: []TextElement{
				{ID: "a", Text: "A", Width: 1, Height: 1}, {ID: "b", Text: "B", Width: 1, Height: 1, Style: map[string]any{"size": 12.0}}}}
			if i%2 == 0 {
				r, err := tx.SaveImage(ctx, &ImageInput{ExternalID: fmt.Sprintf("d%d-%d", n, i), Title: "Still",
					Movie: &MovieInput{Title: "Heat", Year: 1995}})
				if err != nil {
					return err
				}
				c.ImageID = r.ID
			}
			if _, err := tx.InsertCard(ctx, deckID, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return deckID, ids[0]
}

// TestLoadDeckQueryCountIsConstant proves deck loading has no N+1: a deck
// of 1,000 cards takes as many statements as one of 10.
func TestLoadDeckQueryCountIsConstant(t *testing.T) {
	db, n := countingStore(t)
	counts := map[int]int64{}
	for _, size := range []int{10, 1000} {
		deckID, owner := seedDeck(t, db, size)
		before := n.Load()
		d, err := db.LoadDeck(context.Background(), deckID, owner)
		if err != nil {
			t.Fatal(err)
		}
		counts[size] = n.Load() - before
		if len(d.Cards) != size || len(d.Members) != 2 || d.Role != "owner" ||
			d.Cards[0].Image == nil || d.Cards[1].Image != nil || len(d.Cards[size-1].TextElements) != 2 ||
			d.Cards[0].TextElements[1].Style["size"] != 12.0 {
			t.Fatalf("deck of %d loaded wrong: %d cards, %d members", size, len(d.Cards), len(d.Members))
		}
	}
	if counts[10] != counts[1000] || counts[10] > 6 {
		t.Fatalf("statements to load a deck: %d for 10 cards, %d for 1,000; want the same small number", counts[10], counts[1000])
	}
	t.Logf("statements per deck load: %d", counts[10])

	before := n.Load()
	decks, _, err := db.ListDecks(context.Background(), 1, nil, 50)
	if err != nil || len(decks) != 1 {
		t.Fatalf("list: %v, %v", decks, err)
	}
	if got := n.Load() - before; got > 4 {
		t.Fatalf("listing decks took %d statements", got)
	}
}

func BenchmarkLoadDeck500(b *testing.B) {
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "shotdeck.db"), Options{SlowQuery: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	deckID, owner := seedDeck(b, db, 500)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.LoadDeck(context.Background(), deckID, owner); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
