package library

import (
	"errors"
	"slices"
	"testing"

	"github.com/shotdeck/shotdeck/taxonomy"
)

func TestParseLineDesignExample(t *testing.T) {
	line := []byte(`{"id": "heat-0042", "file": "stills/heat-0042.jpg", "title": "Diner", "description": "Two men face each other across a table",
 "timecode": "01:42:10", "movie": {"title": "Heat", "year": 1995, "director": "Michael Mann",
 "cinematographer": "Dante Spinotti", "genres": ["crime", "drama"]},
 "media_type": "movie", "frame_size": "medium_close_up", "shot_type": ["over_the_shoulder"], "lens_size": "long", "lighting": ["soft", "low_contrast"],
 "lighting_type": ["practical"], "time_of_day": "night", "int_ext": "interior",
 "location_type": "urban", "format": "film_35mm", "number_of_people": "2", "gender": ["male"],
 "age": ["middle_age"], "tags": ["diner", "conversation"], "actors": ["Al Pacino", "Robert De Niro"]}`)
	l, warnings, err := ParseLine(line)
	if err != nil || len(warnings) != 0 {
		t.Fatalf("ParseLine: %v %v", err, warnings)
	}
	if l.ID != "heat-0042" || l.File != "stills/heat-0042.jpg" || l.Movie.Year != 1995 || l.Movie.Cinematographer != "Dante Spinotti" ||
		l.Single["number_of_people"] != "2" || !slices.Equal(l.Multi["lighting"], []string{"soft", "low_contrast"}) ||
		!slices.Equal(*l.Actors, []string{"Al Pacino", "Robert De Niro"}) || !slices.Equal(l.Movie.Genres, []string{"crime", "drama"}) {
		t.Fatalf("parsed %+v", l)
	}
}

func TestParseLineForgivesAndRefuses(t *testing.T) {
	l, _, err := ParseLine([]byte(`{"id":"x","frame_size":"Close Up","number_of_people":7,"aspect_ratio":"2.4","palette":[{"hex":"#AABBCC","share":0.5}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if l.Single["frame_size"] != "close_up" || l.Single["number_of_people"] != "6_plus" || l.Single["aspect_ratio"] != "2.39" || (*l.Palette)[0] != (Colour{"#aabbcc", 0.5}) {
		t.Fatalf("normalised: %+v %v", l.Single, *l.Palette)
	}
	for _, bad := range []struct{ line, field string }{
		{`{"frame_size":"giant"}`, "frame_size"},
		{`{"lighting":"soft,hard"}`, "lighting"},
		{`{"lighting":[1]}`, "lighting"},
		{`{"width":-5}`, "width"},
		{`{"palette":["red"]}`, "palette"},
		{`{"movie":"Heat"}`, "movie"},
		{`{"movie":{"title":"Heat","genres":["noir"]}}`, "genre"},
		{`{"title":["a"]}`, "title"},
		{`{"tags":[` + string(make([]byte, 0)) + `"a","b","a"],"id":5}`, "id"},
	} {
		_, _, err := ParseLine([]byte(bad.line))
		var fe *FieldError
		var ve *taxonomy.ValueError
		switch {
		case errors.As(err, &fe):
			if fe.Field != bad.field && fe.Field != "movie."+bad.field {
				t.Errorf("%s: field %q, want %q", bad.line, fe.Field, bad.field)
			}
		case errors.As(err, &ve):
			if ve.Field != bad.field {
				t.Errorf("%s: field %q, want %q", bad.line, ve.Field, bad.field)
			}
		default:
			t.Errorf("%s: err = %v, want a field error", bad.line, err)
		}
	}
	for _, bad := range []string{``, `null`, `[]`, `"x"`, `{"a":1}{"b":2}`, "\xff"} {
		if _, _, err := ParseLine([]byte(bad)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: err = %v, want ErrInvalid", bad, err)
		}
	}
}

// FuzzParseLine: no input panics, and whatever parses holds only allowed
// taxonomy values.
func FuzzParseLine(f *testing.F) {
	f.Add([]byte(`{"id":"a","frame_size":"wide","lighting":["soft"],"movie":{"title":"Heat","year":1995},"palette":["#aabbcc"]}`))
	f.Add([]byte(`{"id":"b","number_of_people":3,"aspect_ratio":"1.85","tags":"one"}`))
	f.Add([]byte(`{"movie":null,"width":null}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, _, err := ParseLine(b)
		if err != nil {
			return
		}
		for k, v := range l.Single {
			fd, ok := taxonomy.Lookup(k)
			if !ok || (v != "" && !fd.Has(v)) {
				t.Fatalf("accepted %s=%q", k, v)
			}
		}
		for k, vs := range l.Multi {
			fd, _ := taxonomy.Lookup(k)
			for _, v := range vs {
				if !fd.Has(v) {
					t.Fatalf("accepted %s=%q", k, v)
				}
			}
		}
	})
}
