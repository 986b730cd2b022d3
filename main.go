// Command shotdeck is a self-hosted film-stills library and deck builder in
// one binary: run it, open the browser, search stills, build decks.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Stamped at release time with -ldflags "-X main.version=… -X main.commit=…".
var (
	version = "dev"
	commit  = ""
)

const usage = `shotdeck: a film-stills library and deck builder

usage:
  shotdeck [serve] [--addr 127.0.0.1:8080] [--data ./shotdeck-data] [--demo=true]
  shotdeck import MANIFEST.jsonl [--data DIR | --url URL --token T]
  shotdeck users add --username U [--role admin|member]   (password on stdin)
  shotdeck users list
  shotdeck gen --images N --out manifest.jsonl [--seed S]
  shotdeck bench [--images N] [--concurrency C] [--duration D] [--data DIR | --url URL --token T]
  shotdeck reindex [--data DIR]
  shotdeck version

Every flag can also be set as SHOTDECK_<NAME> (e.g. SHOTDECK_ADDR).
Run "shotdeck COMMAND -h" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	var exit exitCode
	switch {
	case errors.As(err, &exit):
		os.Exit(int(exit))
	case err != nil:
		fmt.Fprintln(os.Stderr, "shotdeck:", err)
		os.Exit(1)
	}
}

// exitCode ends the program with a status and no further message.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args)
	case "import":
		return runImport(ctx, args)
	case "users":
		return runUsers(ctx, args)
	case "gen":
		return runGen(ctx, args)
	case "reindex":
		return runReindex(ctx, args)
	case "bench":
		return runBench(ctx, args)
	case "version":
		fmt.Println(versionString())
		return nil
	case "help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
