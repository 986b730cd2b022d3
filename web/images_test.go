package web

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shotdeck/shotdeck/store"
)

type imageJSON struct {
	ID            string
	ExternalID    string `json:"external_id"`
	Title         string
	Width, Height int
	AspectRatio   *string `json:"aspect_ratio"`
	Palette       []string
	PaletteDetail []struct {
		Hex   string
		Share float64
	} `json:"palette_detail"`
	Color       []string
	Blurhash    string
	ThumbURL    *string `json:"thumb_url"`
	PreviewURL  *string `json:"preview_url"`
	OriginalURL *string `json:"original_url"`
	Mime        *string
	Bytes       int64
	FrameSize   *string `json:"frame_size"`
	Lighting    []string
	Tags        []string
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
	Movie       *struct {
		ID, Title, Director string
		Year                *int
	}
}

func TestUploadAndMedia(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	viewer := e.member("viewer")
	file := twoToneJPEG(t, 1200, 500, 0.7, deepBlue, orange)

	res := e.upload(file, `{"title":"Blue hour","frame_size":"wide","lighting":["soft"],"tags":["Harbour"],
		"movie":{"title":"Heat","year":1995,"director":"Michael Mann"}}`)
	if res.status != 201 {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	var im imageJSON
	res.decode(t, &im)
	if im.Width != 1200 || im.Height != 500 || im.AspectRatio == nil || *im.AspectRatio != "2.39" {
		t.Fatalf("size = %dx%d %v", im.Width, im.Height, im.AspectRatio)
	}
	if len(im.Palette) < 2 || len(im.Blurhash) != 28 || !slices.Contains(im.Color, "blue") || !slices.Contains(im.Color, "orange") || !slices.Contains(im.Color, "cool") {
		t.Fatalf("colours = %v %v %q", im.Palette, im.Color, im.Blurhash)
	}
	if im.Title != "Blue hour" || *im.FrameSize != "wide" || im.Tags[0] != "harbour" || im.Movie.Director != "Michael Mann" || *im.Mime != "image/jpeg" {
		t.Fatalf("metadata = %+v", im)
	}

	// Every media URL answers, immutable, with an ETag that gives 304.
	for _, u := range []string{*im.ThumbURL, *im.PreviewURL, *im.OriginalURL} {
		r := e.expect(req{method: "GET", path: u, token: viewer}, 200, "")
		if r.header.Get("Content-Type") != "image/jpeg" || !strings.Contains(r.header.Get("Cache-Control"), "immutable") {
			t.Fatalf("%s: %v", u, r.header)
		}
		if _, _, err := image.Decode(bytes.NewReader(r.body)); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		e.expect(req{method: "GET", path: u, token: viewer, header: map[string]string{"If-None-Match": r.header.Get("ETag")}}, 304, "")
	}
	orig := e.expect(req{method: "GET", path: *im.OriginalURL, token: viewer}, 200, "")
	if !bytes.Equal(orig.body, file) {
		t.Fatal("original bytes differ from the upload")
	}
	e.expect(req{method: "GET", path: *im.ThumbURL}, 401, "unauthenticated")
	e.expect(req{method: "GET", path: "/media/../../etc/passwd/thumb.jpg", token: viewer}, 404, "")
	e.expect(req{method: "GET", path: strings.Replace(*im.OriginalURL, "original.jpg", "original.exe", 1), token: viewer}, 404, "not_found")

	// The same bytes again: 409 naming the existing still.
	res = e.upload(file, "")
	if code, _ := res.errorCode(t); res.status != 409 || code != "conflict" || !strings.Contains(string(res.body), `"existing_id":"`+im.ID+`"`) {
		t.Fatalf("duplicate: %d %s", res.status, res.body)
	}
	e.expect(req{method: "GET", path: "/api/v1/images/" + im.ID, token: viewer}, 200, "")
}

// pngHeader returns a valid PNG signature and IHDR declaring w×h pixels,
// with no pixel data at all: a decompression bomb's calling card.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.Write([]byte("\x89PNG\r\n\x1a\n"))
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestUploadRejectsBadFiles(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	member := e.member("member")
	good := twoToneJPEG(t, 64, 64, 0.5, deepBlue, orange)
	var tiny bytes.Buffer
	png.Encode(&tiny, image.NewGray(image.Rect(0, 0, 4, 4)))

	cases := []struct {
		name   string
		file   []byte
		meta   string
		status int
		code   string
	}{
		{"text named .jpg", []byte("this is not an image, just text\n"), "", 415, "unsupported_media_type"},
		{"truncated jpeg", good[:len(good)/2], "", 400, "invalid_argument"},
		{"png bomb header", pngHeader(30000, 30000), "", 413, "too_large"},
		{"oversize", append(bytes.Clone(good), make([]byte, 4<<20+512<<10)...), "", 413, "too_large"}, // over MaxBytes, under the body limit
		{"no file", nil, `{"title":"x"}`, 400, "invalid_argument"},
		{"bad metadata json", tiny.Bytes(), `{"title":`, 400, "invalid_argument"},
		{"unknown taxonomy value", tiny.Bytes(), `{"frame_size":"giant"}`, 400, "invalid_argument"},
		{"file in metadata", tiny.Bytes(), `{"file":"x.jpg"}`, 400, "invalid_argument"},
	}
	for _, tc := range cases {
		res := e.upload(tc.file, tc.meta)
		if res.status != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, res.status, tc.status, res.body)
			continue
		}
		if code, _ := res.errorCode(t); code != tc.code {
			t.Errorf("%s: code %s, want %s", tc.name, code, tc.code)
		}
	}
	e.expect(req{method: "POST", path: "/api/v1/images", token: e.admin, json: map[string]string{"file": "x"}}, 415, "unsupported_media_type")
	body, ctype := multipartBody(t, good, "")
	e.expect(req{method: "POST", path: "/api/v1/images", token: member, body: body, ctype: ctype}, 403, "forbidden")
	e.expect(req{method: "POST", path: "/api/v1/images", body: body, ctype: ctype}, 401, "unauthenticated")

	// Nothing was half-written: no still, no original file on disk.
	if n, _ := e.db.CountImages(t.Context(), store.Filter{}); n != 0 {
		t.Fatalf("%d stills after refused uploads", n)
	}
	files := 0
	filepath.WalkDir(filepath.Join(e.dir, "originals"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return nil
	})
	if files != 0 {
		t.Fatalf("%d original files after refused uploads", files)
	}
	// The server is still fine.
	if res := e.upload(good, ""); res.status != 201 {
		t.Fatalf("good upload after bad ones: %d %s", res.status, res.body)
	}
}
