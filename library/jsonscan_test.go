package library

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzObjectMembers checks the hand-written scanners against encoding/json:
// for every valid JSON input they agree, or they decline (fall back).
func FuzzObjectMembers(f *testing.F) {
	f.Add([]byte(`{"a":"x","b":[1,{"c":"]"}],"a":"y","d":null,"e":"q\"uote"}`))
	f.Add([]byte(` { "k\u0041" : [ "x" , "y" ] , "n" : -1.5e3 } `))
	f.Add([]byte(`["not","an","object"]`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) || !utf8.Valid(b) { // ParseLine's preconditions
			return
		}
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(b, &want)
		got, err := objectMembers(b)
		if (err != nil) != (wantErr != nil || want == nil) {
			t.Fatalf("objectMembers(%q) err=%v, encoding/json err=%v", b, err, wantErr)
		}
		if err != nil {
			return
		}
		if !maps.EqualFunc(got, want, func(a, b json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b)) }) {
			t.Fatalf("objectMembers(%q) = %q, want %q", b, got, want)
		}
		for _, raw := range got {
			if s, ok := quickString(raw); ok {
				var w string
				if json.Unmarshal(raw, &w) != nil || w != s {
					t.Fatalf("quickString(%q) = %q, want %q", raw, s, w)
				}
			}
			if ss, ok := quickStrings(raw); ok {
				var w []string
				if json.Unmarshal(raw, &w) != nil || !slices.Equal(w, ss) {
					t.Fatalf("quickStrings(%q) = %q, want %q", raw, ss, w)
				}
			}
		}
	})
}
