package media

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"testing"
)

func TestJPEGOrientationParse(t *testing.T) {
	t.Parallel()
	base := encJPEG(t, solid(8, 8, color.RGBA{1, 2, 3, 255}))
	for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		for o := uint16(1); o <= 8; o++ {
			if got := jpegOrientation(withExif(base, o, bo)); got != int(o) {
				t.Errorf("%v orientation %d: got %d", bo, o, got)
			}
		}
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"no exif", base},
		{"out of range value", withExif(base, 9, binary.BigEndian)},
		{"zero value", withExif(base, 0, binary.LittleEndian)},
		{"not a jpeg", []byte("hello world")},
		{"empty", nil},
		{"segment length past end", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x'}},
		{"segment length too small", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0, 0}},
	}
	for _, tt := range tests {
		if got := jpegOrientation(tt.data); got != 1 {
			t.Errorf("%s: got %d, want 1", tt.name, got)
		}
	}
}

func TestTIFFOrientationMalformed(t *testing.T) {
	t.Parallel()
	good := tiffWithOrientation(6, binary.BigEndian)
	if o, ok := tiffOrientation(good); !ok || o != 6 {
		t.Fatalf("good TIFF: %d %v", o, ok)
	}
	mut := func(f func(b []byte)) []byte {
		b := append([]byte{}, good...)
		f(b)
		return b
	}
	bad := map[string][]byte{
		"short":        good[:7],
		"byte order":   mut(func(b []byte) { b[0], b[1] = 'X', 'X' }),
		"magic":        mut(func(b []byte) { b[3] = 43 }),
		"ifd past end": mut(func(b []byte) { binary.BigEndian.PutUint32(b[4:], 0xFFFFFFF0) }),
		"count past end": mut(func(b []byte) {
			binary.BigEndian.PutUint16(b[8:], 0xFFFF)
			binary.BigEndian.PutUint16(b[22:], 0x0110) // the orientation entry is another tag
		}),
		"count too small": mut(func(b []byte) { binary.BigEndian.PutUint16(b[8:], 1) }),
		"truncated ifd":   good[:len(good)-10],
		"wrong type":      mut(func(b []byte) { binary.BigEndian.PutUint16(b[24:], 7) }),
	}
	for name, b := range bad {
		if o, ok := tiffOrientation(b); ok {
			t.Errorf("%s: got %d, want not ok", name, o)
		}
	}
}

// TestProcessOrientation checks all eight orientations end to end: a stored
// 96×48 frame with a red block in its top-left corner and a green block in its
// top-right corner must come out with the blocks where EXIF says they are
// seen, and with width and height swapped for 5-8.
func TestProcessOrientation(t *testing.T) {
	t.Parallel()
	const w, h, s = 96, 48, 16
	red, green, grey := color.RGBA{220, 20, 20, 255}, color.RGBA{20, 200, 20, 255}, color.RGBA{128, 128, 128, 255}
	m := solid(w, h, grey)
	fillRect(m, image.Rect(0, 0, s, s), red)
	fillRect(m, image.Rect(w-s, 0, w, s), green)
	base := encJPEG(t, m)

	// Corners of the displayed image: top-left, top-right, bottom-right, bottom-left.
	const tl, tr, br, bl = 0, 1, 2, 3
	want := map[int][2]int{ // orientation -> corner of red, corner of green
		1: {tl, tr}, 2: {tr, tl}, 3: {br, bl}, 4: {bl, br},
		5: {tl, bl}, 6: {tr, br}, 7: {br, tr}, 8: {bl, tl},
	}
	for o := 1; o <= 8; o++ {
		for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
			t.Run(fmt.Sprintf("%d/%v", o, bo), func(t *testing.T) {
				p, err := Process(withExif(base, uint16(o), bo), Limits{})
				if err != nil {
					t.Fatal(err)
				}
				dw, dh := w, h
				if o >= 5 {
					dw, dh = h, w
				}
				if p.Width != dw || p.Height != dh {
					t.Fatalf("size %dx%d, want %dx%d", p.Width, p.Height, dw, dh)
				}
				pv := decodeJPEG(t, p.Preview)
				if b := pv.Bounds(); b.Dx() != dw || b.Dy() != dh {
					t.Fatalf("preview %v, want %dx%d", b, dw, dh)
				}
				at := func(corner int) color.Color {
					const in = s / 2
					pts := [4]image.Point{{in, in}, {dw - 1 - in, in}, {dw - 1 - in, dh - 1 - in}, {in, dh - 1 - in}}
					return pv.At(pts[corner].X, pts[corner].Y)
				}
				if c := at(want[o][0]); !near(c, red, 40) {
					t.Errorf("red corner %d holds %v", want[o][0], c)
				}
				if c := at(want[o][1]); !near(c, green, 40) {
					t.Errorf("green corner %d holds %v", want[o][1], c)
				}
			})
		}
	}
}

func FuzzExifOrientation(f *testing.F) {
	base := encJPEG(f, solid(8, 8, color.RGBA{1, 2, 3, 255}))
	for o := uint16(0); o <= 9; o++ {
		f.Add(withExif(base, o, binary.LittleEndian)[:64])
		f.Add(withExif(base, o, binary.BigEndian)[:64])
		f.Add(tiffWithOrientation(o, binary.BigEndian))
	}
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xE1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := jpegOrientation(b); o < 1 || o > 8 {
			t.Fatalf("jpegOrientation = %d", o)
		}
		if o, ok := tiffOrientation(b); ok && (o < 1 || o > 8) {
			t.Fatalf("tiffOrientation = %d", o)
		}
		// Any bytes after a synthetic SOI + APP1 header must be safe too.
		seg := []byte{0xFF, 0xD8, 0xFF, 0xE1}
		seg = binary.BigEndian.AppendUint16(seg, uint16(min(len(b)+8, 0xFFFF)))
		seg = append(seg, "Exif\x00\x00"...)
		if o := jpegOrientation(append(seg, b...)); o < 1 || o > 8 {
			t.Fatalf("jpegOrientation(wrapped) = %d", o)
		}
	})
}
