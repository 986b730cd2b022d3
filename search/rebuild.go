package search

import (
	"context"
	"fmt"
	"os"

	"github.com/shotdeck/shotdeck/index"
	"github.com/shotdeck/shotdeck/store"
)

// Rebuild builds a fresh full-text index of every still into dir+".new",
// then swaps it in for dir. The old index keeps serving (for whoever holds
// it) until the swap; a crash before the swap leaves the old index as it
// was, and a crash between the two renames leaves no index, which the next
// start rebuilds from SQLite. progress, when set, hears how many stills of
// about how many are done.
func Rebuild(ctx context.Context, db *store.DB, dir string, progress func(done, total int)) error {
	tmp := dir + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("search: rebuild: %w", err)
	}
	head, err := db.OutboxHead(ctx)
	if err != nil {
		return err
	}
	total, err := db.CountImages(ctx, store.Filter{})
	if err != nil {
		return err
	}
	text, err := index.Open(tmp)
	if err != nil {
		return fmt.Errorf("search: rebuild: %w", err)
	}
	done := 0
	for after := int64(0); ; {
		docs, err := db.IndexDocsAfter(ctx, after, 2000)
		if err != nil {
			text.Close()
			return err
		}
		if len(docs) == 0 {
			break
		}
		batch := make([]index.Doc, len(docs))
		for i := range docs {
			batch[i] = textDoc(&docs[i])
		}
		if err := text.Apply(batch, nil, 0); err != nil {
			text.Close()
			return fmt.Errorf("search: rebuild: %w", err)
		}
		done += len(docs)
		after = docs[len(docs)-1].ID
		if progress != nil {
			progress(done, max(total, done))
		}
	}
	// Changes committed during the scan are replayed from the outbox by the
	// next start: the index records the head as of the scan's beginning.
	if err := text.Apply(nil, nil, head); err != nil {
		text.Close()
		return fmt.Errorf("search: rebuild: %w", err)
	}
	if err := text.Close(); err != nil {
		return fmt.Errorf("search: rebuild: %w", err)
	}
	old := dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("search: rebuild: %w", err)
	}
	if err := os.Rename(dir, old); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("search: rebuild: swap: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("search: rebuild: swap: %w", err)
	}
	return os.RemoveAll(old)
}
