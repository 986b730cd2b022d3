package media

import (
	"math"
	"testing"
)

func TestLab(t *testing.T) {
	t.Parallel()
	tests := []struct {
		hex     string
		l, a, b float64
	}{
		{"#ffffff", 100, 0, 0},
		{"#000000", 0, 0, 0},
		{"#ff0000", 53.24, 80.09, 67.20},
		{"#00ff00", 87.73, -86.18, 83.18},
		{"#0000ff", 32.30, 79.19, -107.86},
		{"#808080", 53.59, 0, 0},
	}
	for _, tt := range tests {
		r, g, b, err := ParseHex(tt.hex)
		if err != nil {
			t.Fatal(err)
		}
		l, a, bb := Lab(r, g, b)
		if math.Abs(l-tt.l) > 0.05 || math.Abs(a-tt.a) > 0.05 || math.Abs(bb-tt.b) > 0.05 {
			t.Errorf("Lab(%s) = %.2f %.2f %.2f, want %.2f %.2f %.2f", tt.hex, l, a, bb, tt.l, tt.a, tt.b)
		}
		if r2, g2, b2 := labToRGB(l, a, bb); r2 != r || g2 != g || b2 != b {
			t.Errorf("labToRGB(Lab(%s)) = %s", tt.hex, FormatHex(r2, g2, b2))
		}
	}
}

// TestDeltaE checks CIEDE2000 against pairs from Sharma, Wu and Dalal's
// published test data, which exercise the hue-angle edge cases.
func TestDeltaE(t *testing.T) {
	t.Parallel()
	tests := []struct {
		l1, a1, b1, l2, a2, b2, want float64
	}{
		{50, 2.6772, -79.7751, 50, 0, -82.7485, 2.0425},
		{50, 3.1571, -77.2803, 50, 0, -82.7485, 2.8615},
		{50, 2.8361, -74.0200, 50, 0, -82.7485, 3.4412},
		{50, 0, 0, 50, -1, 2, 2.3669},
		{50, 2.5, 0, 73, 25, -18, 27.1492},
		{50, 2.5, 0, 61, -5, 29, 22.8977},
		{50, 2.5, 0, 56, -27, -3, 31.9030},
		{50, 2.5, 0, 58, 24, 15, 19.4535},
		{60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
	}
	for _, tt := range tests {
		got := DeltaE(tt.l1, tt.a1, tt.b1, tt.l2, tt.a2, tt.b2)
		if math.Abs(got-tt.want) > 1e-4 {
			t.Errorf("DeltaE(%v %v %v, %v %v %v) = %.4f, want %.4f", tt.l1, tt.a1, tt.b1, tt.l2, tt.a2, tt.b2, got, tt.want)
		}
		if back := DeltaE(tt.l2, tt.a2, tt.b2, tt.l1, tt.a1, tt.b1); math.Abs(back-got) > 1e-9 {
			t.Errorf("DeltaE is not symmetric: %v vs %v", got, back)
		}
	}
	if d := DeltaE(40, 10, -20, 40, 10, -20); d != 0 {
		t.Errorf("DeltaE of a colour with itself = %v", d)
	}
}

func TestParseHex(t *testing.T) {
	t.Parallel()
	good := map[string][3]uint8{
		"#000000": {0, 0, 0},
		"#1a3A8a": {0x1a, 0x3a, 0x8a},
		"#FFFFFF": {255, 255, 255},
	}
	for s, want := range good {
		r, g, b, err := ParseHex(s)
		if err != nil || [3]uint8{r, g, b} != want {
			t.Errorf("ParseHex(%q) = %d %d %d %v", s, r, g, b, err)
		}
	}
	for _, s := range []string{"", "#", "1a3a8a", "#1a3a8", "#1a3a8a0", "#1g3a8a", "##1a3a8", "#+1a3a8"} {
		if _, _, _, err := ParseHex(s); err == nil {
			t.Errorf("ParseHex(%q) succeeded", s)
		}
	}
	if got := FormatHex(0x1a, 0x3a, 0x8a); got != "#1a3a8a" {
		t.Errorf("FormatHex = %q", got)
	}
}

func FuzzParseHex(f *testing.F) {
	for _, s := range []string{"#1a3a8a", "#FFFFFF", "#zzzzzz", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, g, b, err := ParseHex(s)
		if err != nil {
			return
		}
		if h := FormatHex(r, g, b); len(s) != 7 || h[1:] != lower(s[1:]) {
			t.Fatalf("ParseHex(%q) round-trips to %q", s, h)
		}
	})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
