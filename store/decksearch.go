package store

import (
	"context"
	"fmt"
)

// DeckText is what deck search indexes of a deck: its title, description
// and the non-empty notes of its cards in position order. UpdatedAt breaks
// ties between equally relevant decks (newest first).
type DeckText struct {
	ID          int64
	Title       string
	Description string
	Notes       []string
	UpdatedAt   string
}

// DeckTexts returns the texts of the decks with the given ids that exist,
// in id order, in two queries whatever their number.
func (db *DB) DeckTexts(ctx context.Context, ids []int64) ([]DeckText, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := " IN (" + placeholders(len(ids)) + ")"
	var out []DeckText
	err := db.snapshot(ctx, func(q querier) error {
		var err error
		out, err = deckTexts(ctx, q, "WHERE id"+in+" ORDER BY id", args,
			"deck_id"+in, args)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: deck texts: %w", err)
	}
	return out, nil
}

// DeckTextsAfter returns up to limit deck texts with ids above afterID, in
// id order: the pages of a full load of the deck index.
func (db *DB) DeckTextsAfter(ctx context.Context, afterID int64, limit int) ([]DeckText, error) {
	var out []DeckText
	err := db.snapshot(ctx, func(q querier) error {
		var err error
		out, err = deckTexts(ctx, q, "WHERE id > ? ORDER BY id LIMIT ?", []any{afterID, limit}, "", nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: deck texts after %d: %w", afterID, err)
	}
	return out, nil
}

// deckTexts reads the decks that where selects, then the notes of their
// cards. noteCond (with noteArgs) selects those cards by deck; when it is
// empty, the id range of the decks read does, which for a page of
// consecutive ids is the same set without a long IN list.
func deckTexts(ctx context.Context, q querier, where string, args []any, noteCond string, noteArgs []any) ([]DeckText, error) {
	rows, err := q.query(ctx, "SELECT id, title, description, updated_at FROM decks "+where, args...)
	if err != nil {
		return nil, err
	}
	var out []DeckText
	for rows.Next() {
		var d DeckText
		if err := rows.Scan(&d.ID, &d.Title, &d.Description, &d.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	if noteCond == "" {
		noteCond = "deck_id BETWEEN ? AND ?"
		noteArgs = []any{out[0].ID, out[len(out)-1].ID}
	}
	return out, attachNotes(ctx, q, out, noteCond, noteArgs)
}

// attachNotes adds the non-empty notes of the cards that cond selects to
// the decks they belong to (decks is in id order).
func attachNotes(ctx context.Context, q querier, decks []DeckText, cond string, args []any) error {
	pos := make(map[int64]int, len(decks))
	for i := range decks {
		pos[decks[i].ID] = i
	}
	// The (deck_id, position) unique index serves both the selection and
	// the order.
	rows, err := q.query(ctx, "SELECT deck_id, note FROM cards WHERE "+cond+
		" AND note != '' ORDER BY deck_id, position", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var deckID int64
		var note string
		if err := rows.Scan(&deckID, &note); err != nil {
			return err
		}
		if i, ok := pos[deckID]; ok {
			decks[i].Notes = append(decks[i].Notes, note)
		}
	}
	return rows.Err()
}

// visibleDecksSQL selects the ids of the decks a user (?1) owns, from
// decks_owner, or is a member of, from deck_members_user.
const visibleDecksSQL = `SELECT id FROM decks WHERE owner_id = ?1
	UNION SELECT deck_id FROM deck_members WHERE user_id = ?1`

// VisibleDeckIDs returns the ids of the decks userID owns or is a member
// of, in no particular order: what deck search may answer for them.
func (db *DB) VisibleDeckIDs(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := db.query(ctx, visibleDecksSQL, userID)
	if err != nil {
		return nil, fmt.Errorf("store: visible decks: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: visible decks: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: visible decks: %w", err)
	}
	return ids, nil
}

// DecksByIDs returns the summaries (as ListDecks has them) of the decks
// with the given ids, in the order of ids, as userID sees them. Decks that
// no longer exist or that userID cannot see are left out: search hits are
// checked again here, in case access changed since the search.
func (db *DB) DecksByIDs(ctx context.Context, userID int64, ids []int64) ([]Deck, error) {
	if len(ids) == 0 {
		return []Deck{}, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, userID)
	for _, id := range ids {
		args = append(args, id)
	}
	var decks []Deck
	err := db.snapshot(ctx, func(q querier) error {
		rows, err := q.query(ctx, "SELECT "+deckSummaryCols+deckFrom+
			` WHERE d.id IN (`+placeholders(len(ids))+`) AND (d.owner_id = ?1 OR m.user_id IS NOT NULL)`, args...)
		if err != nil {
			return err
		}
		found, covers, err := scanDeckSummaries(rows)
		if err != nil {
			return err
		}
		if err := completeDecks(ctx, q, found, covers); err != nil {
			return err
		}
		decks = inIDOrder(found, ids)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: decks by ids: %w", err)
	}
	return decks, nil
}

// inIDOrder arranges decks in the order of ids (each once).
func inIDOrder(decks []Deck, ids []int64) []Deck {
	byID := make(map[int64]int, len(decks))
	for i := range decks {
		byID[decks[i].ID] = i
	}
	out := make([]Deck, 0, len(decks))
	for _, id := range ids {
		if i, ok := byID[id]; ok {
			out = append(out, decks[i])
			delete(byID, id)
		}
	}
	return out
}
