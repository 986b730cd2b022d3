package media

import (
	"errors"
	"fmt"
	"math"
)

// The D65 reference white, matching sRGB.
const (
	whiteX = 0.95047
	whiteY = 1.0
	whiteZ = 1.08883
)

// srgbToLinear maps an 8-bit sRGB value to linear light; a table because
// palette extraction converts thousands of pixels.
var srgbToLinear = func() (t [256]float64) {
	for i := range t {
		v := float64(i) / 255
		if v <= 0.04045 {
			t[i] = v / 12.92
		} else {
			t[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return t
}()

// linearToSRGB maps linear light back to an 8-bit sRGB value, clamped.
func linearToSRGB(v float64) uint8 {
	v = math.Max(0, math.Min(1, v))
	if v <= 0.0031308 {
		v *= 12.92
	} else {
		v = 1.055*math.Pow(v, 1/2.4) - 0.055
	}
	return uint8(math.Round(v * 255))
}

// Lab converts an sRGB colour to CIELAB under D65, the space in which palette
// clustering and colour search measure distances.
func Lab(r, g, b uint8) (L, A, B float64) {
	lr, lg, lb := srgbToLinear[r], srgbToLinear[g], srgbToLinear[b]
	x := (0.4124564*lr + 0.3575761*lg + 0.1804375*lb) / whiteX
	y := (0.2126729*lr + 0.7151522*lg + 0.0721750*lb) / whiteY
	z := (0.0193339*lr + 0.1191920*lg + 0.9503041*lb) / whiteZ
	fx, fy, fz := labF(x), labF(y), labF(z)
	return 116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)
}

// labF is the CIELAB companding function, linear near black.
func labF(t float64) float64 {
	const e = 216.0 / 24389
	if t > e {
		return math.Cbrt(t)
	}
	return (24389.0/27*t + 16) / 116
}

// labFInv inverts labF.
func labFInv(t float64) float64 {
	if t3 := t * t * t; t3 > 216.0/24389 {
		return t3
	}
	return (116*t - 16) / (24389.0 / 27)
}

// labToRGB converts CIELAB (D65) back to sRGB, clamping colours outside the
// sRGB gamut.
func labToRGB(L, A, B float64) (r, g, b uint8) {
	fy := (L + 16) / 116
	x := whiteX * labFInv(fy+A/500)
	y := whiteY * labFInv(fy)
	z := whiteZ * labFInv(fy-B/200)
	return linearToSRGB(3.2404542*x - 1.5371385*y - 0.4985314*z),
		linearToSRGB(-0.9692660*x + 1.8760108*y + 0.0415560*z),
		linearToSRGB(0.0556434*x - 0.2040259*y + 1.0572252*z)
}

// DeltaE is the CIEDE2000 colour difference between two CIELAB colours:
// about 1 is just noticeable, under 15 reads as "the same colour family".
func DeltaE(l1, a1, b1, l2, a2, b2 float64) float64 {
	const pow25to7 = 6103515625.0 // 25^7
	c1, c2 := math.Hypot(a1, b1), math.Hypot(a2, b2)
	cbar7 := math.Pow((c1+c2)/2, 7)
	g := 0.5 * (1 - math.Sqrt(cbar7/(cbar7+pow25to7)))
	a1p, a2p := (1+g)*a1, (1+g)*a2
	c1p, c2p := math.Hypot(a1p, b1), math.Hypot(a2p, b2)
	h1p, h2p := hueDeg(b1, a1p), hueDeg(b2, a2p)

	dLp := l2 - l1
	dCp := c2p - c1p
	var dhp float64
	if c1p*c2p != 0 {
		dhp = h2p - h1p
		if dhp > 180 {
			dhp -= 360
		} else if dhp < -180 {
			dhp += 360
		}
	}
	dHp := 2 * math.Sqrt(c1p*c2p) * math.Sin(rad(dhp/2))

	lbar := (l1 + l2) / 2
	cbarp := (c1p + c2p) / 2
	hbar := h1p + h2p
	if c1p*c2p != 0 {
		switch {
		case math.Abs(h1p-h2p) <= 180:
			hbar /= 2
		case hbar < 360:
			hbar = (hbar + 360) / 2
		default:
			hbar = (hbar - 360) / 2
		}
	}
	t := 1 - 0.17*math.Cos(rad(hbar-30)) + 0.24*math.Cos(rad(2*hbar)) +
		0.32*math.Cos(rad(3*hbar+6)) - 0.20*math.Cos(rad(4*hbar-63))
	dTheta := 30 * math.Exp(-math.Pow((hbar-275)/25, 2))
	cbarp7 := math.Pow(cbarp, 7)
	rc := 2 * math.Sqrt(cbarp7/(cbarp7+pow25to7))
	l50 := (lbar - 50) * (lbar - 50)
	sl := 1 + 0.015*l50/math.Sqrt(20+l50)
	sc := 1 + 0.045*cbarp
	sh := 1 + 0.015*cbarp*t
	rt := -math.Sin(rad(2*dTheta)) * rc

	dl, dc, dh := dLp/sl, dCp/sc, dHp/sh
	return math.Sqrt(dl*dl + dc*dc + dh*dh + rt*dc*dh)
}

// hueDeg returns atan2(b, a) in degrees within [0, 360).
func hueDeg(b, a float64) float64 {
	if a == 0 && b == 0 {
		return 0
	}
	h := math.Atan2(b, a) * 180 / math.Pi
	if h < 0 {
		h += 360
	}
	return h
}

func rad(deg float64) float64 { return deg * math.Pi / 180 }

// errBadHex is returned by ParseHex for anything but "#rrggbb".
var errBadHex = errors.New("media: colour must be #rrggbb")

// ParseHex parses "#rrggbb" (hex digits in either case, '#' required) into
// its components, as palettes are stored and colour search is asked.
func ParseHex(s string) (r, g, b uint8, err error) {
	if len(s) != 7 || s[0] != '#' {
		return 0, 0, 0, fmt.Errorf("%w: %q", errBadHex, s)
	}
	var v [3]uint8
	for i := range v {
		hi, ok1 := hexDigit(s[1+2*i])
		lo, ok2 := hexDigit(s[2+2*i])
		if !ok1 || !ok2 {
			return 0, 0, 0, fmt.Errorf("%w: %q", errBadHex, s)
		}
		v[i] = hi<<4 | lo
	}
	return v[0], v[1], v[2], nil
}

func hexDigit(c byte) (uint8, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// FormatHex formats a colour as lowercase "#rrggbb", the stored form.
func FormatHex(r, g, b uint8) string {
	const digits = "0123456789abcdef"
	return string([]byte{'#', digits[r>>4], digits[r&15], digits[g>>4], digits[g&15], digits[b>>4], digits[b&15]})
}
