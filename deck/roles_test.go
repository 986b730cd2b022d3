package deck

import (
	"errors"
	"testing"
)

// TestCan spells out the whole role × action matrix, so that any change to
// the rules has to change this table too.
func TestCan(t *testing.T) {
	t.Parallel()
	const y, n = true, false
	matrix := map[Role]map[Action]bool{
		Owner:  {View: y, EditCards: y, EditDeck: y, Delete: y, Invite: y, Share: y, Duplicate: y, Export: y},
		Editor: {View: y, EditCards: y, EditDeck: y, Delete: n, Invite: n, Share: n, Duplicate: y, Export: y},
		Viewer: {View: y, EditCards: n, EditDeck: n, Delete: n, Invite: n, Share: n, Duplicate: y, Export: y},
		None:   {View: n, EditCards: n, EditDeck: n, Delete: n, Invite: n, Share: n, Duplicate: n, Export: n},
		// Anything unexpected fails closed.
		Role("admin"): {View: n, EditCards: n, EditDeck: n, Delete: n, Invite: n, Share: n, Duplicate: n, Export: n},
		Role("Owner"): {View: n, EditCards: n, EditDeck: n, Delete: n, Invite: n, Share: n, Duplicate: n, Export: n},
	}
	for role, row := range matrix {
		if len(row) != len(Actions) {
			t.Fatalf("row %q covers %d of %d actions", role, len(row), len(Actions))
		}
		for _, a := range Actions {
			if got := role.Can(a); got != row[a] {
				t.Errorf("Role(%q).Can(%q) = %v, want %v", role, a, got, row[a])
			}
		}
		if got := Visible(role); got != row[View] {
			t.Errorf("Visible(%q) = %v", role, got)
		}
		if role.Can("") || role.Can("fly") {
			t.Errorf("Role(%q) can do an unknown action", role)
		}
	}
}

func TestParseMemberRole(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Role{"editor": Editor, "viewer": Viewer} {
		if got, err := ParseMemberRole(in); err != nil || got != want {
			t.Errorf("ParseMemberRole(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"owner", "", "Editor", "admin"} {
		_, err := ParseMemberRole(in)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "role" {
			t.Errorf("ParseMemberRole(%q): %v, want a FieldError on role", in, err)
		}
	}
}
