package deck

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/shotdeck/shotdeck/store"
)

// Limits on the size of decks.
const (
	MaxCardsPerRequest = 1000 // cards in one create request
	MaxCardsPerDeck    = 5000
)

// ErrForbidden: the caller can see the deck but their role does not allow
// the change. (A deck they cannot see is store.ErrNotFound.)
var ErrForbidden = errors.New("forbidden")

// VersionError is an If-Match (or base version) that is not the deck's
// current version.
type VersionError struct{ Want, Current int64 }

func (e *VersionError) Error() string {
	return fmt.Sprintf("the deck is at version %d, not %d; reload it and try again", e.Current, e.Want)
}

// Unwrap makes a version mismatch a store.ErrConflict.
func (e *VersionError) Unwrap() error { return store.ErrConflict }

// Rooms is what the service tells the live rooms after a change commits;
// *Hub implements it. Publish gets the op frames in any order from
// concurrent writers; the hub delivers them in version order.
type Rooms interface {
	Publish(deckID, version int64, frame []byte)
	Kick(deckID, userID int64, code int, reason string)
	SetRole(deckID, userID int64, role Role)
	CloseRoom(deckID int64, code int, reason string)
}

// Close codes the service asks the rooms to use.
const (
	CloseRemoved = 4403 // the member was removed from the deck
	CloseDeleted = 4404 // the deck was deleted
)

// Service applies the deck rules to the store: every REST endpoint and
// every live op goes through it, so authorisation, validation, version
// bumps and the op log are done once.
type Service struct {
	DB    *store.DB
	Rooms Rooms // nil when nothing is live (tests, CLI)
	Log   *slog.Logger
}

// Applied is one change as logged in deck_ops and broadcast to the room:
// the op with what the server resolved (new card IDs and positions,
// element IDs), so that a client can replay it onto its copy of the deck.
type Applied struct {
	Kind         string         `json:"kind"`
	CardID       string         `json:"card_id,omitempty"`
	Position     string         `json:"position,omitempty"`
	Card         *store.Card    `json:"card,omitempty"` // add_card: the card as stored
	Note         *string        `json:"note,omitempty"`
	TextElements *[]TextElement `json:"text_elements,omitempty"`
	Title        *string        `json:"title,omitempty"`
	Description  *string        `json:"description,omitempty"`
	// set_member and remove_member, which come from the members endpoints.
	User *store.UserRef `json:"user,omitempty"`
	Role Role           `json:"role,omitempty"`
}

// Server-side op kinds, logged and broadcast but never sent by clients.
const (
	KindSetMember    = "set_member"
	KindRemoveMember = "remove_member"
)

// OpFrame is the live-room message for one stored change.
type OpFrame struct {
	Type       string         `json:"type"` // "op"
	Version    int64          `json:"version"`
	Actor      *store.UserRef `json:"actor"`
	Op         *Applied       `json:"op"`
	ClientOpID string         `json:"client_op_id,omitempty"`
}

// Result is what applying ops produced.
type Result struct {
	Version int64       // the deck's version after the last op
	Card    *store.Card // the card added or changed by the last card op
}

// committed is one logged change waiting to be published after commit.
type committed struct {
	version int64
	applied *Applied
}

// newElementID names a text element the client sent without an id.
func newElementID() string {
	var b [6]byte
	rand.Read(b[:])
	return "t" + hex.EncodeToString(b[:])
}

func (s *Service) logger() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// parseID reads an opaque ID sent by a client. A malformed one cannot name
// anything, so it is reported like an unknown one.
func parseID(field, v string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, &FieldError{field, "is not a known id"}
	}
	return id, nil
}

// authorize checks the caller's role on the deck inside the transaction:
// not visible is not found, visible but not allowed is forbidden.
func authorize(ctx context.Context, tx *store.Tx, deckID, userID int64, a Action) (store.DeckState, error) {
	st, err := tx.DeckState(ctx, deckID, userID)
	if err != nil {
		return st, err
	}
	role := Role(st.Role)
	if !Visible(role) {
		return st, fmt.Errorf("deck: %w", store.ErrNotFound)
	}
	if !role.Can(a) {
		return st, ErrForbidden
	}
	return st, nil
}

// publish sends committed changes to the deck's room.
func (s *Service) publish(deckID int64, actor store.UserRef, clientOpID string, done []committed) {
	if s.Rooms == nil {
		return
	}
	for _, c := range done {
		frame, err := json.Marshal(OpFrame{Type: "op", Version: c.version, Actor: &actor, Op: c.applied, ClientOpID: clientOpID})
		if err != nil {
			s.logger().Error("encode op frame", "deck", deckID, "err", err)
			continue
		}
		s.Rooms.Publish(deckID, c.version, frame)
	}
}

// logOp bumps the deck's version and logs the change.
func logOp(ctx context.Context, tx *store.Tx, deckID, actorID int64, a *Applied) (committed, error) {
	js, err := json.Marshal(a)
	if err != nil {
		return committed{}, fmt.Errorf("deck: encode op: %w", err)
	}
	v, err := tx.BumpDeck(ctx, deckID, actorID, js)
	return committed{v, a}, err
}

// logFrame is an op frame rebuilt from the op log.
type logFrame struct {
	Type    string          `json:"type"`
	Version int64           `json:"version"`
	Actor   *store.UserRef  `json:"actor"`
	Op      json.RawMessage `json:"op"`
}

// OpFrames rebuilds the op frames of versions from..to from the op log, for
// a room that missed a Publish (HubOptions.Fill). It stops at the first
// version the log does not hold.
func (s *Service) OpFrames(ctx context.Context, deckID, from, to int64) ([][]byte, error) {
	ops, _, err := s.DB.DeckOpsSince(ctx, deckID, from-1)
	if err != nil {
		return nil, err
	}
	var frames [][]byte
	for i, o := range ops {
		if o.Version > to || o.Version != from+int64(i) {
			break
		}
		b, err := json.Marshal(logFrame{Type: "op", Version: o.Version, Actor: o.Actor, Op: o.Op})
		if err != nil {
			return nil, fmt.Errorf("deck: encode logged op: %w", err)
		}
		frames = append(frames, b)
	}
	return frames, nil
}
