package media

import (
	"encoding/binary"
	"image"
)

// swapsAxes reports whether EXIF orientation o turns the image a quarter
// turn, so that its displayed width is its stored height.
func swapsAxes(o int) bool { return o >= 5 && o <= 8 }

// orient returns m turned upright according to EXIF orientation o. It runs on
// the preview rather than on the decoded original, which makes it cheap. m
// must start at the origin, as every image made in this package does.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if swapsAxes(o) {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for sy := 0; sy < h; sy++ {
		row := m.Pix[sy*m.Stride : sy*m.Stride+w*4]
		for sx := 0; sx < w; sx++ {
			// Where stored pixel (sx, sy) is seen, per the EXIF definition
			// of which visual side the stored 0th row and column are on.
			var dx, dy int
			switch o {
			case 2: // mirrored horizontally
				dx, dy = w-1-sx, sy
			case 3: // turned 180°
				dx, dy = w-1-sx, h-1-sy
			case 4: // mirrored vertically
				dx, dy = sx, h-1-sy
			case 5: // transposed
				dx, dy = sy, sx
			case 6: // needs a quarter turn clockwise
				dx, dy = h-1-sy, sx
			case 7: // transversed
				dx, dy = h-1-sy, w-1-sx
			case 8: // needs a quarter turn anticlockwise
				dx, dy = sy, w-1-sx
			}
			px := binary.NativeEndian.Uint32(row[sx*4:])
			binary.NativeEndian.PutUint32(dst.Pix[dy*dst.Stride+dx*4:], px)
		}
	}
	return dst
}
