package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/shotdeck/shotdeck/library"
	"github.com/shotdeck/shotdeck/store"
)

type importFlags struct {
	common
	url   string
	token string
	quiet bool
}

// exitLinesFailed is import's exit status when the import ran but some
// lines failed, so scripts can tell it from a failed run (1).
const exitLinesFailed = 3

func runImport(ctx context.Context, args []string) error {
	var f importFlags
	fs := newFlags("import", &f.common)
	fs.StringVar(&f.url, "url", "", "import into a running server at this base URL instead of opening --data")
	fs.StringVar(&f.token, "token", "", "admin session token for --url (from POST /api/v1/auth/login)")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress line")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: shotdeck import MANIFEST.jsonl [--data DIR | --url URL --token T]")
		fs.PrintDefaults()
	}
	// The manifest may come before or after the flags.
	var manifest string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		manifest, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if manifest == "" && fs.NArg() > 0 {
		manifest = fs.Arg(0)
	}
	if manifest == "" {
		fs.Usage()
		return errors.New("import: name the manifest file")
	}
	stopProfile, err := f.profile()
	if err != nil {
		return err
	}
	defer stopProfile()
	file, err := os.Open(manifest)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer file.Close()
	progress := progressPrinter(os.Stderr, f.quiet)
	var sum *library.Summary
	if f.url != "" {
		sum, err = importRemote(ctx, f.url, f.token, file, filepath.Dir(manifest), progress)
	} else {
		sum, err = f.importLocal(ctx, file, filepath.Dir(manifest), progress)
	}
	if sum != nil {
		printSummary(os.Stderr, sum, err != nil)
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if sum.Failed > 0 {
		return exitCode(exitLinesFailed)
	}
	return nil
}

func (f *importFlags) importLocal(ctx context.Context, r io.Reader, dir string, progress func(library.Progress)) (*library.Summary, error) {
	log := f.logger(os.Stderr)
	st, err := f.open(ctx, log)
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("%s is held by a running shotdeck server; import through it instead:\n  shotdeck import MANIFEST --url http://127.0.0.1:8080 --token TOKEN", f.data)
	}
	if err != nil {
		return nil, err
	}
	defer st.Close()
	lib := f.library(st, log)
	return lib.Import(ctx, r, library.ImportOptions{Files: os.DirFS(dir), Progress: progress})
}

// progressPrinter rewrites one status line on w, at most four times a second.
func progressPrinter(w io.Writer, quiet bool) func(library.Progress) {
	if quiet {
		return nil
	}
	return func(p library.Progress) {
		rate := 0.0
		if s := p.Elapsed.Seconds(); s > 0 {
			rate = float64(p.Lines) / s
		}
		fmt.Fprintf(w, "\r%d lines  %.0f/s  created %d  updated %d  failed %d  ", p.Lines, rate, p.Created, p.Updated, p.Failed)
	}
}

func printSummary(w io.Writer, s *library.Summary, stopped bool) {
	fmt.Fprintln(w)
	for _, l := range s.WarningLines {
		fmt.Fprintf(w, "line %d: warning: %s\n", l.Line, l.Error)
	}
	for _, l := range s.FailedLines {
		fmt.Fprintf(w, "line %d: %s\n", l.Line, l.Error)
	}
	if n := s.Failed - len(s.FailedLines); n > 0 {
		fmt.Fprintf(w, "… and %d more failed lines\n", n)
	}
	rate := 0.0
	if sec := s.Elapsed.Seconds(); sec > 0 {
		rate = float64(s.Lines) / sec
	}
	verb := "imported"
	if stopped {
		verb = "stopped after"
	}
	fmt.Fprintf(w, "%s %d lines in %s (%.0f lines/s): %d created, %d updated, %d failed, %d warnings\n",
		verb, s.Lines, s.Elapsed.Round(time.Millisecond), rate, s.Created, s.Updated, s.Failed, s.Warnings)
}
