package web

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/search"
	"github.com/shotdeck/shotdeck/store"
)

// Bounds of GET /decks/search.
const (
	deckSearchLimit    = 20
	deckSearchMaxLimit = 100
	deckSearchMaxQuery = 200 // characters
	// deckSearchWait bounds how long a search waits for the deck index to
	// catch up with the outbox; see searchDecks.
	deckSearchWait = 2 * time.Second
)

// deckHit is a deck search result: the deck's summary and its relevance.
type deckHit struct {
	store.Deck
	Score float64 `json:"score"`
}

// parseDeckSearch validates q (required, 1 to 200 characters) and limit.
func parseDeckSearch(qv url.Values) (q string, limit int, err error) {
	keys := make([]string, 0, len(qv))
	for k := range qv {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same parameter is named first every time
	for _, k := range keys {
		if k != "q" && k != "limit" {
			return "", 0, errBadRequest(k, "unknown parameter %q; deck search takes q and limit", k)
		}
	}
	q = strings.TrimSpace(qv.Get("q"))
	if q == "" {
		return "", 0, errBadRequest("q", "q is required: the words to look for in deck titles, descriptions and card notes")
	}
	if utf8.RuneCountInString(q) > deckSearchMaxQuery {
		return "", 0, errBadRequest("q", "q is longer than %d characters", deckSearchMaxQuery)
	}
	limit = deckSearchLimit
	if l := qv.Get("limit"); l != "" {
		if limit, err = intParam("limit", l, 1, deckSearchMaxLimit); err != nil {
			return "", 0, err
		}
	}
	return q, limit, nil
}

// searchDecks serves GET /decks/search: the caller's own and shared decks
// whose title, description or card notes match q, best first.
func (s *Server) searchDecks(c *fiber.Ctx) error {
	start := time.Now()
	q, limit, err := parseDeckSearch(queryValues(c))
	if err != nil {
		return err
	}
	who := actor(c)
	ctx := c.UserContext()
	// Read your writes: the deck index follows the outbox, so a deck
	// renamed a moment ago may not be in it yet. Deck edits are small and
	// the indexer wakes on every commit, so waiting for the outbox head as
	// of now costs milliseconds; SQL cannot stand in for the index here
	// (typos, stemming, relevance), as it does for stills lists. The wait
	// is bounded: behind a long bulk import of stills the index may lag by
	// seconds, and then the search answers from the index as it is rather
	// than hang; a deck index still loading answers 503 below.
	wait, cancel := context.WithTimeout(ctx, deckSearchWait)
	err = s.cfg.Search.WaitDecksApplied(wait)
	cancel()
	if err != nil && ctx.Err() != nil {
		return ctx.Err() // the client went away
	}
	hits, total, err := s.cfg.Search.SearchDecks(ctx, who.ID, q, limit)
	if errors.Is(err, search.ErrNotReady) {
		return errSearchLoading
	}
	if err != nil {
		return err
	}
	items, err := s.deckHits(ctx, who.ID, hits)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": items, "total": total,
		"took_ms": float64(time.Since(start).Microseconds()) / 1000})
}

// deckHits loads the summaries of the hits, in hit order. DecksByIDs checks
// access again, so a deck the caller lost since the search is left out.
func (s *Server) deckHits(ctx context.Context, userID int64, hits []search.DeckHit) ([]deckHit, error) {
	ids := make([]int64, len(hits))
	scores := make(map[int64]float64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
		scores[h.ID] = h.Score
	}
	decks, err := s.db.DecksByIDs(ctx, userID, ids)
	if err != nil {
		return nil, err
	}
	items := make([]deckHit, len(decks))
	for i := range decks {
		items[i] = deckHit{Deck: decks[i], Score: scores[decks[i].ID]}
	}
	return items, nil
}
