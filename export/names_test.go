package export

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Heat", "heat"},
		{"Amélie", "amelie"},
		{"Crème Brûlée, Ça va?", "creme-brulee-ca-va"},
		{"Straße & Ærøskøbing", "strasse-aeroskobing"},
		{"  --Leading and trailing--  ", "leading-and-trailing"},
		{"東京物語", ""},
		{"Tokyo 東京 Story", "tokyo-story"},
		{"../../etc/passwd", "etc-passwd"},
		{"ﬁlm ２００１", "film-2001"}, // compatibility forms fold to ASCII
		{strings.Repeat("word ", 30), strings.TrimSuffix(strings.Repeat("word-", 9), "-")},
	} {
		if got := slug(tc.in); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFileName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pos   int
		cr    Credits
		title string
		ext   string
		want  string
	}{
		{1, Credits{Film: "Heat", Year: 1995}, "Diner", "jpg", "001-heat-1995-diner.jpg"},
		{42, Credits{Film: "Amélie", Year: 2001}, "", "JPEG", "042-amelie-2001.jpg"},
		{7, Credits{}, "", "png", "007-still.png"},
		{1000, Credits{Film: "Heat"}, "x", "../sh", "1000-heat-x.bin"},
		{3, Credits{Film: "Heat"}, "Diner", "", "003-heat-diner.bin"},
		{3, Credits{Film: "Heat"}, "Diner", ".webp", "003-heat-diner.webp"},
	} {
		if got := fileName(tc.pos, tc.cr, tc.title, tc.ext); got != tc.want {
			t.Errorf("fileName(%d, %+v, %q, %q) = %q, want %q", tc.pos, tc.cr, tc.title, tc.ext, got, tc.want)
		}
	}
}

// Whatever users type, a slug is short, lowercase ASCII words and hyphens.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Heat", "Amélie – café", "東京", "../x", "a\x00b", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := slug(s)
		if len(got) > maxSlug {
			t.Fatalf("slug(%q) = %q is longer than %d", s, got, maxSlug)
		}
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("slug(%q) = %q has stray hyphens", s, got)
		}
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("slug(%q) = %q holds %q", s, got, r)
			}
		}
	})
}

func TestCell(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-2 stops": "'-2 stops", "@me": "'@me",
		"plain": "plain", "": "", "a=b": "a=b",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}
