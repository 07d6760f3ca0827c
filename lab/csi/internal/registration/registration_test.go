package registration

import (
	"context"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	registerapi "k8s.io/kubelet/pkg/apis/pluginregistration/v1"
)

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// dialLikeKubelet connects to a registration socket as the kubelet's plugin watcher does: gRPC over the
// socket's path with a unix dialer.
func dialLikeKubelet(t *testing.T, path string) registerapi.RegistrationClient {
	t.Helper()
	conn, err := grpc.NewClient("passthrough:///"+path,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, addr string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", addr)
		}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return registerapi.NewRegistrationClient(conn)
}

func TestRegistrationGetInfoAndNotify(t *testing.T) {
	dir, err := os.MkdirTemp("", "labreg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	regDir := filepath.Join(dir, "plugins_registry")
	endpoint := filepath.Join(dir, "plugins", "lab.csi.sts-chaos.io", "csi.sock")
	// A stale socket file of a killed plugin is replaced.
	if err := os.MkdirAll(regDir, 0o750); err != nil {
		t.Fatal(err)
	}
	stale, err := net.Listen("unix", filepath.Join(regDir, SocketName("lab.csi.sts-chaos.io")))
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	stale.Close()

	s := &Server{DriverName: "lab.csi.sts-chaos.io", Endpoint: endpoint, Log: log.New(testWriter{t}, "", 0)}
	run, err := s.Serve(regDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(run.Stop)
	if want := filepath.Join(regDir, "lab.csi.sts-chaos.io-reg.sock"); run.Path != want {
		t.Fatalf("socket %s, want %s", run.Path, want)
	}
	// The registration directory holds the socket only (the kubelet skips dot files, but none is left).
	entries, _ := os.ReadDir(regDir)
	if len(entries) != 1 || entries[0].Type()&os.ModeSocket == 0 {
		t.Fatalf("registration dir: %v", entries)
	}

	c := dialLikeKubelet(t, run.Path)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	info, err := c.GetInfo(ctx, &registerapi.InfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if info.Type != registerapi.CSIPlugin || info.Name != "lab.csi.sts-chaos.io" || info.Endpoint != endpoint ||
		len(info.SupportedVersions) != 1 || info.SupportedVersions[0] != "1.0.0" {
		t.Fatalf("GetInfo: %+v", info)
	}

	if ok, _ := s.Registered(); ok {
		t.Fatal("registered before the kubelet said so")
	}
	if _, err := c.NotifyRegistrationStatus(ctx, &registerapi.RegistrationStatus{PluginRegistered: false, Error: "boom"}); err != nil {
		t.Fatal(err)
	}
	if ok, msg := s.Registered(); ok || msg != "boom" {
		t.Fatalf("after a failed registration: %v %q", ok, msg)
	}
	if _, err := c.NotifyRegistrationStatus(ctx, &registerapi.RegistrationStatus{PluginRegistered: true}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Registered(); !ok {
		t.Fatal("not registered after the kubelet said so")
	}

	// Stop removes the socket: the kubelet deregisters the driver.
	run.Stop()
	if _, err := os.Stat(run.Path); !os.IsNotExist(err) {
		t.Fatalf("socket still there after Stop: %v", err)
	}
	select {
	case <-run.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after Stop")
	}
}
