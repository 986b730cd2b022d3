package deck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Op kinds: the changes a deck's cards and fields can go through, whether
// they arrive as a REST call or a live-socket frame, and as stored in
// deck_ops and broadcast to the room.
const (
	KindAddCard    = "add_card"
	KindMoveCard   = "move_card"
	KindUpdateCard = "update_card"
	KindRemoveCard = "remove_card"
	KindUpdateDeck = "update_deck"
)

// Limits on one op, so that a single request or frame cannot bloat a deck.
const (
	MaxOpBytes        = 64 << 10 // matches the live socket's frame limit
	MaxIDLen          = 64       // IDs are opaque but short; longer is garbage
	MaxNoteLen        = 10000    // characters
	MaxTitleLen       = 200      // characters, after trimming
	MaxDescriptionLen = 5000     // characters
)

// ErrTooLarge is returned by ParseOp for input over MaxOpBytes; the web
// layer answers it with too_large (413) or closes the socket with 1009.
var ErrTooLarge = errors.New("deck: op too large")

// FieldError says which input field is at fault and why; the web layer
// turns it into invalid_argument with "field" set. Field is a JSON path such
// as "text_elements[2].style.color", or empty when the input as a whole is
// malformed.
type FieldError struct {
	Field   string
	Message string
}

// Error reads "field: message", the same shape as library.FieldError.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Op is one change to a deck. Pointers tell "absent" from "empty": an
// absent note leaves the note alone, an empty one clears it.
type Op struct {
	Kind         string         `json:"kind"`
	CardID       *string        `json:"card_id,omitempty"`
	ImageID      *string        `json:"image_id,omitempty"`
	Note         *string        `json:"note,omitempty"`
	TextElements *[]TextElement `json:"text_elements,omitempty"`
	// After is the ID of the card to place this one after: nil (null or
	// absent) means at the end, "" means first. JSON cannot tell null from
	// absent here, which is why update_card does not take it and the REST
	// PATCH of a card that carries "after" becomes an update_card plus a
	// move_card.
	After       *string `json:"after,omitempty"`
	Title       *string `json:"title,omitempty"`
	Description *string `json:"description,omitempty"`
}

// opField names a field of Op for the "does not belong" check.
type opField int

const (
	fCardID opField = 1 << iota
	fImageID
	fNote
	fTextElements
	fAfter
	fTitle
	fDescription
)

// kindFields is, per kind, the fields it may carry; the rest are refused
// rather than ignored, so a client bug (a title sent with add_card) shows
// up at once instead of as a silently lost edit.
var kindFields = map[string]opField{
	KindAddCard:    fImageID | fNote | fTextElements | fAfter,
	KindMoveCard:   fCardID | fAfter,
	KindUpdateCard: fCardID | fNote | fTextElements,
	KindRemoveCard: fCardID,
	KindUpdateDeck: fTitle | fDescription,
}

// present returns the set of fields o carries, with their JSON names.
func (o *Op) present() (set opField, names map[opField]string) {
	names = map[opField]string{}
	add := func(ok bool, f opField, name string) {
		if ok {
			set |= f
			names[f] = name
		}
	}
	add(o.CardID != nil, fCardID, "card_id")
	add(o.ImageID != nil, fImageID, "image_id")
	add(o.Note != nil, fNote, "note")
	add(o.TextElements != nil, fTextElements, "text_elements")
	add(o.After != nil, fAfter, "after")
	add(o.Title != nil, fTitle, "title")
	add(o.Description != nil, fDescription, "description")
	return set, names
}

// fieldOrder fixes the order of checks so errors are deterministic.
var fieldOrder = []opField{fCardID, fImageID, fNote, fTextElements, fAfter, fTitle, fDescription}

