package cache

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
)

// pageBody is a JSON body shaped like a page of image summaries.
func pageBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"title":"Still %d","movie":{"id":%d,"title":"Heat","year":1995},"frame_size":"medium_close_up","palette":["#1a2b3c","#445566"]}`, i, i, i%7)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

func TestNewEntryETag(t *testing.T) {
	t.Parallel()
	a, b := NewEntry([]byte(`{"a":1}`), "application/json"), NewEntry([]byte(`{"a":1}`), "application/json")
	c := NewEntry([]byte(`{"a":2}`), "application/json")
	if a.ETag != b.ETag {
		t.Errorf("same body, ETags %s and %s", a.ETag, b.ETag)
	}
	if a.ETag == c.ETag {
		t.Errorf("different bodies share ETag %s", a.ETag)
	}
	if !strings.HasPrefix(a.ETag, `W/"`) || !strings.HasSuffix(a.ETag, `"`) || len(a.ETag) < 5 {
		t.Errorf("ETag %s is not a weak validator", a.ETag)
	}
	if a.ContentType != "application/json" {
		t.Errorf("ContentType = %q", a.ContentType)
	}
}

func TestCompressedFormsRoundTrip(t *testing.T) {
	t.Parallel()
	body := pageBody(50)
	e := NewEntry(body, "application/json")
	gz, br := e.Gzip(), e.Brotli()
	if gz == nil || br == nil {
		t.Fatalf("a %d-byte JSON page was not compressed (gzip %d, brotli %d bytes)", len(body), len(gz), len(br))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, body) {
		t.Errorf("gzip form decodes to %d bytes (%v), want the %d-byte body", len(got), err, len(body))
	}
	if got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); err != nil || !bytes.Equal(got, body) {
		t.Errorf("brotli form decodes to %d bytes (%v), want the %d-byte body", len(got), err, len(body))
	}
	// Both forms fit the reserve that Cost counted.
	if extra := int64(len(gz) + len(br)); e.Cost() < int64(len(body))+extra {
		t.Errorf("Cost %d does not cover body %d + compressed forms %d", e.Cost(), len(body), extra)
	}
	if e.Gzip()[0] != gz[0] || &e.Gzip()[0] != &gz[0] {
		t.Error("Gzip compressed again instead of keeping its result")
	}
}

func TestNoCompressedFormWhenItDoesNotPay(t *testing.T) {
	t.Parallel()
	small := NewEntry([]byte(`{"items":[]}`), "application/json")
	noise := make([]byte, 64<<10)
	rand.Read(noise)
	random := NewEntry(noise, "application/octet-stream")
	for name, e := range map[string]*Entry{"small": small, "incompressible": random} {
		if e.Gzip() != nil || e.Brotli() != nil {
			t.Errorf("%s body: got a compressed form; want nil (serve the body)", name)
		}
	}
	if small.Cost() != int64(len(small.Body)+len(small.ETag)+len(small.ContentType)+entryOverhead) {
		t.Errorf("small entry Cost %d reserves room for forms it never makes", small.Cost())
	}
}

func TestCompressedFormsConcurrently(t *testing.T) {
	t.Parallel()
	e := NewEntry(pageBody(50), "application/json")
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	for i := range got {
		wg.Go(func() {
			if i%2 == 0 {
				got[i] = e.Gzip()
			} else {
				got[i] = e.Brotli()
			}
		})
	}
	wg.Wait()
	for i := range got {
		if want := got[i%2]; &got[i][0] != &want[0] {
			t.Errorf("caller %d got its own compressed copy", i)
		}
	}
}
