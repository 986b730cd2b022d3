package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/shotdeck/shotdeck/data"
)

// runGen writes a synthetic catalog-only manifest for benchmarks and demos.
func runGen(_ context.Context, args []string) error {
	var c common
	fs := newFlags("gen", &c)
	n := fs.Int("images", 100_000, "number of stills")
	out := fs.String("out", "", "manifest file to write (- for stdout)")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same manifest")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("gen: name the output with --out FILE (or --out -)")
	}
	if *n < 0 {
		return errors.New("gen: --images must not be negative")
	}
	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		defer f.Close()
		w = f
	}
	start := time.Now()
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := data.Generate(bw, *n, *seed); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if *out != "-" {
		fmt.Fprintf(os.Stderr, "wrote %d stills to %s in %s\n", *n, *out, time.Since(start).Round(time.Millisecond))
	}
	return w.Sync()
}
