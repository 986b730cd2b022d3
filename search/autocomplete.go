package search

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/shotdeck/shotdeck/facets"
)

// Suggestion kinds, in the order of API.md.
const (
	KindMovie           = "movie"
	KindDirector        = "director"
	KindCinematographer = "cinematographer"
	KindActor           = "actor"
	KindTag             = "tag"
)

// SuggestKinds lists every suggestion kind.
var SuggestKinds = []string{KindMovie, KindDirector, KindCinematographer, KindActor, KindTag}

// Suggestion is one autocomplete answer.
type Suggestion struct {
	Text  string  `json:"text"`
	Kind  string  `json:"kind"`
	ID    *string `json:"id"` // the film's id for films; null for the others
	Count uint64  `json:"count"`
}

// dictionary is the autocomplete vocabulary: every film, credit and tag
// with its still count, findable by the start of any of its words. It is
// rebuilt from the facet engine after the indexer applies changes, so a
// lookup is a binary search, never a query that expands a prefix.
type dictionary struct {
	entries []Suggestion
	words   []wordRef // sorted by word
}

type wordRef struct {
	word  string // folded
	entry int32
}

// dictionaryRefresh bounds how often the dictionary is rebuilt while writes
// stream in.
const dictionaryRefresh = time.Second

type dictState struct {
	mu    sync.RWMutex
	dict  *dictionary
	seq   int64
	built time.Time
}

// refreshDictionary rebuilds the dictionary when forced, or when changes
// arrived since the last build and that build is older than
// dictionaryRefresh. It runs on the indexer goroutine.
func (s *Service) refreshDictionary(force bool) {
	seq := s.applied.Load()
	s.dict.mu.RLock()
	stale := s.dict.dict == nil || (s.dict.seq != seq && time.Since(s.dict.built) >= dictionaryRefresh)
	s.dict.mu.RUnlock()
	if !stale && !force {
		return
	}
	d := s.buildDictionary()
	s.dict.mu.Lock()
	s.dict.dict, s.dict.seq, s.dict.built = d, seq, time.Now()
	s.dict.mu.Unlock()
}

func (s *Service) buildDictionary() *dictionary {
	fields := []string{FieldMovie, FieldDirector, FieldCinematographer, FieldActor, FieldTag}
	counts := s.facets.Counts(facets.Query{}, fields, nil)
	d := &dictionary{}
	titles := s.movieTitles()
	for _, field := range fields {
		for _, c := range counts[field] {
			sg := Suggestion{Text: c.Value, Kind: field, Count: c.Count}
			if field == FieldMovie {
				id := c.Value
				sg.ID = &id
				n, _ := strconv.ParseUint(id, 10, 32)
				if sg.Text = titles[uint32(n)]; sg.Text == "" {
					continue
				}
			}
			d.add(sg)
		}
	}
	slices.SortFunc(d.words, func(a, b wordRef) int { return strings.Compare(a.word, b.word) })
	return d
}

