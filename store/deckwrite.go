package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// DeckState is what a write needs to know about a deck before changing it:
// its current version and the writer's role on it ("" when the writer
// cannot see it).
type DeckState struct {
	Version int64
	Role    string
	OwnerID int64
}

// DeckState reads the deck's version and userID's role inside the write
// transaction, so the checks and the change see the same state.
func (tx *Tx) DeckState(ctx context.Context, deckID, userID int64) (DeckState, error) {
	var s DeckState
	err := tx.queryRow(ctx, deckStateSQL, userID, deckID).Scan(&s.Version, &s.OwnerID, &s.Role)
	return s, notFound(err, "deck")
}

// deckStateSQL reads a deck's version, owner and a user's role on it.
const deckStateSQL = `SELECT d.version, d.owner_id,
	CASE WHEN d.owner_id = ?1 THEN 'owner' ELSE coalesce(m.role, '') END
	FROM decks d LEFT JOIN deck_members m ON m.deck_id = d.id AND m.user_id = ?1
	WHERE d.id = ?2`

// CreateDeck inserts an empty deck at version 1.
func (tx *Tx) CreateDeck(ctx context.Context, ownerID int64, title, description string) (int64, error) {
	t := now()
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO decks (owner_id, title, description, version, created_at, updated_at)
		VALUES (?, ?, ?, 1, ?, ?) RETURNING id`, ownerID, title, description, t, t).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create deck: %w", err)
	}
	tx.Touch(Change{Decks: true})
	return id, tx.appendOutbox(ctx, "deck", id, "upsert")
}

// BumpDeck moves the deck to its next version and logs op as the change
// that made it, trimming the log to OpLogRetention entries. Every change to
// a deck goes through here, in the same transaction as the change.
func (tx *Tx) BumpDeck(ctx context.Context, deckID, actorID int64, op []byte) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, "UPDATE decks SET version = version + 1, updated_at = ? WHERE id = ? RETURNING version",
		now(), deckID).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: bump deck %d: %w", deckID, notFound(err, "deck"))
	}
	var actor any
	if actorID > 0 {
		actor = actorID
	}
	if _, err := tx.exec(ctx, "INSERT INTO deck_ops (deck_id, version, actor_id, op, created_at) VALUES (?, ?, ?, ?, ?)",
		deckID, v, actor, string(op), now()); err != nil {
		return 0, fmt.Errorf("store: log deck op: %w", err)
	}
	if v > OpLogRetention && v%100 == 0 { // trim in steps, not on every op
		if _, err := tx.exec(ctx, "DELETE FROM deck_ops WHERE deck_id = ? AND version <= ?", deckID, v-OpLogRetention); err != nil {
			return 0, fmt.Errorf("store: trim deck ops: %w", err)
		}
	}
	tx.Touch(Change{Decks: true})
	return v, tx.appendOutbox(ctx, "deck", deckID, "upsert")
}

// UpdateDeck sets the title and/or description; nil leaves a field alone.
func (tx *Tx) UpdateDeck(ctx context.Context, deckID int64, title, description *string) error {
	_, err := tx.exec(ctx, `UPDATE decks SET title = coalesce(?, title), description = coalesce(?, description)
		WHERE id = ?`, title, description, deckID)
	if err != nil {
		return fmt.Errorf("store: update deck %d: %w", deckID, err)
	}
	return nil
}

// DeleteDeck removes a deck; its cards, text elements, members and op log
// go with it (ON DELETE CASCADE).
func (tx *Tx) DeleteDeck(ctx context.Context, deckID int64) error {
	res, err := tx.exec(ctx, "DELETE FROM decks WHERE id = ?", deckID)
	if err != nil {
		return fmt.Errorf("store: delete deck %d: %w", deckID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete deck %d: %w", deckID, ErrNotFound)
	}
	tx.Touch(Change{Decks: true})
	return tx.appendOutbox(ctx, "deck", deckID, "delete")
}

// CopyDeck copies a deck's title, description, cards and text elements into
// a new deck owned by ownerID, with three statements whatever its size.
func (tx *Tx) CopyDeck(ctx context.Context, srcID, ownerID int64, title string) (int64, error) {
	t := now()
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO decks (owner_id, title, description, version, created_at, updated_at)
		SELECT ?, ?, description, 1, ?, ? FROM decks WHERE id = ? RETURNING id`, ownerID, title, t, t, srcID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: copy deck %d: %w", srcID, notFound(err, "deck"))
	}
	if _, err := tx.exec(ctx, `INSERT INTO cards (deck_id, image_id, position, note, created_at, updated_at)
		SELECT ?, image_id, position, note, ?, ? FROM cards WHERE deck_id = ? ORDER BY position`, id, t, t, srcID); err != nil {
		return 0, fmt.Errorf("store: copy cards of deck %d: %w", srcID, err)
	}
	// Positions are unique within a deck, so they pair old cards with new.
	if _, err := tx.exec(ctx, `INSERT INTO text_elements (card_id, pos, id, text, x, y, width, height, style)
		SELECT nc.id, t.pos, t.id, t.text, t.x, t.y, t.width, t.height, t.style
		FROM text_elements t JOIN cards oc ON oc.id = t.card_id
		JOIN cards nc ON nc.deck_id = ? AND nc.position = oc.position
		WHERE oc.deck_id = ?`, id, srcID); err != nil {
		return 0, fmt.Errorf("store: copy text elements of deck %d: %w", srcID, err)
	}
	tx.Touch(Change{Decks: true})
	return id, tx.appendOutbox(ctx, "deck", id, "upsert")
}

