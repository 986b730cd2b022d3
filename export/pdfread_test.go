package export

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// The PDF tests read our output back with pdfcpu, an independent PDF
// library: it parses and validates the file structure, counts the pages and
// hands us each page's decoded content stream and images.

func init() {
	// Keep pdfcpu from writing a configuration directory under $HOME.
	model.ConfigPath = "disable"
}

// readPDF parses and validates a PDF.
func readPDF(t testing.TB, b []byte) *model.Context {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	conf.Cmd = model.EXTRACTIMAGES
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(b), conf)
	if err != nil {
		t.Fatalf("pdfcpu cannot read the PDF: %v", err)
	}
	return ctx
}

// textRun is one string shown on a page, with the state it was shown in.
type textRun struct {
	text  string
	font  string  // font resource name
	size  float64 // points
	x, y  float64 // points from the bottom left
	color string  // the fill colour operands: "1.000 0.000 0.000" (rg) or "0.086" (g)
}

// pageRuns returns the text shown on page n (1-based) and how many images
// it paints.
func pageRuns(t testing.TB, ctx *model.Context, n int) ([]textRun, int) {
	t.Helper()
	r, err := pdfcpu.ExtractPageContent(ctx, n)
	if err != nil {
		t.Fatalf("page %d content: %v", n, err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return parseContent(t, b)
}

// pageText is the text of a page, runs joined by spaces.
func pageText(t testing.TB, ctx *model.Context, n int) string {
	runs, _ := pageRuns(t, ctx, n)
	var parts []string
	for _, r := range runs {
		parts = append(parts, r.text)
	}
	return strings.Join(parts, " ")
}

// parseContent walks a content stream's operators, keeping the little
// graphics state that text needs (font, fill colour, position), including
// the q/Q stack that fpdf wraps coloured text in.
func parseContent(t testing.TB, b []byte) ([]textRun, int) {
	t.Helper()
	type state struct {
		font  string
		size  float64
		color string
	}
	var (
		runs   []textRun
		images int
		st     state
		stack  []state
		ops    []string
		x, y   float64
	)
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("content: %q is not a number", s)
		}
		return f
	}
	toks := tokenize(t, b)
	for _, tok := range toks {
		if !tok.op {
			ops = append(ops, tok.s)
			continue
		}
		switch tok.s {
		case "q":
			stack = append(stack, st)
		case "Q":
			st = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		case "Tf":
			st.font, st.size = ops[0], num(ops[1])
		case "rg", "g": // fpdf writes greys with g
			st.color = strings.Join(ops, " ")
		case "Td":
			x, y = num(ops[0]), num(ops[1])
		case "Tj":
			runs = append(runs, textRun{text: decodeUTF16(ops[0]), font: st.font, size: st.size, x: x, y: y, color: st.color})
		case "TJ":
			var s strings.Builder
			for _, o := range ops {
				if strings.HasPrefix(o, "\x00str:") {
					s.WriteString(decodeUTF16(o))
				}
			}
			runs = append(runs, textRun{text: s.String(), font: st.font, size: st.size, x: x, y: y, color: st.color})
		case "Do":
			images++
		}
		ops = ops[:0]
	}
	return runs, images
}

type token struct {
	s  string
	op bool
}

// tokenize splits a content stream into operands and operators. Strings
// come back unescaped, marked with a "\x00str:" prefix.
func tokenize(t testing.TB, b []byte) []token {
	t.Helper()
	var toks []token
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			i++
		case c == '(':
			s, n := literalString(b[i:])
			toks = append(toks, token{s: "\x00str:" + s})
			i += n
		case c == '[' || c == ']':
			i++
		case c == '/':
			j := i + 1
			for j < len(b) && !isDelim(b[j]) {
				j++
			}
			toks = append(toks, token{s: string(b[i:j])})
			i = j
		default:
			j := i
			for j < len(b) && !isDelim(b[j]) {
				j++
			}
			if j == i {
				t.Fatalf("content: unexpected %q at %d", c, i)
			}
			w := string(b[i:j])
			_, err := strconv.ParseFloat(w, 64)
			toks = append(toks, token{s: w, op: err != nil})
			i = j
		}
	}
	return toks
}

func isDelim(c byte) bool { return strings.IndexByte(" \n\r\t()[]/<>", c) >= 0 }

// literalString reads a (…) string with its escapes and nested parentheses,
// returning the bytes and how much input it used.
func literalString(b []byte) (string, int) {
	var out []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b):
			i++
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			default:
				if e >= '0' && e <= '7' {
					v, k := 0, 0
					for ; k < 3 && i+k < len(b) && b[i+k] >= '0' && b[i+k] <= '7'; k++ {
						v = v*8 + int(b[i+k]-'0')
					}
					out = append(out, byte(v))
					i += k - 1
				} else {
					out = append(out, e)
				}
			}
		case c == '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return string(out), i + 1
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return string(out), len(b)
}

// decodeUTF16 reads the UTF-16BE that fpdf writes for Unicode fonts.
func decodeUTF16(tok string) string {
	s := strings.TrimPrefix(tok, "\x00str:")
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}

// squash drops whitespace, so text can be compared however it was wrapped.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }
