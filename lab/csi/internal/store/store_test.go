package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLayoutAndRecords(t *testing.T) {
	root := t.TempDir()
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	v, created, err := s.Create(Volume{ID: "pvc-1", Name: "pvc-1", CapacityBytes: 42, AccessMode: "SINGLE_NODE_WRITER"}, 42, 0)
	if err != nil || !created || v.Created.IsZero() {
		t.Fatalf("create: %+v %v %v", v, created, err)
	}
	// The data directory is empty (a database's first start wants that); the records are beside it.
	if entries, err := os.ReadDir(s.DataDir("pvc-1")); err != nil || len(entries) != 0 {
		t.Fatalf("data dir: %v %v", entries, err)
	}
	if _, err := os.Stat(filepath.Join(root, "meta", "pvc-1", "volume.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Attach("pvc-1", "lab-n1"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "meta", "pvc-1", "attached"))
	if err != nil || !strings.Contains(string(b), `"node":"lab-n1"`) {
		t.Fatalf("attached record: %s %v", b, err)
	}
	// No temporary files left by the atomic writes.
	entries, _ := os.ReadDir(filepath.Join(root, "meta", "pvc-1"))
	if len(entries) != 2 {
		t.Fatalf("meta dir: %v", entries)
	}
	if was, err := s.Detach("pvc-1", "lab-n2"); err != nil || was != "" {
		t.Fatalf("detach from the other node: %q %v", was, err)
	}
	if was, err := s.Detach("pvc-1", "lab-n1"); err != nil || was != "lab-n1" {
		t.Fatalf("detach: %q %v", was, err)
	}
	if owner, err := s.Owner("pvc-1"); err != nil || owner != "" {
		t.Fatalf("owner after detach: %q %v", owner, err)
	}
	if _, err := s.Owner("pvc-2"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("owner of a missing volume: %v", err)
	}
	for _, id := range []string{"", "..", "../x", "a/b", ".hidden", strings.Repeat("a", 129)} {
		if _, err := s.Attach(id, "lab-n1"); !errors.Is(err, ErrInvalidID) {
			t.Fatalf("attach %q: %v", id, err)
		}
	}
}

func TestCorruptAttachmentRecordIsAnError(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Create(Volume{ID: "pvc-1"}, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Root, "meta", "pvc-1", "attached"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Never treat an unreadable record as "attached nowhere": that would allow a second owner.
	if _, err := s.Attach("pvc-1", "lab-n2"); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("attach over a corrupt record: %v", err)
	}
}
