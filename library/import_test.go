package library

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/store/storetest"
)

func newService(t testing.TB) *Service {
	t.Helper()
	db, blobs, dir := storetest.Open(t)
	return &Service{DB: db, Blobs: blobs, Originals: filepath.Join(dir, "originals"), Limits: media.Limits{MaxPixels: 10_000_000}, Workers: 2}
}

func solidJPEG(t testing.TB, w, h int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, 255
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func importString(t *testing.T, s *Service, manifest string, files fstest.MapFS) *Summary {
	t.Helper()
	opt := ImportOptions{}
	if files != nil {
		opt.Files = files
	}
	sum, err := s.Import(context.Background(), strings.NewReader(manifest), opt)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func failedLines(s *Summary) []int {
	var out []int
	for _, f := range s.FailedLines {
		out = append(out, f.Line)
	}
	return out
}

func TestImportIdempotentAndOrdered(t *testing.T) {
	s := newService(t)
	files := fstest.MapFS{
		"stills/red.jpg":  {Data: solidJPEG(t, 400, 300, color.RGBA{200, 20, 20, 255})},
		"stills/blue.jpg": {Data: solidJPEG(t, 640, 272, color.RGBA{20, 40, 180, 255})},
	}
	var manifest strings.Builder
	for i := range 2500 {
		fmt.Fprintf(&manifest, `{"id":"cat-%d","title":"Catalog %d","frame_size":"wide","movie":{"title":"Film %d","year":1999}}`+"\n", i, i, i%30)
	}
	manifest.WriteString(`{"id":"red","file":"stills/red.jpg","title":"Red room","lighting":["hard"]}` + "\n")
	manifest.WriteString(`{"id":"blue","file":"stills/blue.jpg"}` + "\n")
	// A later line for the same id wins, even though the file line before it
	// takes longer to process.
	manifest.WriteString(`{"id":"red","title":"Red room, final"}` + "\n")

	first := importString(t, s, manifest.String(), files)
	if first.Created != 2502 || first.Updated != 1 || first.Failed != 0 {
		t.Fatalf("first import: %+v", first.Progress)
	}
	again := importString(t, s, manifest.String(), files)
	if again.Created != 0 || again.Updated != 2503 || again.Failed != 0 {
		t.Fatalf("second import: %+v", again.Progress)
	}
	if n, _ := s.DB.CountImages(context.Background(), store.Filter{}); n != 2502 {
		t.Fatalf("%d stills after importing twice", n)
	}
	id, err := s.DB.ImageIDByExternal(context.Background(), "red")
	if err != nil {
		t.Fatal(err)
	}
	im, err := s.DB.Image(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if im.Title != "Red room, final" || im.Width != 400 || im.ThumbURL == nil || !slices.Contains(im.Multi["color"], "red") || !slices.Equal(im.Multi["lighting"], []string{"hard"}) {
		t.Fatalf("red still = %+v %v", im.ImageSummary, im.Multi)
	}
}

func TestImportCatalogThenFile(t *testing.T) {
	s := newService(t)
	sum := importString(t, s, `{"id":"x","title":"Diner","width":1920,"height":800,"palette":["#102040","#e08020"],"tags":["diner"]}`+"\n", nil)
	if sum.Created != 1 {
		t.Fatalf("%+v", sum.Progress)
	}
	ctx := context.Background()
	id, _ := s.DB.ImageIDByExternal(ctx, "x")
	im, _ := s.DB.Image(ctx, id)
	if im.ThumbURL != nil || im.Width != 1920 || *im.AspectRatio != "2.39" || len(im.Palette) != 2 || len(im.Multi["color"]) == 0 {
		t.Fatalf("catalog-only still = %+v %v", im.ImageSummary, im.Multi)
	}
	files := fstest.MapFS{"d.jpg": {Data: solidJPEG(t, 500, 500, color.RGBA{30, 160, 40, 255})}}
	sum = importString(t, s, `{"id":"x","file":"d.jpg"}`+"\n", files)
	if sum.Updated != 1 || sum.Failed != 0 {
		t.Fatalf("%+v %v", sum.Progress, sum.FailedLines)
	}
	im, _ = s.DB.Image(ctx, id)
	if im.ThumbURL == nil || im.Width != 500 || *im.AspectRatio != "1.00" || im.Title != "Diner" || !slices.Equal(im.Tags, []string{"diner"}) || !slices.Contains(im.Multi["color"], "green") {
		t.Fatalf("after attaching the file: %+v %v %v", im.ImageSummary, im.Tags, im.Multi)
	}
	if _, err := s.Blobs.Derivative(im.Hash, Thumb); err != nil {
		t.Fatalf("thumb not stored: %v", err)
	}
}

func TestImportReportsBadLines(t *testing.T) {
	s := newService(t)
	files := fstest.MapFS{
		"ok.jpg":   {Data: solidJPEG(t, 64, 64, color.RGBA{1, 2, 3, 255})},
		"text.jpg": {Data: []byte("hello, I am text")},
	}
	manifest := strings.Join([]string{
		`{"id":"good-1","title":"fine","tags":["kept"],"lighting":["soft"]}`,
		`{"id":"bad-value","frame_size":"giant"}`,
		`{"id":"bad-json"`,
		``,
		`{"id":"warn","title":"ok","colour":"red"}`,
		`{"id":"escape","file":"../../etc/passwd"}`,
		`{"id":"missing","file":"nope.jpg"}`,
		`{"id":"text","file":"text.jpg"}`,
		`{"id":"file-ok","file":"ok.jpg"}`,
		`{"id":"dupe-bytes","file":"ok.jpg"}`,
		`{"id":"bad-year","movie":{"title":"X","year":"nineteen"}}`,
		`{"id":"no-title-movie","movie":{"year":1999}}`,
		`{"title":"no id"}`,
		`{"id":"` + strings.Repeat("x", MaxLineBytes) + `"}`,
		`{"id":"good-2"}`,
	}, "\n")
	sum := importString(t, s, manifest, files)
	want := []int{2, 3, 6, 7, 8, 10, 11, 12, 13, 14}
	if got := failedLines(sum); !slices.Equal(got, want) {
		for _, f := range sum.FailedLines {
			t.Logf("line %d: %s", f.Line, f.Error)
		}
		t.Fatalf("failed lines %v, want %v", got, want)
	}
	if sum.Created != 4 || sum.Warnings != 1 || sum.WarningLines[0].Line != 5 {
		t.Fatalf("summary %+v, warnings %v", sum.Progress, sum.WarningLines)
	}
	for _, f := range sum.FailedLines {
		if f.Error == "" {
			t.Errorf("line %d failed without a reason", f.Line)
		}
	}
	// The duplicate file failed inside the batch: the batch was redone line
	// by line, and the good lines around it kept all their values.
	ctx := context.Background()
	id, err := s.DB.ImageIDByExternal(ctx, "good-1")
	if err != nil {
		t.Fatal(err)
	}
	im, _ := s.DB.Image(ctx, id)
	if !slices.Equal(im.Tags, []string{"kept"}) || !slices.Equal(im.Multi["lighting"], []string{"soft"}) {
		t.Fatalf("good-1 after the batch was redone: tags %v, values %v", im.Tags, im.Multi)
	}
}
