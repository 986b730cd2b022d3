package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"math/rand/v2"
	"sync"
	"testing"
)

// scene draws a frame with some structure: a gradient sky, a horizon, a few
// blocks and grain, so derivatives and palettes have something to chew on.
func scene(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride:]
		for x := 0; x < w; x++ {
			var r, g, b int
			if y < h*2/3 {
				r, g, b = 40+140*y/h, 80+100*y/h, 200-60*y/h
			} else {
				r, g, b = 90, 70+40*x/w, 40
			}
			if (x/(w/8)+y/(h/6))%5 == 0 {
				r, g, b = 220, 120, 40
			}
			n := rng.IntN(17) - 8
			row[x*4] = clampByte(r + n)
			row[x*4+1] = clampByte(g + n)
			row[x*4+2] = clampByte(b + n)
			row[x*4+3] = 255
		}
	}
	return m
}

func clampByte(v int) uint8 { return uint8(max(0, min(255, v))) }

func TestProcessFormats(t *testing.T) {
	t.Parallel()
	m := scene(240, 160)
	var buf bytes.Buffer
	if err := gif.Encode(&buf, m, &gif.Options{NumColors: 64}); err != nil {
		t.Fatal(err)
	}
	g, err := gif.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	paletted := g.(*image.Paletted)
	nrgba := image.NewNRGBA(m.Bounds())
	for i := range m.Pix {
		nrgba.Pix[i] = m.Pix[i]
	}
	gray16 := image.NewGray16(m.Bounds())
	for y := 0; y < 160; y++ {
		for x := 0; x < 240; x++ {
			gray16.Set(x, y, m.At(x, y))
		}
	}
	tests := []struct {
		name, mime string
		data       []byte
		w, h       int
	}{
		{"jpeg", "image/jpeg", encJPEG(t, m), 240, 160},
		{"jpeg gray", "image/jpeg", encJPEG(t, gray16), 240, 160},
		{"png rgba", "image/png", encPNG(t, m), 240, 160},
		{"png nrgba", "image/png", encPNG(t, nrgba), 240, 160},
		{"png gray16", "image/png", encPNG(t, gray16), 240, 160},
		{"png paletted", "image/png", encPNG(t, paletted), 240, 160},
		{"gif", "image/gif", buf.Bytes(), 240, 160},
		{"webp lossless", "image/webp", webpSolid(64, 48, color.NRGBA{200, 60, 30, 255}), 64, 48},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Process(tt.data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Mime != tt.mime || p.Width != tt.w || p.Height != tt.h {
				t.Fatalf("got %s %dx%d", p.Mime, p.Width, p.Height)
			}
			checkDerivative(t, p.Preview, tt.w, tt.h)
			checkDerivative(t, p.Thumb, tt.w, tt.h)
			checkPaletteShape(t, p.Palette)
			if len(p.Blurhash) != 28 {
				t.Errorf("blurhash %q", p.Blurhash)
			}
			if p.Colors == nil {
				t.Errorf("nil colours")
			}
		})
	}
}

func checkDerivative(t *testing.T, b []byte, w, h int) {
	t.Helper()
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != w || cfg.Height != h {
		t.Errorf("derivative %dx%d, want %dx%d (never upscaled)", cfg.Width, cfg.Height, w, h)
	}
}

func TestProcessSizes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		w, h           int
		pw, ph, tw, th int
	}{
		{3000, 2000, 1600, 1067, 480, 320},
		{1000, 3000, 533, 1600, 480, 1441},
		{1600, 900, 1600, 900, 480, 270},
		{500, 300, 500, 300, 480, 288},
		{4000, 10, 1600, 4, 480, 1},
	}
	for _, tt := range tests {
		p, err := Process(encJPEG(t, scene(tt.w, tt.h)), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		checkDerivative(t, p.Preview, tt.pw, tt.ph)
		checkDerivative(t, p.Thumb, tt.tw, tt.th)
	}
}

