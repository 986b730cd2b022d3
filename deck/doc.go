// Package deck holds the deck service's domain rules: fractional card
// positions, deck roles and what each may do, and the op vocabulary shared by
// the REST handlers and the live socket. It knows nothing of HTTP or SQL so
// that both the web layer and the store can call it, and so that the rules are
// tested once, without a server.
package deck
