package web

import (
	"bytes"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/store"
)

// listImages serves GET /images: filtered, sorted, keyset-paginated.
func (s *Server) listImages(c *fiber.Ctx) error {
	return s.cachedJSON(c, cache.List, "", func() (any, error) { return s.listPage(c) })
}

func (s *Server) listPage(c *fiber.Ctx) (any, error) {
	p, err := parseList(queryValues(c), store.Sorts)
	if err != nil {
		return nil, err
	}
	q := store.ListQuery{Filter: p.Filter, Sort: p.Sort, Limit: p.Limit}
	scope := "images|" + p.scope
	if p.Cursor != "" {
		fields, err := s.cursors.Decode(scope, p.Cursor)
		if err != nil {
			return nil, err
		}
		key, ok := parseKey(fields)
		if !ok {
			return nil, errBadRequest("cursor", "the cursor is malformed")
		}
		q.After = &key
	}
	items, more, fromIndex, err := s.cfg.Search.List(c.UserContext(), q)
	if err == nil && !fromIndex {
		items, more, err = s.db.ListImages(c.UserContext(), q)
	}
	if err != nil {
		return nil, err
	}
	var next any
	if more && len(items) > 0 {
		k := store.KeyOf(p.Sort, &items[len(items)-1])
		next = s.cursors.Encode(scope, strconv.FormatInt(k.Year, 10), strconv.FormatInt(k.ID, 10))
	}
	return fiber.Map{"items": items, "next_cursor": next}, nil
}

func parseKey(fields []string) (store.SortKey, bool) {
	if len(fields) != 2 {
		return store.SortKey{}, false
	}
	y, err1 := strconv.ParseInt(fields[0], 10, 64)
	id, err2 := strconv.ParseInt(fields[1], 10, 64)
	return store.SortKey{Year: y, ID: id}, err1 == nil && err2 == nil
}

func (s *Server) getImage(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	im, err := s.db.Image(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(im)
}

// uploadImage serves POST /images: multipart with "file" and optional
// "metadata" (a JSON object in manifest form).
func (s *Server) uploadImage(c *fiber.Ctx) error {
	form, err := c.MultipartForm()
	if err != nil {
		return &apiError{Status: 415, Code: "unsupported_media_type", Message: "send multipart/form-data with a 'file' part"}
	}
	files := form.File["file"]
	if len(files) != 1 {
		return errBadRequest("file", "send exactly one 'file' part")
	}
	fh := files[0]
	if fh.Size > s.lib.MaxBytesLimit() {
		return &apiError{Status: 413, Code: "too_large", Field: "file",
			Message: "the file is over the upload limit of " + strconv.FormatInt(s.lib.MaxBytesLimit(), 10) + " bytes"}
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.lib.MaxBytesLimit()+1))
	if err != nil {
		return err
	}
	var meta []byte
	if m := form.Value["metadata"]; len(m) > 0 {
		meta = []byte(m[0])
	}
	im, err := s.lib.Upload(c.UserContext(), data, meta)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(im)
}

// bulkImages serves POST /images/bulk: NDJSON manifest lines without files.
func (s *Server) bulkImages(c *fiber.Ctx) error {
	sum, err := s.lib.Import(c.UserContext(), bytes.NewReader(c.Body()), library.ImportOptions{})
	if err != nil {
		return err
	}
	failed := sum.FailedLines
	if failed == nil {
		failed = []library.LineError{}
	}
	warnings := sum.WarningLines
	if warnings == nil {
		warnings = []library.LineError{}
	}
	return c.JSON(fiber.Map{
		"created":      sum.Created,
		"updated":      sum.Updated,
		"failed":       failed,
		"failed_count": sum.Failed,
		"warnings":     warnings,
		"lines":        sum.Lines,
	})
}

func (s *Server) patchImage(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	im, err := s.lib.Patch(c.UserContext(), id, c.Body())
	if err != nil {
		return err
	}
	return c.JSON(im)
}

func (s *Server) deleteImage(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.lib.Delete(c.UserContext(), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
