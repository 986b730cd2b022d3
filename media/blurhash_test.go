package media

import (
	"image"
	"image/color"
	"strings"
	"testing"
)

func TestBlurhash(t *testing.T) {
	t.Parallel()
	// A flat image has no AC energy: every AC pair is the midpoint "fQ".
	if got, want := blurhash(solid(32, 24, color.RGBA{0, 0, 0, 255})), "L00000"+strings.Repeat("fQ", 11); got != want {
		t.Errorf("black: %q, want %q", got, want)
	}
	// The DC term carries the mean colour in sRGB.
	if got := blurhash(solid(8, 8, color.RGBA{255, 255, 255, 255})); got[2:6] != encodeDC(255, 255, 255) {
		t.Errorf("white DC: %q", got)
	}

	m := image.NewRGBA(image.Rect(0, 0, 100, 60))
	for y := 0; y < 60; y++ {
		for x := 0; x < 100; x++ {
			m.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 4), uint8(255 - x), 255})
		}
	}
	a, b := blurhash(m), blurhash(m)
	if a != b {
		t.Fatalf("not deterministic: %q vs %q", a, b)
	}
	if len(a) != 1+1+4+2*(4*3-1) {
		t.Fatalf("length %d: %q", len(a), a)
	}
	if a[0] != 'L' { // size flag (4-1) + (3-1)*9 = 21
		t.Errorf("size flag %q", a[0])
	}
	for _, c := range a {
		if !strings.ContainsRune(base83Chars, c) {
			t.Fatalf("character %q outside base 83", c)
		}
	}
	if strings.Count(a, "fQ") == 11 {
		t.Errorf("gradient lost its AC components: %q", a)
	}
}

func encodeDC(r, g, b int) string {
	return string(base83(nil, r<<16|g<<8|b, 4))
}

func TestBase83(t *testing.T) {
	t.Parallel()
	if got := string(base83(nil, 82, 1)); got != "~" {
		t.Errorf("82 -> %q", got)
	}
	if got := string(base83(nil, 83, 2)); got != "10" {
		t.Errorf("83 -> %q", got)
	}
	if got := string(base83(nil, 3429, 2)); got != "fQ" {
		t.Errorf("3429 -> %q", got)
	}
}
