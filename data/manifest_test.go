package data

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/shotdeck/shotdeck/taxonomy"
)

var (
	timecodeRE = regexp.MustCompile(`^\d\d:[0-5]\d:[0-5]\d$`)
	hexRE      = regexp.MustCompile(`^#[0-9a-f]{6}$`)
	dateRE     = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
)

// manifestKeys are the non-taxonomy keys of a manifest line (DESIGN.md).
var manifestKeys = map[string]bool{
	"id": true, "file": true, "title": true, "description": true, "timecode": true,
	"movie": true, "tags": true, "actors": true, "width": true, "height": true, "palette": true,
}

var movieKeys = map[string]bool{
	"title": true, "year": true, "release_date": true, "genres": true, "director": true,
	"cinematographer": true, "production_designer": true, "costume_designer": true,
	"editor": true, "distributor": true, "rating": true,
}

// splitLines returns the lines of a JSON Lines document, which must end in a newline.
func splitLines(t *testing.T, doc []byte) [][]byte {
	t.Helper()
	if len(doc) == 0 || doc[len(doc)-1] != '\n' {
		t.Fatal("manifest does not end in a newline")
	}
	return bytes.Split(doc[:len(doc)-1], []byte("\n"))
}

// checkLine parses one manifest line and checks it against DESIGN.md and the
// taxonomy, returning the decoded object.
func checkLine(t *testing.T, n int, line []byte) map[string]any {
	t.Helper()
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("line %d: %v: %s", n, err, line)
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("line %d: "+format+"\n%s", append([]any{n}, append(args, line)...)...)
	}
	for k, v := range obj {
		if f, ok := taxonomy.Lookup(k); ok {
			if f.Multi {
				vs, ok := v.([]any)
				if !ok || len(vs) == 0 {
					fail("%s: want a non-empty array, got %v", k, v)
				}
				seen := map[string]bool{}
				for _, e := range vs {
					s, ok := e.(string)
					if !ok || !f.Has(s) || seen[s] {
						fail("%s: bad or repeated value %v", k, e)
					}
					seen[s] = true
				}
			} else if s, ok := v.(string); !ok || !f.Has(s) {
				fail("%s: bad value %v", k, v)
			}
			continue
		}
		if !manifestKeys[k] {
			fail("unknown key %q", k)
		}
	}
	has := func(field, v string) bool { return hasValue(obj, field, v) }
	for a, b := range opposites {
		if has("lighting", a) && has("lighting", b) || has("shot_type", a) && has("shot_type", b) {
			fail("both %s and %s", a, b)
		}
	}
	if has("time_of_day", "night") && (has("lighting_type", "sunny") || has("lighting_type", "daylight") || has("lighting_type", "overcast")) {
		fail("daylight at night")
	}
	if _, ok := obj["time_of_day"]; ok && !has("time_of_day", "night") && has("lighting_type", "moonlight") {
		fail("moonlight by day")
	}
	if p := obj["number_of_people"]; p == "none" || p == "1" {
		g, _ := obj["gender"].([]any)
		a, _ := obj["age"].([]any)
		if p == "none" && (len(g) > 0 || len(a) > 0) || len(g) > 1 || len(a) > 1 {
			fail("gender %v and age %v for %v people", g, a, p)
		}
	}
	if id, _ := obj["id"].(string); id == "" {
		fail("no id")
	}
	for _, k := range []string{"title", "description", "timecode"} {
		if s, ok := obj[k].(string); !ok || strings.TrimSpace(s) == "" {
			fail("%s: want a string, got %v", k, obj[k])
		}
	}
	if !timecodeRE.MatchString(obj["timecode"].(string)) {
		fail("bad timecode")
	}
	if _, ok := obj["actors"]; ok {
		fail("actors are never invented")
	}
	tags, ok := obj["tags"].([]any)
	if !ok || len(tags) == 0 {
		fail("no tags")
	}
	for _, tg := range tags {
		if s, ok := tg.(string); !ok || s == "" {
			fail("bad tag %v", tg)
		}
	}
	m, ok := obj["movie"].(map[string]any)
	if !ok {
		fail("no movie object")
	}
	for k := range m {
		if !movieKeys[k] {
			fail("movie: unknown key %q", k)
		}
	}
	if s, _ := m["title"].(string); s == "" {
		fail("movie without a title")
	}
	if g, ok := m["genres"]; ok {
		genre, _ := taxonomy.Lookup("genre")
		for _, e := range g.([]any) {
			if s, _ := e.(string); !genre.Has(s) {
				fail("movie genre %v", e)
			}
		}
	}
	return obj
}

// hasValue reports whether a decoded line has value v in field.
func hasValue(obj map[string]any, field, v string) bool {
	switch x := obj[field].(type) {
	case string:
		return x == v
	case []any:
		for _, e := range x {
			if e == v {
				return true
			}
		}
	}
	return false
}

// filmOf finds the film a line's movie object names and checks that the
// object holds exactly the dataset's values.
func filmOf(t *testing.T, n int, obj map[string]any) *Movie {
	t.Helper()
	m := obj["movie"].(map[string]any)
	want := map[string]any{}
	list, _ := Movies()
	for i := range list {
		f := &list[i]
		if year, _ := m["year"].(json.Number).Int64(); f.Title == m["title"] && int64(f.Year) == year {
			b, _ := json.Marshal(f)
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			dec.Decode(&want)
			got, _ := json.Marshal(m)
			exp, _ := json.Marshal(want)
			if !bytes.Equal(got, exp) {
				t.Fatalf("line %d: movie %s, dataset says %s", n, got, exp)
			}
			return f
		}
	}
	t.Fatalf("line %d: movie %v is not in the dataset", n, m)
	return nil
}

func TestFieldSlotsMatchTaxonomy(t *testing.T) {
	fields := taxonomy.Fields()
	if len(fields) != numFields {
		t.Fatalf("taxonomy has %d fields, the records %d: fill the new ones in demo and generator", len(fields), numFields)
	}
	for i, f := range fields {
		if fieldNames[i] != f.Name || fieldMulti[i] != f.Multi {
			t.Errorf("slot %d is %s (multi %v), taxonomy says %s (multi %v)", i, fieldNames[i], fieldMulti[i], f.Name, f.Multi)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", `qu"ote`, `back\slash`, "tab\tnew\nline\r", "\x00\x1f", "ünïcödé ☃", "bad \xff utf8", "line\u2028sep", "Per qualche dollaro in pi˘"} {
		var got string
		if err := json.Unmarshal(appendString(nil, s), &got); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if got != want {
			t.Errorf("round trip of %q gave %q", s, got)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("1776")
	f.Add("a\"b\\c\x01")
	f.Fuzz(func(t *testing.T, s string) {
		var got string
		if err := json.Unmarshal(appendString(nil, s), &got); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		want, _ := json.Marshal(s)
		var exp string
		json.Unmarshal(want, &exp)
		if got != exp {
			t.Fatalf("%q: got %q, encoding/json gives %q", s, got, exp)
		}
	})
}
