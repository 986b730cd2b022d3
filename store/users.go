package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// User is an account. PasswordHash never leaves the server.
type User struct {
	ID           int64  `json:"id,string"`
	Username     string `json:"username"`
	Role         string `json:"role"`
	CreatedAt    string `json:"created_at"`
	PasswordHash string `json:"-"`
}

// Roles of an account.
const (
	RoleAdmin  = "admin"
	RoleMember = "member"
)

const userCols = "id, username, role, created_at, password_hash"

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	if err := row.Scan(&u.ID, &u.Username, &u.Role, &u.CreatedAt, &u.PasswordHash); err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateUser adds an account. A taken username is ErrConflict. When
// onlyIfEmpty is set the insert happens only if no account exists yet (first
// admin setup), atomically; otherwise it is ErrConflict too.
func (db *DB) CreateUser(ctx context.Context, username, passwordHash, role string, onlyIfEmpty bool) (*User, error) {
	var u *User
	err := db.Write(ctx, func(tx *Tx) error {
		if onlyIfEmpty {
			var n int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("setup already done: %w", ErrConflict)
			}
		}
		row := tx.queryRow(ctx, `INSERT INTO users (username, password_hash, role, created_at)
			VALUES (?, ?, ?, ?) RETURNING `+userCols, username, passwordHash, role, now())
		var err error
		u, err = scanUser(row)
		if err != nil && isUniqueViolation(err) {
			return fmt.Errorf("username %q is taken: %w", username, ErrConflict)
		}
		tx.Touch(Change{Users: true})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create user: %w", err)
	}
	return u, nil
}

// UserByName returns the account called username, or ErrNotFound.
func (db *DB) UserByName(ctx context.Context, username string) (*User, error) {
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE username = ?", username))
	return u, notFound(err, "store: user by name")
}

// UserByID returns the account with id, or ErrNotFound.
func (db *DB) UserByID(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	return u, notFound(err, "store: user by id")
}

// CountUsers returns the number of accounts.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, "SELECT count(*) FROM users").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// ListUsers returns every account ordered by username.
func (db *DB) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := db.query(ctx, "SELECT "+userCols+" FROM users ORDER BY username")
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	return out, nil
}

// SetUserRole changes an account's role.
func (db *DB) SetUserRole(ctx context.Context, id int64, role string) (*User, error) {
	var u *User
	err := db.Write(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, "UPDATE users SET role = ? WHERE id = ? RETURNING "+userCols, role, id))
		tx.Touch(Change{Users: true})
		return err
	})
	return u, notFound(err, "store: set user role")
}

// SetUserPassword replaces an account's password hash and ends its sessions.
func (db *DB) SetUserPassword(ctx context.Context, id int64, passwordHash string) error {
	err := db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
		tx.Touch(Change{Users: true})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	return nil
}

// CreateSession stores a session under the hash of its token.
func (db *DB) CreateSession(ctx context.Context, tokenHash []byte, userID int64, expires time.Time) error {
	err := db.Write(ctx, func(tx *Tx) error {
		// Expired sessions are swept here, on the path that adds new ones,
		// so the table cannot grow without bound.
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE expires_at < ?", time.Now().Unix()); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
			tokenHash, userID, now(), expires.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// UserBySession returns the account of a live session, or ErrNotFound.
func (db *DB) UserBySession(ctx context.Context, tokenHash []byte) (*User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT u.id, u.username, u.role, u.created_at, u.password_hash
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at >= ?`, tokenHash, time.Now().Unix()))
	return u, notFound(err, "store: session")
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	err := db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// notFound maps sql.ErrNoRows to ErrNotFound and wraps other errors.
func notFound(err error, prefix string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s: %w", prefix, ErrNotFound)
	default:
		return fmt.Errorf("%s: %w", prefix, err)
	}
}

func isUniqueViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
