package deck

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// el renders one text element as JSON with the given extra members.
func el(extra string) string {
	s := `{"id":"t1","text":"hi","x":0.1,"y":0.2,"width":0.5,"height":0.25`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

func TestParseOp(t *testing.T) {
	t.Parallel()
	many := make([]string, 51)
	for i := range many {
		many[i] = `{"text":"x","x":0,"y":0,"width":1,"height":1}`
	}
	manyKeys := make([]string, 21)
	for i := range manyKeys {
		manyKeys[i] = fmt.Sprintf(`"k%d":1`, i)
	}
	long := func(n int) string { return strings.Repeat("é", n) } // characters, not bytes

	for _, tc := range []struct {
		in    string
		field string // "" with ok: valid
		ok    bool
	}{
		// Valid ops of every kind.
		{in: `{"kind":"add_card"}`, ok: true},
		{in: `{"kind":"add_card","image_id":"42","note":"n","after":""}`, ok: true},
		{in: `{"kind":"add_card","after":null,"text_elements":[]}`, ok: true},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"font":"Inter","size":14,"weight":"bold","italic":true,"color":"#ff00AA","align":"center","background":"#000000"}`) + `]}`, ok: true},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"weight":700}`) + `]}`, ok: true},
		{in: `{"kind":"add_card","text_elements":[{"text":"","x":0,"y":0,"width":1,"height":1},{"text":"","x":1,"y":1,"width":0.01,"height":0.01}]}`, ok: true},
		{in: `{"kind":"move_card","card_id":"7","after":"3"}`, ok: true},
		{in: `{"kind":"move_card","card_id":"7"}`, ok: true},
		{in: `{"kind":"move_card","card_id":"7","after":""}`, ok: true},
		{in: `{"kind":"update_card","card_id":"7","note":""}`, ok: true},
		{in: `{"kind":"update_card","card_id":"7","text_elements":[]}`, ok: true},
		{in: `{"kind":"remove_card","card_id":"7"}`, ok: true},
		{in: `{"kind":"update_deck","title":"  Noir  "}`, ok: true},
		{in: `{"kind":"update_deck","description":""}`, ok: true},
		{in: `{"kind":"update_deck","title":"` + long(200) + `","description":"` + long(5000) + `"}`, ok: true},
		{in: `{"kind":"add_card","note":"` + long(10000) + `"}`, ok: true},

		// Kind.
		{in: `{}`, field: "kind"},
		{in: `null`, field: "kind"},
		{in: `{"kind":"delete_deck"}`, field: "kind"},
		{in: `{"kind":"ADD_CARD"}`, field: "kind"},

		// Required and foreign fields.
		{in: `{"kind":"move_card"}`, field: "card_id"},
		{in: `{"kind":"update_card","note":"x"}`, field: "card_id"},
		{in: `{"kind":"remove_card"}`, field: "card_id"},
		{in: `{"kind":"update_card","card_id":"7"}`, field: ""},
		{in: `{"kind":"update_deck"}`, field: ""},
		{in: `{"kind":"add_card","card_id":"7"}`, field: "card_id"},
		{in: `{"kind":"add_card","title":"x"}`, field: "title"},
		{in: `{"kind":"move_card","card_id":"7","note":"x"}`, field: "note"},
		{in: `{"kind":"update_card","card_id":"7","note":"x","after":"3"}`, field: "after"},
		{in: `{"kind":"update_card","card_id":"7","image_id":"1","note":"x"}`, field: "image_id"},
		{in: `{"kind":"remove_card","card_id":"7","after":""}`, field: "after"},
		{in: `{"kind":"update_deck","title":"x","note":"y"}`, field: "note"},

		// IDs.
		{in: `{"kind":"remove_card","card_id":""}`, field: "card_id"},
		{in: `{"kind":"remove_card","card_id":"` + strings.Repeat("1", 65) + `"}`, field: "card_id"},
		{in: `{"kind":"remove_card","card_id":"a\nb"}`, field: "card_id"},
		{in: `{"kind":"add_card","image_id":""}`, field: "image_id"},
		{in: `{"kind":"move_card","card_id":"7","after":"7"}`, field: "after"},
		{in: `{"kind":"move_card","card_id":"7","after":"\u0000"}`, field: "after"},

		// Text limits.
		{in: `{"kind":"add_card","note":"` + long(10001) + `"}`, field: "note"},
		{in: `{"kind":"update_deck","title":"   "}`, field: "title"},
		{in: `{"kind":"update_deck","title":""}`, field: "title"},
		{in: `{"kind":"update_deck","title":"` + long(201) + `"}`, field: "title"},
		{in: `{"kind":"update_deck","description":"` + long(5001) + `"}`, field: "description"},

		// Text elements.
		{in: `{"kind":"add_card","text_elements":[` + strings.Join(many, ",") + `]}`, field: "text_elements"},
		{in: `{"kind":"add_card","text_elements":[` + el("") + `,` + el("") + `]}`, field: "text_elements[1].id"},
		{in: `{"kind":"add_card","text_elements":[{"text":"` + long(2001) + `","x":0,"y":0,"width":1,"height":1}]}`, field: "text_elements[0].text"},
		{in: `{"kind":"add_card","text_elements":[{"text":"","x":-0.1,"y":0,"width":1,"height":1}]}`, field: "text_elements[0].x"},
		{in: `{"kind":"add_card","text_elements":[{"text":"","x":0,"y":1.5,"width":1,"height":1}]}`, field: "text_elements[0].y"},
		{in: `{"kind":"add_card","text_elements":[{"text":"","x":0,"y":0,"width":0,"height":1}]}`, field: "text_elements[0].width"},
		{in: `{"kind":"add_card","text_elements":[{"text":"","x":0,"y":0,"width":1}]}`, field: "text_elements[0].height"},
		{in: `{"kind":"add_card","text_elements":[{"text":"","x":0,"y":0,"width":1,"height":1e309}]}`, field: "text_elements.height"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{`+strings.Join(manyKeys, ",")+`}`) + `]}`, field: "text_elements[0].style"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"shadow":"1px"}`) + `]}`, field: "text_elements[0].style.shadow"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"color":"red"}`) + `]}`, field: "text_elements[0].style.color"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"color":"#12345g"}`) + `]}`, field: "text_elements[0].style.color"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"background":"#fff"}`) + `]}`, field: "text_elements[0].style.background"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"align":"justify"}`) + `]}`, field: "text_elements[0].style.align"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"italic":"yes"}`) + `]}`, field: "text_elements[0].style.italic"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"size":0}`) + `]}`, field: "text_elements[0].style.size"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"size":"12px"}`) + `]}`, field: "text_elements[0].style.size"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"weight":"heavy"}`) + `]}`, field: "text_elements[0].style.weight"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"weight":5000}`) + `]}`, field: "text_elements[0].style.weight"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"font":""}`) + `]}`, field: "text_elements[0].style.font"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"style":{"font":{"a":1}}`) + `]}`, field: "text_elements[0].style.font"},

		// Strict JSON.
		{in: `{"kind":"add_card","colour":"x"}`, field: "colour"},
		{in: `{"kind":"add_card","text_elements":[` + el(`"rotation":3`) + `]}`, field: "rotation"},
		{in: `{"kind":"add_card"} {"kind":"add_card"}`, field: ""},
		{in: `{"kind":"add_card"}]`, field: ""},
		{in: `{"kind":"add_card"`, field: ""},
		{in: `[]`, field: ""},
		{in: `"add_card"`, field: ""},
		{in: ``, field: ""},
		{in: `{"kind":3}`, field: "kind"},
		{in: `{"kind":"add_card","note":7}`, field: "note"},
		{in: `{"kind":"add_card","text_elements":[{"x":"0"}]}`, field: "text_elements.x"},
	} {
		op, err := ParseOp([]byte(tc.in))
		if tc.ok {
			if err != nil {
				t.Errorf("ParseOp(%.80s): %v", tc.in, err)
			}
			continue
		}
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("ParseOp(%.80s) = %+v, %v; want a FieldError on %q", tc.in, op, err, tc.field)
			continue
		}
		if fe.Field != tc.field {
			t.Errorf("ParseOp(%.80s): error on %q (%v), want on %q", tc.in, fe.Field, err, tc.field)
		}
		if op != nil {
			t.Errorf("ParseOp(%.80s) returned an op with its error", tc.in)
		}
	}
}

func TestParseOpTooLarge(t *testing.T) {
	t.Parallel()
	big := []byte(`{"kind":"add_card","note":"` + strings.Repeat("a", MaxOpBytes) + `"}`)
	if _, err := ParseOp(big); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

// TestValidateGoValues covers what only Go callers can build: non-finite
// floats and integer style values.
func TestValidateGoValues(t *testing.T) {
	t.Parallel()
	base := TextElement{Text: "a", X: 0, Y: 0, Width: 1, Height: 1}
	for _, tc := range []struct {
		mod   func(*TextElement)
		field string
	}{
		{func(e *TextElement) {}, ""},
		{func(e *TextElement) { e.Style = map[string]any{"size": 12, "weight": int64(400)} }, ""},
		{func(e *TextElement) { e.Style = map[string]any{"size": float32(9.5)} }, ""},
		{func(e *TextElement) { e.X = math.NaN() }, "text_elements[0].x"},
		{func(e *TextElement) { e.Y = math.Inf(1) }, "text_elements[0].y"},
		{func(e *TextElement) { e.Width = math.Inf(-1) }, "text_elements[0].width"},
		{func(e *TextElement) { e.Height = math.NaN() }, "text_elements[0].height"},
		{func(e *TextElement) { e.Style = map[string]any{"size": math.NaN()} }, "text_elements[0].style.size"},
		{func(e *TextElement) { e.Style = map[string]any{"size": uint8(3)} }, "text_elements[0].style.size"},
		{func(e *TextElement) { e.Text = "\xff" }, "text_elements[0].text"},
	} {
		e := base
		tc.mod(&e)
		els := []TextElement{e}
		op := Op{Kind: KindAddCard, TextElements: &els}
		err := op.Validate()
		var fe *FieldError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%+v: %v", e, err)
		case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field):
			t.Errorf("%+v: got %v, want an error on %q", e, err, tc.field)
		}
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	op, err := ParseOp([]byte(`{"kind":"update_deck","title":" Noir \n","description":"  moody  "}`))
	if err != nil {
		t.Fatal(err)
	}
	op.Normalize()
	if *op.Title != "Noir" || *op.Description != "moody" {
		t.Fatalf("got %q, %q", *op.Title, *op.Description)
	}
}

func TestRequiredAction(t *testing.T) {
	t.Parallel()
	for kind, want := range map[string]Action{
		KindAddCard: EditCards, KindMoveCard: EditCards, KindUpdateCard: EditCards,
		KindRemoveCard: EditCards, KindUpdateDeck: EditDeck, "bogus": "",
	} {
		op := Op{Kind: kind}
		got := op.RequiredAction()
		if got != want {
			t.Errorf("%s: RequiredAction() = %q, want %q", kind, got, want)
		}
		// Every op needs at least an editor, and unknown ops need the impossible.
		if Viewer.Can(got) || (kind == "bogus" && Owner.Can(got)) {
			t.Errorf("%s: %q is too permissive", kind, got)
		}
	}
}

// TestOpJSONShape pins the wire names, which clients and deck_ops rows rely on.
func TestOpJSONShape(t *testing.T) {
	t.Parallel()
	id, after := "7", ""
	els := []TextElement{{ID: "t", Text: "x", Width: 1, Height: 1, Style: map[string]any{"italic": true}}}
	b, err := json.Marshal(Op{Kind: KindAddCard, ImageID: &id, After: &after, TextElements: &els})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"add_card","image_id":"7","text_elements":[{"id":"t","text":"x","x":0,"y":0,"width":1,"height":1,"style":{"italic":true}}],"after":""}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
}

func FuzzParseOp(f *testing.F) {
	f.Add([]byte(`{"kind":"add_card","image_id":"1","note":"n","after":""}`))
	f.Add([]byte(`{"kind":"move_card","card_id":"7","after":"3"}`))
	f.Add([]byte(`{"kind":"update_card","card_id":"7","text_elements":[` + el(`"style":{"color":"#aabbcc","size":3,"weight":"bold"}`) + `]}`))
	f.Add([]byte(`{"kind":"update_deck","title":"t","description":"d"}`))
	f.Add([]byte(`{"kind":"remove_card","card_id":"1"} x`))
	f.Add([]byte(`{"kind":"add_card","zzz":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		op, err := ParseOp(b)
		if err != nil {
			var fe *FieldError
			if !errors.Is(err, ErrTooLarge) && !errors.As(err, &fe) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if op.RequiredAction() == "" {
			t.Fatalf("accepted op %+v needs no action", op)
		}
		// What we accept, we can store and read back: deck_ops replays it.
		again, err := json.Marshal(op)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseOp(again); err != nil {
			t.Fatalf("round trip of %s: %v", again, err)
		}
		op.Normalize()
		if err := op.Validate(); err != nil {
			t.Fatalf("normalized op no longer valid: %v", err)
		}
	})
}
