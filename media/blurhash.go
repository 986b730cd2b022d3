package media

import (
	"image"
	"math"
)

// Blurhash components: 4 across and 3 down suit landscape film frames and
// give a 28-character string.
const (
	blurX = 4
	blurY = 3
)

const base83Chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"

// blurhash encodes a small image as a blurhash (https://blurha.sh): a DCT of
// the image in linear light, quantised into base 83, that the UI paints as a
// placeholder while the thumbnail loads.
func blurhash(m *image.RGBA) string {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	if w == 0 || h == 0 {
		return ""
	}
	// Cosine tables: the basis is separable, so tabulate each axis once.
	cosX := make([]float64, blurX*w)
	for i := 0; i < blurX; i++ {
		for x := 0; x < w; x++ {
			cosX[i*w+x] = math.Cos(math.Pi * float64(i) * float64(x) / float64(w))
		}
	}
	cosY := make([]float64, blurY*h)
	for j := 0; j < blurY; j++ {
		for y := 0; y < h; y++ {
			cosY[j*h+y] = math.Cos(math.Pi * float64(j) * float64(y) / float64(h))
		}
	}

	var f [blurX * blurY][3]float64
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride : y*m.Stride+w*4]
		for x := 0; x < w; x++ {
			r, g, b := srgbToLinear[row[x*4]], srgbToLinear[row[x*4+1]], srgbToLinear[row[x*4+2]]
			for j := 0; j < blurY; j++ {
				cy := cosY[j*h+y]
				for i := 0; i < blurX; i++ {
					basis := cosX[i*w+x] * cy
					c := &f[j*blurX+i]
					c[0] += basis * r
					c[1] += basis * g
					c[2] += basis * b
				}
			}
		}
	}
	for k := range f {
		norm := 2.0
		if k == 0 {
			norm = 1
		}
		scale := norm / float64(w*h)
		for c := range f[k] {
			f[k][c] *= scale
		}
	}

	out := make([]byte, 0, 4+2*blurX*blurY)
	out = base83(out, (blurX-1)+(blurY-1)*9, 1)

	var maxAC float64
	for _, c := range f[1:] {
		maxAC = math.Max(maxAC, math.Max(math.Abs(c[0]), math.Max(math.Abs(c[1]), math.Abs(c[2]))))
	}
	maxValue := 1.0
	if len(f) > 1 {
		q := int(math.Max(0, math.Min(82, math.Floor(maxAC*166-0.5))))
		maxValue = float64(q+1) / 166
		out = base83(out, q, 1)
	} else {
		out = base83(out, 0, 1)
	}

	dc := f[0]
	out = base83(out, int(linearToSRGB(dc[0]))<<16|int(linearToSRGB(dc[1]))<<8|int(linearToSRGB(dc[2])), 4)
	for _, c := range f[1:] {
		q := func(v float64) int {
			return int(math.Max(0, math.Min(18, math.Floor(signPow(v/maxValue, 0.5)*9+9.5))))
		}
		out = base83(out, q(c[0])*19*19+q(c[1])*19+q(c[2]), 2)
	}
	return string(out)
}

// signPow raises |v| to exp, keeping v's sign.
func signPow(v, exp float64) float64 {
	return math.Copysign(math.Pow(math.Abs(v), exp), v)
}

// base83 appends v as n base-83 digits, most significant first.
func base83(dst []byte, v, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		d := v
		for k := 0; k < i; k++ {
			d /= 83
		}
		dst = append(dst, base83Chars[d%83])
	}
	return dst
}
