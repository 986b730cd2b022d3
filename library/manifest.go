// Package library is the image service's domain: it reads manifest lines,
// ingests files (validate, decode, derive, store), and applies imports,
// uploads, patches and deletes to the store.
package library

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// ErrInvalid marks a line (or body) that is not a JSON object at all.
var ErrInvalid = errors.New("invalid input")

// FieldError says that one field of a manifest line or request is invalid.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Limits on free text, so one line can never bloat the store.
const (
	maxIDLen    = 200
	maxTextLen  = 500   // titles, names, timecode, file path
	maxDescLen  = 10000 // descriptions
	maxListLen  = 100   // tags, actors, values of one field
	maxTagLen   = 100
	maxSwatches = 6
)

// Line is one parsed manifest line (or PATCH body, or upload metadata). Only
// the keys present in the input are applied to a still; absent keys keep
// their stored value.
type Line struct {
	ID          string
	File        string
	Title       *string
	Description *string
	Timecode    *string
	Movie       *MovieLine
	HasMovie    bool              // "movie" was present (null clears it)
	Single      map[string]string // present single-valued fields ("" clears)
	Multi       map[string][]string
	Tags        *[]string
	Actors      *[]string
	Width       *int
	Height      *int
	Palette     *[]Colour // most prominent first
}

// MovieLine is the "movie" object of a manifest line.
type MovieLine struct {
	Title              string
	Year               int
	ReleaseDate        string
	Director           string
	Cinematographer    string
	ProductionDesigner string
	CostumeDesigner    string
	Editor             string
	Distributor        string
	Rating             string
	Genres             []string
}

// Colour is a palette entry of a manifest line; Share is 0 when not given.
type Colour struct {
	Hex   string
	Share float64
}

var hexRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ParseLine parses one manifest line. Unknown keys are returned as warnings;
// an unknown taxonomy value or a malformed value is an error (a *FieldError
// or *taxonomy.ValueError), and nothing of the line is used.
func ParseLine(b []byte) (*Line, []string, error) {
	b = bytes.TrimSpace(b)
	if !utf8.Valid(b) {
		return nil, nil, fmt.Errorf("%w: line is not valid UTF-8", ErrInvalid)
	}
	if !json.Valid(b) {
		var v any
		err := json.Unmarshal(b, &v) // for a precise message
		return nil, nil, fmt.Errorf("%w: not a JSON object: %s", ErrInvalid, jsonErrText(err))
	}
	obj, err := objectMembers(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: not a JSON object", ErrInvalid)
	}
	l := &Line{Single: map[string]string{}, Multi: map[string][]string{}}
	var warnings []string
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic: the first error reported is always the same
	for _, k := range keys {
		known, err := l.set(k, obj[k])
		if err != nil {
			return nil, nil, err
		}
		if !known {
			warnings = append(warnings, fmt.Sprintf("unknown key %q ignored", k))
		}
	}
	return l, warnings, nil
}

// set parses one key; it reports false for a key it does not know.
func (l *Line) set(k string, raw json.RawMessage) (bool, error) {
	var err error
	switch k {
	case "id":
		l.ID, err = text(k, raw, maxIDLen, false)
	case "file":
		l.File, err = text(k, raw, maxTextLen, false)
	case "title":
		l.Title, err = optText(k, raw, maxTextLen)
	case "description":
		l.Description, err = optText(k, raw, maxDescLen)
	case "timecode":
		l.Timecode, err = optText(k, raw, 32)
	case "movie":
		l.HasMovie = true
		l.Movie, err = parseMovie(raw)
	case "tags":
		l.Tags, err = optList(k, raw, true)
	case "actors":
		l.Actors, err = optList(k, raw, false)
	case "width", "height":
		var n *int
		if n, err = optDim(k, raw); err == nil {
			if k == "width" {
				l.Width = n
			} else {
				l.Height = n
			}
		}
	case "palette":
		l.Palette, err = parsePalette(raw)
	default:
		f, ok := taxonomy.Lookup(k)
		if !ok {
			return false, nil
		}
		err = l.setTaxonomy(f, raw)
	}
	return true, err
}

func (l *Line) setTaxonomy(f *taxonomy.Field, raw json.RawMessage) error {
	if f.Multi {
		vals, err := optList(f.Name, raw, false)
		if err != nil {
			return err
		}
		out := []string{}
		if vals != nil {
			for _, v := range *vals {
				v = normaliseValue(v)
				if err := f.Check(v); err != nil {
					return err
				}
				if !slices.Contains(out, v) {
					out = append(out, v)
				}
			}
		}
		l.Multi[f.Name] = out
		return nil
	}
	var v string
	if isNull(raw) {
		l.Single[f.Name] = ""
		return nil
	}
	if n, err := strconv.Atoi(string(raw)); err == nil && f.Name == "number_of_people" {
		v = strconv.Itoa(n) // accept 2 as well as "2"
		if n >= 6 {
			v = "6_plus"
		}
	} else if s, ok := quickString(raw); ok {
		v = s
	} else if err := json.Unmarshal(raw, &v); err != nil {
		return &FieldError{f.Name, "must be a string"}
	}
	v = normaliseValue(v)
	if f.Name == "aspect_ratio" {
		// "2.4" or "2.40" means the 2.39 bucket; far from any bucket is an error.
		if r, err := strconv.ParseFloat(v, 64); err == nil {
			if b, d := taxonomy.NearestAspect(r); d <= 0.03 {
				v = b
			}
		}
	}
	if err := f.Check(v); err != nil {
		return err
	}
	l.Single[f.Name] = v
	return nil
}

