package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// newTransport is tuned for a load generator: enough idle connections that
// every worker keeps its own (the default of 2 per host would make most
// requests open a new connection), no HTTP/2 (the server speaks HTTP/1.1),
// and no transparent decompression: requests set Accept-Encoding
// themselves and bodies are counted, never decoded.
func newTransport(conns int) *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          conns,
		MaxIdleConnsPerHost:   conns,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		DisableCompression:    true,
		ForceAttemptHTTP2:     false,
		WriteBufferSize:       16 << 10,
		ReadBufferSize:        64 << 10,
	}
}

// client talks to the server under test.
type client struct {
	base string // without a trailing slash
	http *http.Client
}

func newClient(base string, conns int) *client {
	return &client{
		base: strings.TrimRight(base, "/"),
		http: &http.Client{Transport: newTransport(conns), Timeout: 2 * time.Minute},
	}
}

// close drops the idle connections, so that the next scenario's workers
// start on their own.
func (c *client) close() { c.http.CloseIdleConnections() }

// Encodings a request accepts.
const (
	identity   = "identity"
	compressed = "br, gzip" // what a browser offers, minus deflate
)

// get sends one measured GET and reads the whole answer into buf. A non-2xx
// status is an error naming it.
func (c *client) get(ctx context.Context, path, token, accept string, buf *bytes.Buffer) (cacheState, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return cacheNone, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Encoding", accept)
	res, err := c.http.Do(req)
	if err != nil {
		return cacheNone, err
	}
	defer res.Body.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(res.Body); err != nil {
		return cacheNone, fmt.Errorf("read answer: %w", err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return cacheNone, fmt.Errorf("GET %s: %s: %s", trimPath(path), res.Status, firstLine(buf.Bytes()))
	}
	return cacheOf(res.Header), nil
}

// cacheOf reads the cache entry of Server-Timing ("cache;desc=\"hit list\"").
func cacheOf(h http.Header) cacheState {
	for _, v := range h.Values("Server-Timing") {
		switch {
		case strings.Contains(v, `cache;desc="hit`):
			return cacheHit
		case strings.Contains(v, `cache;desc="miss`):
			return cacheMiss
		}
	}
	return cacheNone
}

// apiError is an error answer of the API.
type apiError struct {
	Method, Path string
	Status       int
	Code         string
	Message      string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s %s: %d %s: %s", e.Method, trimPath(e.Path), e.Status, e.Code, e.Message)
}

// call sends a setup request (not measured): in is encoded as JSON unless
// it is a []byte (sent as NDJSON), out is decoded from the answer.
func (c *client) call(ctx context.Context, method, path, token string, in, out any) error {
	var body io.Reader
	ctype := ""
	switch v := in.(type) {
	case nil:
	case []byte:
		body, ctype = bytes.NewReader(v), "application/x-ndjson"
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("bench: encode %s %s: %w", method, path, err)
		}
		body, ctype = bytes.NewReader(b), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("bench: %s %s: %w", method, trimPath(path), err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return fmt.Errorf("bench: %s %s: %w", method, trimPath(path), err)
	}
	if res.StatusCode >= 300 {
		var e struct {
			Error struct{ Code, Message string }
		}
		_ = json.Unmarshal(b, &e) // a non-JSON answer keeps its first line below
		ae := &apiError{Method: method, Path: path, Status: res.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
		if ae.Message == "" {
			ae.Message = firstLine(b)
		}
		return ae
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("bench: %s %s: unexpected answer: %w", method, trimPath(path), err)
		}
	}
	return nil
}

// trimPath keeps error messages short: long query strings are cut.
func trimPath(p string) string {
	if len(p) > 120 {
		return p[:117] + "..."
	}
	return p
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
