package deck

import "fmt"

// Role is what a user is to one deck. The zero value is None, so a lookup
// that finds no membership fails closed.
type Role string

// Deck roles. Owner is not stored in deck_members: it comes from
// decks.owner, which is why only Editor and Viewer can be granted.
const (
	None   Role = ""
	Viewer Role = "viewer"
	Editor Role = "editor"
	Owner  Role = "owner"
)

// Action is something a caller may try to do to a deck; handlers ask
// Role.Can before touching the store.
type Action string

// Deck actions, one per group of endpoints or live ops in API.md.
const (
	View      Action = "view"       // read the deck, its cards, join its live room
	EditCards Action = "edit_cards" // add, move, update, remove cards
	EditDeck  Action = "edit_deck"  // change title and description
	Delete    Action = "delete"     // delete the deck
	Invite    Action = "invite"     // add, change and remove members
	Share     Action = "share"      // create and revoke read-only links
	Duplicate Action = "duplicate"  // copy the deck into one owned by the caller
	Export    Action = "export"     // render the deck as PDF or ZIP
)

// Actions lists every action, so tests and docs can walk the whole matrix.
var Actions = []Action{View, EditCards, EditDeck, Delete, Invite, Share, Duplicate, Export}

// rank orders the roles so that each action needs one minimum role: the
// rules in API.md are all "X and above".
func (r Role) rank() int {
	switch r {
	case Viewer:
		return 1
	case Editor:
		return 2
	case Owner:
		return 3
	}
	return 0 // None and anything unknown
}

// minRole is the least role allowed each action. Duplicating and exporting
// only read the deck (a duplicate belongs to the caller), so viewers may;
// anything that changes who can see the deck, or destroys it, is the
// owner's alone.
var minRole = map[Action]Role{
	View:      Viewer,
	Duplicate: Viewer,
	Export:    Viewer,
	EditCards: Editor,
	EditDeck:  Editor,
	Delete:    Owner,
	Invite:    Owner,
	Share:     Owner,
}

// Can reports whether r may perform a. Unknown roles and unknown actions
// are refused, so a typo fails closed.
func (r Role) Can(a Action) bool {
	need, ok := minRole[a]
	return ok && r.rank() > 0 && r.rank() >= need.rank()
}

// Visible reports whether a deck exists at all for a caller with role r.
// A deck that is not visible answers 404, never 403, so that deck IDs do
// not leak.
func Visible(r Role) bool { return r.Can(View) }

// ParseMemberRole checks a role sent to the members endpoints. Only editor
// and viewer can be granted: ownership is not a membership.
func ParseMemberRole(s string) (Role, error) {
	switch r := Role(s); r {
	case Editor, Viewer:
		return r, nil
	}
	return None, &FieldError{Field: "role", Message: fmt.Sprintf("must be %q or %q", Editor, Viewer)}
}
