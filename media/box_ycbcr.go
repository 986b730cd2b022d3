package media

import (
	"image"
	"image/color"
)

// shrinkYCbCr box-filters the three planes of a YCbCr image (what every JPEG
// decodes to) separately, each at its own resolution, and converts to RGB
// once per output pixel. The conversion is affine, so averaging first gives
// the same colours for a fraction of the work. It returns nil when the
// output would be finer than the chroma planes, which box filtering cannot
// serve, or when the planes are not aligned with the image bounds; the
// caller then takes the per-pixel path.
func shrinkYCbCr(m *image.YCbCr, w, h int) *image.RGBA {
	r := m.Rect
	cw, ch, fx, fy := chromaSize(r, m.SubsampleRatio)
	// Decoders put images at the origin. Elsewhere the chroma planes may
	// start part-way into a sample, and the slow path is the exact one.
	aligned := r.Min.X%4 == 0 && r.Min.Y%2 == 0
	if !aligned || cw <= 0 || ch <= 0 {
		return nil
	}
	yp := plane{pix: m.Y[m.YOffset(r.Min.X, r.Min.Y):], stride: m.YStride, w: r.Dx(), h: r.Dy()}
	c0 := m.COffset(r.Min.X, r.Min.Y)
	cbp := plane{pix: m.Cb[c0:], stride: m.CStride, w: cw, h: ch}
	crp := plane{pix: m.Cr[c0:], stride: m.CStride, w: cw, h: ch}

	// Chroma boxes are the luma boxes seen at chroma resolution, so that
	// both cover the same part of the frame.
	xs, ys := boxEdges(r.Dx(), w), boxEdges(r.Dy(), h)
	cxs, ok1 := chromaEdges(xs, cw, fx)
	cys, ok2 := chromaEdges(ys, ch, fy)
	if !ok1 || !ok2 {
		return nil
	}
	yv, cbv, crv := make([]byte, w*h), make([]byte, w*h), make([]byte, w*h)
	yp.shrink(yv, xs, ys)
	cbp.shrink(cbv, cxs, cys)
	crp.shrink(crv, cxs, cys)

	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	parallelRows(h, w*h*4, func(lo, hi int) {
		for i := lo * w; i < hi*w; i++ {
			p := dst.Pix[i*4 : i*4+4 : i*4+4]
			p[0], p[1], p[2] = color.YCbCrToRGB(yv[i], cbv[i], crv[i])
			p[3] = 255
		}
	})
	return dst
}

// chromaSize returns the size of the chroma planes of an image of rect r,
// following the layout of image.NewYCbCr, and how many luma samples one
// chroma sample spans across and down.
func chromaSize(r image.Rectangle, ratio image.YCbCrSubsampleRatio) (w, h, fx, fy int) {
	switch ratio {
	case image.YCbCrSubsampleRatio444:
		fx, fy = 1, 1
	case image.YCbCrSubsampleRatio422:
		fx, fy = 2, 1
	case image.YCbCrSubsampleRatio420:
		fx, fy = 2, 2
	case image.YCbCrSubsampleRatio440:
		fx, fy = 1, 2
	case image.YCbCrSubsampleRatio411:
		fx, fy = 4, 1
	case image.YCbCrSubsampleRatio410:
		fx, fy = 4, 2
	default:
		return 0, 0, 0, 0
	}
	// The planes cover every sample the rectangle touches.
	w = (r.Max.X+fx-1)/fx - r.Min.X/fx
	h = (r.Max.Y+fy-1)/fy - r.Min.Y/fy
	return w, h, fx, fy
}

// plane is one 8-bit channel of an image.
type plane struct {
	pix    []byte
	stride int
	w, h   int
}

// chromaEdges maps box edges in luma samples onto a chroma plane of n
// samples, each covering f luma samples. The last box takes the plane's
// last, possibly partial, sample. ok is false when some box would be empty.
func chromaEdges(e []int, n, f int) (ce []int, ok bool) {
	ce = make([]int, len(e))
	for i, v := range e {
		ce[i] = min((v+f/2)/f, n)
	}
	ce[len(ce)-1] = n
	for i := 1; i < len(ce); i++ {
		if ce[i] <= ce[i-1] {
			return nil, false
		}
	}
	return ce, true
}

// shrink box-filters the plane into dst (stride len(xs)-1), output pixel
// (ox, oy) averaging columns [xs[ox], xs[ox+1]) of rows [ys[oy], ys[oy+1]).
func (p plane) shrink(dst []byte, xs, ys []int) {
	w, h := len(xs)-1, len(ys)-1
	step := uniformStep(xs)
	parallelRows(h, p.w*p.h, func(lo, hi int) {
		acc := make([]uint64, w) // 64 bits: no box is too big to sum
		for oy := lo; oy < hi; oy++ {
			clear(acc)
			for sy := ys[oy]; sy < ys[oy+1]; sy++ {
				row := p.pix[sy*p.stride : sy*p.stride+p.w]
				sumPlaneRow(row, xs, step, acc)
			}
			rows := ys[oy+1] - ys[oy]
			out := dst[oy*w : oy*w+w]
			for ox := range out {
				n := float64((xs[ox+1] - xs[ox]) * rows)
				out[ox] = byte(float64(acc[ox])/n + 0.5)
			}
		}
	})
}

// sumPlaneRow adds a row into acc, box by box, with fast paths for boxes
// that are all one or all two samples wide (step), the common cases.
func sumPlaneRow(row []byte, xs []int, step int, acc []uint64) {
	switch step {
	case 1:
		for ox, v := range row[:len(acc)] {
			acc[ox] += uint64(v)
		}
	case 2:
		row = row[:2*len(acc)]
		for ox := range acc {
			acc[ox] += uint64(row[2*ox]) + uint64(row[2*ox+1])
		}
	default:
		for ox := range acc {
			var s uint64
			for _, v := range row[xs[ox]:xs[ox+1]] {
				s += uint64(v)
			}
			acc[ox] += s
		}
	}
}

// uniformStep returns k when every box in e is k samples wide, else 0.
func uniformStep(e []int) int {
	k := e[1] - e[0]
	for i := range e {
		if e[i] != k*i {
			return 0
		}
	}
	return k
}
