package media

import "errors"

// The sentinel errors of this package; test with errors.Is. The web layer maps
// them to 415, 413 and 400.
var (
	// ErrUnsupported means the bytes are not a JPEG, PNG, WebP or GIF.
	ErrUnsupported = errors.New("media: unsupported image type")
	// ErrTooManyPixels means the declared dimensions exceed Limits.MaxPixels.
	ErrTooManyPixels = errors.New("media: image has too many pixels")
	// ErrCorrupt means the file is truncated or otherwise cannot be decoded.
	ErrCorrupt = errors.New("media: corrupt image")
)

// DefaultMaxPixels is the pixel budget used when Limits.MaxPixels is zero:
// 100 megapixels holds any still camera frame while bounding decode memory.
const DefaultMaxPixels = 100_000_000

// Limits bounds the work Process is willing to do for one upload.
type Limits struct {
	// MaxPixels caps width*height as declared in the file header;
	// zero means DefaultMaxPixels.
	MaxPixels int64
}

// maxPixels returns the effective pixel budget.
func (l Limits) maxPixels() int64 {
	if l.MaxPixels <= 0 {
		return DefaultMaxPixels
	}
	return l.MaxPixels
}
