package store

import (
	"context"
	"fmt"
)

// OutboxEntry is one change for the search indexer to apply.
type OutboxEntry struct {
	Seq      int64
	Entity   string // "image" or "deck"
	EntityID int64
	Op       string // "upsert" or "delete"
}

func (tx *Tx) appendOutbox(ctx context.Context, entity string, id int64, op string) error {
	_, err := tx.exec(ctx, "INSERT INTO outbox (entity, entity_id, op, created_at) VALUES (?, ?, ?, ?)", entity, id, op, now())
	if err != nil {
		return fmt.Errorf("store: outbox: %w", err)
	}
	return nil
}

// OutboxAfter returns up to limit outbox entries with seq > after, in order.
func (db *DB) OutboxAfter(ctx context.Context, after int64, limit int) ([]OutboxEntry, error) {
	rows, err := db.query(ctx, "SELECT seq, entity, entity_id, op FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		if err := rows.Scan(&e.Seq, &e.Entity, &e.EntityID, &e.Op); err != nil {
			return nil, fmt.Errorf("store: read outbox: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// OutboxHead returns the newest outbox sequence number (0 when empty).
func (db *DB) OutboxHead(ctx context.Context) (int64, error) {
	var seq int64
	err := db.queryRow(ctx, "SELECT coalesce(max(seq), 0) FROM outbox").Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("store: outbox head: %w", err)
	}
	return seq, nil
}
