package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Export artifacts live in blobs.bolt next to the derivatives: the bytes in
// one bucket, and in another a small record per artifact (size, time) so
// that eviction never reads the bytes.
var (
	artifactsBucket    = []byte("artifacts")
	artifactMetaBucket = []byte("artifact_meta")
)

// ArtifactKey names a deck's export at one version in one format. The
// fixed-width numbers make a deck's artifacts one sorted key range.
type ArtifactKey struct {
	DeckID  int64
	Version int64
	Format  string
}

func (k ArtifactKey) bytes() []byte {
	return fmt.Appendf(nil, "%020d/%020d/%s", k.DeckID, k.Version, k.Format)
}

func deckPrefix(deckID int64) []byte { return fmt.Appendf(nil, "%020d/", deckID) }

func parseArtifactKey(b []byte) (ArtifactKey, bool) {
	var k ArtifactKey
	_, err := fmt.Sscanf(string(b), "%020d/%020d/%s", &k.DeckID, &k.Version, &k.Format)
	return k, err == nil
}

// PutArtifact stores an export, removes the deck's artifacts of older
// versions (the deck has changed since, nobody will ask for them), then
// evicts the oldest artifacts of any deck until the total is within
// maxBytes.
func (b *Blobs) PutArtifact(k ArtifactKey, data []byte, maxBytes int64) error {
	err := b.db.Update(func(tx *bolt.Tx) error {
		art, meta, err := artifactBuckets(tx)
		if err != nil {
			return err
		}
		if err := dropOlder(art, meta, k); err != nil {
			return err
		}
		var rec [16]byte
		binary.BigEndian.PutUint64(rec[:8], uint64(len(data)))
		binary.BigEndian.PutUint64(rec[8:], uint64(time.Now().UnixNano()))
		if err := art.Put(k.bytes(), data); err != nil {
			return err
		}
		if err := meta.Put(k.bytes(), rec[:]); err != nil {
			return err
		}
		return evictOldest(art, meta, maxBytes)
	})
	if err != nil {
		return fmt.Errorf("store: put artifact: %w", err)
	}
	return nil
}

func artifactBuckets(tx *bolt.Tx) (art, meta *bolt.Bucket, err error) {
	if art, err = tx.CreateBucketIfNotExists(artifactsBucket); err != nil {
		return nil, nil, err
	}
	meta, err = tx.CreateBucketIfNotExists(artifactMetaBucket)
	return art, meta, err
}

// dropOlder deletes the deck's artifacts of versions before k's.
func dropOlder(art, meta *bolt.Bucket, k ArtifactKey) error {
	prefix := deckPrefix(k.DeckID)
	var old [][]byte
	c := meta.Cursor()
	for key, _ := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, _ = c.Next() {
		if ak, ok := parseArtifactKey(key); ok && ak.Version < k.Version {
			old = append(old, bytes.Clone(key))
		}
	}
	return deleteArtifacts(art, meta, old)
}

func deleteArtifacts(art, meta *bolt.Bucket, keys [][]byte) error {
	for _, key := range keys {
		if err := art.Delete(key); err != nil {
			return err
		}
		if err := meta.Delete(key); err != nil {
			return err
		}
	}
	return nil
}

// evictOldest removes the least recently made artifacts until the total
// size is within maxBytes (0: no cap).
func evictOldest(art, meta *bolt.Bucket, maxBytes int64) error {
	if maxBytes <= 0 {
		return nil
	}
	type rec struct {
		key  []byte
		size int64
		at   int64
	}
	var all []rec
	var total int64
	err := meta.ForEach(func(k, v []byte) error {
		if len(v) == 16 {
			r := rec{bytes.Clone(k), int64(binary.BigEndian.Uint64(v[:8])), int64(binary.BigEndian.Uint64(v[8:]))}
			all = append(all, r)
			total += r.size
		}
		return nil
	})
	if err != nil || total <= maxBytes {
		return err
	}
	// Few artifacts exist at a time; a simple selection keeps this short.
	for total > maxBytes && len(all) > 1 {
		oldest := 0
		for i := range all {
			if all[i].at < all[oldest].at {
				oldest = i
			}
		}
		if err := deleteArtifacts(art, meta, [][]byte{all[oldest].key}); err != nil {
			return err
		}
		total -= all[oldest].size
		all = append(all[:oldest], all[oldest+1:]...)
	}
	return nil
}

// Artifact returns a stored export, or ErrNotFound.
func (b *Blobs) Artifact(k ArtifactKey) ([]byte, error) {
	var out []byte
	err := b.db.View(func(tx *bolt.Tx) error {
		if bk := tx.Bucket(artifactsBucket); bk != nil {
			if v := bk.Get(k.bytes()); v != nil {
				out = bytes.Clone(v) // valid only inside the transaction
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: artifact: %w", err)
	}
	if out == nil {
		return nil, fmt.Errorf("store: artifact: %w", ErrNotFound)
	}
	return out, nil
}

// LatestArtifact finds the newest stored export of a deck in a format.
func (b *Blobs) LatestArtifact(deckID int64, format string) (ArtifactKey, bool) {
	var found ArtifactKey
	ok := false
	b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(artifactMetaBucket)
		if bk == nil {
			return nil
		}
		prefix := deckPrefix(deckID)
		c := bk.Cursor()
		for key, _ := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, _ = c.Next() {
			if ak, good := parseArtifactKey(key); good && ak.Format == format && (!ok || ak.Version > found.Version) {
				found, ok = ak, true
			}
		}
		return nil
	})
	return found, ok
}

// DeleteDeckArtifacts removes every export of a deck (it was deleted).
func (b *Blobs) DeleteDeckArtifacts(deckID int64) error {
	return b.db.Update(func(tx *bolt.Tx) error {
		art, meta, err := artifactBuckets(tx)
		if err != nil {
			return err
		}
		prefix := deckPrefix(deckID)
		var keys [][]byte
		c := meta.Cursor()
		for key, _ := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, _ = c.Next() {
			keys = append(keys, bytes.Clone(key))
		}
		return deleteArtifacts(art, meta, keys)
	})
}

// HasArtifact reports whether an export is stored, without reading it.
func (b *Blobs) HasArtifact(k ArtifactKey) bool {
	found := false
	b.db.View(func(tx *bolt.Tx) error {
		if bk := tx.Bucket(artifactMetaBucket); bk != nil {
			found = bk.Get(k.bytes()) != nil
		}
		return nil
	})
	return found
}
