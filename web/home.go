package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/assets"
)

// uiPaths are the client-side routes of the web UI: the server answers
// each with the entry page and the page's router draws the view. API,
// media and system paths are registered before these and never shadowed.
var uiPaths = []string{
	"/", "/login", "/setup", "/search", "/stills/:id",
	"/decks", "/decks/:id", "/s/:token", "/admin", "/admin/:page",
}

// uiRoutes serves the web UI: the entry page on every client-side route
// and its static files under /assets/<content hash>/.
func (s *Server) uiRoutes() {
	for _, p := range uiPaths {
		s.app.Get(p, s.home)
	}
	s.app.Get("/assets/:hash/*", s.asset)
}

// htmlCSP keeps the page to its own scripts, styles and connections: no
// inline script, no third-party origin, no framing.
const htmlCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// home serves the UI's entry page. HTML is never cached without a check
// (ETag + no-cache) so a new release is picked up at once; the files it
// loads carry the release's content hash and are cached for good.
func (s *Server) home(c *fiber.Ctx) error {
	ui := uiBundle()
	c.Set(fiber.HeaderContentSecurityPolicy, htmlCSP)
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	return sendAsset(c, ui.index, "no-cache")
}

// asset serves one static file of the UI. A request for another release's
// hash still gets today's file, but without the long cache, so a page left
// open across an upgrade keeps working until it reloads.
func (s *Server) asset(c *fiber.Ctx) error {
	ui := uiBundle()
	f, ok := ui.files[c.Params("*")]
	if !ok {
		return c.Status(fiber.StatusNotFound).SendString("not found")
	}
	cache := "public, max-age=31536000, immutable"
	if c.Params("hash") != ui.hash {
		cache = "no-cache"
	}
	return sendAsset(c, f, cache)
}

// sendAsset answers with the best pre-compressed variant the client
// accepts, with an ETag per variant and If-None-Match support.
func sendAsset(c *fiber.Ctx, f *staticFile, cache string) error {
	body, enc, etag := f.raw, "", f.etag
	accept := c.Get(fiber.HeaderAcceptEncoding)
	switch {
	case f.br != nil && acceptsEncoding(accept, "br"):
		body, enc, etag = f.br, "br", f.etag[:len(f.etag)-1]+`-br"`
	case f.gz != nil && acceptsEncoding(accept, "gzip"):
		body, enc, etag = f.gz, "gzip", f.etag[:len(f.etag)-1]+`-gz"`
	}
	c.Set(fiber.HeaderCacheControl, cache)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderContentType, f.ctype)
	if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && strings.Contains(match, etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if enc != "" {
		c.Set(fiber.HeaderContentEncoding, enc)
	}
	return c.Send(body)
}

// acceptsEncoding reports whether an Accept-Encoding header allows enc
// (listed without q=0).
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), enc) {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// staticFile is one UI file with its compressed variants, computed once.
type staticFile struct {
	raw, br, gz []byte // br and gz are nil when compression does not pay
	ctype       string
	etag        string // strong, quoted, of the raw bytes
}

// bundle is the whole UI as served by this binary.
type bundle struct {
	hash  string                 // content hash of every file, in asset URLs
	index *staticFile            // the entry page, with asset URLs filled in
	files map[string]*staticFile // by path below assets/
}

// uiBundle loads, hashes and compresses the embedded UI once per process:
// the files never change while it runs.
var uiBundle = sync.OnceValue(func() *bundle {
	b, err := loadBundle(assets.FS)
	if err != nil {
		panic("web: embedded UI: " + err.Error()) // a broken build, not a runtime condition
	}
	return b
})

// assetPlaceholder in index.html is replaced by /assets/<hash>.
const assetPlaceholder = "{{ASSETS}}"

func loadBundle(fsys fs.FS) (*bundle, error) {
	raw := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(p, ".") || path.Ext(p) == ".go" {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		raw[p] = data
		return err
	})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(raw[n])
		h.Write([]byte{0})
	}
	b := &bundle{hash: hex.EncodeToString(h.Sum(nil))[:16], files: map[string]*staticFile{}}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, n := range names {
		data := raw[n]
		if n == "index.html" {
			data = bytes.ReplaceAll(data, []byte(assetPlaceholder), []byte("/assets/"+b.hash))
		}
		wg.Go(func() {
			f := newStaticFile(n, data)
			mu.Lock()
			defer mu.Unlock()
			if n == "index.html" {
				b.index = f
			} else {
				b.files[n] = f
			}
		})
	}
	wg.Wait()
	if b.index == nil {
		return nil, fs.ErrNotExist
	}
	return b, nil
}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".json": "application/json",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".txt":  "text/plain; charset=utf-8",
}

func newStaticFile(name string, data []byte) *staticFile {
	sum := sha256.Sum256(data)
	f := &staticFile{raw: data, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	f.ctype = contentTypes[path.Ext(name)]
	if f.ctype == "" {
		f.ctype = "application/octet-stream"
	}
	if len(data) < 256 || f.ctype == "image/png" {
		return f // too small to gain, or already compressed
	}
	var br bytes.Buffer
	w := brotli.NewWriterLevel(&br, brotli.BestCompression)
	w.Write(data)
	w.Close()
	if br.Len() < len(data) {
		f.br = br.Bytes()
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	if gz.Len() < len(data) {
		f.gz = gz.Bytes()
	}
	return f
}
