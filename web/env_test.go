package web

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/metrics"
	"github.com/shotdeck/shotdeck/search"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/store/storetest"
)

// env is a real server on a loopback port over a fresh data directory.
type env struct {
	t      testing.TB
	url    string
	dir    string
	db     *store.DB
	blobs  *store.Blobs
	lib    *library.Service
	search *search.Service
	srv    *Server
	cache  *cache.Cache
	admin  string // an admin's bearer token, after setupAdmin
}

func newEnv(t testing.TB) *env { return newEnvWith(t, nil) }

// newEnvWith lets a test adjust the server's Config before it starts.
func newEnvWith(t testing.TB, adjust func(*Config)) *env {
	t.Helper()
	ctx := context.Background()
	db, blobs, dir := storetest.Open(t)
	lib := &library.Service{DB: db, Blobs: blobs, Originals: filepath.Join(dir, "originals"),
		Limits: media.Limits{MaxPixels: 50_000_000}, MaxBytes: 4 << 20}
	quiet := slog.New(slog.DiscardHandler)
	sr, err := search.Open(db, filepath.Join(dir, "index"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	srCtx, stopSearch := context.WithCancel(ctx)
	sr.Start(srCtx)
	rc, err := cache.New(cache.Options{MaxBytes: 64 << 20})
	if err != nil {
		t.Fatal(err)
	}
	// Every test runs with the response cache and metrics on, as served.
	cfg := Config{DB: db, Blobs: blobs, Library: lib, Originals: lib.Originals, Version: "test", Commit: "abc", Logger: quiet, Search: sr,
		Cache: rc, Metrics: metrics.New()}
	if adjust != nil {
		adjust(&cfg)
	}
	srv, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		stopSearch()
		sr.Close()
		rc.Close()
	})
	return &env{t: t, url: "http://" + ln.Addr().String(), dir: dir, db: db, blobs: blobs, lib: lib, search: sr, srv: srv, cache: rc}
}

// req is one test request.
type req struct {
	method, path string
	token        string
	json         any    // marshalled as the body
	body         []byte // raw body (when json is nil)
	ctype        string
	header       map[string]string
}

// resp is a read response.
type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errorCode returns the error.code and error.field of a JSON error answer.
func (r resp) errorCode(t testing.TB) (code, field string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Field, Message string }
	}
	r.decode(t, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not an API error: %s", r.body)
	}
	return e.Error.Code, e.Error.Field
}

func (e *env) do(r req) resp {
	e.t.Helper()
	body := r.body
	if r.json != nil {
		body, _ = json.Marshal(r.json)
		if r.ctype == "" {
			r.ctype = "application/json"
		}
	}
	hr, err := http.NewRequest(r.method, e.url+r.path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if r.ctype != "" {
		hr.Header.Set("Content-Type", r.ctype)
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// expect checks a response's status and, for errors, its code.
func (e *env) expect(r req, status int, code string) resp {
	e.t.Helper()
	res := e.do(r)
	if res.status != status {
		e.t.Fatalf("%s %s: status %d, want %d: %s", r.method, r.path, res.status, status, res.body)
	}
	if code != "" {
		if got, _ := res.errorCode(e.t); got != code {
			e.t.Fatalf("%s %s: code %q, want %q", r.method, r.path, got, code)
		}
	}
	return res
}

// setupAdmin creates the first admin and remembers its token.
func (e *env) setupAdmin() string {
	e.t.Helper()
	res := e.expect(req{method: "POST", path: "/api/v1/setup", json: map[string]string{"username": "admin", "password": "director-cut"}}, 201, "")
	var out struct{ Token string }
	res.decode(e.t, &out)
	e.admin = out.Token
	return out.Token
}

// member creates a member account and returns its token.
func (e *env) member(name string) string {
	e.t.Helper()
	e.expect(req{method: "POST", path: "/api/v1/users", token: e.admin,
		json: map[string]string{"username": name, "password": "long enough", "role": "member"}}, 201, "")
	res := e.expect(req{method: "POST", path: "/api/v1/auth/login", json: map[string]string{"username": name, "password": "long enough"}}, 200, "")
	var out struct{ Token string }
	res.decode(e.t, &out)
	return out.Token
}

// multipartBody builds an upload body with a file part and optional metadata.
func multipartBody(t testing.TB, file []byte, metadata string) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if file != nil {
		p, _ := w.CreateFormFile("file", "still.jpg")
		p.Write(file)
	}
	if metadata != "" {
		w.WriteField("metadata", metadata)
	}
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

func (e *env) upload(file []byte, metadata string) resp {
	e.t.Helper()
	body, ctype := multipartBody(e.t, file, metadata)
	return e.do(req{method: "POST", path: "/api/v1/images", token: e.admin, body: body, ctype: ctype})
}

// twoToneJPEG draws a frame whose left share is colour a and the rest b.
func twoToneJPEG(t testing.TB, w, h int, share float64, a, b color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	split := int(float64(w) * share)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x < split {
				img.SetRGBA(x, y, a)
			} else {
				img.SetRGBA(x, y, b)
			}
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var (
	deepBlue = color.RGBA{0x1a, 0x3a, 0x8a, 0xff}
	orange   = color.RGBA{0xe8, 0x80, 0x1a, 0xff}
)

func ndjson(lines ...string) []byte { return []byte(strings.Join(lines, "\n") + "\n") }

// indexed waits until the search service has applied every committed change.
func (e *env) indexed() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.search.WaitApplied(ctx); err != nil {
		e.t.Fatalf("search index did not catch up: %v", err)
	}
}
