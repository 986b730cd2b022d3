package deck

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestBetween(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ before, after, want string }{
		{"", "", "V"},
		{"V", "", "W"},
		{"z", "", "z1"},
		{"zz", "", "zz1"},
		{"Vz", "", "W"},
		{"", "V", "U"},
		{"", "1", "0z"},
		{"", "01", "00z"},
		{"", "1V", "1"},
		{"", "V1", "V"},
		{"A", "C", "B"},
		{"A", "B", "AV"},
		{"A", "A1", "A0V"},
		{"A", "AV", "AF"},
		{"Az", "B", "AzV"},
		{"Az", "B1", "B"},
		{"1", "2", "1V"},
	} {
		got, err := Between(tc.before, tc.after)
		if err != nil || got != tc.want {
			t.Errorf("Between(%q, %q) = %q, %v; want %q", tc.before, tc.after, got, err, tc.want)
		}
	}
}

func TestBetweenInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ before, after string }{
		{"B", "A"},  // reversed
		{"A", "A"},  // equal
		{"A0", ""},  // trailing zero
		{"", "0"},   // the zero position itself
		{"A-", ""},  // outside the alphabet
		{"", "a b"}, // space
		{"é", ""},   // non-ASCII
		{"A", "B\x00"},
		{"zz", "z"},
	} {
		got, err := Between(tc.before, tc.after)
		if !errors.Is(err, ErrInvalidPosition) {
			t.Errorf("Between(%q, %q) = %q, %v; want ErrInvalidPosition", tc.before, tc.after, got, err)
		}
	}
}

// checkBetween fails unless p is a valid position strictly inside the bounds.
func checkBetween(t *testing.T, before, after, p string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("Between(%q, %q): %v", before, after, err)
	}
	if !ValidPosition(p) || (before != "" && p <= before) || (after != "" && p >= after) {
		t.Fatalf("Between(%q, %q) = %q: not a valid position strictly between", before, after, p)
	}
}

// TestRandomInserts plays a long random editing session and checks that
// order stays strict after every single insert.
func TestRandomInserts(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 5; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed*7919))
		var deck []string
		spot := -1 // index of a card we keep inserting right after
		for step := 0; step < 3000; step++ {
			var i int // insert at index i: between deck[i-1] and deck[i]
			switch k := rng.IntN(10); {
			case len(deck) == 0:
				i = 0
			case k < 2:
				i = 0
			case k < 4:
				i = len(deck)
			case k < 6 && spot >= 0 && spot < len(deck):
				i = spot + 1 // same spot again and again
			default:
				i = rng.IntN(len(deck) + 1)
				spot = i - 1
			}
			var before, after string
			if i > 0 {
				before = deck[i-1]
			}
			if i < len(deck) {
				after = deck[i]
			}
			p, err := Between(before, after)
			checkBetween(t, before, after, p, err)
			deck = slices.Insert(deck, i, p)
			if spot >= i {
				spot++
			}
		}
		if !slices.IsSorted(deck) || len(slices.Compact(slices.Clone(deck))) != len(deck) {
			t.Fatalf("seed %d: order not strictly increasing", seed)
		}
		longest := 0
		for _, p := range deck {
			longest = max(longest, len(p))
		}
		if longest > 100 {
			t.Errorf("seed %d: longest position %d bytes after %d mixed inserts", seed, longest, len(deck))
		}
	}
}

// TestGrowth measures the degenerate patterns: 10,000 inserts always at one
// end or always at the same spot. Run with -v to see the numbers.
func TestGrowth(t *testing.T) {
	t.Parallel()
	const n = 10000
	for _, tc := range []struct {
		name  string
		limit int
		next  func(prev string) (before, after string)
	}{
		{"append at end", 200, func(prev string) (string, string) { return prev, "" }},
		{"insert at front", 200, func(prev string) (string, string) { return "", prev }},
		// Always right after card "V", i.e. before the previous insert.
		{"same spot after a card", 2100, func(prev string) (string, string) {
			if prev == "" {
				return "V", "W"
			}
			return "V", prev
		}},
		// Always right before card "W", i.e. after the previous insert.
		{"same spot before a card", 2100, func(prev string) (string, string) {
			if prev == "" {
				return "V", "W"
			}
			return prev, "W"
		}},
	} {
		prev := ""
		for i := 0; i < n; i++ {
			before, after := tc.next(prev)
			p, err := Between(before, after)
			checkBetween(t, before, after, p, err)
			prev = p
		}
		t.Logf("%s: %d inserts, last position %d bytes", tc.name, n, len(prev))
		if len(prev) > tc.limit {
			t.Errorf("%s: position grew to %d bytes, want <= %d", tc.name, len(prev), tc.limit)
		}
	}
}

func TestSequence(t *testing.T) {
	t.Parallel()
	if Sequence(0) != nil || Sequence(-3) != nil {
		t.Error("Sequence of no cards should be nil")
	}
	if got := Sequence(1); !slices.Equal(got, []string{"V"}) {
		t.Errorf("Sequence(1) = %q", got)
	}
	for _, n := range []int{1, 2, 3, 10, 61, 62, 63, 500, 3843, 3844, 20000} {
		seq := Sequence(n)
		if len(seq) != n {
			t.Fatalf("Sequence(%d) has %d positions", n, len(seq))
		}
		wantLen := 1
		for span := base; span <= n; span *= base {
			wantLen++
		}
		for i, p := range seq {
			if !ValidPosition(p) || len(p) > wantLen {
				t.Fatalf("Sequence(%d)[%d] = %q: invalid or longer than %d", n, i, p, wantLen)
			}
			if i > 0 && seq[i-1] >= p {
				t.Fatalf("Sequence(%d): %q then %q", n, seq[i-1], p)
			}
		}
		// There is room everywhere, including at both ends.
		if _, err := Between("", seq[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := Between(seq[n-1], ""); err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzBetween(f *testing.F) {
	f.Add("", "")
	f.Add("A", "B")
	f.Add("A", "A1")
	f.Add("zz", "")
	f.Add("", "001")
	f.Add("Az", "B")
	f.Fuzz(func(t *testing.T, before, after string) {
		p, err := Between(before, after)
		valid := (before == "" || ValidPosition(before)) && (after == "" || ValidPosition(after)) &&
			(before == "" || after == "" || before < after)
		if !valid {
			if err == nil {
				t.Fatalf("Between(%q, %q) = %q, want an error", before, after, p)
			}
			return
		}
		checkBetween(t, before, after, p, err)
		// The result is never much longer than its bounds.
		if len(p) > max(len(before), len(after))+2 {
			t.Fatalf("Between(%q, %q) = %q: too long", before, after, p)
		}
		if strings.ContainsAny(p, " \"\\") {
			t.Fatalf("unexpected byte in %q", p)
		}
	})
}