// normaliseValue forgives case and spaces: "Close Up" means close_up.
func normaliseValue(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(v)
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

func text(k string, raw json.RawMessage, max int, allowNull bool) (string, error) {
	if allowNull && isNull(raw) {
		return "", nil
	}
	s, ok := quickString(raw)
	if !ok {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", &FieldError{k, "must be a string"}
		}
	}
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		return "", &FieldError{k, fmt.Sprintf("is longer than %d characters", max)}
	}
	return s, nil
}

func optText(k string, raw json.RawMessage, max int) (*string, error) {
	s, err := text(k, raw, max, true)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

func optList(k string, raw json.RawMessage, lower bool) (*[]string, error) {
	out := []string{}
	if isNull(raw) {
		return &out, nil
	}
	vals, ok := quickStrings(raw)
	if !ok {
		if err := json.Unmarshal(raw, &vals); err != nil {
			var one string
			if json.Unmarshal(raw, &one) != nil {
				return nil, &FieldError{k, "must be an array of strings"}
			}
			vals = []string{one}
		}
	}
	if len(vals) > maxListLen {
		return nil, &FieldError{k, fmt.Sprintf("has more than %d values", maxListLen)}
	}
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if lower {
			v = strings.ToLower(v)
		}
		if v == "" {
			continue
		}
		if utf8.RuneCountInString(v) > maxTagLen {
			return nil, &FieldError{k, fmt.Sprintf("has a value longer than %d characters", maxTagLen)}
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return &out, nil
}

func optDim(k string, raw json.RawMessage) (*int, error) {
	var n int
	if isNull(raw) {
		return &n, nil
	}
	if err := json.Unmarshal(raw, &n); err != nil || n < 0 || n > 1_000_000 {
		return nil, &FieldError{k, "must be a whole number of pixels between 0 and 1000000"}
	}
	return &n, nil
}

// parsePalette accepts ["#rrggbb", …] or [{"hex": "#rrggbb", "share": 0.4}, …].
func parsePalette(raw json.RawMessage) (*[]Colour, error) {
	out := []Colour{}
	if isNull(raw) {
		return &out, nil
	}
	var hexes []string
	if err := json.Unmarshal(raw, &hexes); err == nil {
		for _, h := range hexes {
			out = append(out, Colour{Hex: h})
		}
	} else if err := json.Unmarshal(raw, &out); err != nil {
		return nil, &FieldError{"palette", `must be an array of "#rrggbb" colours`}
	}
	if len(out) > maxSwatches {
		return nil, &FieldError{"palette", fmt.Sprintf("has more than %d colours", maxSwatches)}
	}
	for i, c := range out {
		if !hexRe.MatchString(c.Hex) {
			return nil, &FieldError{"palette", fmt.Sprintf("%q is not a #rrggbb colour", c.Hex)}
		}
		if c.Share < 0 || c.Share > 1 {
			return nil, &FieldError{"palette", "a colour's share must be between 0 and 1"}
		}
		out[i].Hex = strings.ToLower(c.Hex)
	}
	return &out, nil
}

func parseMovie(raw json.RawMessage) (*MovieLine, error) {
	if isNull(raw) {
		return nil, nil
	}
	obj, err := objectMembers(raw) // raw is part of a line json.Valid accepted
	if err != nil {
		return nil, &FieldError{"movie", "must be an object with at least a title"}
	}
	m := &MovieLine{}
	texts := map[string]*string{
		"release_date": &m.ReleaseDate, "director": &m.Director, "cinematographer": &m.Cinematographer,
		"production_designer": &m.ProductionDesigner, "costume_designer": &m.CostumeDesigner,
		"editor": &m.Editor, "distributor": &m.Distributor, "rating": &m.Rating, "title": &m.Title,
	}
	for k, v := range obj {
		var err error
		switch {
		case texts[k] != nil:
			*texts[k], err = text("movie."+k, v, maxTextLen, true)
		case k == "year":
			if !isNull(v) {
				if json.Unmarshal(v, &m.Year) != nil || m.Year < 1800 || m.Year > 2200 {
					err = &FieldError{"movie.year", "must be a year between 1800 and 2200"}
				}
			}
		case k == "genres":
			var g *[]string
			if g, err = optList("movie.genres", v, false); err == nil {
				err = checkValues("genre", *g, &m.Genres)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if m.Title == "" {
		return nil, &FieldError{"movie.title", "is required"}
	}
	if m.Year == 0 && len(m.ReleaseDate) >= 4 {
		m.Year, _ = strconv.Atoi(m.ReleaseDate[:4])
	}
	return m, nil
}

func checkValues(field string, vals []string, dst *[]string) error {
	f, _ := taxonomy.Lookup(field)
	for _, v := range vals {
		v = normaliseValue(v)
		if err := f.Check(v); err != nil {
			return err
		}
		*dst = append(*dst, v)
	}
	return nil
}

// jsonErrText shortens encoding/json's messages for a line report.
func jsonErrText(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("%v (at byte %d)", syn, syn.Offset)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return "expected an object, got " + typ.Value
	}
	return err.Error()
}
