package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
)

// ErrTooLarge is returned for a file over the upload size limit.
var ErrTooLarge = errors.New("file too large")

// DefaultMaxBytes is the default upload size limit: 64 MiB.
const DefaultMaxBytes = 64 << 20

// Service ingests and edits stills.
type Service struct {
	DB        *store.DB
	Blobs     *store.Blobs
	Originals string       // folder of content-addressed originals
	Limits    media.Limits // pixel limit for decoding
	MaxBytes  int64        // per-file size limit; 0 = DefaultMaxBytes
	Workers   int          // parallel file processing in imports; 0 = cores
	Log       *slog.Logger
}

func (s *Service) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

// MaxBytesLimit is the per-file size limit in force.
func (s *Service) MaxBytesLimit() int64 { return s.maxBytes() }

// Upload stores one still from its file bytes and optional metadata (a
// manifest line without "file"). Without an "id" in the metadata the still's
// external id is derived from its content hash. The same bytes stored before
// give a *store.DuplicateError.
func (s *Service) Upload(ctx context.Context, data []byte, metadata []byte) (*store.Image, error) {
	line := &Line{Single: map[string]string{}, Multi: map[string][]string{}}
	if len(metadata) > 0 {
		var err error
		if line, _, err = ParseLine(metadata); err != nil {
			return nil, err
		}
		if line.File != "" {
			return nil, &FieldError{"file", "is not allowed in upload metadata: the uploaded file is the still"}
		}
	}
	hash := Hash(data)
	if id, err := s.DB.ImageIDByHash(ctx, hash); err == nil {
		return nil, &store.DuplicateError{ExistingID: id}
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	p, err := s.processFile(data)
	if err != nil {
		return nil, err
	}
	if line.ID == "" {
		line.ID = "upload-" + hash[:16]
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		id, _, err = saveLine(ctx, tx, line, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.DB.Image(ctx, id)
}

// saveLine merges a parsed line (and its processed file, if any) into the
// still with the line's external id, creating it when new.
func saveLine(ctx context.Context, tx *store.Tx, line *Line, p *processed) (int64, bool, error) {
	in := &store.ImageInput{ExternalID: line.ID, Single: map[string]string{}, Multi: map[string][]string{}}
	id, err := tx.ImageIDByExternal(ctx, line.ID)
	switch {
	case err == nil:
		im, err := tx.Image(ctx, id)
		if err != nil {
			return 0, false, err
		}
		in = inputFromImage(im)
	case !errors.Is(err, store.ErrNotFound):
		return 0, false, err
	}
	_, colorsGiven := line.Multi["color"]
	line.apply(in)
	if p != nil {
		p.attach(in, colorsGiven)
	}
	finish(in)
	res, err := tx.SaveImage(ctx, in)
	return res.ID, res.Created, err
}

// Patch changes the metadata keys present in body (manifest form) of still
// id. Unknown keys, "file" and a changed "id" are refused.
func (s *Service) Patch(ctx context.Context, id int64, body []byte) (*store.Image, error) {
	line, warnings, err := ParseLine(body)
	if err != nil {
		return nil, err
	}
	if len(warnings) > 0 {
		return nil, &FieldError{"body", warnings[0]}
	}
	if line.File != "" {
		return nil, &FieldError{"file", "cannot be patched: upload the file with POST /api/v1/images"}
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		im, err := tx.Image(ctx, id)
		if err != nil {
			return err
		}
		if line.ID != "" && line.ID != im.ExternalID {
			return &FieldError{"id", "the external id of a still cannot be changed"}
		}
		line.ID = im.ExternalID
		_, _, err = saveLine(ctx, tx, line, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.DB.Image(ctx, id)
}

// Delete removes still id, then its original and derivatives.
func (s *Service) Delete(ctx context.Context, id int64) error {
	var ref *store.MediaRef
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		ref, err = tx.DeleteImage(ctx, id)
		return err
	})
	if err != nil || ref == nil {
		return err
	}
	// The row is gone; losing the files now can only leave garbage, never a
	// still without its media.
	if err := os.Remove(OriginalPath(s.Originals, ref.Hash, ref.Ext)); err != nil && !errors.Is(err, os.ErrNotExist) {
		s.log().Warn("delete original", "hash", ref.Hash, "err", err)
	}
	if err := s.Blobs.DeleteDerivatives(ref.Hash); err != nil {
		s.log().Warn("delete derivatives", "hash", ref.Hash, "err", err)
	}
	return nil
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// describe turns an ingest error into the message of an import report.
func describe(err error) string {
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
		return fmt.Sprintf("the same image is already stored as still %d", dup.ExistingID)
	case errors.Is(err, media.ErrUnsupported):
		return "not a JPEG, PNG, WebP or GIF image"
	case errors.Is(err, media.ErrTooManyPixels):
		return "image has too many pixels"
	case errors.Is(err, media.ErrCorrupt):
		return "image data is corrupt or truncated"
	case errors.Is(err, ErrInvalid):
		return strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": ")
	}
	return err.Error()
}
