package index

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// synonymsText is the hand-kept query vocabulary; its format is described at
// the top of the file.
//
//go:embed synonyms.txt
var synonymsText string

// term is one taxonomy value: a keyword term of a value field.
type term struct {
	Field, Value string
}

// meaning is what recognised words stand for: every group must match, and a
// group matches when any of its terms does.
type meaning [][]term

// vocabulary maps normalised word sequences (joined by one space) to the
// taxonomy values they stand for.
type vocabulary struct {
	entries  map[string]meaning
	maxWords int // the longest key, in words
}

// vocab is built once from the taxonomy and synonyms.txt; a bad line in the
// embedded file is a programming error, caught by the tests.
var vocab = mustVocabulary(synonymsText)

// labelsSkipped are taxonomy fields whose labels are not recognised in free
// text: their values are numbers or words too common to mean the field
// ("1", "2", "None"). synonyms.txt gives them explicit phrases instead.
var labelsSkipped = map[string]bool{"number_of_people": true}

func mustVocabulary(text string) *vocabulary {
	v, err := newVocabulary(text)
	if err != nil {
		panic(err)
	}
	return v
}

// newVocabulary recognises every taxonomy label and slug, then adds (and
// lets override) the entries of a synonyms file.
func newVocabulary(text string) (*vocabulary, error) {
	v := &vocabulary{entries: map[string]meaning{}}
	labels := map[string][]term{}
	for _, f := range taxonomy.Fields() {
		if labelsSkipped[f.Name] {
			continue
		}
		for _, val := range f.Values {
			t := term{f.Name, val.Value}
			for _, s := range []string{val.Label, val.Value} {
				k := vocabKey(s)
				if k != "" && !slices.Contains(labels[k], t) {
					labels[k] = append(labels[k], t)
				}
			}
		}
	}
	// A label shared by several fields ("wide": frame size or lens size)
	// means any of them.
	for k, ts := range labels {
		v.add(k, meaning{ts})
	}
	seen := map[string]meaning{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		keys, m, err := parseSynonymLine(line)
		if err != nil {
			return nil, fmt.Errorf("index: synonyms line %d: %w", n+1, err)
		}
		for _, k := range keys {
			if prev, ok := seen[k]; ok && !equalMeaning(prev, m) {
				return nil, fmt.Errorf("index: synonyms line %d: %q already means something else", n+1, k)
			}
			seen[k] = m
			v.add(k, m)
		}
	}
	return v, nil
}

func (v *vocabulary) add(key string, m meaning) {
	v.entries[key] = m
	v.maxWords = max(v.maxWords, strings.Count(key, " ")+1)
}

// parseSynonymLine reads "key, key => field:value, field:value + field:value".
func parseSynonymLine(line string) ([]string, meaning, error) {
	lhs, rhs, ok := strings.Cut(line, "=>")
	if !ok {
		return nil, nil, fmt.Errorf("no =>")
	}
	var keys []string
	for _, k := range strings.Split(lhs, ",") {
		nk := vocabKey(k)
		if nk == "" {
			return nil, nil, fmt.Errorf("empty key in %q", lhs)
		}
		keys = append(keys, nk)
	}
	var m meaning
	for _, group := range strings.Split(rhs, "+") {
		var g []term
		for _, fv := range strings.Split(group, ",") {
			name, value, ok := strings.Cut(strings.TrimSpace(fv), ":")
			if !ok {
				return nil, nil, fmt.Errorf("%q is not field:value", fv)
			}
			f, ok := taxonomy.Lookup(name)
			if !ok {
				return nil, nil, fmt.Errorf("unknown taxonomy field %q", name)
			}
			if err := f.Check(value); err != nil {
				return nil, nil, err
			}
			g = append(g, term{name, value})
		}
		m = append(m, g)
	}
	return keys, m, nil
}

func equalMeaning(a, b meaning) bool {
	return slices.EqualFunc(a, b, func(x, y []term) bool { return slices.Equal(x, y) })
}

// vocabKey normalises a phrase the way the query parser splits words, so a
// key and the words typed for it compare equal.
func vocabKey(s string) string {
	return strings.Join(splitWords(s, nil), " ")
}

// lookup finds the longest vocabulary entry at the start of words and says
// how many words it covers (0 when none).
func (v *vocabulary) lookup(words []string) (meaning, int) {
	for n := min(v.maxWords, len(words)); n > 0; n-- {
		if m, ok := v.entries[strings.Join(words[:n], " ")]; ok {
			return m, n
		}
	}
	return nil, 0
}
