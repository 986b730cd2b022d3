package library

import (
	"encoding/json"
	"errors"
)

// Manifest lines are parsed for every still of an import, so the hot paths
// avoid encoding/json's reflection: objectMembers splits an object into its
// members after json.Valid has vetted the whole line, and quickString reads
// a string without escapes in place. Anything unusual falls back to
// encoding/json, which defines the behaviour (see FuzzObjectMembers).

var errNotObject = errors.New("not a JSON object")

// objectMembers returns the members of the JSON object b, which must be
// valid JSON (json.Valid) and valid UTF-8. A key repeated later wins, as
// with encoding/json.
func objectMembers(b []byte) (map[string]json.RawMessage, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, errNotObject
	}
	out := make(map[string]json.RawMessage, 32)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return out, nil
	}
	for i < len(b) {
		end := skipString(b, i)
		key, ok := quickString(b[i:end])
		if !ok {
			if err := json.Unmarshal(b[i:end], &key); err != nil {
				return nil, err
			}
		}
		i = skipSpace(b, end)
		i = skipSpace(b, i+1) // past ':'
		start := i
		i = skipValue(b, i)
		out[key] = json.RawMessage(b[start:i])
		i = skipSpace(b, i)
		if i < len(b) && b[i] == '}' {
			return out, nil
		}
		i = skipSpace(b, i+1) // past ','
	}
	return nil, errNotObject
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string starting at b[i] ('"').
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index just past the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	return i
}

// quickString decodes a JSON string that has no escapes and no control
// characters; ok is false for anything else (the caller then uses
// encoding/json).
func quickString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' || c == '"' || c < 0x20 {
			return "", false
		}
	}
	return string(raw[1 : len(raw)-1]), true
}

// quickStrings decodes an array of simple strings (see quickString).
func quickStrings(raw []byte) ([]string, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	out := []string{}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return out, skipSpace(raw, i+1) == len(raw)
	}
	for i < len(raw) {
		if raw[i] != '"' {
			return nil, false
		}
		end := skipString(raw, i)
		s, ok := quickString(raw[i:end])
		if !ok {
			return nil, false
		}
		out = append(out, s)
		i = skipSpace(raw, end)
		if i < len(raw) && raw[i] == ']' {
			return out, skipSpace(raw, i+1) == len(raw)
		}
		if i >= len(raw) || raw[i] != ',' {
			return nil, false
		}
		i = skipSpace(raw, i+1)
	}
	return nil, false
}
