package media

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"sync"
)

// Derivative sizes and JPEG qualities.
const (
	previewLong    = 1600 // long edge of the preview
	previewQuality = 85
	thumbWidth     = 480
	thumbQuality   = 80
	smallLong      = 100 // long edge of the image palette and blurhash are taken from
)

// Processed is everything derived from one uploaded still.
type Processed struct {
	Mime, Ext     string   // as sniffed from the bytes
	Width, Height int      // displayed size, i.e. after EXIF orientation
	Thumb         []byte   // JPEG, thumbWidth wide at most
	Preview       []byte   // JPEG, previewLong on the long edge at most
	Palette       []Swatch // up to 6 colours, share descending
	Colors        []string // `color` facet values, from ColorFacets(Palette)
	Blurhash      string   // 4×3 components
}

// Process validates and decodes an uploaded still (upright per its JPEG EXIF
// orientation) and derives its thumbnail, preview, palette, colour facets and
// blurhash. Errors wrap ErrUnsupported, ErrTooManyPixels or ErrCorrupt; no
// input makes it panic.
func Process(data []byte, lim Limits) (p *Processed, err error) {
	// Decoders are guarded on their own; this catches anything a hostile
	// file might still provoke further on, so that one upload can never
	// take the server down.
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	mime, ext, err := Sniff(data)
	if err != nil {
		return nil, err
	}
	src, err := decode(data, ext, lim)
	if err != nil {
		return nil, err
	}
	o := 1
	if ext == "jpg" {
		o = jpegOrientation(data)
	}

	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if swapsAxes(o) {
		w, h = h, w
	}
	// Scale in stored orientation, then turn the (small) result upright.
	pw, ph := fit(w, h, previewLong)
	rw, rh := pw, ph
	if swapsAxes(o) {
		rw, rh = ph, pw
	}
	preview := orient(resize(src, rw, rh), o)

	p = &Processed{Mime: mime, Ext: ext, Width: w, Height: h}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	run := func(fn func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("%w: %v", ErrCorrupt, r))
					mu.Unlock()
				}
			}()
			if err := fn(); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	run(func() (err error) {
		p.Preview, err = encodeJPEG(preview, previewQuality)
		return err
	})
	run(func() (err error) {
		tw := min(thumbWidth, pw)
		th := clampMin1(int((int64(ph)*int64(tw) + int64(pw)/2) / int64(pw)))
		p.Thumb, err = encodeJPEG(resize(preview, tw, th), thumbQuality)
		return err
	})
	run(func() error {
		sw, sh := fit(pw, ph, smallLong)
		small := boxShrink(preview, sw, sh)
		p.Palette = extractPalette(small)
		p.Colors = ColorFacets(p.Palette)
		p.Blurhash = blurhash(small)
		return nil
	})
	wg.Wait()
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return p, nil
}

// encodeJPEG encodes a derivative. Alpha, if any, is dropped: the pixels are
// premultiplied, so transparent areas come out black.
func encodeJPEG(m image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("media: encode jpeg: %w", err)
	}
	return buf.Bytes(), nil
}
