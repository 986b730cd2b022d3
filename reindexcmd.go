package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shotdeck/shotdeck/search"
	"github.com/shotdeck/shotdeck/store"
)

// runReindex rebuilds the search index from SQLite and swaps it in.
func runReindex(ctx context.Context, args []string) error {
	var c common
	fs := newFlags("reindex", &c)
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := c.logger(os.Stderr)
	st, err := c.open(ctx, log)
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%s is held by a running shotdeck server; stop it first (a running server keeps its index current by itself)", c.data)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	var progress func(done, total int)
	if !*quiet {
		progress = func(done, total int) {
			const width = 40
			n := width * done / total
			fmt.Fprintf(os.Stderr, "\r[%s%s] %d/%d stills", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
		}
	}
	if err := search.Rebuild(ctx, st.db, filepath.Join(c.data, "index"), progress); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	fmt.Fprintf(os.Stderr, "\nsearch index rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}
