package media

import (
	"image"
	"image/color"
)

// rowReader copies one source row into a buffer as premultiplied RGBA, 4
// bytes a pixel, so that the box filter has one tight loop for every image
// type. YCbCr shrunk by 2 or more takes a faster path: see shrinkYCbCr.
type rowReader func(y int, buf []byte) // y is in source coordinates

// newRowReader returns the fastest reader for m's concrete type, falling back
// to the generic (and allocating) At for types decoders rarely produce.
func newRowReader(m image.Image) rowReader {
	b := m.Bounds()
	w := b.Dx()
	switch m := m.(type) {
	case *image.YCbCr:
		// Used when the output is finer than the chroma planes (a plain
		// conversion, or a mild shrink). COffset is separable in x and y,
		// so one table of column offsets serves every row.
		cx := make([]int, w)
		base := m.COffset(b.Min.X, b.Min.Y)
		for x := range cx {
			cx[x] = m.COffset(b.Min.X+x, b.Min.Y) - base
		}
		return func(y int, buf []byte) {
			ys := m.Y[m.YOffset(b.Min.X, y):][:w]
			c := m.COffset(b.Min.X, y)
			cb, cr := m.Cb[c:], m.Cr[c:]
			for x, v := range ys {
				p := buf[x*4 : x*4+4 : x*4+4]
				p[0], p[1], p[2] = color.YCbCrToRGB(v, cb[cx[x]], cr[cx[x]])
				p[3] = 255
			}
		}
	case *image.RGBA:
		return func(y int, buf []byte) {
			copy(buf, m.Pix[m.PixOffset(b.Min.X, y):][:w*4])
		}
	case *image.NRGBA:
		return func(y int, buf []byte) {
			s := m.Pix[m.PixOffset(b.Min.X, y):][:w*4]
			for x := 0; x < w; x++ {
				premul(buf[x*4:x*4+4], s[x*4], s[x*4+1], s[x*4+2], s[x*4+3])
			}
		}
	case *image.Gray:
		return func(y int, buf []byte) {
			s := m.Pix[m.PixOffset(b.Min.X, y):][:w]
			for x, v := range s {
				p := buf[x*4 : x*4+4 : x*4+4]
				p[0], p[1], p[2], p[3] = v, v, v, 255
			}
		}
	case *image.Paletted:
		// Indices past the palette read as transparent black rather than
		// panicking, whatever the decoder let through.
		var lut [256][4]byte
		for i, c := range m.Palette {
			if i < 256 && c != nil {
				r, g, bl, a := c.RGBA()
				lut[i] = [4]byte{byte(r >> 8), byte(g >> 8), byte(bl >> 8), byte(a >> 8)}
			}
		}
		return func(y int, buf []byte) {
			s := m.Pix[m.PixOffset(b.Min.X, y):][:w]
			for x, v := range s {
				copy(buf[x*4:x*4+4], lut[v][:])
			}
		}
	case *image.NYCbCrA:
		return func(y int, buf []byte) {
			for x := 0; x < w; x++ {
				yi, ci := m.YOffset(b.Min.X+x, y), m.COffset(b.Min.X+x, y)
				r, g, bl := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				premul(buf[x*4:x*4+4], r, g, bl, m.A[m.AOffset(b.Min.X+x, y)])
			}
		}
	case *image.CMYK: // Adobe JPEGs from print workflows
		return func(y int, buf []byte) {
			s := m.Pix[m.PixOffset(b.Min.X, y):][:w*4]
			for x := 0; x < w; x++ {
				p := buf[x*4 : x*4+4 : x*4+4]
				p[0], p[1], p[2] = color.CMYKToRGB(s[x*4], s[x*4+1], s[x*4+2], s[x*4+3])
				p[3] = 255
			}
		}
	case *image.Gray16: // 16-bit scans: the high byte is all an 8-bit derivative keeps
		return func(y int, buf []byte) {
			s := m.Pix[m.PixOffset(b.Min.X, y):][:w*2]
			for x := 0; x < w; x++ {
				v := s[x*2]
				p := buf[x*4 : x*4+4 : x*4+4]
				p[0], p[1], p[2], p[3] = v, v, v, 255
			}
		}
	case *image.RGBA64:
		return func(y int, buf []byte) {
			s := m.Pix[m.PixOffset(b.Min.X, y):][:w*8]
			for x := 0; x < w; x++ {
				p := buf[x*4 : x*4+4 : x*4+4]
				p[0], p[1], p[2], p[3] = s[x*8], s[x*8+2], s[x*8+4], s[x*8+6]
			}
		}
	case *image.NRGBA64:
		return func(y int, buf []byte) {
			s := m.Pix[m.PixOffset(b.Min.X, y):][:w*8]
			for x := 0; x < w; x++ {
				premul(buf[x*4:x*4+4], s[x*8], s[x*8+2], s[x*8+4], s[x*8+6])
			}
		}
	}
	return func(y int, buf []byte) {
		for x := 0; x < w; x++ {
			r, g, bl, a := m.At(b.Min.X+x, y).RGBA()
			p := buf[x*4 : x*4+4 : x*4+4]
			p[0], p[1], p[2], p[3] = byte(r>>8), byte(g>>8), byte(bl>>8), byte(a>>8)
		}
	}
}

// premul stores a non-premultiplied colour premultiplied by its alpha.
func premul(p []byte, r, g, b, a byte) {
	p[0] = byte((uint32(r)*uint32(a) + 127) / 255)
	p[1] = byte((uint32(g)*uint32(a) + 127) / 255)
	p[2] = byte((uint32(b)*uint32(a) + 127) / 255)
	p[3] = a
}
