package store

import (
	"context"
	"errors"
	"testing"
)

// TestOutboxFollowsEveryChange: every save and delete of a still appends an
// outbox row in the same transaction, and a rolled-back change leaves none.
func TestOutboxFollowsEveryChange(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	in := &ImageInput{ExternalID: "x", Title: "one", Single: map[string]string{}, Multi: map[string][]string{}}
	var id int64
	if err := db.Write(ctx, func(tx *Tx) error {
		res, err := tx.SaveImage(ctx, in)
		id = res.ID
		return err
	}); err != nil {
		t.Fatal(err)
	}
	in.Title = "two"
	if err := db.Write(ctx, func(tx *Tx) error { _, err := tx.SaveImage(ctx, in); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.SaveImage(ctx, &ImageInput{ExternalID: "y", Single: map[string]string{}}); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx *Tx) error { _, err := tx.DeleteImage(ctx, id); return err }); err != nil {
		t.Fatal(err)
	}
	entries, err := db.OutboxAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, e := range entries {
		if e.Entity != "image" || e.EntityID != id {
			t.Fatalf("unexpected outbox entry %+v", e)
		}
		ops = append(ops, e.Op)
	}
	if len(ops) != 3 || ops[0] != "upsert" || ops[1] != "upsert" || ops[2] != "delete" {
		t.Fatalf("outbox ops = %v, want upsert, upsert, delete", ops)
	}
	if head, _ := db.OutboxHead(ctx); head != entries[2].Seq {
		t.Fatalf("head %d, want %d", head, entries[2].Seq)
	}
}
