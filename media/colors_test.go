package media

import (
	"image"
	"image/color"
	"slices"
	"testing"
)

func TestColorFacetsFrames(t *testing.T) {
	t.Parallel()
	greyRamp := image.NewGray(image.Rect(0, 0, 256, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 256; x++ {
			greyRamp.Pix[y*greyRamp.Stride+x] = uint8(x)
		}
	}
	red := solid(200, 120, color.RGBA{192, 24, 28, 255})
	fillRect(red, image.Rect(0, 96, 200, 120), color.RGBA{32, 32, 32, 255})
	sepia := image.NewRGBA(image.Rect(0, 0, 200, 120))
	cream, brown := hexColor(t, "#f3e6c8"), hexColor(t, "#7a5c3a")
	for y := 0; y < 120; y++ {
		f := float64(y) / 119
		mix := func(a, b uint8) uint8 { return uint8(float64(a)*(1-f) + float64(b)*f + 0.5) }
		fillRect(sepia, image.Rect(0, y, 200, y+1), color.RGBA{mix(cream.R, brown.R), mix(cream.G, brown.G), mix(cream.B, brown.B), 255})
	}
	snow := solid(200, 120, color.RGBA{245, 246, 250, 255})
	fillRect(snow, image.Rect(0, 80, 200, 120), color.RGBA{30, 110, 40, 255})
	tealOrange := solid(200, 120, color.RGBA{20, 110, 120, 255})
	fillRect(tealOrange, image.Rect(100, 0, 200, 120), color.RGBA{230, 140, 60, 255})

	tests := []struct {
		name      string
		img       image.Image
		want, not []string
	}{
		{"grey ramp", greyRamp, []string{"black_and_white", "desaturated"}, []string{"warm", "cool", "mixed", "sepia", "saturated", "red"}},
		{"red frame", red, []string{"warm", "red", "saturated"}, []string{"cool", "mixed", "black_and_white", "sepia"}},
		{"sepia print", sepia, []string{"sepia", "warm"}, []string{"black_and_white", "cool", "orange", "yellow", "saturated"}},
		{"snow and pines", snow, []string{"white", "green"}, []string{"black_and_white", "sepia"}},
		{"teal and orange", tealOrange, []string{"mixed", "cyan", "orange"}, []string{"warm", "cool"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Process(encPNG(t, tt.img), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !slices.Contains(p.Colors, w) {
					t.Errorf("facets %v lack %q (palette %v)", p.Colors, w, p.Palette)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(p.Colors, n) {
					t.Errorf("facets %v hold %q (palette %v)", p.Colors, n, p.Palette)
				}
			}
		})
	}
}

func TestColorFacetsHues(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"#d01818": "red", "#e8801a": "orange", "#e8d020": "yellow", "#2a9a30": "green",
		"#20c0c8": "cyan", "#1a3a8a": "blue", "#6a2aa0": "purple", "#c020a0": "magenta",
		"#f4a6c8": "pink",
	}
	for hex, want := range tests {
		got := ColorFacets([]Swatch{{Hex: hex, Share: 1}})
		if !slices.Contains(got, want) {
			t.Errorf("%s: facets %v lack %q", hex, got, want)
		}
	}
	// Browns and olives are warm but not orange or yellow.
	for _, hex := range []string{"#5b3a1a", "#5b5528"} {
		got := ColorFacets([]Swatch{{Hex: hex, Share: 1}})
		if !slices.Contains(got, "warm") || slices.Contains(got, "orange") || slices.Contains(got, "yellow") {
			t.Errorf("%s: facets %v", hex, got)
		}
	}
}

func TestColorFacetsEdgeCases(t *testing.T) {
	t.Parallel()
	if got := ColorFacets(nil); len(got) != 0 {
		t.Errorf("nil palette: %v", got)
	}
	if got := ColorFacets([]Swatch{{Hex: "nope", Share: 1}, {Hex: "#ff00", Share: 1}}); len(got) != 0 {
		t.Errorf("junk palette: %v", got)
	}
	// Bare colours, as a catalog line gives them, count equally.
	got := ColorFacets([]Swatch{{Hex: "#1a3a8a"}, {Hex: "#2050a0"}, {Hex: "#e8801a"}})
	if !slices.Contains(got, "cool") || !slices.Contains(got, "blue") || !slices.Contains(got, "orange") {
		t.Errorf("bare palette: %v", got)
	}
	// Values are always from the taxonomy, in its order.
	got = ColorFacets([]Swatch{{"#1a3a8a", 0.4}, {"#e8801a", 0.35}, {"#ffffff", 0.25}})
	var idx []int
	for _, v := range got {
		i := slices.Index(facetOrder, v)
		if i < 0 {
			t.Fatalf("unknown facet %q", v)
		}
		idx = append(idx, i)
	}
	if !slices.IsSorted(idx) {
		t.Errorf("not in taxonomy order: %v", got)
	}
}

func FuzzColorFacets(f *testing.F) {
	f.Add("#1a3a8a", 0.7, "#e8801a", 0.3)
	f.Add("#ffffff", 0.0, "#000000", 0.0)
	f.Fuzz(func(t *testing.T, h1 string, s1 float64, h2 string, s2 float64) {
		for _, v := range ColorFacets([]Swatch{{h1, s1}, {h2, s2}}) {
			if !slices.Contains(facetOrder, v) {
				t.Fatalf("value %q outside the taxonomy", v)
			}
		}
	})
}
