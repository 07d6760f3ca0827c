package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Attach publishes the volume to node: exactly one node holds a volume. Publishing to the node that holds
// it already is a no-op (already true); to another node while one holds it is an AttachedError.
func (s *Store) Attach(id, node string) (already bool, err error) {
	if !ValidID(id) {
		return false, ErrInvalidID
	}
	if node == "" {
		return false, errors.New("empty node id")
	}
	err = s.withLock(true, func() error {
		if _, err := s.get(id); err != nil {
			return err
		}
		a, err := s.attachment(id)
		if err != nil {
			return err
		}
		if a != nil {
			if a.Node == node {
				already = true
				return nil
			}
			return &AttachedError{ID: id, Node: a.Node}
		}
		return writeJSONAtomic(s.attachedFile(id), Attachment{Node: node, Since: time.Now().UTC()})
	})
	return already, err
}

// Detach unpublishes the volume from node ("" = from whichever node holds it) and says which node it took
// it from. It is idempotent: a volume that does not exist, is attached nowhere or to another node is left
// as it is (was "").
func (s *Store) Detach(id, node string) (was string, err error) {
	if !ValidID(id) {
		return "", ErrInvalidID
	}
	err = s.withLock(true, func() error {
		a, err := s.attachment(id)
		if err != nil || a == nil {
			return err
		}
		if node != "" && a.Node != node {
			return nil
		}
		if err := os.Remove(s.attachedFile(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		was = a.Node
		return syncDir(s.metaDir(id))
	})
	return was, err
}

// Owner is the node the volume is attached to, "" when none; ErrNotFound when there is no such volume.
func (s *Store) Owner(id string) (string, error) {
	if !ValidID(id) {
		return "", ErrInvalidID
	}
	var owner string
	err := s.withLock(false, func() error {
		if _, err := s.get(id); err != nil {
			return err
		}
		a, err := s.attachment(id)
		if a != nil {
			owner = a.Node
		}
		return err
	})
	return owner, err
}

func (s *Store) attachment(id string) (*Attachment, error) {
	b, err := os.ReadFile(s.attachedFile(id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var a Attachment
	if err := json.Unmarshal(b, &a); err != nil || a.Node == "" {
		return nil, fmt.Errorf("volume %s: corrupt attachment record %s: %q", id, s.attachedFile(id), b)
	}
	return &a, nil
}

// withLock runs fn holding <root>/lock, exclusively or shared. flock(2) locks belong to an open file
// description, so two goroutines of one process exclude each other as two processes do.
func (s *Store) withLock(exclusive bool, fn func() error) error {
	f, err := os.OpenFile(filepath.Join(s.Root, "lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err = syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN) //nolint:errcheck // closing unlocks too
	return fn()
}

// writeJSONAtomic replaces path with v's JSON: a temporary file in the same directory, synced, renamed.
// A reader sees the old content or the new, never a part.
func writeJSONAtomic(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) //nolint:errcheck // gone after the rename
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
