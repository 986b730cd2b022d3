package search

import (
	"math/rand/v2"
	"testing"
)

// naivePrefixDistance is the definition: the least edit distance between
// typed and any prefix of word.
func naivePrefixDistance(typed, word []rune) int {
	best := 1 << 30
	for n := 0; n <= len(word); n++ {
		best = min(best, editDistance(typed, word[:n]))
	}
	return best
}

func editDistance(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return d[len(a)][len(b)]
}

// TestPrefixDistanceMatchesTheDefinition checks the bounded, buffer-reusing
// distance against the definition on random words, including accents.
func TestPrefixDistanceMatchesTheDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	letters := []rune("abcdeé")
	word := func(n int) []rune {
		w := make([]rune, n)
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		return w
	}
	var buf distanceBuf
	for range 20000 {
		typed, w := word(1+rng.IntN(7)), word(rng.IntN(10))
		max := 1 + rng.IntN(2)
		want := min(naivePrefixDistance(typed, w), max+1)
		if got := buf.prefixDistance(typed, string(w), max); got != want {
			t.Fatalf("prefixDistance(%q, %q, %d) = %d, want %d", string(typed), string(w), max, got, want)
		}
	}
}
