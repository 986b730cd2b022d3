// Package taxonomy holds the cinematography vocabulary of the library: the facet
// fields a still is described by, their allowed values and display labels.
// It is the one place that says what a valid value is; the store, the import
// parser, the search index and the web layer all check against it.
package taxonomy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Value is one allowed value of a field, with its display label.
type Value struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Field is one facet field of the taxonomy.
type Field struct {
	Name   string  `json:"name"`
	Label  string  `json:"label"`
	Multi  bool    `json:"multi"`
	Values []Value `json:"values"`

	index map[string]int
}

// Has reports whether v is an allowed value of the field.
func (f *Field) Has(v string) bool {
	_, ok := f.index[v]
	return ok
}

// LabelOf returns the display label of value v, or v itself when unknown.
func (f *Field) LabelOf(v string) string {
	if i, ok := f.index[v]; ok {
		return f.Values[i].Label
	}
	return v
}

// Allowed lists the field's values, for error messages.
func (f *Field) Allowed() []string {
	out := make([]string, len(f.Values))
	for i, v := range f.Values {
		out[i] = v.Value
	}
	return out
}

// ValueError says that a value is not part of a field's vocabulary.
type ValueError struct {
	Field   string
	Value   string
	Allowed []string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("%s: unknown value %q (allowed: %s)", e.Field, e.Value, strings.Join(e.Allowed, ", "))
}

// Check returns a *ValueError when v is not an allowed value of the field.
func (f *Field) Check(v string) error {
	if f.Has(v) {
		return nil
	}
	return &ValueError{Field: f.Name, Value: v, Allowed: f.Allowed()}
}

type spec struct {
	name, label string
	multi       bool
	values      []string
}

// The table of DESIGN.md, in its order. Labels are derived from the slugs
// unless a slug needs a hand-written one (see labelOverrides).
var specs = []spec{
	{"media_type", "Media type", false, []string{"movie", "tv", "trailer", "music_video", "commercial"}},
	{"frame_size", "Frame size", false, []string{"extreme_wide", "wide", "medium_wide", "medium", "medium_close_up", "close_up", "extreme_close_up"}},
	{"shot_type", "Shot type", true, []string{"aerial", "overhead", "high_angle", "low_angle", "dutch_angle", "establishing", "over_the_shoulder", "clean_single", "two_shot", "three_shot", "group_shot", "insert"}},
	{"lens_size", "Lens size", false, []string{"ultra_wide", "wide", "medium", "long", "telephoto"}},
	{"composition", "Composition", false, []string{"center", "left_heavy", "right_heavy", "balanced", "symmetrical", "short_side"}},
	{"lighting", "Lighting", true, []string{"soft", "hard", "high_contrast", "low_contrast", "silhouette", "top_light", "underlight", "side_light", "backlight", "edge_light"}},
	{"lighting_type", "Lighting type", true, []string{"daylight", "sunny", "overcast", "moonlight", "artificial", "practical", "fluorescent", "firelight", "mixed"}},
	{"time_of_day", "Time of day", false, []string{"day", "night", "dusk", "dawn", "sunrise", "sunset"}},
	{"int_ext", "Interior/exterior", false, []string{"interior", "exterior"}},
	{"location_type", "Location type", false, []string{"urban", "suburban", "rural", "nature", "desert", "forest", "water", "mountains", "snow", "space", "office", "home", "vehicle", "industrial", "studio"}},
	{"time_period", "Time period", false, []string{"future", "2020s", "2010s", "2000s", "1990s", "1980s", "1970s", "1960s", "1950s", "1940s", "1930s", "1920s", "1910s", "1900s", "1800s", "1700s", "renaissance", "medieval", "ancient", "stone_age"}},
	{"color", "Colour", true, []string{"warm", "cool", "mixed", "saturated", "desaturated", "red", "orange", "yellow", "green", "cyan", "blue", "purple", "magenta", "pink", "white", "sepia", "black_and_white"}},
	{"aspect_ratio", "Aspect ratio", false, []string{"0.56", "1.00", "1.20", "1.33", "1.37", "1.43", "1.66", "1.78", "1.85", "1.90", "2.00", "2.20", "2.35", "2.39", "2.55", "2.67", "2.76"}},
	{"format", "Format", false, []string{"film_35mm", "film_16mm", "film_super8", "film_65mm", "imax", "tape", "digital", "digital_large_format", "animation"}},
	{"optical_format", "Optical format", false, []string{"anamorphic", "spherical", "super_35", "three_perf", "two_perf", "open_gate", "stereo_3d"}},
	{"lab_process", "Lab process", true, []string{"bleach_bypass", "cross_process", "flashing"}},
	{"number_of_people", "Number of people", false, []string{"none", "1", "2", "3", "4", "5", "6_plus"}},
	{"gender", "Gender", true, []string{"female", "male", "trans"}},
	{"age", "Age", true, []string{"baby", "toddler", "child", "teenager", "young_adult", "mid_adult", "middle_age", "senior"}},
	{"genre", "Genre", true, []string{"action", "adventure", "animation", "comedy", "crime", "documentary", "drama", "family", "fantasy", "history", "horror", "music", "mystery", "romance", "science_fiction", "thriller", "war", "western"}},
}

