package media

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// codec pairs the header-only and full decoders of one format. They are
// called directly rather than through image.Decode so that a format
// registered elsewhere in the binary can never be reached by an upload.
type codec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

var codecs = map[string]codec{
	"jpg":  {jpeg.DecodeConfig, jpeg.Decode},
	"png":  {png.DecodeConfig, png.Decode},
	"gif":  {gif.DecodeConfig, gif.Decode}, // gif.Decode returns the first frame only
	"webp": {webp.DecodeConfig, webp.Decode},
}

// decode checks the declared dimensions against the limits and only then
// decodes the whole image, so a small file claiming a huge canvas is refused
// before any pixel buffer is allocated.
func decode(data []byte, ext string, lim Limits) (image.Image, error) {
	c, ok := codecs[ext]
	if !ok {
		return nil, ErrUnsupported
	}
	cfg, err := guard(func() (image.Config, error) { return c.config(bytes.NewReader(data)) })
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCorrupt, err)
	}
	if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
		return nil, err
	}
	m, err := guard(func() (image.Image, error) { return c.decode(bytes.NewReader(data)) })
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	// The decoded frame must agree with the header we budgeted for; a GIF
	// frame may be smaller than its canvas but never larger.
	b := m.Bounds()
	if err := checkSize(b.Dx(), b.Dy(), lim); err != nil {
		return nil, err
	}
	return m, nil
}

// checkSize rejects empty images and those over the pixel budget.
func checkSize(w, h int, lim Limits) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: empty image %dx%d", ErrCorrupt, w, h)
	}
	if int64(w)*int64(h) > lim.maxPixels() {
		return fmt.Errorf("%w: %dx%d", ErrTooManyPixels, w, h)
	}
	return nil
}

// guard runs a decoder and turns a panic into an error: the standard decoders
// are well tested, but an upload is hostile input and one bad file must not
// take the server down.
func guard[T any](fn func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, fmt.Errorf("decoder panic: %v", r)
		}
	}()
	return fn()
}
