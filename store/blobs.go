package store

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrLocked is returned by OpenBlobs when another process holds the data
// directory (bbolt takes an exclusive file lock).
var ErrLocked = errors.New("data directory is in use by another shotdeck process")

var derivativesBucket = []byte("derivatives")

// Blobs is the bbolt store for derived media: thumbnails and previews keyed
// by the original's content hash and the derivative's name.
type Blobs struct {
	db *bolt.DB
}

// OpenBlobs opens (creating if needed) the bbolt file at path. It gives up
// with ErrLocked after a second if another process has it open.
func OpenBlobs(path string) (*Blobs, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, fmt.Errorf("store: open blobs %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(derivativesBucket)
		return err
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: init blobs: %w", err)
	}
	return &Blobs{db: db}, nil
}

// Close closes the bbolt file.
func (b *Blobs) Close() error { return b.db.Close() }

func derivativeKey(hash, name string) []byte { return []byte(hash + "/" + name) }

// PutDerivatives stores several derivatives of one original in one commit.
func (b *Blobs) PutDerivatives(hash string, blobs map[string][]byte) error {
	err := b.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(derivativesBucket)
		for name, data := range blobs {
			if err := bk.Put(derivativeKey(hash, name), data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: put derivatives of %s: %w", hash, err)
	}
	return nil
}

// Derivative returns a copy of a stored derivative, or ErrNotFound.
func (b *Blobs) Derivative(hash, name string) ([]byte, error) {
	var out []byte
	err := b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(derivativesBucket).Get(derivativeKey(hash, name))
		if v == nil {
			return ErrNotFound
		}
		// bbolt's slice is only valid inside the transaction.
		out = append([]byte(nil), v...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: derivative %s/%s: %w", hash, name, err)
	}
	return out, nil
}

// DeleteDerivatives removes every derivative of an original.
func (b *Blobs) DeleteDerivatives(hash string) error {
	return b.db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(derivativesBucket).Cursor()
		prefix := []byte(hash + "/")
		for k, _ := c.Seek(prefix); k != nil && len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix); k, _ = c.Seek(prefix) {
			if err := c.Delete(); err != nil {
				return err
			}
		}
		return nil
	})
}
