package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// solid returns a w×h image of one colour.
func solid(w, h int, c color.Color) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(m, m.Bounds(), image.NewUniform(c), image.Point{}, draw.Src)
	return m
}

// fillRect paints r of m with c.
func fillRect(m draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(m, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func hexColor(t testing.TB, s string) color.RGBA {
	t.Helper()
	r, g, b, err := ParseHex(s)
	if err != nil {
		t.Fatal(err)
	}
	return color.RGBA{r, g, b, 255}
}

func encJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encPNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encGIF(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// byteOrder is what the EXIF builders need of binary.LittleEndian and
// binary.BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tiffWithOrientation builds a TIFF structure whose IFD0 holds an
// orientation tag (and an unrelated tag before it, as real files do).
func tiffWithOrientation(o uint16, bo byteOrder) []byte {
	var t []byte
	if bo.String() == binary.LittleEndian.String() {
		t = append(t, 'I', 'I')
	} else {
		t = append(t, 'M', 'M')
	}
	t = bo.AppendUint16(t, 42)
	t = bo.AppendUint32(t, 8) // IFD0 right after the header
	t = bo.AppendUint16(t, 2) // two entries
	// 0x010F Make, ASCII, 4 bytes inline: "Go\0\0".
	t = bo.AppendUint16(t, 0x010F)
	t = bo.AppendUint16(t, 2)
	t = bo.AppendUint32(t, 4)
	t = append(t, 'G', 'o', 0, 0)
	// 0x0112 Orientation, SHORT, count 1, value left-justified.
	t = bo.AppendUint16(t, tagOrientation)
	t = bo.AppendUint16(t, 3)
	t = bo.AppendUint32(t, 1)
	t = bo.AppendUint16(t, o)
	t = append(t, 0, 0)
	t = bo.AppendUint32(t, 0) // no next IFD
	return t
}

// withExif inserts an APP1 Exif segment carrying orientation o right after
// the SOI marker of a JPEG file.
func withExif(jpg []byte, o uint16, bo byteOrder) []byte {
	payload := append([]byte("Exif\x00\x00"), tiffWithOrientation(o, bo)...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// bitWriter writes the LSB-first bit stream of VP8L.
type bitWriter struct {
	buf  []byte
	nbit uint
}

func (w *bitWriter) write(v uint32, n uint) {
	for i := uint(0); i < n; i++ {
		if w.nbit%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		w.buf[len(w.buf)-1] |= byte(v>>i&1) << (w.nbit % 8)
		w.nbit++
	}
}

// webpSolid hand-assembles a lossless WebP of one colour: every prefix code
// is a one-symbol "simple" code, so the pixels take no bits at all. The
// standard library cannot encode WebP; this lets the decoder path be tested.
func webpSolid(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.write(0x2f, 8)
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	bw.write(1, 1) // alpha hint
	bw.write(0, 3) // version
	bw.write(0, 1) // no transforms
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		bw.write(1, 1) // 8-bit symbol
		bw.write(uint32(sym), 8)
	}
	chunk := bw.buf
	var out []byte
	out = append(out, "RIFF"...)
	pad := len(chunk) % 2
	out = binary.LittleEndian.AppendUint32(out, uint32(4+8+len(chunk)+pad))
	out = append(out, "WEBPVP8L"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(chunk)))
	out = append(out, chunk...)
	if pad == 1 {
		out = append(out, 0)
	}
	return out
}

// decodeJPEG decodes a derivative for inspection.
func decodeJPEG(t testing.TB, b []byte) image.Image {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// near reports whether two colours are within tol on every channel.
func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool {
		v := int(x>>8) - int(y)
		return v >= -tol && v <= tol
	}
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}
