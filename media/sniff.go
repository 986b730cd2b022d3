package media

import "bytes"

// Sniff returns the MIME type and file extension of an image from its first
// bytes, or ErrUnsupported. File names are never consulted: they are chosen by
// the uploader and prove nothing.
func Sniff(b []byte) (mime, ext string, err error) {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "image/jpeg", "jpg", nil
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", "png", nil
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif", "gif", nil
	case len(b) >= 16 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP" && string(b[12:15]) == "VP8":
		// The first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).
		return "image/webp", "webp", nil
	}
	return "", "", ErrUnsupported
}