// pngHeader returns a PNG signature and a valid IHDR declaring w×h, and
// nothing else: enough for DecodeConfig, far too little to decode.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	ihdr := []byte("IHDR")
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

func TestProcessErrors(t *testing.T) {
	t.Parallel()
	jpg := encJPEG(t, scene(64, 48))
	png := encPNG(t, scene(64, 48))
	gifData := encGIF(t, scene(64, 48))
	bigGIF := append([]byte("GIF89a\xff\xff\xff\xff\x00\x00\x00"), 0x3b)
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"text named .jpg", []byte("definitely a JPEG, trust me"), Limits{}, ErrUnsupported},
		{"empty", nil, Limits{}, ErrUnsupported},
		{"png declaring 30000x30000", pngHeader(30000, 30000), Limits{}, ErrTooManyPixels},
		{"png declaring 2^31 wide", pngHeader(1<<31-1, 1), Limits{}, ErrTooManyPixels},
		{"gif declaring 65535x65535", bigGIF, Limits{}, ErrTooManyPixels},
		{"over a custom limit", jpg, Limits{MaxPixels: 64*48 - 1}, ErrTooManyPixels},
		{"at a custom limit", jpg, Limits{MaxPixels: 64 * 48}, nil},
		{"png declaring 0 wide", pngHeader(0, 10), Limits{}, ErrCorrupt},
		{"truncated jpeg", jpg[:len(jpg)/2], Limits{}, ErrCorrupt},
		{"jpeg header only", jpg[:3], Limits{}, ErrCorrupt},
		{"truncated png", png[:len(png)-20], Limits{}, ErrCorrupt},
		{"truncated gif", gifData[:len(gifData)/2], Limits{}, ErrCorrupt},
		{"corrupt webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00garbagegarbagegarbage!!!"), Limits{}, ErrCorrupt},
		{"truncated webp", webpSolid(64, 48, color.NRGBA{1, 2, 3, 255})[:24], Limits{}, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Process(tt.data, tt.lim)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.want) || p != nil {
				t.Fatalf("got %v, %v; want %v", p, err, tt.want)
			}
		})
	}
}

func FuzzProcess(f *testing.F) {
	m := scene(24, 16)
	for _, b := range [][]byte{encJPEG(f, m), encPNG(f, m), encGIF(f, m), webpSolid(5, 3, color.NRGBA{9, 8, 7, 255})} {
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(b[:len(b)-1])
	}
	f.Add(withExif(encJPEG(f, m), 6, binary.BigEndian))
	f.Add(pngHeader(30000, 30000))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Process(data, Limits{MaxPixels: 1 << 20})
		if err != nil {
			if !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrTooManyPixels) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if p.Width <= 0 || p.Height <= 0 || len(p.Thumb) == 0 || len(p.Preview) == 0 || len(p.Blurhash) != 28 || len(p.Palette) == 0 {
			t.Fatalf("incomplete result %dx%d thumb %d preview %d blurhash %q palette %v",
				p.Width, p.Height, len(p.Thumb), len(p.Preview), p.Blurhash, p.Palette)
		}
	})
}

var (
	bench24MPOnce sync.Once
	bench24MP     []byte
)

// BenchmarkProcess24MP measures the upload path on a 6000×4000 JPEG, the
// size the performance budget (under 1.5 s) is stated for.
func BenchmarkProcess24MP(b *testing.B) {
	bench24MPOnce.Do(func() {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, scene(6000, 4000), &jpeg.Options{Quality: 90}); err != nil {
			b.Fatal(err)
		}
		bench24MP = buf.Bytes()
	})
	b.SetBytes(int64(len(bench24MP)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(bench24MP, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcess12MP covers the case where the box stage is a plain
// conversion (4000×3000 is less than 3 times the preview).
func BenchmarkProcess12MP(b *testing.B) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, scene(4000, 3000), &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Process(buf.Bytes(), Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
