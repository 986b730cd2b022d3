package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/taxonomy"
)

func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 200 when the store answers and the index is open, with how
// many changes the index still has to apply.
func (s *Server) readyz(c *fiber.Ctx) error {
	if _, err := s.db.CountUsers(c.UserContext()); err != nil {
		s.log.Warn("readyz: store", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "reason": "store"})
	}
	lag, err := s.cfg.Search.Lag(c.UserContext())
	if err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "reason": "index: " + err.Error()})
	}
	return c.JSON(fiber.Map{"status": "ready", "index_lag": lag})
}

func (s *Server) version(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"version": s.cfg.Version, "commit": s.cfg.Commit})
}

func (s *Server) taxonomy(c *fiber.Ctx) error {
	return s.cachedJSON(c, cache.Taxonomy, "", func() (any, error) {
		return fiber.Map{"fields": taxonomy.Fields()}, nil
	})
}
