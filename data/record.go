package data

import (
	"strconv"
	"unicode/utf8"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// Taxonomy field slots of a record, in the taxonomy's display order.
const (
	fMediaType = iota
	fFrameSize
	fShotType
	fLensSize
	fComposition
	fLighting
	fLightingType
	fTimeOfDay
	fIntExt
	fLocationType
	fTimePeriod
	fColor
	fAspectRatio
	fFormat
	fOpticalFormat
	fLabProcess
	fNumberOfPeople
	fGender
	fAge
	fGenre
	numFields
)

// fieldNames names the slots; a test checks them against the taxonomy.
var fieldNames = [numFields]string{
	"media_type", "frame_size", "shot_type", "lens_size", "composition",
	"lighting", "lighting_type", "time_of_day", "int_ext", "location_type",
	"time_period", "color", "aspect_ratio", "format", "optical_format",
	"lab_process", "number_of_people", "gender", "age", "genre",
}

// fieldMulti says which slots are arrays in the manifest, as the taxonomy does.
var fieldMulti [numFields]bool

// fieldKeys holds `,"name":` for each slot, ready to append.
var fieldKeys [numFields]string

func init() {
	for i, name := range fieldNames {
		f, ok := taxonomy.Lookup(name)
		if !ok {
			panic("data: taxonomy has no field " + name)
		}
		fieldMulti[i] = f.Multi
		fieldKeys[i] = `,"` + name + `":`
	}
}

// record is one manifest line. Both the demo and the generator fill it and
// append it with appendJSON, which writes JSON by hand: the generator must
// produce hundreds of thousands of lines a second.
type record struct {
	id            string // the external id, or its prefix when idSeq > 0
	idSeq         int    // appended to id when positive
	file          string
	title, desc   string
	timecode      int // seconds into the film; 0 for none
	movie         int // index into Movies()
	fields        [numFields][]string
	tags          []string
	width, height int
	palette       []uint32 // 0xrrggbb
}

// reset empties r for reuse, keeping its slices' storage.
func (r *record) reset() {
	tags, palette := r.tags[:0], r.palette[:0]
	var fields [numFields][]string
	for i := range r.fields {
		fields[i] = r.fields[i][:0]
	}
	*r = record{fields: fields, tags: tags, palette: palette}
}

// set sets a single-valued field.
func (r *record) set(f int, v string) { r.fields[f] = append(r.fields[f][:0], v) }

// opposites are values of one field that cannot describe the same frame.
var opposites = map[string]string{
	"soft": "hard", "hard": "soft",
	"high_contrast": "low_contrast", "low_contrast": "high_contrast",
	"establishing": "insert", "insert": "establishing",
}

// add appends values to a multi-valued field, skipping repeats and values
// whose opposite is already there.
func (r *record) add(f int, vs ...string) {
	for _, v := range vs {
		dup := false
		for _, have := range r.fields[f] {
			if have == v || opposites[v] == have {
				dup = true
				break
			}
		}
		if !dup {
			r.fields[f] = append(r.fields[f], v)
		}
	}
}

// appendJSON appends r as one JSON object and a newline. movieJSON holds
// the encoded `movie` object of each film.
func (r *record) appendJSON(b []byte, movieJSON [][]byte) []byte {
	b = append(b, `{"id":`...)
	if r.idSeq > 0 {
		b = append(b, '"')
		b = append(b, r.id...) // generator prefixes need no escaping
		b = strconv.AppendInt(b, int64(r.idSeq), 10)
		b = append(b, '"')
	} else {
		b = appendString(b, r.id)
	}
	if r.file != "" {
		b = append(b, `,"file":`...)
		b = appendString(b, r.file)
	}
	if r.title != "" {
		b = append(b, `,"title":`...)
		b = appendString(b, r.title)
	}
	if r.desc != "" {
		b = append(b, `,"description":`...)
		b = appendString(b, r.desc)
	}
	if t := r.timecode; t > 0 {
		b = append(b, `,"timecode":"`...)
		b = append2(b, t/3600)
		b = append(b, ':')
		b = append2(b, t/60%60)
		b = append(b, ':')
		b = append2(b, t%60)
		b = append(b, '"')
	}
	b = append(b, `,"movie":`...)
	b = append(b, movieJSON[r.movie]...)
	for i, vs := range r.fields {
		if len(vs) == 0 {
			continue
		}
		b = append(b, fieldKeys[i]...)
		if fieldMulti[i] {
			b = appendStrings(b, vs)
		} else {
			b = appendString(b, vs[0])
		}
	}
	if len(r.tags) > 0 {
		b = append(b, `,"tags":`...)
		b = appendStrings(b, r.tags)
	}
	if r.width > 0 && r.height > 0 {
		b = append(b, `,"width":`...)
		b = strconv.AppendInt(b, int64(r.width), 10)
		b = append(b, `,"height":`...)
		b = strconv.AppendInt(b, int64(r.height), 10)
	}
	if len(r.palette) > 0 {
		b = append(b, `,"palette":[`...)
		for i, c := range r.palette {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"', '#',
				hexDigits[c>>20&0xf], hexDigits[c>>16&0xf], hexDigits[c>>12&0xf],
				hexDigits[c>>8&0xf], hexDigits[c>>4&0xf], hexDigits[c&0xf], '"')
		}
		b = append(b, ']')
	}
	return append(b, "}\n"...)
}

// appendMovie appends the manifest's `movie` object for m.
func appendMovie(b []byte, m *Movie) []byte {
	b = append(b, `{"title":`...)
	b = appendString(b, m.Title)
	if m.Year > 0 {
		b = append(b, `,"year":`...)
		b = strconv.AppendInt(b, int64(m.Year), 10)
	}
	for _, kv := range [...][2]string{
		{"release_date", m.ReleaseDate}, {"director", m.Director},
		{"distributor", m.Distributor}, {"rating", m.Rating},
	} {
		if kv[1] != "" {
			b = append(b, `,"`...)
			b = append(b, kv[0]...)
			b = append(b, `":`...)
			b = appendString(b, kv[1])
		}
	}
	if len(m.Genres) > 0 {
		b = append(b, `,"genres":`...)
		b = appendStrings(b, m.Genres)
	}
	return append(b, '}')
}

// append2 appends n as at least two decimal digits.
func append2(b []byte, n int) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

func appendStrings(b []byte, vs []string) []byte {
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, v)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// jsonPlain marks the bytes a JSON string holds as they are.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string. Plain ASCII is copied as is;
// quotes, backslashes, control characters and invalid UTF-8 are escaped
// the way encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
