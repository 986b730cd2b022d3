package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestUIAssets checks how the UI is served: the entry page on every
// client-side route with its security headers, hashed files cached for good
// in pre-compressed variants, and API paths never shadowed.
func TestUIAssets(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/", "/search?q=night", "/stills/12", "/decks", "/decks/3", "/s/some-token", "/admin", "/admin/upload", "/login", "/setup"} {
		res := e.expect(req{method: "GET", path: path}, 200, "")
		h := res.header
		if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "img-src 'self' data: blob:", "connect-src 'self' ws: wss:", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("Cache-Control") != "no-cache" || h.Get("ETag") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
		if bytes.Contains(res.body, []byte("<script>")) || !bytes.Contains(res.body, []byte(`type="module"`)) {
			t.Errorf("%s: the page must load its code as modules, never inline", path)
		}
	}

	page := e.expect(req{method: "GET", path: "/"}, 200, "")
	e.expect(req{method: "GET", path: "/", header: map[string]string{"If-None-Match": page.header.Get("ETag")}}, 304, "")
	m := regexp.MustCompile(`/assets/([0-9a-f]{16})/js/main\.js`).FindSubmatch(page.body)
	if m == nil {
		t.Fatalf("no hashed module URL in the page: %s", page.body)
	}
	hash := string(m[1])

	for path, ctype := range map[string]string{"js/main.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8", "icon.svg": "image/svg+xml", "js/blurhash.js": "text/javascript; charset=utf-8"} {
		raw := e.expect(req{method: "GET", path: "/assets/" + hash + "/" + path, header: map[string]string{"Accept-Encoding": "identity"}}, 200, "")
		if got := raw.header.Get("Content-Type"); got != ctype {
			t.Errorf("%s: Content-Type %q, want %q", path, got, ctype)
		}
		if cc := raw.header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		if raw.header.Get("Content-Encoding") != "" {
			t.Errorf("%s: compressed without being asked", path)
		}
		for _, enc := range []string{"br", "gzip"} {
			res := e.expect(req{method: "GET", path: "/assets/" + hash + "/" + path, header: map[string]string{"Accept-Encoding": enc}}, 200, "")
			if res.header.Get("Content-Encoding") != enc || res.header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s %s: Content-Encoding %q, Vary %q", path, enc, res.header.Get("Content-Encoding"), res.header.Get("Vary"))
				continue
			}
			var r io.Reader
			if enc == "br" {
				r = brotli.NewReader(bytes.NewReader(res.body))
			} else {
				zr, err := gzip.NewReader(bytes.NewReader(res.body))
				if err != nil {
					t.Fatal(err)
				}
				r = zr
			}
			plain, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(plain, raw.body) {
				t.Errorf("%s %s: the variant does not decode to the file (%v)", path, enc, err)
			}
			if res.header.Get("ETag") == raw.header.Get("ETag") {
				t.Errorf("%s: the %s variant shares the identity ETag", path, enc)
			}
			e.expect(req{method: "GET", path: "/assets/" + hash + "/" + path, header: map[string]string{"Accept-Encoding": enc, "If-None-Match": res.header.Get("ETag")}}, 304, "")
		}
	}

	// Another release's hash still answers, but must be revalidated.
	old := e.expect(req{method: "GET", path: "/assets/0000000000000000/js/main.js"}, 200, "")
	if old.header.Get("Cache-Control") != "no-cache" {
		t.Errorf("stale hash: Cache-Control %q", old.header.Get("Cache-Control"))
	}
	for _, path := range []string{"/assets/" + hash + "/nope.js", "/assets/" + hash + "/../assets.go", "/assets/" + hash + "/assets.go", "/assets/" + hash + "/jstest/query.test.js"} {
		if res := e.do(req{method: "GET", path: path}); res.status != 404 {
			t.Errorf("%s: status %d, want 404", path, res.status)
		}
	}
	// API and system paths keep their own answers.
	e.expect(req{method: "GET", path: "/api/v1/nothing-here"}, 404, "not_found")
	e.expect(req{method: "GET", path: "/api/v1/decks"}, 401, "unauthenticated")
	if res := e.do(req{method: "GET", path: "/healthz"}); !bytes.Contains(res.body, []byte(`"ok"`)) {
		t.Errorf("/healthz: %s", res.body)
	}
}
