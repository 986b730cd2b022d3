package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/assets"
)

// uiRoutes serves the web UI: the entry page and its static files.
func (s *Server) uiRoutes() {
	s.app.Get("/", s.home)
}

// home serves the UI's entry page. HTML is never cached so a new release is
// picked up at once.
func (s *Server) home(c *fiber.Ctx) error {
	page, err := assets.FS.ReadFile("index.html")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(page)
}