// Validate checks o against its kind and the limits above, once, at the
// edge; the store then trusts it. It does not modify o: call Normalize
// before storing. Every failure is a *FieldError.
func (o *Op) Validate() error {
	allowed, ok := kindFields[o.Kind]
	if !ok {
		return &FieldError{"kind", fmt.Sprintf("must be one of %s, %s, %s, %s, %s",
			KindAddCard, KindMoveCard, KindUpdateCard, KindRemoveCard, KindUpdateDeck)}
	}
	set, names := o.present()
	for _, f := range fieldOrder {
		if set&f != 0 && allowed&f == 0 {
			return &FieldError{names[f], "is not allowed in " + o.Kind}
		}
	}
	if allowed&fCardID != 0 && o.CardID == nil {
		return &FieldError{"card_id", "is required for " + o.Kind}
	}
	switch o.Kind {
	case KindUpdateCard:
		if o.Note == nil && o.TextElements == nil {
			return &FieldError{"", "update_card needs note or text_elements"}
		}
	case KindUpdateDeck:
		if o.Title == nil && o.Description == nil {
			return &FieldError{"", "update_deck needs title or description"}
		}
	}

	if o.CardID != nil {
		if err := checkID("card_id", *o.CardID); err != nil {
			return err
		}
	}
	if o.ImageID != nil {
		if err := checkID("image_id", *o.ImageID); err != nil {
			return err
		}
	}
	if o.After != nil && *o.After != "" {
		if err := checkID("after", *o.After); err != nil {
			return err
		}
		if o.CardID != nil && *o.After == *o.CardID {
			return &FieldError{"after", "cannot be the card being moved"}
		}
	}
	if o.Note != nil {
		if err := checkText("note", *o.Note, MaxNoteLen); err != nil {
			return err
		}
	}
	if o.TextElements != nil {
		if err := validateTextElements(*o.TextElements); err != nil {
			return err
		}
	}
	if o.Title != nil {
		t := strings.TrimSpace(*o.Title)
		if t == "" {
			return &FieldError{"title", "must not be empty"}
		}
		if err := checkText("title", t, MaxTitleLen); err != nil {
			return err
		}
	}
	if o.Description != nil {
		if err := checkText("description", *o.Description, MaxDescriptionLen); err != nil {
			return err
		}
	}
	return nil
}

// Normalize trims the title and description, so that what is stored is
// what Validate measured.
func (o *Op) Normalize() {
	if o.Title != nil {
		t := strings.TrimSpace(*o.Title)
		o.Title = &t
	}
	if o.Description != nil {
		d := strings.TrimSpace(*o.Description)
		o.Description = &d
	}
}

// RequiredAction is what the caller's role must allow for o to be applied.
// An unknown kind needs an action no role has, so it fails closed even if
// Validate was skipped.
func (o *Op) RequiredAction() Action {
	switch o.Kind {
	case KindAddCard, KindMoveCard, KindUpdateCard, KindRemoveCard:
		return EditCards
	case KindUpdateDeck:
		return EditDeck
	}
	return ""
}

// checkID refuses empty, overlong or control-character IDs: they are opaque
// but end up in logs and SQL parameters.
func checkID(field, id string) error {
	if id == "" {
		return &FieldError{field, "must not be empty"}
	}
	if len(id) > MaxIDLen {
		return &FieldError{field, fmt.Sprintf("must be at most %d bytes", MaxIDLen)}
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f {
			return &FieldError{field, "must not contain control characters"}
		}
	}
	return nil
}

// checkText enforces a length in characters (what users count), not bytes.
func checkText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return &FieldError{field, "must be valid UTF-8"}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return &FieldError{field, fmt.Sprintf("must be at most %d characters (got %d)", max, n)}
	}
	return nil
}

// ParseOp decodes and validates one op. It is strict: unknown fields,
// trailing data and input over MaxOpBytes are refused, so clients learn of
// their mistakes instead of losing data silently. Errors are ErrTooLarge or
// a *FieldError.
func ParseOp(b []byte) (*Op, error) {
	if len(b) > MaxOpBytes {
		return nil, ErrTooLarge
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var o Op
	if err := dec.Decode(&o); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &FieldError{"", "unexpected data after the op"}
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return &o, nil
}

// jsonError turns a decoding error into a *FieldError naming the field when
// encoding/json knows it.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return &FieldError{"", "must be a JSON object"}
		}
		if strings.HasPrefix(te.Value, "number ") {
			return &FieldError{te.Field, "is out of range"} // e.g. 1e999
		}
		return &FieldError{te.Field, fmt.Sprintf("must be a JSON %s, not %s", jsonKind(te.Type), te.Value)}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &FieldError{strings.Trim(name, `"`), "is not a known field"}
	}
	return &FieldError{"", "malformed JSON: " + err.Error()}
}

// jsonKind names a Go type's JSON counterpart, for error messages that
// clients (who never see our Go types) can act on.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "value"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int64:
		return "number"
	case reflect.Slice:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "value"
}
