package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// OpLogRetention is how many of a deck's newest ops deck_ops keeps: enough
// for a client that dropped off for a while to resync from ops; one that
// fell further behind gets a fresh snapshot instead.
const OpLogRetention = 1000

// deckCols must match scanDeck; the role is the given user's.
const deckCols = `d.id, d.title, d.description, d.owner_id, u.username,
	CASE WHEN d.owner_id = ?1 THEN 'owner' ELSE coalesce(m.role, '') END,
	d.version, d.created_at, d.updated_at`

const deckFrom = ` FROM decks d JOIN users u ON u.id = d.owner_id
	LEFT JOIN deck_members m ON m.deck_id = d.id AND m.user_id = ?1`

func scanDeck(row interface{ Scan(...any) error }, d *Deck, extra ...any) error {
	dest := append([]any{&d.ID, &d.Title, &d.Description, &d.Owner.ID, &d.Owner.Username,
		&d.Role, &d.Version, &d.CreatedAt, &d.UpdatedAt}, extra...)
	return row.Scan(dest...)
}

// LoadDeck reads a deck with its members, cards, text elements and the
// cards' stills in five queries whatever the number of cards, all from one
// snapshot. Role is userID's role ("" when userID cannot see the deck; the
// caller decides what that means). ErrNotFound when there is no such deck.
func (db *DB) LoadDeck(ctx context.Context, deckID, userID int64) (*DeckWithCards, error) {
	var d DeckWithCards
	err := db.snapshot(ctx, func(q querier) error {
		row := q.queryRow(ctx, "SELECT "+deckCols+deckFrom+" WHERE d.id = ?2", userID, deckID)
		if err := scanDeck(row, &d.Deck); err != nil {
			return notFound(err, "deck")
		}
		var err error
		if d.Members, err = deckMembers(ctx, q, deckID); err != nil {
			return err
		}
		if d.Cards, err = deckCards(ctx, q, deckID); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: load deck %d: %w", deckID, err)
	}
	d.CardCount = len(d.Cards)
	for i := range d.Cards {
		if d.Cards[i].Image != nil {
			d.Cover = d.Cards[i].Image
			break
		}
	}
	return &d, nil
}

func deckMembers(ctx context.Context, q querier, deckID int64) ([]DeckMember, error) {
	rows, err := q.query(ctx, `SELECT u.id, u.username, dm.role FROM deck_members dm
		JOIN users u ON u.id = dm.user_id WHERE dm.deck_id = ? ORDER BY dm.created_at, u.id`, deckID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DeckMember{}
	for rows.Next() {
		var m DeckMember
		if err := rows.Scan(&m.User.ID, &m.User.Username, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// deckCards reads the cards in position order, then their text elements
// and stills with one query each.
func deckCards(ctx context.Context, q querier, deckID int64) ([]Card, error) {
	rows, err := q.query(ctx, `SELECT id, position, image_id, note, created_at, updated_at
		FROM cards WHERE deck_id = ? ORDER BY position`, deckID)
	if err != nil {
		return nil, err
	}
	cards := []Card{}
	byID := map[int64]int{}
	imageIDs := map[int64][]int{} // image id → indexes of cards showing it
	for rows.Next() {
		var c Card
		var img sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Position, &img, &c.Note, &c.CreatedAt, &c.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		c.TextElements = []TextElement{}
		byID[c.ID] = len(cards)
		if img.Valid {
			imageIDs[img.Int64] = append(imageIDs[img.Int64], len(cards))
		}
		cards = append(cards, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := attachElements(ctx, q, deckID, cards, byID); err != nil {
		return nil, err
	}
	if len(imageIDs) == 0 {
		return cards, nil
	}
	return cards, attachCardImages(ctx, q, deckID, cards, imageIDs)
}

func attachElements(ctx context.Context, q querier, deckID int64, cards []Card, byID map[int64]int) error {
	rows, err := q.query(ctx, `SELECT t.card_id, `+elementCols+`
		FROM text_elements t JOIN cards c ON c.id = t.card_id WHERE c.deck_id = ? ORDER BY c.position, t.pos`, deckID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cardID int64
		el, err := scanElement(rows, &cardID)
		if err != nil {
			return err
		}
		if i, ok := byID[cardID]; ok {
			cards[i].TextElements = append(cards[i].TextElements, el)
		}
	}
	return rows.Err()
}

// elementCols must match scanElement.
const elementCols = "t.id, t.text, t.x, t.y, t.width, t.height, t.style"

// scanElement reads a text element row, after the leading columns lead.
func scanElement(rows *sql.Rows, lead ...any) (TextElement, error) {
	var el TextElement
	var style string
	if err := rows.Scan(append(lead, &el.ID, &el.Text, &el.X, &el.Y, &el.Width, &el.Height, &style)...); err != nil {
		return el, err
	}
	var err error
	if el.Style, err = decodeStyle(style); err != nil {
		return el, fmt.Errorf("text element %q style: %w", el.ID, err)
	}
	return el, nil
}

func attachCardImages(ctx context.Context, q querier, deckID int64, cards []Card, imageIDs map[int64][]int) error {
	rows, err := q.query(ctx, "SELECT "+summaryCols+` FROM images i LEFT JOIN movies m ON m.id = i.movie_id
		WHERE i.id IN (SELECT image_id FROM cards WHERE deck_id = ? AND image_id IS NOT NULL)`, deckID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		s := new(ImageSummary)
		if err := scanSummary(rows, s); err != nil {
			return err
		}
		for _, i := range imageIDs[s.ID] {
			cards[i].Image = s
		}
	}
	return rows.Err()
}

// DeckKey is the position of a deck in a list: newest update first.
type DeckKey struct {
	UpdatedAt string
	ID        int64
}

// ListDecks returns the decks userID owns or is a member of, newest update
// first, after the given key. Three queries for any number of decks.
func (db *DB) ListDecks(ctx context.Context, userID int64, after *DeckKey, limit int) (decks []Deck, more bool, err error) {
	err = db.snapshot(ctx, func(q querier) error {
		decks, more, err = listDecks(ctx, q, userID, after, limit)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: list decks: %w", err)
	}
	return decks, more, nil
}

func listDecks(ctx context.Context, q querier, userID int64, after *DeckKey, limit int) ([]Deck, bool, error) {
	cond, args := "", []any{userID, limit + 1}
	if after != nil {
		cond = " AND (d.updated_at < ?3 OR d.updated_at = ?3 AND d.id < ?4)"
		args = append(args, after.UpdatedAt, after.ID)
	}
	// Owned decks come from decks_owner, shared ones from deck_members_user.
	rows, err := q.query(ctx, "SELECT "+deckSummaryCols+deckFrom+
		` WHERE (d.owner_id = ?1 OR d.id IN (SELECT deck_id FROM deck_members WHERE user_id = ?1))`+cond+`
		ORDER BY d.updated_at DESC, d.id DESC LIMIT ?2`, args...)
	if err != nil {
		return nil, false, err
	}
	decks, covers, err := scanDeckSummaries(rows)
	if err != nil {
		return nil, false, err
	}
	more := len(decks) > limit
	if more {
		decks = decks[:limit]
	}
	return decks, more, completeDecks(ctx, q, decks, covers)
}

// deckSummaryCols are deckCols plus what a summary shows besides: the card
// count and the still of the first card that has one (the cover).
const deckSummaryCols = deckCols + `,
	(SELECT count(*) FROM cards c WHERE c.deck_id = d.id),
	(SELECT c.image_id FROM cards c WHERE c.deck_id = d.id AND c.image_id IS NOT NULL ORDER BY c.position LIMIT 1)`

// scanDeckSummaries reads rows of deckSummaryCols and closes them. covers
// maps each cover still to the indexes of the decks it covers.
func scanDeckSummaries(rows *sql.Rows) ([]Deck, map[int64][]int, error) {
	defer rows.Close()
	decks := []Deck{}
	covers := map[int64][]int{}
	for rows.Next() {
		var d Deck
		var cover sql.NullInt64
		if err := scanDeck(rows, &d, &d.CardCount, &cover); err != nil {
			return nil, nil, err
		}
		d.Members = []DeckMember{}
		if cover.Valid {
			covers[cover.Int64] = append(covers[cover.Int64], len(decks))
		}
		decks = append(decks, d)
	}
	return decks, covers, rows.Err()
}

// completeDecks fills in the members and covers of scanned summaries, with
// one query each whatever the number of decks.
func completeDecks(ctx context.Context, q querier, decks []Deck, covers map[int64][]int) error {
	if len(decks) == 0 {
		return nil
	}
	if err := attachDeckMembers(ctx, q, decks); err != nil {
		return err
	}
	return attachCovers(ctx, q, decks, covers)
}

func deckIDArgs(decks []Deck) []any {
	args := make([]any, len(decks))
	for i := range decks {
		args[i] = decks[i].ID
	}
	return args
}

func attachDeckMembers(ctx context.Context, q querier, decks []Deck) error {
	pos := make(map[int64]int, len(decks))
	for i := range decks {
		pos[decks[i].ID] = i
	}
	rows, err := q.query(ctx, `SELECT dm.deck_id, u.id, u.username, dm.role FROM deck_members dm
		JOIN users u ON u.id = dm.user_id WHERE dm.deck_id IN (`+placeholders(len(decks))+`)
		ORDER BY dm.created_at, u.id`, deckIDArgs(decks)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var deckID int64
		var m DeckMember
		if err := rows.Scan(&deckID, &m.User.ID, &m.User.Username, &m.Role); err != nil {
			return err
		}
		if i, ok := pos[deckID]; ok {
			decks[i].Members = append(decks[i].Members, m)
		}
	}
	return rows.Err()
}

func attachCovers(ctx context.Context, q querier, decks []Deck, covers map[int64][]int) error {
	if len(covers) == 0 {
		return nil
	}
	args := make([]any, 0, len(covers))
	for id := range covers {
		args = append(args, id)
	}
	rows, err := q.query(ctx, "SELECT "+summaryCols+` FROM images i LEFT JOIN movies m ON m.id = i.movie_id
		WHERE i.id IN (`+placeholders(len(args))+")", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		s := new(ImageSummary)
		if err := scanSummary(rows, s); err != nil {
			return err
		}
		for _, i := range covers[s.ID] {
			if i < len(decks) { // the row past the page was only there to tell "more"
				decks[i].Cover = s
			}
		}
	}
	return rows.Err()
}

// DeckOpsSince returns the logged ops after version since, in order. ok is
// false when the log no longer reaches back to since+1 (the caller then
// sends a fresh snapshot instead).
func (db *DB) DeckOpsSince(ctx context.Context, deckID, since int64) (ops []DeckOp, ok bool, err error) {
	err = db.snapshot(ctx, func(q querier) error {
		var current int64
		if err := q.queryRow(ctx, "SELECT version FROM decks WHERE id = ?", deckID).Scan(&current); err != nil {
			return notFound(err, "deck")
		}
		if since >= current {
			ok = since == current
			return nil
		}
		rows, err := q.query(ctx, `SELECT o.version, o.actor_id, coalesce(u.username, ''), o.op, o.created_at
			FROM deck_ops o LEFT JOIN users u ON u.id = o.actor_id
			WHERE o.deck_id = ? AND o.version > ? ORDER BY o.version`, deckID, since)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var op DeckOp
			var actorID sql.NullInt64
			var actorName, js string
			if err := rows.Scan(&op.Version, &actorID, &actorName, &js, &op.CreatedAt); err != nil {
				return err
			}
			if actorID.Valid {
				op.Actor = &UserRef{ID: actorID.Int64, Username: actorName}
			}
			op.Op = json.RawMessage(js)
			ops = append(ops, op)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		ok = len(ops) > 0 && ops[0].Version == since+1 && ops[len(ops)-1].Version == current
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: deck %d ops since %d: %w", deckID, since, err)
	}
	return ops, ok, nil
}

// SharedDeck is what a share token unlocks.
type SharedDeck struct {
	DeckID        int64
	ExpiresAt     string // "" for a link that does not expire
	AllowDownload bool
	Hash          []byte
}

// DeckByShareHash finds the deck whose share link has the given token hash,
// expired or not (the caller checks ExpiresAt). ErrNotFound when none.
func (db *DB) DeckByShareHash(ctx context.Context, hash []byte) (*SharedDeck, error) {
	var s SharedDeck
	var exp sql.NullString
	err := db.queryRow(ctx, `SELECT id, share_expires_at, share_allow_download, share_hash
		FROM decks WHERE share_hash = ?`, hash).Scan(&s.DeckID, &exp, &s.AllowDownload, &s.Hash)
	if err != nil {
		return nil, fmt.Errorf("store: shared deck: %w", notFound(err, "share link"))
	}
	s.ExpiresAt = exp.String
	return &s, nil
}

// DeckHasImageHash reports whether a card of the deck shows the still with
// the given content hash: a share link opens those stills' media only.
func (db *DB) DeckHasImageHash(ctx context.Context, deckID int64, hash string) (bool, error) {
	var one int
	err := db.queryRow(ctx, `SELECT 1 FROM cards c JOIN images i ON i.id = c.image_id
		WHERE c.deck_id = ? AND i.content_hash = ? LIMIT 1`, deckID, hash).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: deck %d image: %w", deckID, err)
	}
	return true, nil
}

// decodeStyle reads a stored style object; most are empty, and skipping
// the decoder for those is a fifth of a large deck's load time.
func decodeStyle(js string) (map[string]any, error) {
	if js == "{}" {
		return map[string]any{}, nil
	}
	var m map[string]any
	err := json.Unmarshal([]byte(js), &m)
	return m, err
}

// DeckAccess reads a deck's version and userID's role on it with one
// indexed query: what a cached deck answer is keyed by.
func (db *DB) DeckAccess(ctx context.Context, deckID, userID int64) (DeckState, error) {
	var s DeckState
	err := db.queryRow(ctx, deckStateSQL, userID, deckID).Scan(&s.Version, &s.OwnerID, &s.Role)
	if err != nil {
		return s, fmt.Errorf("store: deck %d: %w", deckID, notFound(err, "deck"))
	}
	return s, nil
}
