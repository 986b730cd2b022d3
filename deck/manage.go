package deck

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// CardInput is one card of a create request, as the REST body has it.
type CardInput struct {
	ImageID      *string        `json:"image_id"`
	Note         *string        `json:"note"`
	TextElements *[]TextElement `json:"text_elements"`
}

// CreateInput is the body of POST /decks.
type CreateInput struct {
	Title       string      `json:"title"`
	Description *string     `json:"description"`
	Cards       []CardInput `json:"cards"`
}

// validateCreate checks the whole request before anything is written, so a
// bad card is reported by its index.
func validateCreate(in *CreateInput) ([]*Op, error) {
	meta := &Op{Kind: KindUpdateDeck, Title: &in.Title, Description: in.Description}
	if err := meta.Validate(); err != nil {
		return nil, err
	}
	meta.Normalize()
	in.Title = *meta.Title
	if in.Description != nil {
		in.Description = meta.Description
	}
	if len(in.Cards) > MaxCardsPerRequest {
		return nil, &FieldError{"cards", fmt.Sprintf("must hold at most %d cards", MaxCardsPerRequest)}
	}
	ops := make([]*Op, len(in.Cards))
	for i, c := range in.Cards {
		op := &Op{Kind: KindAddCard, ImageID: c.ImageID, Note: c.Note, TextElements: c.TextElements}
		if err := op.Validate(); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return nil, &FieldError{fmt.Sprintf("cards[%d].%s", i, fe.Field), fe.Message}
			}
			return nil, err
		}
		ops[i] = op
	}
	return ops, nil
}

// Create makes a deck with its cards in one transaction: one bad card
// (an unknown still) refuses the whole request and nothing is created.
func (s *Service) Create(ctx context.Context, actor store.UserRef, in *CreateInput) (*store.DeckWithCards, error) {
	ops, err := validateCreate(in)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		desc := ""
		if in.Description != nil {
			desc = *in.Description
		}
		if id, err = tx.CreateDeck(ctx, actor.ID, in.Title, desc); err != nil {
			return err
		}
		positions := Sequence(len(ops))
		for i, op := range ops {
			c, err := newCard(ctx, tx, fmt.Sprintf("cards[%d].", i), op)
			if err != nil {
				return err
			}
			c.Position = positions[i]
			if _, err := tx.InsertCard(ctx, id, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// Get loads a deck with its cards for a user who can see it.
func (s *Service) Get(ctx context.Context, actor store.UserRef, deckID int64) (*store.DeckWithCards, error) {
	d, err := s.DB.LoadDeck(ctx, deckID, actor.ID)
	if err != nil {
		return nil, err
	}
	if !Visible(Role(d.Role)) {
		return nil, fmt.Errorf("deck %d: %w", deckID, store.ErrNotFound)
	}
	return d, nil
}

// List returns the decks the user owns or is a member of.
func (s *Service) List(ctx context.Context, actor store.UserRef, after *store.DeckKey, limit int) ([]store.Deck, bool, error) {
	return s.DB.ListDecks(ctx, actor.ID, after, limit)
}

// Delete removes a deck (owner only) and closes its live room.
func (s *Service) Delete(ctx context.Context, actor store.UserRef, deckID int64) error {
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, deckID, actor.ID, Delete); err != nil {
			return err
		}
		return tx.DeleteDeck(ctx, deckID)
	})
	if err == nil && s.Rooms != nil {
		s.Rooms.CloseRoom(deckID, CloseDeleted, "the deck was deleted")
	}
	return err
}

// Duplicate copies a deck the user can see into a new deck they own.
// An empty title means the original's with " (copy)".
func (s *Service) Duplicate(ctx context.Context, actor store.UserRef, deckID int64, title string) (*store.DeckWithCards, error) {
	title = strings.TrimSpace(title)
	if title != "" {
		if err := checkText("title", title, MaxTitleLen); err != nil {
			return nil, err
		}
	}
	var id int64
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, deckID, actor.ID, Duplicate); err != nil {
			return err
		}
		if title == "" {
			src, err := s.DB.LoadDeck(ctx, deckID, actor.ID)
			if err != nil {
				return err
			}
			title = copyTitle(src.Title)
		}
		var err error
		id, err = tx.CopyDeck(ctx, deckID, actor.ID, title)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// copyTitle names a copy, within the title limit.
func copyTitle(t string) string {
	const suffix = " (copy)"
	r := []rune(t)
	if len(r)+len([]rune(suffix)) > MaxTitleLen {
		r = r[:MaxTitleLen-len([]rune(suffix))]
	}
	return string(r) + suffix
}

// AddMember invites a user by username as editor or viewer (owner only).
func (s *Service) AddMember(ctx context.Context, actor store.UserRef, deckID int64, username, role string) (*store.DeckMember, error) {
	r, err := ParseMemberRole(role)
	if err != nil {
		return nil, err
	}
	u, err := s.DB.UserByName(ctx, strings.TrimSpace(username))
	if errors.Is(err, store.ErrNotFound) {
		return nil, &FieldError{"username", "no user has this name"}
	}
	if err != nil {
		return nil, err
	}
	m := &store.DeckMember{User: store.UserRef{ID: u.ID, Username: u.Username}, Role: string(r)}
	return m, s.changeMember(ctx, actor, deckID, m, true)
}

// SetMemberRole changes a member's role (owner only).
func (s *Service) SetMemberRole(ctx context.Context, actor store.UserRef, deckID, userID int64, role string) (*store.DeckMember, error) {
	r, err := ParseMemberRole(role)
	if err != nil {
		return nil, err
	}
	m := &store.DeckMember{User: store.UserRef{ID: userID}, Role: string(r)}
	return m, s.changeMember(ctx, actor, deckID, m, false)
}

