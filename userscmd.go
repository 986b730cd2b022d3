package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/shotdeck/shotdeck/account"
	"github.com/shotdeck/shotdeck/store"
)

const usersUsage = `usage:
  shotdeck users add --username U [--role admin|member]   (password on stdin)
  shotdeck users list
`

func runUsers(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usersUsage)
		return errors.New("users: name a subcommand")
	}
	var c common
	fs := newFlags("users "+args[0], &c)
	switch args[0] {
	case "add":
		username := fs.String("username", "", "the new account's username (3–32 of a-z 0-9 _ . -)")
		role := fs.String("role", "member", "admin or member")
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		return c.addUser(ctx, *username, *role, os.Stdin)
	case "list":
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		return c.withStores(ctx, func(st *stores) error {
			users, err := st.db.ListUsers(ctx)
			if err != nil {
				return err
			}
			for _, u := range users {
				fmt.Printf("%-32s %-6s %s\n", u.Username, u.Role, u.CreatedAt)
			}
			return nil
		})
	}
	fmt.Fprint(os.Stderr, usersUsage)
	return fmt.Errorf("users: unknown subcommand %q", args[0])
}

// addUser creates an account, reading the password from the first line of
// stdin (so it never shows in the process list or shell history).
func (c *common) addUser(ctx context.Context, username, role string, stdin io.Reader) error {
	if err := account.CheckUsername(username); err != nil {
		return err
	}
	if err := account.CheckRole(role); err != nil {
		return err
	}
	if f, ok := stdin.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(os.Stderr, "password: ")
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("users add: read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if err := account.CheckPassword(password); err != nil {
		return err
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return err
	}
	return c.withStores(ctx, func(st *stores) error {
		u, err := st.db.CreateUser(ctx, username, hash, role, false)
		if err != nil {
			return err
		}
		fmt.Printf("created %s %q (id %d)\n", u.Role, u.Username, u.ID)
		return nil
	})
}

// withStores opens the data directory for a short command. The SQLite file
// may be shared with a running server (WAL allows it), but bbolt's lock
// tells us whether one is running; user commands only need SQLite, so they
// work either way.
func (c *common) withStores(ctx context.Context, fn func(*stores) error) error {
	log := c.logger(os.Stderr)
	if err := os.MkdirAll(c.data, 0o755); err != nil {
		return err
	}
	db, err := store.Open(ctx, filepath.Join(c.data, "shotdeck.db"), store.Options{Logger: log})
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(&stores{db: db})
}
