package deck

import (
	"context"
	"errors"
	"fmt"

	"github.com/shotdeck/shotdeck/store"
)

// ApplyOptions qualify a change.
type ApplyOptions struct {
	// IfVersion, when above zero, refuses the change with a VersionError
	// unless the deck is at exactly that version (REST If-Match).
	IfVersion int64
	// ClientOpID is echoed in the broadcast op frame so the sender can
	// match it to its pending op.
	ClientOpID string
}

// Apply validates ops and applies them in one transaction as the given
// user: each op bumps the deck's version and is logged, and after the
// commit the ops are published to the deck's room in order. A deck the
// user cannot see is store.ErrNotFound; a role that does not allow an op is
// ErrForbidden; an op on a card that is gone is store.ErrNotFound.
func (s *Service) Apply(ctx context.Context, actor store.UserRef, deckID int64, ops []*Op, opt ApplyOptions) (*Result, error) {
	for _, op := range ops {
		if err := op.Validate(); err != nil {
			return nil, err
		}
		op.Normalize()
	}
	var res Result
	var done []committed
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		done = done[:0]
		for _, op := range ops {
			st, err := authorize(ctx, tx, deckID, actor.ID, op.RequiredAction())
			if err != nil {
				return err
			}
			if opt.IfVersion > 0 && len(done) == 0 && st.Version != opt.IfVersion {
				return &VersionError{Want: opt.IfVersion, Current: st.Version}
			}
			a, err := applyOne(ctx, tx, deckID, op)
			if err != nil {
				return err
			}
			c, err := logOp(ctx, tx, deckID, actor.ID, a)
			if err != nil {
				return err
			}
			done = append(done, c)
			res.Version = c.version
			if a.CardID != "" && a.Kind != KindRemoveCard {
				id, _ := parseID("card_id", a.CardID)
				if res.Card, err = tx.LoadCard(ctx, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.publish(deckID, actor, opt.ClientOpID, done)
	return &res, nil
}

// applyOne makes one validated op's change and says what was done.
func applyOne(ctx context.Context, tx *store.Tx, deckID int64, op *Op) (*Applied, error) {
	switch op.Kind {
	case KindAddCard:
		return addCard(ctx, tx, deckID, op)
	case KindUpdateDeck:
		if err := tx.UpdateDeck(ctx, deckID, op.Title, op.Description); err != nil {
			return nil, err
		}
		return &Applied{Kind: op.Kind, Title: op.Title, Description: op.Description}, nil
	}
	cardID, err := cardOf(ctx, tx, deckID, *op.CardID)
	if err != nil {
		return nil, err
	}
	a := &Applied{Kind: op.Kind, CardID: *op.CardID}
	switch op.Kind {
	case KindUpdateCard:
		if op.TextElements != nil {
			nameElements(*op.TextElements)
		}
		a.Note, a.TextElements = op.Note, op.TextElements
		return a, tx.UpdateCard(ctx, cardID, op.Note, op.TextElements)
	case KindMoveCard:
		if a.Position, err = placeAfter(ctx, tx, deckID, op.After, cardID); err != nil {
			return nil, err
		}
		return a, tx.MoveCard(ctx, cardID, a.Position)
	case KindRemoveCard:
		return a, tx.DeleteCard(ctx, cardID)
	}
	return nil, &FieldError{"kind", "unknown op kind"}
}

// cardOf checks that the card exists in this deck: a card of another deck
// is as absent as a removed one.
func cardOf(ctx context.Context, tx *store.Tx, deckID int64, id string) (int64, error) {
	cardID, err := parseID("card_id", id)
	if err != nil {
		return 0, fmt.Errorf("card: %w", store.ErrNotFound)
	}
	in, err := tx.CardDeck(ctx, cardID)
	if err != nil {
		return 0, err
	}
	if in != deckID {
		return 0, fmt.Errorf("card: %w", store.ErrNotFound)
	}
	return cardID, nil
}

func addCard(ctx context.Context, tx *store.Tx, deckID int64, op *Op) (*Applied, error) {
	n, err := tx.CardCount(ctx, deckID)
	if err != nil {
		return nil, err
	}
	if n >= MaxCardsPerDeck {
		return nil, &FieldError{"", fmt.Sprintf("a deck holds at most %d cards", MaxCardsPerDeck)}
	}
	c, err := newCard(ctx, tx, "", op)
	if err != nil {
		return nil, err
	}
	if c.Position, err = placeAfter(ctx, tx, deckID, op.After, 0); err != nil {
		return nil, err
	}
	id, err := tx.InsertCard(ctx, deckID, c)
	if err != nil {
		return nil, err
	}
	card, err := tx.LoadCard(ctx, id)
	if err != nil {
		return nil, err
	}
	return &Applied{Kind: KindAddCard, CardID: card.IDString(), Position: card.Position, Card: card}, nil
}

// newCard turns a validated add_card op into a row to insert, checking
// that its still exists. prefix locates the card in a bulk request.
func newCard(ctx context.Context, tx *store.Tx, prefix string, op *Op) (*store.NewCard, error) {
	c := &store.NewCard{}
	if op.ImageID != nil {
		id, err := parseID(prefix+"image_id", *op.ImageID)
		if err == nil {
			var ok bool
			if ok, err = tx.ImageExists(ctx, id); err != nil {
				return nil, err
			}
			if !ok {
				err = &FieldError{prefix + "image_id", "no still has this id"}
			}
		}
		if err != nil {
			return nil, err
		}
		c.ImageID = id
	}
	if op.Note != nil {
		c.Note = *op.Note
	}
	if op.TextElements != nil {
		nameElements(*op.TextElements)
		c.TextElements = *op.TextElements
	}
	return c, nil
}

// nameElements gives an id to every text element sent without one.
func nameElements(els []TextElement) {
	for i := range els {
		if els[i].ID == "" {
			els[i].ID = newElementID()
		}
		if els[i].Style == nil {
			els[i].Style = map[string]any{}
		}
	}
}

// placeAfter computes the position for a card put after the card `after`
// (nil: at the end; "": first), ignoring the card being moved (skip).
func placeAfter(ctx context.Context, tx *store.Tx, deckID int64, after *string, skip int64) (string, error) {
	var ref *int64
	if after != nil {
		var id int64
		if *after != "" {
			var err error
			if id, err = parseID("after", *after); err != nil {
				return "", err
			}
		}
		ref = &id
	}
	lo, hi, err := tx.Neighbours(ctx, deckID, ref, skip)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return "", &FieldError{"after", "no card with this id in the deck"}
		}
		return "", err
	}
	return Between(lo, hi)
}