// changeMember adds (add) or re-roles a member and logs it as set_member.
func (s *Service) changeMember(ctx context.Context, actor store.UserRef, deckID int64, m *store.DeckMember, add bool) error {
	var done committed
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		st, err := authorize(ctx, tx, deckID, actor.ID, Invite)
		if err != nil {
			return err
		}
		if m.User.ID == st.OwnerID {
			return &FieldError{"username", "is the deck's owner"}
		}
		if !add {
			if _, err := tx.MemberRole(ctx, deckID, m.User.ID); err != nil {
				return err
			}
			u, err := s.DB.UserByID(ctx, m.User.ID)
			if err != nil {
				return err
			}
			m.User.Username = u.Username
		}
		created, err := tx.SetMember(ctx, deckID, m.User.ID, m.Role)
		if err != nil {
			return err
		}
		if add && !created {
			return fmt.Errorf("%w: %s is already a member of this deck; change their role instead", store.ErrConflict, m.User.Username)
		}
		done, err = logOp(ctx, tx, deckID, actor.ID, &Applied{Kind: KindSetMember, User: &m.User, Role: Role(m.Role)})
		return err
	})
	if err != nil {
		return err
	}
	s.publish(deckID, actor, "", []committed{done})
	if s.Rooms != nil {
		s.Rooms.SetRole(deckID, m.User.ID, Role(m.Role))
	}
	return nil
}

// RemoveMember takes a member off the deck: the owner may remove anyone,
// a member may remove themselves (leave). Their live connections close.
func (s *Service) RemoveMember(ctx context.Context, actor store.UserRef, deckID, userID int64) error {
	var done committed
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		action := Invite
		if userID == actor.ID {
			action = View
		}
		if _, err := authorize(ctx, tx, deckID, actor.ID, action); err != nil {
			return err
		}
		if _, err := tx.MemberRole(ctx, deckID, userID); err != nil {
			return err
		}
		u, err := s.DB.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		if err := tx.RemoveMember(ctx, deckID, userID); err != nil {
			return err
		}
		ref := store.UserRef{ID: u.ID, Username: u.Username}
		done, err = logOp(ctx, tx, deckID, actor.ID, &Applied{Kind: KindRemoveMember, User: &ref})
		return err
	})
	if err != nil {
		return err
	}
	s.publish(deckID, actor, "", []committed{done})
	if s.Rooms != nil {
		s.Rooms.Kick(deckID, userID, CloseRemoved, "you were removed from this deck")
	}
	return nil
}

// ShareLink is a created read-only link. The token is shown once: only its
// hash is stored.
type ShareLink struct {
	Token         string  `json:"token"`
	ExpiresAt     *string `json:"expires_at"`
	AllowDownload bool    `json:"allow_download"`
}

// hashToken is how share tokens are stored and looked up.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Share creates the deck's read-only link, replacing any earlier one
// (owner only). expires may be zero for a link that does not expire.
func (s *Service) Share(ctx context.Context, actor store.UserRef, deckID int64, expires time.Time, allowDownload bool) (*ShareLink, error) {
	if !expires.IsZero() && !expires.After(time.Now()) {
		return nil, &FieldError{"expires_at", "must be in the future"}
	}
	var b [32]byte // 256 bits
	rand.Read(b[:])
	link := &ShareLink{Token: base64.RawURLEncoding.EncodeToString(b[:]), AllowDownload: allowDownload}
	exp := ""
	if !expires.IsZero() {
		exp = expires.UTC().Format(time.RFC3339)
		link.ExpiresAt = &exp
	}
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, deckID, actor.ID, Share); err != nil {
			return err
		}
		return tx.SetShare(ctx, deckID, hashToken(link.Token), exp, allowDownload)
	})
	if err != nil {
		return nil, err
	}
	return link, nil
}

// Unshare revokes the deck's read-only link (owner only).
func (s *Service) Unshare(ctx context.Context, actor store.UserRef, deckID int64) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, deckID, actor.ID, Share); err != nil {
			return err
		}
		return tx.SetShare(ctx, deckID, nil, "", false)
	})
}

// ResolveShare finds the deck a live share token opens. Unknown, revoked
// and expired tokens are all store.ErrNotFound.
func (s *Service) ResolveShare(ctx context.Context, token string) (*store.SharedDeck, error) {
	if token == "" || len(token) > 100 {
		return nil, fmt.Errorf("share link: %w", store.ErrNotFound)
	}
	want := hashToken(token)
	sh, err := s.DB.DeckByShareHash(ctx, want)
	if err != nil {
		return nil, err
	}
	// The lookup is by hash already; comparing again in constant time keeps
	// the check independent of how the index compares keys.
	if subtle.ConstantTimeCompare(sh.Hash, want) != 1 {
		return nil, fmt.Errorf("share link: %w", store.ErrNotFound)
	}
	if sh.ExpiresAt != "" {
		exp, err := time.Parse(time.RFC3339, sh.ExpiresAt)
		if err != nil || !exp.After(time.Now()) {
			return nil, fmt.Errorf("share link expired: %w", store.ErrNotFound)
		}
	}
	return sh, nil
}

// Shared loads the read-only deck a share token opens. Members are not
// shown: a link reveals the deck and its stills, nothing else.
func (s *Service) Shared(ctx context.Context, token string) (*store.DeckWithCards, *store.SharedDeck, error) {
	sh, err := s.ResolveShare(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.DB.LoadDeck(ctx, sh.DeckID, 0)
	if err != nil {
		return nil, nil, err
	}
	d.Role = string(Viewer)
	d.Members = []store.DeckMember{}
	return d, sh, nil
}