// NewCard is a card to insert.
type NewCard struct {
	ImageID      int64 // 0 for a text-only card
	Position     string
	Note         string
	TextElements []TextElement
}

// InsertCard adds a card to a deck and returns its id.
func (tx *Tx) InsertCard(ctx context.Context, deckID int64, c *NewCard) (int64, error) {
	var img any
	if c.ImageID > 0 {
		img = c.ImageID
	}
	t := now()
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO cards (deck_id, image_id, position, note, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, deckID, img, c.Position, c.Note, t, t).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert card: %w", err)
	}
	return id, tx.insertElements(ctx, id, c.TextElements)
}

func (tx *Tx) insertElements(ctx context.Context, cardID int64, els []TextElement) error {
	for i, el := range els {
		style := el.Style
		if style == nil {
			style = map[string]any{}
		}
		js, err := json.Marshal(style)
		if err != nil {
			return fmt.Errorf("store: text element style: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO text_elements (card_id, pos, id, text, x, y, width, height, style)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, cardID, i, el.ID, el.Text, el.X, el.Y, el.Width, el.Height, string(js)); err != nil {
			return fmt.Errorf("store: insert text element: %w", err)
		}
	}
	return nil
}

// CardDeck returns the deck a card belongs to; ErrNotFound when the card
// does not exist.
func (tx *Tx) CardDeck(ctx context.Context, cardID int64) (int64, error) {
	var deckID int64
	err := tx.queryRow(ctx, "SELECT deck_id FROM cards WHERE id = ?", cardID).Scan(&deckID)
	return deckID, notFound(err, "card")
}

// UpdateCard replaces the note and/or the text elements; nil leaves them.
func (tx *Tx) UpdateCard(ctx context.Context, cardID int64, note *string, els *[]TextElement) error {
	if _, err := tx.exec(ctx, "UPDATE cards SET note = coalesce(?, note), updated_at = ? WHERE id = ?",
		note, now(), cardID); err != nil {
		return fmt.Errorf("store: update card %d: %w", cardID, err)
	}
	if els == nil {
		return nil
	}
	if _, err := tx.exec(ctx, "DELETE FROM text_elements WHERE card_id = ?", cardID); err != nil {
		return fmt.Errorf("store: replace text elements of card %d: %w", cardID, err)
	}
	return tx.insertElements(ctx, cardID, *els)
}

// MoveCard gives a card a new position: one row rewritten.
func (tx *Tx) MoveCard(ctx context.Context, cardID int64, position string) error {
	if _, err := tx.exec(ctx, "UPDATE cards SET position = ?, updated_at = ? WHERE id = ?", position, now(), cardID); err != nil {
		return fmt.Errorf("store: move card %d: %w", cardID, err)
	}
	return nil
}

// DeleteCard removes a card and its text elements.
func (tx *Tx) DeleteCard(ctx context.Context, cardID int64) error {
	if _, err := tx.exec(ctx, "DELETE FROM cards WHERE id = ?", cardID); err != nil {
		return fmt.Errorf("store: delete card %d: %w", cardID, err)
	}
	return nil
}

// Neighbours returns the positions a card placed after afterCardID falls
// between, ignoring the card being moved (skipID, 0 for a new card):
// after nil means at the end, a zero afterCardID means first. "" stands for
// no neighbour on that side. ErrNotFound when afterCardID is not in the deck.
func (tx *Tx) Neighbours(ctx context.Context, deckID int64, after *int64, skipID int64) (lo, hi string, err error) {
	switch {
	case after == nil:
		err = tx.queryRow(ctx, "SELECT coalesce(max(position), '') FROM cards WHERE deck_id = ? AND id != ?",
			deckID, skipID).Scan(&lo)
	case *after == 0:
		err = tx.queryRow(ctx, "SELECT coalesce(min(position), '') FROM cards WHERE deck_id = ? AND id != ?",
			deckID, skipID).Scan(&hi)
	default:
		err = tx.queryRow(ctx, "SELECT position FROM cards WHERE deck_id = ? AND id = ?", deckID, *after).Scan(&lo)
		if err != nil {
			return "", "", notFound(err, "card")
		}
		err = tx.queryRow(ctx, "SELECT coalesce(min(position), '') FROM cards WHERE deck_id = ? AND position > ? AND id != ?",
			deckID, lo, skipID).Scan(&hi)
	}
	if err != nil {
		return "", "", fmt.Errorf("store: card neighbours: %w", err)
	}
	return lo, hi, nil
}

// DeckLastPosition returns the greatest card position in the deck, "" when
// it has no cards.
func (tx *Tx) DeckLastPosition(ctx context.Context, deckID int64) (string, error) {
	lo, _, err := tx.Neighbours(ctx, deckID, nil, 0)
	return lo, err
}

// ImageExists reports whether a still exists, for card validation.
func (tx *Tx) ImageExists(ctx context.Context, id int64) (bool, error) {
	var one int
	err := tx.queryRow(ctx, "SELECT 1 FROM images WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// LoadCard reads one card with its text elements and still, for the answer
// to a card change and for the op broadcast to the room.
func (tx *Tx) LoadCard(ctx context.Context, cardID int64) (*Card, error) {
	var c Card
	var img sql.NullInt64
	err := tx.queryRow(ctx, "SELECT id, position, image_id, note, created_at, updated_at FROM cards WHERE id = ?", cardID).
		Scan(&c.ID, &c.Position, &img, &c.Note, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return nil, fmt.Errorf("store: load card: %w", notFound(err, "card"))
	}
	c.TextElements = []TextElement{}
	rows, err := tx.query(ctx, "SELECT "+elementCols+" FROM text_elements t WHERE t.card_id = ? ORDER BY t.pos", cardID)
	if err != nil {
		return nil, fmt.Errorf("store: load card elements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		el, err := scanElement(rows)
		if err != nil {
			return nil, fmt.Errorf("store: load card elements: %w", err)
		}
		c.TextElements = append(c.TextElements, el)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load card elements: %w", err)
	}
	if img.Valid {
		im, err := tx.Image(ctx, img.Int64)
		if err != nil {
			return nil, err
		}
		c.Image = &im.ImageSummary
	}
	return &c, nil
}

// SetMember adds userID to the deck with role, or changes their role.
// created reports whether the user was new to the deck.
func (tx *Tx) SetMember(ctx context.Context, deckID, userID int64, role string) (created bool, err error) {
	res, err := tx.exec(ctx, `INSERT INTO deck_members (deck_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (deck_id, user_id) DO NOTHING`, deckID, userID, role, now())
	if err != nil {
		return false, fmt.Errorf("store: add deck member: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, nil
	}
	if _, err := tx.exec(ctx, "UPDATE deck_members SET role = ? WHERE deck_id = ? AND user_id = ?", role, deckID, userID); err != nil {
		return false, fmt.Errorf("store: change deck member: %w", err)
	}
	return false, nil
}

// MemberRole returns userID's member role on the deck; ErrNotFound when
// they are not a member.
func (tx *Tx) MemberRole(ctx context.Context, deckID, userID int64) (string, error) {
	var role string
	err := tx.queryRow(ctx, "SELECT role FROM deck_members WHERE deck_id = ? AND user_id = ?", deckID, userID).Scan(&role)
	return role, notFound(err, "member")
}

// RemoveMember takes userID off the deck; ErrNotFound when not a member.
func (tx *Tx) RemoveMember(ctx context.Context, deckID, userID int64) error {
	res, err := tx.exec(ctx, "DELETE FROM deck_members WHERE deck_id = ? AND user_id = ?", deckID, userID)
	if err != nil {
		return fmt.Errorf("store: remove deck member: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: remove deck member: %w", ErrNotFound)
	}
	return nil
}

// SetShare replaces the deck's share link (hash nil revokes it).
func (tx *Tx) SetShare(ctx context.Context, deckID int64, hash []byte, expiresAt string, allowDownload bool) error {
	var h, exp any // NULL unless set
	if hash != nil {
		h = hash
	}
	if expiresAt != "" {
		exp = expiresAt
	}
	_, err := tx.exec(ctx, `UPDATE decks SET share_hash = ?, share_expires_at = ?, share_allow_download = ? WHERE id = ?`,
		h, exp, allowDownload, deckID)
	if err != nil {
		return fmt.Errorf("store: share deck %d: %w", deckID, err)
	}
	tx.Touch(Change{Decks: true})
	return nil
}

// CardCount returns the number of cards in a deck.
func (tx *Tx) CardCount(ctx context.Context, deckID int64) (int, error) {
	var n int
	err := tx.queryRow(ctx, "SELECT count(*) FROM cards WHERE deck_id = ?", deckID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count cards: %w", err)
	}
	return n, nil
}
