package index

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// Doc is what the index knows about one still: the text that search matches
// and the taxonomy values it can be narrowed by. Nothing of it is stored in
// the index; hits carry only the id.
type Doc struct {
	ID                 uint32 // SQLite image id; the Bleve doc id is its decimal string (see docID)
	Title, Description string
	MovieTitle         string
	Year               int
	Director           string
	Cinematographer    string
	ProductionDesigner string
	CostumeDesigner    string
	Editor             string
	Actors, Tags       []string
	// Values maps a taxonomy field to its value slugs ("frame_size" ->
	// ["close_up"]). Each value is indexed as a keyword term of its field and
	// its label as text, so the words "close up" find it too.
	Values map[string][]string
}

// docID is the Bleve document id of an image id: its decimal string,
// zero-padded to the ten digits of the largest uint32, so that Bleve's _id
// order (bytewise) is numeric order and _id can break score ties cheaply.
func docID(id uint32) string {
	var b [10]byte
	s := strconv.AppendUint(b[:0], uint64(id), 10)
	return strings.Repeat("0", 10-len(s)) + string(s)
}

// fields maps d to the Bleve document the mapping describes.
func (d *Doc) fields() map[string]any {
	m := make(map[string]any, 16)
	text := make([]string, 0, 16)
	add := func(field string, vs ...string) {
		vs = nonEmpty(vs)
		if len(vs) == 0 {
			return
		}
		text = append(text, vs...)
		if field != "" {
			m[field] = vs
		}
	}
	add(fieldTitle, d.Title)
	add(fieldMovie, d.MovieTitle)
	add(fieldPeople, append([]string{d.Director, d.Cinematographer, d.ProductionDesigner,
		d.CostumeDesigner, d.Editor}, d.Actors...)...)
	add(fieldTags, d.Tags...)
	add("", d.Description)

	var labels []string
	for name, values := range d.Values {
		f, known := taxonomy.Lookup(name)
		if !known || len(values) == 0 {
			continue
		}
		m[valuePrefix+name] = values
		for _, v := range values {
			labels = append(labels, f.LabelOf(v))
		}
	}
	slices.Sort(labels) // map order is random; keep the document stable
	add("", labels...)
	if len(text) > 0 {
		m[fieldText] = text
	}
	if d.Year > 0 {
		m[fieldYear] = float64(d.Year)
	}

	d.putSuggest(m, "movie", d.MovieTitle)
	d.putSuggest(m, "director", d.Director)
	d.putSuggest(m, "cinematographer", d.Cinematographer)
	d.putSuggest(m, "actor", d.Actors...)
	d.putSuggest(m, "tag", d.Tags...)
	return m
}

// putSuggest adds the autocomplete keys of kind for names: for each name,
// one key per word it can be typed from ("steven spielberg", "spielberg"),
// each followed by the name as displayed, and its words for typo correction.
func (d *Doc) putSuggest(m map[string]any, kind string, names ...string) {
	var keys, words []string
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		ws := splitWords(name, nil)
		for i := range min(len(ws), maxSuggestStarts) {
			keys = append(keys, strings.Join(ws[i:], " ")+suggestSep+name)
		}
		for _, w := range ws {
			if len(w) >= minFuzzyWord && !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
	}
	if len(keys) > 0 {
		m[suggestPrefix+kind] = keys
	}
	if len(words) > 0 {
		m[wordsPrefix+kind] = words
	}
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
