package web

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/deck"
	"github.com/shotdeck/shotdeck/store"
)

// actor is the signed-in caller as the deck service names users.
func actor(c *fiber.Ctx) store.UserRef {
	u := currentUser(c)
	return store.UserRef{ID: u.ID, Username: u.Username}
}

func (s *Server) createDeck(c *fiber.Ctx) error {
	var in deck.CreateInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	d, err := s.decks.Create(c.UserContext(), actor(c), &in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(d)
}

func (s *Server) listDecks(c *fiber.Ctx) error {
	p, err := parsePage(queryValues(c))
	if err != nil {
		return err
	}
	who := actor(c)
	scope := "decks|" + strconv.FormatInt(who.ID, 10)
	var after *store.DeckKey
	if p.Cursor != "" {
		f, err := s.cursors.Decode(scope, p.Cursor)
		if err != nil {
			return err
		}
		if len(f) != 2 {
			return errBadRequest("cursor", "the cursor is malformed")
		}
		id, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return errBadRequest("cursor", "the cursor is malformed")
		}
		after = &store.DeckKey{UpdatedAt: f[0], ID: id}
	}
	items, more, err := s.decks.List(c.UserContext(), who, after, p.Limit)
	if err != nil {
		return err
	}
	var next any
	if more {
		last := items[len(items)-1]
		next = s.cursors.Encode(scope, last.UpdatedAt, strconv.FormatInt(last.ID, 10))
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": next})
}

// getDeck answers from the cache when this caller's role has already seen
// this version: the key holds the version, so a cached deck is never stale,
// and a large deck costs one indexed query instead of five and an encode.
func (s *Server) getDeck(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	who := actor(c)
	load := func() (any, error) { return s.decks.Get(c.UserContext(), who, id) }
	if s.cache == nil {
		return s.cachedJSON(c, cache.Deck, "", load)
	}
	st, err := s.db.DeckAccess(c.UserContext(), id, who.ID)
	if err != nil {
		return err
	}
	if !deck.Visible(deck.Role(st.Role)) {
		return errNotFound
	}
	return s.cachedJSON(c, cache.Deck, st.Role+"@"+strconv.FormatInt(st.Version, 10), load)
}

// ifMatch reads If-Match as a deck version; absent is 0 (no check).
func ifMatch(c *fiber.Ctx) (int64, error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" {
		return 0, nil
	}
	h = strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
	v, err := strconv.ParseInt(h, 10, 64)
	if err != nil || v <= 0 {
		return 0, errBadRequest("If-Match", "If-Match must be the deck's version, a positive integer")
	}
	return v, nil
}

