// Package store keeps lab-csi's volumes on disk, shared by the controller and the node plugins
// (separate processes on the same host):
//
//	<root>/lock                       one flock(2) lock for every record change and read
//	<root>/vols/<id>/                 the volume's data: what NodePublishVolume bind-mounts
//	<root>/meta/<id>/volume.json      name, capacity, access mode (written last on create: the commit point)
//	<root>/meta/<id>/attached         the one node the volume is published to; absent when it is on none
//
// The metadata lives beside the data, not inside it, so that a pod never sees (or deletes) it and a
// workload that wants an empty data directory (a database's first start) gets one.
package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// Volume is what CreateVolume recorded.
type Volume struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	CapacityBytes int64     `json:"capacityBytes"`
	AccessMode    string    `json:"accessMode"`
	Created       time.Time `json:"created"`
}

// Attachment is the record of the one node a volume is published to.
type Attachment struct {
	Node  string    `json:"node"`
	Since time.Time `json:"since"`
}

var (
	ErrNotFound  = errors.New("volume not found")
	ErrInvalidID = errors.New("invalid volume id (letters, digits, '.', '_', '-'; at most 128)")
)

// AttachedError: the volume is published to another node (or, for a delete, to any node).
type AttachedError struct {
	ID, Node string
}

func (e *AttachedError) Error() string {
	return fmt.Sprintf("volume %s is attached to node %s", e.ID, e.Node)
}

// IncompatibleError: CreateVolume of an existing name with a capacity the volume does not have.
type IncompatibleError struct {
	Existing Volume
}

func (e *IncompatibleError) Error() string {
	return fmt.Sprintf("volume %s exists with capacity %d bytes, outside the requested range", e.Existing.ID, e.Existing.CapacityBytes)
}

var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// ValidID says whether id can name a volume (it becomes a directory name).
func ValidID(id string) bool { return validID.MatchString(id) }

// Store is the on-disk volume registry under Root.
type Store struct {
	Root string
}

// Open makes the directory layout under root (idempotent).
func Open(root string) (*Store, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	for _, d := range []string{abs, filepath.Join(abs, "vols"), filepath.Join(abs, "meta")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	f, err := os.OpenFile(filepath.Join(abs, "lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	f.Close()
	return &Store{Root: abs}, nil
}

// DataDir is the volume's data directory (what a node bind-mounts).
func (s *Store) DataDir(id string) string { return filepath.Join(s.Root, "vols", id) }

func (s *Store) metaDir(id string) string      { return filepath.Join(s.Root, "meta", id) }
func (s *Store) volumeFile(id string) string   { return filepath.Join(s.metaDir(id), "volume.json") }
func (s *Store) attachedFile(id string) string { return filepath.Join(s.metaDir(id), "attached") }

// Create records a new volume, or returns the existing one of the same ID when its capacity lies within
// [required, limit] (limit 0: none). created says whether this call made it.
func (s *Store) Create(v Volume, required, limit int64) (Volume, bool, error) {
	if !ValidID(v.ID) {
		return Volume{}, false, ErrInvalidID
	}
	var out Volume
	var created bool
	err := s.withLock(true, func() error {
		existing, err := s.get(v.ID)
		if err == nil {
			if existing.CapacityBytes < required || (limit > 0 && existing.CapacityBytes > limit) {
				return &IncompatibleError{Existing: existing}
			}
			out = existing
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		// The data directory first, the record last: a crash in between leaves no volume.
		if err := os.MkdirAll(s.DataDir(v.ID), 0o777); err != nil {
			return err
		}
		// Writable by any user, like the hostPath provisioner's volumes (a pod without fsGroup works too).
		if err := os.Chmod(s.DataDir(v.ID), 0o777); err != nil {
			return err
		}
		if err := os.MkdirAll(s.metaDir(v.ID), 0o755); err != nil {
			return err
		}
		if v.Created.IsZero() {
			v.Created = time.Now().UTC()
		}
		if err := writeJSONAtomic(s.volumeFile(v.ID), v); err != nil {
			return err
		}
		out, created = v, true
		return nil
	})
	return out, created, err
}

// Get returns the volume's record, ErrNotFound when there is none.
func (s *Store) Get(id string) (Volume, error) {
	if !ValidID(id) {
		return Volume{}, ErrInvalidID
	}
	var v Volume
	err := s.withLock(false, func() error {
		var err error
		v, err = s.get(id)
		return err
	})
	return v, err
}

func (s *Store) get(id string) (Volume, error) {
	var v Volume
	b, err := os.ReadFile(s.volumeFile(id))
	if errors.Is(err, os.ErrNotExist) {
		return v, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("volume %s: corrupt record %s: %w", id, s.volumeFile(id), err)
	}
	return v, nil
}

// Delete removes the volume and its data. A volume that does not exist is deleted already (nil); one that
// is attached to a node is refused (AttachedError): its data may be bind-mounted into a running pod.
func (s *Store) Delete(id string) error {
	if !ValidID(id) {
		return ErrInvalidID
	}
	return s.withLock(true, func() error {
		a, err := s.attachment(id)
		if err != nil {
			return err
		}
		if a != nil {
			return &AttachedError{ID: id, Node: a.Node}
		}
		// The record first: once it is gone the volume is gone, even if removing the data fails halfway.
		if err := os.RemoveAll(s.metaDir(id)); err != nil {
			return err
		}
		return os.RemoveAll(s.DataDir(id))
	})
}
