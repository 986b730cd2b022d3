package media

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"
)

// findSwatch returns the share of the swatch nearest to hex, if within ΔE 10.
func findSwatch(t *testing.T, p []Swatch, hex string) (float64, bool) {
	t.Helper()
	r, g, b, _ := ParseHex(hex)
	l, a, bb := Lab(r, g, b)
	for _, s := range p {
		r2, g2, b2, err := ParseHex(s.Hex)
		if err != nil {
			t.Fatalf("bad swatch %q", s.Hex)
		}
		l2, a2, bb2 := Lab(r2, g2, b2)
		if DeltaE(l, a, bb, l2, a2, bb2) < 10 {
			return s.Share, true
		}
	}
	return 0, false
}

func checkPaletteShape(t *testing.T, p []Swatch) {
	t.Helper()
	if len(p) == 0 || len(p) > 6 {
		t.Fatalf("palette has %d swatches: %v", len(p), p)
	}
	var sum float64
	for i, s := range p {
		if _, _, _, err := ParseHex(s.Hex); err != nil || s.Hex != lower(s.Hex) {
			t.Errorf("swatch %d hex %q", i, s.Hex)
		}
		if i > 0 && s.Share > p[i-1].Share {
			t.Errorf("shares not descending: %v", p)
		}
		sum += s.Share
	}
	if math.Abs(sum-1) > 0.001 {
		t.Errorf("shares sum to %v: %v", sum, p)
	}
}

// blueOrange is the 70% deep blue, 30% orange frame of the spec.
func blueOrange(t testing.TB) *image.RGBA {
	m := solid(400, 240, hexColor(t, "#1a3a8a"))
	fillRect(m, image.Rect(280, 0, 400, 240), hexColor(t, "#e8801a"))
	return m
}

func TestPaletteBlueOrange(t *testing.T) {
	t.Parallel()
	p, err := Process(encJPEG(t, blueOrange(t)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkPaletteShape(t, p.Palette)
	blue, ok1 := findSwatch(t, p.Palette, "#1a3a8a")
	orange, ok2 := findSwatch(t, p.Palette, "#e8801a")
	if !ok1 || !ok2 || math.Abs(blue-0.7) > 0.04 || math.Abs(orange-0.3) > 0.04 {
		t.Fatalf("palette %v: blue %v %v, orange %v %v", p.Palette, ok1, blue, ok2, orange)
	}
	for _, want := range []string{"cool", "blue", "orange"} {
		if !slices.Contains(p.Colors, want) {
			t.Errorf("facets %v lack %q", p.Colors, want)
		}
	}
	for _, bad := range []string{"warm", "mixed", "black_and_white", "sepia"} {
		if slices.Contains(p.Colors, bad) {
			t.Errorf("facets %v hold %q", p.Colors, bad)
		}
	}
}

func TestPaletteDeterministicAndCapped(t *testing.T) {
	t.Parallel()
	// Twelve distinct colour bands: more than the palette may hold.
	m := image.NewRGBA(image.Rect(0, 0, 120, 40))
	for i := 0; i < 12; i++ {
		h := float64(i) * 30
		c := hsv(h, 0.8, 0.9)
		fillRect(m, image.Rect(i*10, 0, i*10+10, 40), c)
	}
	a := extractPalette(m)
	b := extractPalette(m)
	if !slices.Equal(a, b) {
		t.Fatalf("not deterministic:\n%v\n%v", a, b)
	}
	checkPaletteShape(t, a)
	if len(a) != 6 {
		t.Errorf("want 6 swatches, got %v", a)
	}
}

func TestPaletteDropsSpecks(t *testing.T) {
	t.Parallel()
	m := solid(100, 100, color.RGBA{40, 90, 40, 255})
	fillRect(m, image.Rect(0, 0, 5, 1), color.RGBA{255, 0, 255, 255}) // 0.05%
	p := extractPalette(m)
	if len(p) != 1 || p[0].Share != 1 {
		t.Fatalf("palette %v", p)
	}
}

// hsv makes an opaque colour from HSV, for test frames.
func hsv(h, s, v float64) color.RGBA {
	c := v * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := v - c
	f := func(u float64) uint8 { return uint8(math.Round((u + m) * 255)) }
	return color.RGBA{f(r), f(g), f(b), 255}
}
