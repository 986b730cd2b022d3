// Package assets embeds the web UI served at /.
package assets

import "embed"

// FS holds the UI files.
//
//go:embed index.html
var FS embed.FS
