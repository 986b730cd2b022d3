package web

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/cursor"
	"github.com/shotdeck/shotdeck/deck"
	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/taxonomy"
)

// apiError is an error with its HTTP answer: the one error shape of API.md.
type apiError struct {
	Status     int
	Code       string
	Message    string
	Field      string
	Extra      map[string]any // extra members of the error object
	RetryAfter int            // seconds, for 429
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errBadRequest(field, format string, args ...any) *apiError {
	return &apiError{Status: 400, Code: "invalid_argument", Message: fmt.Sprintf(format, args...), Field: field}
}

var (
	errUnauthenticated = &apiError{Status: 401, Code: "unauthenticated", Message: "sign in first: send a session cookie or an Authorization: Bearer token"}
	errForbidden       = &apiError{Status: 403, Code: "forbidden", Message: "your account may not do this"}
	errCrossOrigin     = &apiError{Status: 403, Code: "forbidden", Message: "cross-origin request refused: state-changing requests with a session cookie must come from this site"}
	errNotFound        = &apiError{Status: 404, Code: "not_found", Message: "no such resource"}
)

// errorHandler turns every error a handler returns into the JSON error of
// API.md. Errors the client caused are answered as such; anything else is
// logged once, here, and answered 500 without detail.
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	e := s.classify(err)
	if e.Status >= 500 {
		s.log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	if e.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(e.RetryAfter))
	}
	body := map[string]any{"code": e.Code, "message": e.Message}
	if e.Field != "" {
		body["field"] = e.Field
	}
	for k, v := range e.Extra {
		body[k] = v
	}
	return c.Status(e.Status).JSON(fiber.Map{"error": body})
}

func (s *Server) classify(err error) *apiError {
	var (
		ae    *apiError
		fe    *fiber.Error
		field *library.FieldError
		value *taxonomy.ValueError
		dup   *store.DuplicateError

		version   *deck.VersionError
		deckField *deck.FieldError
	)
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &dup):
		return &apiError{Status: 409, Code: "conflict", Message: dup.Error(),
			Extra: map[string]any{"existing_id": strconv.FormatInt(dup.ExistingID, 10)}}
	case errors.As(err, &field):
		return &apiError{Status: 400, Code: "invalid_argument", Message: field.Error(), Field: field.Field}
	case errors.As(err, &value):
		return &apiError{Status: 400, Code: "invalid_argument", Message: value.Error(), Field: value.Field,
			Extra: map[string]any{"allowed": value.Allowed}}
	case errors.Is(err, library.ErrInvalid):
		return errBadRequest("", "%s", strings.TrimPrefix(err.Error(), library.ErrInvalid.Error()+": "))
	case errors.Is(err, cursor.ErrInvalid):
		return errBadRequest("cursor", "the cursor is malformed or belongs to another query; start again without it")
	case errors.Is(err, media.ErrUnsupported):
		return &apiError{Status: 415, Code: "unsupported_media_type", Message: "the file is not a JPEG, PNG, WebP or GIF image", Field: "file"}
	case errors.Is(err, media.ErrTooManyPixels):
		return &apiError{Status: 413, Code: "too_large", Message: "the image has more pixels than this server accepts", Field: "file"}
	case errors.Is(err, library.ErrTooLarge):
		return &apiError{Status: 413, Code: "too_large", Message: err.Error(), Field: "file"}
	case errors.Is(err, media.ErrCorrupt):
		return &apiError{Status: 400, Code: "invalid_argument", Message: "the image data is corrupt or truncated", Field: "file"}
	case errors.Is(err, store.ErrNotFound):
		return errNotFound
	case errors.As(err, &version):
		return &apiError{Status: 409, Code: "conflict", Message: version.Error(),
			Extra: map[string]any{"version": version.Current}}
	case errors.As(err, &deckField):
		return &apiError{Status: 400, Code: "invalid_argument", Message: deckField.Error(), Field: deckField.Field}
	case errors.Is(err, deck.ErrTooLarge):
		return &apiError{Status: 413, Code: "too_large", Message: "the change is over the size limit of one op"}
	case errors.Is(err, deck.ErrForbidden):
		return &apiError{Status: 403, Code: "forbidden", Message: "your role on this deck does not allow this"}
	case errors.Is(err, store.ErrConflict):
		return &apiError{Status: 409, Code: "conflict", Message: conflictMessage(err)}
	case errors.As(err, &fe):
		return fiberError(fe)
	}
	return &apiError{Status: 500, Code: "internal", Message: "something went wrong on the server; it has been logged"}
}

// fiberError maps the errors Fiber raises itself (unknown route, body over
// the limit, bad method).
func fiberError(fe *fiber.Error) *apiError {
	switch fe.Code {
	case fiber.StatusNotFound:
		return &apiError{Status: 404, Code: "not_found", Message: "no such endpoint"}
	case fiber.StatusRequestEntityTooLarge:
		return &apiError{Status: 413, Code: "too_large", Message: "the request body is over this server's limit"}
	case fiber.StatusMethodNotAllowed:
		return &apiError{Status: 405, Code: "method_not_allowed", Message: "this endpoint does not take that method"}
	case fiber.StatusUnsupportedMediaType:
		return &apiError{Status: 415, Code: "unsupported_media_type", Message: fe.Message}
	case fiber.StatusBadRequest, fiber.StatusUnprocessableEntity:
		return &apiError{Status: 400, Code: "invalid_argument", Message: fe.Message}
	}
	if fe.Code >= 400 && fe.Code < 500 {
		return &apiError{Status: fe.Code, Code: "invalid_argument", Message: fe.Message}
	}
	slog.Default().Debug("fiber error", "code", fe.Code, "message", fe.Message)
	return &apiError{Status: 500, Code: "internal", Message: "something went wrong on the server; it has been logged"}
}

// conflictMessage keeps the part of a conflict error that tells the user
// what collided, without the sentinel's own text.
func conflictMessage(err error) string {
	msg := strings.TrimSuffix(err.Error(), ": "+store.ErrConflict.Error())
	msg = strings.TrimPrefix(msg, store.ErrConflict.Error()+": ")
	return strings.TrimPrefix(msg, "store: ")
}
