package media

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"testing"
)

func TestFit(t *testing.T) {
	t.Parallel()
	tests := []struct{ w, h, max, ww, wh int }{
		{6000, 4000, 1600, 1600, 1067},
		{4000, 6000, 1600, 1067, 1600},
		{800, 600, 1600, 800, 600},
		{100000, 1, 1600, 1600, 1},
		{1, 100000, 100, 1, 100},
		{1600, 1600, 1600, 1600, 1600},
	}
	for _, tt := range tests {
		if w, h := fit(tt.w, tt.h, tt.max); w != tt.ww || h != tt.wh {
			t.Errorf("fit(%d, %d, %d) = %d, %d; want %d, %d", tt.w, tt.h, tt.max, w, h, tt.ww, tt.wh)
		}
	}
}

// gradient is smooth, so chroma subsampling loses little of it.
func gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetRGBA(x, y, color.RGBA{uint8(40 + 150*x/w), uint8(200 - 120*y/h), uint8(60 + 60*(x+y)/(w+h)), 255})
		}
	}
	return m
}

// convert redraws m into a new image of the given type and bounds.
func convert(m image.Image, dst draw.Image) draw.Image {
	draw.Draw(dst, dst.Bounds(), m, image.Point{}, draw.Src)
	return dst
}

// TestBoxShrinkTypes checks every fast path against the generic At path on
// the same pixels, including odd sizes and bounds away from the origin.
func TestBoxShrinkTypes(t *testing.T) {
	t.Parallel()
	src := gradient(53, 37)
	r := image.Rect(3, 5, 56, 42) // same size, shifted
	ycc := func(ratio image.YCbCrSubsampleRatio, r image.Rectangle) image.Image {
		m := image.NewYCbCr(r, ratio)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				c := src.RGBAAt(x-r.Min.X, y-r.Min.Y)
				yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
				m.Y[m.YOffset(x, y)] = yy
				m.Cb[m.COffset(x, y)] = cb
				m.Cr[m.COffset(x, y)] = cr
			}
		}
		return m
	}
	shifted := func(dst draw.Image) image.Image {
		draw.Draw(dst, dst.Bounds(), src, image.Point{}, draw.Src)
		return dst
	}
	imgs := map[string]image.Image{
		"rgba":    shifted(image.NewRGBA(r)),
		"nrgba":   shifted(image.NewNRGBA(r)),
		"rgba64":  shifted(image.NewRGBA64(r)),
		"nrgba64": shifted(image.NewNRGBA64(r)),
		"gray":    shifted(image.NewGray(r)),
		"gray16":  shifted(image.NewGray16(r)),
		"cmyk":    shifted(image.NewCMYK(r)),
		"paletted": shifted(image.NewPaletted(r, color.Palette{
			color.RGBA{0, 0, 0, 255}, color.RGBA{255, 255, 255, 255}, color.RGBA{200, 60, 30, 255}, color.RGBA{30, 60, 200, 255},
		})),
		"nycbcra": func() image.Image {
			m := image.NewNYCbCrA(r, image.YCbCrSubsampleRatio420)
			y := ycc(image.YCbCrSubsampleRatio420, r).(*image.YCbCr)
			m.YCbCr = *y
			for i := range m.A {
				m.A[i] = 255
			}
			return m
		}(),
	}
	for _, ratio := range []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	} {
		imgs[fmt.Sprint("ycbcr ", ratio)] = ycc(ratio, src.Rect)
		imgs[fmt.Sprint("ycbcr shifted ", ratio)] = ycc(ratio, r)
	}
	for name, m := range imgs {
		for _, size := range [][2]int{{53, 37}, {26, 18}, {7, 5}, {1, 1}} {
			got := boxShrink(m, size[0], size[1])
			want := boxShrink(genericOnly{m}, size[0], size[1])
			if got.Rect != want.Rect {
				t.Fatalf("%s %v: rect %v, want %v", name, size, got.Rect, want.Rect)
			}
			// Averaging YCbCr before converting differs from converting
			// first by rounding, and chroma box edges, drawn at chroma
			// resolution, may sit up to two luma pixels off.
			tol := 2
			if strings.HasPrefix(name, "ycbcr") {
				tol = 6
			}
			for i := range got.Pix {
				if d := int(got.Pix[i]) - int(want.Pix[i]); d < -tol || d > tol {
					t.Fatalf("%s %v: byte %d is %d, generic path gives %d", name, size, i, got.Pix[i], want.Pix[i])
				}
			}
		}
	}
}

