package cache

import (
	"bytes"
	"compress/gzip"
	"hash/fnv"
	"strconv"
	"sync"

	"github.com/andybalholm/brotli"
)

// Entry is one cached response. Body is already encoded (JSON), so a hit
// costs no encoding. An Entry is shared by every request that hits it:
// never modify one after Set.
//
// Compressed forms are made on first demand and kept, so a hot entry is
// compressed once instead of on every response (at 20,000 req/s, per-request
// compression of a 25 KB page would take both cores by itself).
type Entry struct {
	Body        []byte
	ETag        string // sent as is; a weak validator from NewEntry
	ContentType string

	gzipOnce, brOnce sync.Once
	gzip, br         []byte
}

// NewEntry makes an entry for an encoded body, with a weak ETag derived from
// the bytes. Weak, because the same ETag is sent for the identity, gzip and
// brotli forms, which are equivalent but not byte-identical.
func NewEntry(body []byte, contentType string) *Entry {
	h := fnv.New64a()
	h.Write(body)
	etag := make([]byte, 0, 21)
	etag = append(etag, `W/"`...)
	etag = strconv.AppendUint(etag, h.Sum64(), 16)
	etag = append(etag, '"')
	return &Entry{Body: body, ETag: string(etag), ContentType: contentType}
}

// Compression parameters. A compressed form is kept only when it is at most
// a quarter of the body: JSON pages shrink far more than that, and the cap
// lets Cost reserve a fixed half of the body for both forms, so the byte
// budget holds whether or not they are ever made.
const (
	minCompress   = 1024 // below this, compression does not pay for itself
	maxShrink     = 4    // keep a form only if len(form) <= len(Body)/maxShrink
	gzipLevel     = gzip.DefaultCompression
	brotliLevel   = 5 // once per entry: a better ratio than the middleware's speed levels
	entryOverhead = 160
)

// Gzip returns the body gzip-compressed, or nil when the body is too small
// or does not compress well (serve Body then). Safe for concurrent use.
func (e *Entry) Gzip() []byte {
	e.gzipOnce.Do(func() { e.gzip = e.compress(gzipBody) })
	return e.gzip
}

// Brotli returns the body brotli-compressed, or nil when the body is too
// small or does not compress well (serve Body then). Safe for concurrent use.
func (e *Entry) Brotli() []byte {
	e.brOnce.Do(func() { e.br = e.compress(brotliBody) })
	return e.br
}

// Cost is what the entry counts against the cache's byte budget: the body,
// the header strings, the reserve for the compressed forms and a fixed
// allowance for the bookkeeping (the Entry itself and Ristretto's item).
func (e *Entry) Cost() int64 {
	n := len(e.Body) + len(e.ETag) + len(e.ContentType) + entryOverhead
	if len(e.Body) >= minCompress {
		n += 2 * (len(e.Body) / maxShrink)
	}
	return int64(n)
}

// compress applies fn to the body and keeps the result only if it is small
// enough for the reserve that Cost made.
func (e *Entry) compress(fn func([]byte) []byte) []byte {
	if len(e.Body) < minCompress {
		return nil
	}
	out := fn(e.Body)
	if len(out) > len(e.Body)/maxShrink {
		return nil
	}
	return out
}

// Compressor state is large (hundreds of KB), so writers are pooled.
var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipLevel); return w }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliLevel) }}
)

// gzipBody compresses b. Writing to a bytes.Buffer cannot fail.
func gzipBody(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b) / maxShrink)
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&buf)
	w.Write(b)
	w.Close()
	gzipWriters.Put(w)
	return buf.Bytes()
}

// brotliBody compresses b. Writing to a bytes.Buffer cannot fail.
func brotliBody(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b) / maxShrink)
	w := brotliWriters.Get().(*brotli.Writer)
	w.Reset(&buf)
	w.Write(b)
	w.Close()
	brotliWriters.Put(w)
	return buf.Bytes()
}
