// Package assets embeds the web UI served at / and under /assets/: the
// entry page, the style sheet and the ES modules, used as written (no build
// step).
package assets

import "embed"

// FS holds the UI files.
//
//go:embed index.html app.css icon.svg js/*.js
var FS embed.FS
