package web

import (
	"strconv"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
)

// routes lists every endpoint in one place.
func (s *Server) routes() {
	a := s.app
	a.Get("/healthz", s.healthz)
	a.Get("/readyz", s.readyz)
	a.Get("/metrics", s.authenticate, s.requireAdmin, s.metricsText)

	api := a.Group("/api/v1", s.authenticate)
	api.Get("/version", s.version)
	api.Get("/setup", s.setupStatus)
	api.Post("/setup", s.setup)
	api.Post("/auth/login", s.login)
	api.Post("/auth/logout", s.requireUser, s.logout)
	api.Get("/auth/me", s.requireUser, s.me)

	api.Get("/users", s.requireAdmin, s.listUsers)
	api.Post("/users", s.requireAdmin, s.createUser)
	api.Patch("/users/:id", s.requireAdmin, s.patchUser)

	api.Get("/images", s.requireUser, s.listImages)
	api.Post("/images", s.requireAdmin, s.uploadImage)
	api.Post("/images/bulk", s.requireAdmin, s.bulkImages)
	api.Get("/images/:id", s.requireUser, s.getImage)
	api.Patch("/images/:id", s.requireAdmin, s.patchImage)
	api.Delete("/images/:id", s.requireAdmin, s.deleteImage)
	api.Get("/movies", s.requireUser, s.listMovies)
	api.Get("/movies/:id", s.requireUser, s.getMovie)
	api.Get("/taxonomy", s.requireUser, s.taxonomy)
	api.Get("/search", s.requireUser, s.searchImages)
	api.Get("/search/stream", s.requireUser, s.streamSearch)
	api.Get("/facets", s.requireUser, s.facetCounts)
	api.Get("/autocomplete", s.requireUser, s.autocomplete)

	api.Post("/decks", s.requireUser, s.createDeck)
	api.Get("/decks", s.requireUser, s.listDecks)
	api.Get("/decks/search", s.requireUser, s.searchDecks) // before /decks/:id, which would take "search" for an id
	api.Get("/decks/:id", s.requireUser, s.getDeck)
	api.Patch("/decks/:id", s.requireUser, s.patchDeck)
	api.Delete("/decks/:id", s.requireUser, s.deleteDeck)
	api.Post("/decks/:id/duplicate", s.requireUser, s.duplicateDeck)
	api.Post("/decks/:id/cards", s.requireUser, s.addCard)
	api.Patch("/decks/:id/cards/:card_id", s.requireUser, s.patchCard)
	api.Delete("/decks/:id/cards/:card_id", s.requireUser, s.deleteCard)
	api.Post("/decks/:id/members", s.requireUser, s.addMember)
	api.Patch("/decks/:id/members/:user_id", s.requireUser, s.patchMember)
	api.Delete("/decks/:id/members/:user_id", s.requireUser, s.deleteMember)
	api.Get("/decks/:id/live", s.liveUpgrade, websocket.New(s.live, websocket.Config{
		HandshakeTimeout: 10 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 4096}))
	api.Post("/decks/:id/share", s.requireUser, s.shareDeck)
	api.Delete("/decks/:id/share", s.requireUser, s.unshareDeck)
	api.Post("/decks/:id/exports", s.requireUser, s.startExport)
	api.Get("/jobs/:id", s.requireUser, s.getJob)
	api.Get("/jobs/:id/download", s.requireUser, s.downloadJob)
	api.Get("/shared/:token", s.sharedDeck)
	api.Get("/shared/:token/exports/:format", s.sharedExport)
	api.Get("/shared/:token/media/:hash/:name", s.sharedMedia)
	api.Use(func(c *fiber.Ctx) error { return errNotFound })

	a.Get("/media/:hash/:name", s.authenticate, s.requireUser, s.media)
	s.uiRoutes()
}

// idParam reads a numeric id from the path; anything else is not found.
func idParam(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

func formatMillis(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}