func (s *Server) patchDeck(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var body struct {
		Title       *string `json:"title"`
		Description *string `json:"description"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	op := &deck.Op{Kind: deck.KindUpdateDeck, Title: body.Title, Description: body.Description}
	if _, err := s.decks.Apply(c.UserContext(), actor(c), id, []*deck.Op{op}, deck.ApplyOptions{IfVersion: version}); err != nil {
		return err
	}
	return s.getDeck(c)
}

func (s *Server) deleteDeck(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.decks.Delete(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	if err := s.cfg.Blobs.DeleteDeckArtifacts(id); err != nil {
		s.log.Warn("delete the exports of a deleted deck", "deck", id, "err", err)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) duplicateDeck(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var body struct {
		Title string `json:"title"`
	}
	if len(c.Body()) > 0 {
		if err := decodeJSON(c, &body); err != nil {
			return err
		}
	}
	d, err := s.decks.Duplicate(c.UserContext(), actor(c), id, body.Title)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(d)
}

func (s *Server) addCard(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var body deck.Op // the card fields of add_card; kind is set here
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	if body.Kind != "" || body.CardID != nil || body.Title != nil || body.Description != nil {
		return errBadRequest("", "a card takes image_id, note, text_elements and after")
	}
	body.Kind = deck.KindAddCard
	res, err := s.decks.Apply(c.UserContext(), actor(c), id, []*deck.Op{&body}, deck.ApplyOptions{})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(res.Card)
}

// patchCard edits a card's note and text elements and, when the body has
// "after" (null: to the end, "": first), moves it: an update_card and a
// move_card in one transaction.
func (s *Server) patchCard(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var body struct {
		Note         *string             `json:"note"`
		TextElements *[]deck.TextElement `json:"text_elements"`
		After        json.RawMessage     `json:"after"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	cardID := c.Params("card_id")
	var ops []*deck.Op
	if body.Note != nil || body.TextElements != nil {
		ops = append(ops, &deck.Op{Kind: deck.KindUpdateCard, CardID: &cardID, Note: body.Note, TextElements: body.TextElements})
	}
	if body.After != nil {
		var after *string
		if err := json.Unmarshal(body.After, &after); err != nil {
			return errBadRequest("after", "after must be a card id, \"\" or null")
		}
		ops = append(ops, &deck.Op{Kind: deck.KindMoveCard, CardID: &cardID, After: after})
	}
	if len(ops) == 0 {
		return errBadRequest("", "send note, text_elements or after")
	}
	res, err := s.decks.Apply(c.UserContext(), actor(c), id, ops, deck.ApplyOptions{})
	if err != nil {
		return err
	}
	return c.JSON(res.Card)
}

func (s *Server) deleteCard(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	cardID := c.Params("card_id")
	op := &deck.Op{Kind: deck.KindRemoveCard, CardID: &cardID}
	if _, err := s.decks.Apply(c.UserContext(), actor(c), id, []*deck.Op{op}, deck.ApplyOptions{}); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) addMember(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var body struct {
		Username string `json:"username"`
		Role     string `json:"role"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	m, err := s.decks.AddMember(c.UserContext(), actor(c), id, body.Username, body.Role)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(m)
}

func (s *Server) patchMember(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	userID, err := idParam(c, "user_id")
	if err != nil {
		return err
	}
	var body struct {
		Role string `json:"role"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	m, err := s.decks.SetMemberRole(c.UserContext(), actor(c), id, userID, body.Role)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

func (s *Server) deleteMember(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	userID, err := idParam(c, "user_id")
	if err != nil {
		return err
	}
	if err := s.decks.RemoveMember(c.UserContext(), actor(c), id, userID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) shareDeck(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var body struct {
		ExpiresAt     *string `json:"expires_at"`
		AllowDownload bool    `json:"allow_download"`
	}
	if len(c.Body()) > 0 {
		if err := decodeJSON(c, &body); err != nil {
			return err
		}
	}
	var expires time.Time
	if body.ExpiresAt != nil && *body.ExpiresAt != "" {
		if expires, err = time.Parse(time.RFC3339, *body.ExpiresAt); err != nil {
			return errBadRequest("expires_at", "expires_at must be an RFC 3339 time, e.g. 2027-01-31T18:00:00Z")
		}
	}
	link, err := s.decks.Share(c.UserContext(), actor(c), id, expires, body.AllowDownload)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"token": link.Token, "url": c.BaseURL() + "/s/" + link.Token,
		"expires_at": link.ExpiresAt, "allow_download": link.AllowDownload})
}

func (s *Server) unshareDeck(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.decks.Unshare(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// sharedDeck serves the read-only deck behind a share link, with its
// stills' thumbnails routed through the link so no session is needed.
func (s *Server) sharedDeck(c *fiber.Ctx) error {
	token := c.Params("token")
	d, sh, err := s.decks.Shared(c.UserContext(), token)
	if err != nil {
		return err
	}
	base := "/api/v1/shared/" + token + "/media/"
	relink := func(im *store.ImageSummary) {
		if im != nil && im.Hash != "" {
			u := base + im.Hash + "/thumb.jpg"
			im.ThumbURL = &u
		}
	}
	relink(d.Cover)
	for i := range d.Cards {
		relink(d.Cards[i].Image) // idempotent: cards may share a summary
	}
	view := sharedView{DeckWithCards: d, AllowDownload: sh.AllowDownload, Exports: []string{}}
	if sh.AllowDownload {
		for _, f := range []string{"pdf", "zip"} {
			if _, ok := s.cfg.Blobs.LatestArtifact(d.ID, f); ok {
				view.Exports = append(view.Exports, f)
			}
		}
	}
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return c.JSON(view)
}

// sharedView is the Deck of API.md plus what a link holder may do: download
// the latest export in each of Exports (from /shared/{token}/exports/{format})
// when the link allows downloads.
type sharedView struct {
	*store.DeckWithCards
	AllowDownload bool     `json:"allow_download"`
	Exports       []string `json:"exports"`
}

// sharedMedia serves thumbs and previews (and originals when the link
// allows downloads) of the stills on a shared deck's cards, and no others.
func (s *Server) sharedMedia(c *fiber.Ctx) error {
	sh, err := s.decks.ResolveShare(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	hash, name := c.Params("hash"), c.Params("name")
	if !hashRe.MatchString(hash) || strings.HasPrefix(name, "original.") && !sh.AllowDownload {
		return errNotFound
	}
	ok, err := s.db.DeckHasImageHash(c.UserContext(), sh.DeckID, hash)
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	if err := s.media(c); err != nil {
		return err
	}
	// Revocable: browsers may keep it briefly, shared caches must not.
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	return nil
}
