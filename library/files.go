package library

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
)

// Names of the derivatives kept in the blob store.
const (
	Thumb   = "thumb.jpg"
	Preview = "preview.jpg"
)

// processed is a validated, decoded file with everything derived from it,
// already written to disk and the blob store.
type processed struct {
	ref      store.MediaRef
	width    int
	height   int
	palette  []store.Swatch
	colors   []string
	blurhash string
}

// Hash returns the content address of a file's bytes.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// OriginalPath is where the original with this hash and extension lives
// under the originals directory: ab/cd/<hash>.<ext>, so no folder grows huge.
// The hash comes from our own sha256, never from a client's file name.
func OriginalPath(dir, hash, ext string) string {
	return filepath.Join(dir, hash[:2], hash[2:4], hash+"."+ext)
}

// processFile validates and decodes data, writes the original and its
// derivatives, and returns what the still's row needs. Nothing is written
// unless the file is a valid image within the limits.
func (s *Service) processFile(data []byte) (*processed, error) {
	if int64(len(data)) > s.maxBytes() {
		return nil, fmt.Errorf("file is %d bytes, over the %d byte limit: %w", len(data), s.maxBytes(), ErrTooLarge)
	}
	p, err := media.Process(data, s.Limits)
	if err != nil {
		return nil, err
	}
	hash := Hash(data)
	if err := writeAtomic(OriginalPath(s.Originals, hash, p.Ext), data); err != nil {
		return nil, err
	}
	if err := s.Blobs.PutDerivatives(hash, map[string][]byte{Thumb: p.Thumb, Preview: p.Preview}); err != nil {
		return nil, err
	}
	return &processed{
		ref:      store.MediaRef{Hash: hash, Mime: p.Mime, Ext: p.Ext, Bytes: int64(len(data))},
		width:    p.Width,
		height:   p.Height,
		palette:  fromMedia(p.Palette),
		colors:   p.Colors,
		blurhash: p.Blurhash,
	}, nil
}

// attach puts a processed file's media and pixel-derived fields onto in.
// Colour facets given in metadata win over the computed ones.
func (p *processed) attach(in *store.ImageInput, colorsGiven bool) {
	in.Media = &p.ref
	in.Width, in.Height = p.width, p.height
	in.Palette = p.palette
	in.Blurhash = p.blurhash
	if !colorsGiven {
		in.Multi["color"] = p.colors
	}
}

// writeAtomic writes data to path through a temp file and a rename, so a
// crash never leaves a half-written original under its final name. An
// existing file with the same content address is left alone.
func writeAtomic(path string, data []byte) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("library: create originals folder: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return fmt.Errorf("library: write original: %w", err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("library: write original: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("library: write original: %w", err)
	}
	return nil
}