var labelOverrides = map[string]string{
	"tv":                "TV",
	"music_video":       "Music video",
	"over_the_shoulder": "Over the shoulder",
	"int_ext":           "Interior/exterior",
	"film_35mm":         "35mm film",
	"film_16mm":         "16mm film",
	"film_super8":       "Super 8",
	"film_65mm":         "65mm film",
	"imax":              "IMAX",
	"super_35":          "Super 35",
	"stereo_3d":         "Stereo 3D",
	"6_plus":            "6+",
	"none":              "None",
	"black_and_white":   "Black and white",
	"science_fiction":   "Science fiction",
	"stone_age":         "Stone age",
	"three_perf":        "3-perf",
	"two_perf":          "2-perf",
	"underlight":        "Underlight",
}

var (
	aspectRatios []float64 // parsed aspect_ratio values, same order
	fields       []*Field
	byName       = map[string]*Field{}
)

func init() {
	for _, s := range specs {
		f := &Field{Name: s.name, Label: s.label, Multi: s.multi, index: map[string]int{}}
		for i, v := range s.values {
			f.Values = append(f.Values, Value{Value: v, Label: labelFor(s.name, v)})
			f.index[v] = i
		}
		if f.Name == "aspect_ratio" {
			for _, v := range s.values {
				r, err := strconv.ParseFloat(v, 64)
				if err != nil {
					panic("taxonomy: bad aspect ratio " + v)
				}
				aspectRatios = append(aspectRatios, r)
			}
		}
		fields = append(fields, f)
		byName[f.Name] = f
	}
}

func labelFor(field, v string) string {
	if l, ok := labelOverrides[v]; ok {
		return l
	}
	if field == "aspect_ratio" {
		return v + ":1"
	}
	s := strings.ReplaceAll(v, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// Fields returns every facet field in display order. Callers must not modify it.
func Fields() []*Field { return fields }

// Lookup returns the field called name.
func Lookup(name string) (*Field, bool) {
	f, ok := byName[name]
	return f, ok
}

// SingleFields and MultiFields list field names by cardinality, in display order.
func SingleFields() []string { return namesWhere(false) }

// MultiFields lists the names of the multi-valued fields.
func MultiFields() []string { return namesWhere(true) }

func namesWhere(multi bool) []string {
	var out []string
	for _, f := range fields {
		if f.Multi == multi {
			out = append(out, f.Name)
		}
	}
	return out
}

// AspectBucket returns the aspect_ratio value nearest to width/height.
// Zero or negative sizes give "".
func AspectBucket(width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	b, _ := NearestAspect(float64(width) / float64(height))
	return b
}

// NearestAspect returns the aspect_ratio bucket nearest to ratio r and how
// far r is from it.
func NearestAspect(r float64) (string, float64) {
	best, bestD := "", math.Inf(1)
	for i, b := range aspectRatios {
		if d := math.Abs(r - b); d < bestD {
			best, bestD = byName["aspect_ratio"].Values[i].Value, d
		}
	}
	return best, bestD
}

// Decade returns the decade label of a year ("1990s"), or "" for year 0.
func Decade(year int) string {
	if year <= 0 {
		return ""
	}
	return fmt.Sprintf("%ds", year/10*10)
}
