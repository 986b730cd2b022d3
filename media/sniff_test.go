package media

import (
	"errors"
	"image/color"
	"testing"
)

func TestSniff(t *testing.T) {
	t.Parallel()
	img := solid(8, 8, color.RGBA{10, 20, 30, 255})
	tests := []struct {
		name     string
		data     []byte
		mime     string
		ext      string
		unsuppor bool
	}{
		{"jpeg", encJPEG(t, img), "image/jpeg", "jpg", false},
		{"png", encPNG(t, img), "image/png", "png", false},
		{"gif", encGIF(t, img), "image/gif", "gif", false},
		{"gif87a", []byte("GIF87a\x01\x00\x01\x00"), "image/gif", "gif", false},
		{"webp lossy", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), "image/webp", "webp", false},
		{"webp lossless", webpSolid(4, 4, color.NRGBA{1, 2, 3, 255}), "image/webp", "webp", false},
		{"webp extended", []byte("RIFF\x24\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00"), "image/webp", "webp", false},
		{"text named .jpg", []byte("just some text, honestly\n"), "", "", true},
		{"empty", nil, "", "", true},
		{"riff but wave", []byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00"), "", "", true},
		{"short jpeg", []byte{0xFF, 0xD8}, "", "", true},
		{"bmp", []byte("BM\x00\x00\x00\x00\x00\x00"), "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mime, ext, err := Sniff(tt.data)
			if tt.unsuppor {
				if !errors.Is(err, ErrUnsupported) {
					t.Fatalf("err = %v, want ErrUnsupported", err)
				}
				return
			}
			if err != nil || mime != tt.mime || ext != tt.ext {
				t.Fatalf("Sniff = %q, %q, %v; want %q, %q", mime, ext, err, tt.mime, tt.ext)
			}
		})
	}
}
