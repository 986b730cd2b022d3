package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/store"
)

// listMovies serves GET /movies?q=<title prefix>, by title, paginated.
func (s *Server) listMovies(c *fiber.Ctx) error {
	return s.cachedJSON(c, cache.Movies, "", func() (any, error) { return s.moviesPage(c) })
}

func (s *Server) moviesPage(c *fiber.Ctx) (any, error) {
	q := queryValues(c)
	for k := range q {
		if k != "q" && k != "limit" && k != "cursor" {
			return nil, errBadRequest(k, "unknown parameter %q", k)
		}
	}
	mq := store.MovieQuery{TitlePrefix: strings.TrimSpace(q.Get("q")), Limit: defaultLimit}
	if len(mq.TitlePrefix) > 200 {
		return nil, errBadRequest("q", "q must be at most 200 characters")
	}
	if l := q.Get("limit"); l != "" {
		n, err := intParam("limit", l, 1, maxLimit)
		if err != nil {
			return nil, err
		}
		mq.Limit = n
	}
	scope := "movies|" + mq.TitlePrefix
	if cur := q.Get("cursor"); cur != "" {
		fields, err := s.cursors.Decode(scope, cur)
		if err != nil {
			return nil, err
		}
		var id int64
		if len(fields) == 2 {
			id, err = strconv.ParseInt(fields[1], 10, 64)
		}
		if len(fields) != 2 || err != nil {
			return nil, errBadRequest("cursor", "the cursor is malformed")
		}
		mq.AfterTitle, mq.AfterID = fields[0], id
	}
	limit := mq.Limit
	mq.Limit++
	items, err := s.db.ListMovies(c.UserContext(), mq)
	if err != nil {
		return nil, err
	}
	var next any
	if len(items) > limit {
		items = items[:limit]
		last := items[limit-1]
		next = s.cursors.Encode(scope, last.Title, strconv.FormatInt(last.ID, 10))
	}
	return fiber.Map{"items": items, "next_cursor": next}, nil
}

func (s *Server) getMovie(c *fiber.Ctx) error {
	return s.cachedJSON(c, cache.Movies, "", func() (any, error) { return s.moviePage(c) })
}

func (s *Server) moviePage(c *fiber.Ctx) (any, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	m, err := s.db.MovieByID(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	return m, nil
}
