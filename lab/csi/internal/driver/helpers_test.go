package driver

import (
	"context"
	"io"
	"log"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"lab/csi/internal/store"
)

// shortTempDir: t.TempDir() paths carry the test's name and can pass the 107-byte socket limit.
func shortTempDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "labcsi")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

func openStore(t *testing.T, root string) *store.Store {
	t.Helper()
	st, err := store.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

type clients struct {
	id   csi.IdentityClient
	ctrl csi.ControllerClient
	node csi.NodeClient
}

// serve starts a real gRPC server on a unix socket in a temporary directory, as lab-csi does: the
// controller mode when nodeID is "", else a node plugin of that node. It logs to the test's log.
func serve(t *testing.T, st *store.Store, nodeID string) clients {
	t.Helper()
	sock := filepath.Join(shortTempDir(t), "csi.sock")
	lis, err := Listen(sock)
	if err != nil {
		t.Fatal(err)
	}
	var out io.Writer = testWriter{t}
	srv := NewServer(log.New(out, "", 0), nodeID)
	csi.RegisterIdentityServer(srv, &Identity{Version: "test", Controller: nodeID == ""})
	if nodeID == "" {
		csi.RegisterControllerServer(srv, &Controller{Store: st})
	} else {
		csi.RegisterNodeServer(srv, &Node{Store: st, NodeID: nodeID})
	}
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient("unix://"+sock, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return clients{csi.NewIdentityClient(conn), csi.NewControllerClient(conn), csi.NewNodeClient(conn)}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p[:len(p)-1]))
	return len(p), nil
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func rwo() *csi.VolumeCapability {
	return &csi.VolumeCapability{
		AccessType: &csi.VolumeCapability_Mount{Mount: &csi.VolumeCapability_MountVolume{}},
		AccessMode: &csi.VolumeCapability_AccessMode{Mode: csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER},
	}
}

func createVolume(t *testing.T, c csi.ControllerClient, name string, bytes int64) *csi.Volume {
	t.Helper()
	resp, err := c.CreateVolume(ctx(t), &csi.CreateVolumeRequest{
		Name:               name,
		CapacityRange:      &csi.CapacityRange{RequiredBytes: bytes},
		VolumeCapabilities: []*csi.VolumeCapability{rwo()},
	})
	if err != nil {
		t.Fatalf("CreateVolume %s: %v", name, err)
	}
	return resp.GetVolume()
}

func publish(t *testing.T, c csi.ControllerClient, vol, node string) error {
	t.Helper()
	_, err := c.ControllerPublishVolume(ctx(t), &csi.ControllerPublishVolumeRequest{VolumeId: vol, NodeId: node, VolumeCapability: rwo()})
	return err
}

func unpublish(t *testing.T, c csi.ControllerClient, vol, node string) error {
	t.Helper()
	_, err := c.ControllerUnpublishVolume(ctx(t), &csi.ControllerUnpublishVolumeRequest{VolumeId: vol, NodeId: node})
	return err
}

// wantCode fails unless err has the gRPC code want (codes.OK: err is nil).
func wantCode(t *testing.T, what string, err error, want codes.Code) {
	t.Helper()
	if got := status.Code(err); got != want {
		t.Fatalf("%s: got %s (%v), want %s", what, got, err, want)
	}
}