func (d *dictionary) add(sg Suggestion) {
	idx := int32(len(d.entries))
	d.entries = append(d.entries, sg)
	for _, w := range strings.FieldsFunc(fold(sg.Text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		d.words = append(d.words, wordRef{w, idx})
	}
}

// fold lowercases and strips accents, so "Almodovar" finds "Almodóvar".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Autocomplete suggests films, people and tags for what the user has typed
// so far: entries with a word starting with the typed text first, then
// near misses (one typo, two in longer words), each group by count.
func (s *Service) Autocomplete(ctx context.Context, prefix string, kinds []string, limit int) ([]Suggestion, error) {
	if !s.ready.Load() {
		return nil, ErrNotReady
	}
	s.dict.mu.RLock()
	d := s.dict.dict
	s.dict.mu.RUnlock()
	out := []Suggestion{}
	words := strings.Fields(fold(prefix))
	if d == nil || len(words) == 0 {
		return out, nil
	}
	want := func(sg *Suggestion) bool { return len(kinds) == 0 || slices.Contains(kinds, sg.Kind) }
	last := words[len(words)-1]
	exact := d.prefixMatches(last, words[:len(words)-1], want)
	out = append(out, top(d, exact, limit)...)
	if len(out) < limit && len([]rune(last)) >= 3 {
		near := d.fuzzyMatches(last, words[:len(words)-1], want, exact)
		out = append(out, top(d, near, limit-len(out))...)
	}
	return out, nil
}

// prefixMatches finds entries with a word starting with last whose text
// also holds every earlier typed word.
func (d *dictionary) prefixMatches(last string, earlier []string, want func(*Suggestion) bool) map[int32]bool {
	hits := map[int32]bool{}
	i, _ := slices.BinarySearchFunc(d.words, last, func(w wordRef, t string) int { return strings.Compare(w.word, t) })
	for ; i < len(d.words) && strings.HasPrefix(d.words[i].word, last); i++ {
		e := d.words[i].entry
		if want(&d.entries[e]) && holdsAll(d.entries[e].Text, earlier) {
			hits[e] = true
		}
	}
	return hits
}

// fuzzyMatches finds entries with a word whose start is within a small edit
// distance of last. Only words that begin with the same letter are tried
// (as search engines' fuzzy prefix length 1 does): first letters are rarely
// mistyped, and walking one letter's slice of the sorted word list instead
// of all of it made this ~20 times cheaper, which is what keeps typo
// suggestions inside the 5 ms budget under load.
func (d *dictionary) fuzzyMatches(last string, earlier []string, want func(*Suggestion) bool, skip map[int32]bool) map[int32]bool {
	typed := []rune(last)
	maxDist := 1
	if len(typed) >= 6 {
		maxDist = 2
	}
	first := string(typed[0])
	i, _ := slices.BinarySearchFunc(d.words, first, func(w wordRef, t string) int { return strings.Compare(w.word, t) })
	hits := map[int32]bool{}
	var dist distanceBuf
	for ; i < len(d.words) && strings.HasPrefix(d.words[i].word, first); i++ {
		w := d.words[i]
		if skip[w.entry] || hits[w.entry] || !want(&d.entries[w.entry]) {
			continue
		}
		if dist.prefixDistance(typed, w.word, maxDist) <= maxDist && holdsAll(d.entries[w.entry].Text, earlier) {
			hits[w.entry] = true
		}
	}
	return hits
}

func holdsAll(text string, words []string) bool {
	f := fold(text)
	for _, w := range words {
		if !strings.Contains(f, w) {
			return false
		}
	}
	return true
}

// top orders matches by count (then text) and keeps n.
func top(d *dictionary, hits map[int32]bool, n int) []Suggestion {
	out := make([]Suggestion, 0, len(hits))
	for e := range hits {
		out = append(out, d.entries[e])
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		if a.Count != b.Count {
			if a.Count > b.Count {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Text, b.Text)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// distanceBuf holds the scratch rows of prefixDistance, reused across the
// words of one lookup.
type distanceBuf struct {
	word      []rune
	prev, cur []int
}

// prefixDistance is the smallest edit distance between typed and any prefix
// of word, giving up (returning max+1) once it must exceed max.
func (b *distanceBuf) prefixDistance(typed []rune, word string, max int) int {
	b.word = b.word[:0]
	for _, r := range word {
		b.word = append(b.word, r)
		if len(b.word) >= len(typed)+max { // longer prefixes cannot be closer
			break
		}
	}
	w := b.word
	b.prev = slices.Grow(b.prev[:0], len(w)+1)[:len(w)+1]
	b.cur = slices.Grow(b.cur[:0], len(w)+1)[:len(w)+1]
	prev, cur := b.prev, b.cur
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(typed); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(w); j++ {
			cost := 1
			if typed[i-1] == w[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return slices.Min(prev) // the typed text against every prefix of word
}
