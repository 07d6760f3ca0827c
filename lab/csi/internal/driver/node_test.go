package driver

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
)

func nodePublish(t *testing.T, n csi.NodeClient, vol, target string, ro bool) error {
	t.Helper()
	_, err := n.NodePublishVolume(ctx(t), &csi.NodePublishVolumeRequest{VolumeId: vol, TargetPath: target, VolumeCapability: rwo(), Readonly: ro})
	return err
}

func nodeUnpublish(t *testing.T, n csi.NodeClient, vol, target string) error {
	t.Helper()
	_, err := n.NodeUnpublishVolume(ctx(t), &csi.NodeUnpublishVolumeRequest{VolumeId: vol, TargetPath: target})
	return err
}

func TestNodeInfo(t *testing.T) {
	c := serve(t, openStore(t, shortTempDir(t)), "lab-n2")
	info, err := c.node.NodeGetInfo(ctx(t), &csi.NodeGetInfoRequest{})
	if err != nil || info.GetNodeId() != "lab-n2" || info.GetAccessibleTopology() != nil {
		t.Fatalf("NodeGetInfo: %v %v", info, err)
	}
	caps, err := c.node.NodeGetCapabilities(ctx(t), &csi.NodeGetCapabilitiesRequest{})
	if err != nil || len(caps.GetCapabilities()) != 0 {
		t.Fatalf("NodeGetCapabilities: %v %v", caps, err)
	}
	pc, err := c.id.GetPluginCapabilities(ctx(t), &csi.GetPluginCapabilitiesRequest{})
	if err != nil || len(pc.GetCapabilities()) != 0 {
		t.Fatalf("a node plugin has no controller service: %v %v", pc, err)
	}
}

// The node refuses a volume that the controller has not attached to it, before touching the target.
func TestNodePublishRefusedUnlessAttachedHere(t *testing.T) {
	root := shortTempDir(t)
	st := openStore(t, root)
	c := serve(t, st, "")
	n2 := serve(t, openStore(t, root), "lab-n2")
	createVolume(t, c.ctrl, "pvc-y", 1<<20)
	target := filepath.Join(shortTempDir(t), "pod", "mount")

	wantCode(t, "publish, attached nowhere", nodePublish(t, n2.node, "pvc-y", target, false), codes.FailedPrecondition)
	wantCode(t, "attach to n1", publish(t, c.ctrl, "pvc-y", "lab-n1"), codes.OK)
	wantCode(t, "publish on n2, attached to n1", nodePublish(t, n2.node, "pvc-y", target, false), codes.FailedPrecondition)
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatalf("a refused publish made the target: %v", err)
	}
	wantCode(t, "publish unknown volume", nodePublish(t, n2.node, "pvc-none", target, false), codes.NotFound)
	wantCode(t, "publish relative target", nodePublish(t, n2.node, "pvc-y", "pod/mount", false), codes.InvalidArgument)
}

func isMounted(t *testing.T, p string) bool {
	t.Helper()
	m, err := isMountPoint(p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A real bind mount (needs root): publish on the node the volume is attached to, write through the mount,
// find the file in the volume's data; publish again (idempotent); unpublish twice; read-only.
func TestNodePublishBindMount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("bind mounts need root")
	}
	root := shortTempDir(t)
	st := openStore(t, root)
	c := serve(t, st, "")
	n1 := serve(t, openStore(t, root), "lab-n1")
	createVolume(t, c.ctrl, "pvc-z", 1<<20)
	wantCode(t, "attach to n1", publish(t, c.ctrl, "pvc-z", "lab-n1"), codes.OK)
	target := filepath.Join(shortTempDir(t), "pods", "uid", "mount")
	t.Cleanup(func() { _ = unmountAll(target) })

	wantCode(t, "publish", nodePublish(t, n1.node, "pvc-z", target, false), codes.OK)
	if !isMounted(t, target) {
		t.Fatal("target is not a mount point after publish")
	}
	if err := os.WriteFile(filepath.Join(target, "data"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(st.DataDir("pvc-z"), "data")); err != nil || string(b) != "hello" {
		t.Fatalf("written through the mount, read from the volume: %q %v", b, err)
	}
	wantCode(t, "publish again", nodePublish(t, n1.node, "pvc-z", target, false), codes.OK)
	if n := countMounts(t, target); n != 1 {
		t.Fatalf("publish twice: %d mounts on the target, want 1", n)
	}
	// A detach behind the node's back does not stop the unmount.
	wantCode(t, "detach", unpublish(t, c.ctrl, "pvc-z", "lab-n1"), codes.OK)
	for i := range 2 {
		wantCode(t, "unpublish", nodeUnpublish(t, n1.node, "pvc-z", target), codes.OK)
		if _, err := os.Stat(target); !os.IsNotExist(err) {
			t.Fatalf("unpublish #%d: target still there: %v", i+1, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(st.DataDir("pvc-z"), "data")); err != nil || string(b) != "hello" {
		t.Fatalf("data after unpublish: %q %v", b, err)
	}

	// Read-only: the mount refuses writes.
	wantCode(t, "attach again", publish(t, c.ctrl, "pvc-z", "lab-n1"), codes.OK)
	wantCode(t, "publish read-only", nodePublish(t, n1.node, "pvc-z", target, true), codes.OK)
	err := os.WriteFile(filepath.Join(target, "other"), []byte("x"), 0o644)
	if pe, ok := err.(*os.PathError); !ok || pe.Err != syscall.EROFS {
		t.Fatalf("write to a read-only publish: %v, want EROFS", err)
	}
	wantCode(t, "unpublish read-only", nodeUnpublish(t, n1.node, "pvc-z", target), codes.OK)
	if isMounted(t, target) {
		t.Fatal("still mounted")
	}
}

func countMounts(t *testing.T, p string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for line := range strings.SplitSeq(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 5 && f[4] == p {
			n++
		}
	}
	return n
}
