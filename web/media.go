package web

import (
	"errors"
	"os"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/store"
)

var hashRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

var extMime = map[string]string{"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}

// media serves /media/<hash>/{thumb.jpg,preview.jpg,original.<ext>}. The
// URL names the content, so responses are immutable and the ETag is the
// URL's own identity.
func (s *Server) media(c *fiber.Ctx) error {
	hash, name := c.Params("hash"), c.Params("name")
	if !hashRe.MatchString(hash) {
		return errNotFound
	}
	etag := `"` + hash[:16] + "-" + name + `"`
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderETag, etag)
	if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && strings.Contains(match, etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	switch name {
	case library.Thumb, library.Preview:
		data, err := s.cfg.Blobs.Derivative(hash, name)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "image/jpeg")
		return c.Send(data)
	}
	base, ext, ok := strings.Cut(name, ".")
	mime := extMime[ext]
	if !ok || base != "original" || mime == "" {
		return errNotFound
	}
	f, err := os.Open(library.OriginalPath(s.cfg.Originals, hash, ext))
	if errors.Is(err, os.ErrNotExist) {
		return store.ErrNotFound
	} else if err != nil {
		return err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	c.Set(fiber.HeaderContentType, mime)
	return c.SendStream(f, int(info.Size())) // fasthttp closes f when done
}
