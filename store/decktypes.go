package store

import (
	"encoding/json"
	"strconv"
)

// UserRef names a user inside other objects (deck owners, members, actors).
type UserRef struct {
	ID       int64  `json:"id,string"`
	Username string `json:"username"`
}

// DeckMember is a user other than the owner with a role on a deck.
type DeckMember struct {
	User UserRef `json:"user"`
	Role string  `json:"role"` // "editor" or "viewer"
}

// Deck is a deck as API.md describes it, without its cards. Role is the
// caller's role on it, filled in by whoever loaded it for a caller.
type Deck struct {
	ID          int64         `json:"id,string"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Owner       UserRef       `json:"owner"`
	Role        string        `json:"role"`
	Version     int64         `json:"version"`
	CardCount   int           `json:"card_count"`
	Cover       *ImageSummary `json:"cover"`
	Members     []DeckMember  `json:"members"`
	CreatedAt   string        `json:"created_at"`
	UpdatedAt   string        `json:"updated_at"`
}

// DeckWithCards is a deck with its cards in position order.
type DeckWithCards struct {
	Deck
	Cards []Card `json:"cards"`
}

// TextElement is a positioned text box on a card. Geometry is in fractions
// of the card (0..1). Style is a small JSON object (font, size, colour…)
// that deck/ validates before it is stored.
type TextElement struct {
	ID     string         `json:"id"`
	Text   string         `json:"text"`
	X      float64        `json:"x"`
	Y      float64        `json:"y"`
	Width  float64        `json:"width"`
	Height float64        `json:"height"`
	Style  map[string]any `json:"style"`
}

// Card is one card of a deck: a still (or none, for a text card), a note and
// text elements.
type Card struct {
	ID           int64         `json:"id,string"`
	Position     string        `json:"position"`
	Image        *ImageSummary `json:"image"`
	Note         string        `json:"note"`
	TextElements []TextElement `json:"text_elements"`
	CreatedAt    string        `json:"created_at"`
	UpdatedAt    string        `json:"updated_at"`
}

// DeckOp is one entry of a deck's op log: the change that brought the deck
// to Version, as broadcast to its live room.
type DeckOp struct {
	Version   int64           `json:"version"`
	Actor     *UserRef        `json:"actor"`
	Op        json.RawMessage `json:"op"`
	CreatedAt string          `json:"created_at"`
}

// IDString is the card's id as clients see it.
func (c *Card) IDString() string { return strconv.FormatInt(c.ID, 10) }