// genericOnly hides an image's concrete type, forcing the At path.
type genericOnly struct{ image.Image }

func TestResampleKeepsFlatColour(t *testing.T) {
	t.Parallel()
	c := color.RGBA{17, 130, 240, 255}
	for _, size := range [][2]int{{1600, 1067}, {333, 2}, {1, 1}, {999, 998}} {
		m := resample(solid(1000, 999, c), size[0], size[1])
		for i := 0; i < len(m.Pix); i += 4 {
			if got := (color.RGBA{m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3]}); got != c {
				t.Fatalf("%v: pixel %d is %v", size, i/4, got)
			}
		}
	}
}

func TestMakeTaps(t *testing.T) {
	t.Parallel()
	for _, c := range [][2]int{{3000, 1600}, {10, 3}, {5, 5}, {4, 9}, {1, 1}, {100, 1}} {
		ft := makeTaps(c[0], c[1])
		for i := 0; i < c[1]; i++ {
			var sum int32
			for _, w := range ft.w[i*ft.n : (i+1)*ft.n] {
				sum += w
			}
			if sum != 1<<weightBits {
				t.Errorf("%v: weights of %d sum to %d", c, i, sum)
			}
			if s := ft.start[i]; s < 0 || s+ft.n > c[0] {
				t.Errorf("%v: taps of %d span [%d, %d) outside the source", c, i, s, s+ft.n)
			}
		}
	}
}

func TestChromaSize(t *testing.T) {
	t.Parallel()
	for _, r := range []image.Rectangle{image.Rect(0, 0, 53, 37), image.Rect(4, 2, 9, 3), image.Rect(0, 0, 1, 1), image.Rect(8, 6, 611, 409)} {
		for ratio := image.YCbCrSubsampleRatio444; ratio <= image.YCbCrSubsampleRatio410; ratio++ {
			m := image.NewYCbCr(r, ratio)
			cw, ch, _, _ := chromaSize(r, ratio)
			if cw != m.CStride || cw*ch != len(m.Cb) {
				t.Errorf("%v %v: chroma %dx%d, image has stride %d and %d samples", r, ratio, cw, ch, m.CStride, len(m.Cb))
			}
		}
	}
}

// FuzzResize drives the two-stage resizer with arbitrary sizes, offsets and
// chroma layouts: it must never panic and must return exactly the size asked.
func FuzzResize(f *testing.F) {
	f.Add(uint16(53), uint16(37), uint16(7), uint16(5), uint8(2), uint8(0), uint8(0))
	f.Add(uint16(1), uint16(300), uint16(1), uint16(3), uint8(5), uint8(3), uint8(1))
	f.Add(uint16(300), uint16(1), uint16(299), uint16(1), uint8(4), uint8(4), uint8(2))
	// Offsets stay non-negative: image.NewYCbCr itself mis-sizes chroma
	// planes left of or above the origin, and decoders never go there.
	f.Fuzz(func(t *testing.T, sw, sh, w, h uint16, ratio, minX, minY uint8) {
		sw, sh = 1+sw%400, 1+sh%400
		w, h = 1+w%sw, 1+h%sh
		r := image.Rect(int(minX), int(minY), int(minX)+int(sw), int(minY)+int(sh))
		m := image.NewYCbCr(r, image.YCbCrSubsampleRatio(ratio%6))
		for i := range m.Y {
			m.Y[i] = byte(i)
		}
		for i := range m.Cb {
			m.Cb[i], m.Cr[i] = byte(i*7), byte(i*13)
		}
		for _, src := range []image.Image{m, gradient(int(sw), int(sh))} {
			out := resize(src, int(w), int(h))
			if out.Rect != image.Rect(0, 0, int(w), int(h)) {
				t.Fatalf("resize %v to %dx%d gave %v", src.Bounds(), w, h, out.Rect)
			}
		}
	})
}
