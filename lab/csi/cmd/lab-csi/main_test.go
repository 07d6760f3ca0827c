package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	registerapi "k8s.io/kubelet/pkg/apis/pluginregistration/v1"
)

// The test binary is lab-csi too: with LAB_CSI_RUN_MAIN=1 it runs main() with the arguments after "--".
func TestMain(m *testing.M) {
	if os.Getenv("LAB_CSI_RUN_MAIN") == "1" {
		for i, a := range os.Args {
			if a == "--" {
				os.Args = append([]string{"lab-csi"}, os.Args[i+1:]...)
				break
			}
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type proc struct {
	cmd *exec.Cmd
	out *syncBuffer
}

// start runs lab-csi in its own process, as the lab does, and waits for its socket.
func start(t *testing.T, sock string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "LAB_CSI_RUN_MAIN=1")
	p := &proc{cmd: cmd, out: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Logf("%s log:\n%s", args[0], p.out)
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no socket %s after 10s", args[0], sock)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func dial(t *testing.T, path string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient("unix://"+path, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func rwo() *csi.VolumeCapability {
	return &csi.VolumeCapability{
		AccessType: &csi.VolumeCapability_Mount{Mount: &csi.VolumeCapability_MountVolume{}},
		AccessMode: &csi.VolumeCapability_AccessMode{Mode: csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER},
	}
}

// One controller and two node plugins as three processes on one root: the kubelet's side of the
// registration (GetInfo, then NodeGetInfo at the endpoint it names), the attachment record shared across
// processes, and a clean stop that removes the sockets.
func TestProcesses(t *testing.T) {
	dir, err := os.MkdirTemp("", "labcsi")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	root := filepath.Join(dir, "root")
	ctrlSock := filepath.Join(dir, "controller.sock")
	ctrlProc := start(t, ctrlSock, "controller", "--endpoint", "unix://"+ctrlSock, "--root", root)
	nodes := map[string]*proc{}
	for _, n := range []string{"lab-n1", "lab-n2"} {
		k := filepath.Join(dir, n, "kubelet")
		sock := filepath.Join(k, "plugins", "lab.csi.sts-chaos.io", "csi.sock")
		nodes[n] = start(t, sock, "node", "--endpoint", "unix://"+sock, "--node-id", n, "--root", root,
			"--registration-dir", filepath.Join(k, "plugins_registry"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	// The kubelet's side: find the registration socket, GetInfo, dial the endpoint, NodeGetInfo.
	regSock := filepath.Join(dir, "lab-n2", "kubelet", "plugins_registry", "lab.csi.sts-chaos.io-reg.sock")
	deadline := time.Now().Add(10 * time.Second)
	for _, err := os.Stat(regSock); err != nil; _, err = os.Stat(regSock) {
		if time.Now().After(deadline) {
			t.Fatalf("no registration socket: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	info, err := registerapi.NewRegistrationClient(dial(t, regSock)).GetInfo(ctx, &registerapi.InfoRequest{})
	if err != nil || info.Type != registerapi.CSIPlugin || strings.HasPrefix(info.Endpoint, "unix:") {
		t.Fatalf("GetInfo: %+v %v", info, err)
	}
	ni, err := csi.NewNodeClient(dial(t, info.Endpoint)).NodeGetInfo(ctx, &csi.NodeGetInfoRequest{})
	if err != nil || ni.GetNodeId() != "lab-n2" {
		t.Fatalf("NodeGetInfo at %s: %v %v", info.Endpoint, ni, err)
	}

	ctrl := csi.NewControllerClient(dial(t, ctrlSock))
	if _, err := ctrl.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: "pvc-p", VolumeCapabilities: []*csi.VolumeCapability{rwo()}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ctrl.ControllerPublishVolume(ctx, &csi.ControllerPublishVolumeRequest{VolumeId: "pvc-p", NodeId: "lab-n1", VolumeCapability: rwo()}); err != nil {
		t.Fatal(err)
	}
	// The other process (lab-n2's plugin) reads the controller's record and refuses.
	_, err = csi.NewNodeClient(dial(t, info.Endpoint)).NodePublishVolume(ctx, &csi.NodePublishVolumeRequest{
		VolumeId: "pvc-p", TargetPath: filepath.Join(dir, "target"), VolumeCapability: rwo()})
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "attached to node lab-n1") {
		t.Fatalf("NodePublishVolume on lab-n2: %v", err)
	}

	// SIGTERM: the registration socket goes first (the kubelet deregisters), then the CSI socket; exit 0.
	p := nodes["lab-n2"]
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	for _, f := range []string{regSock, info.Endpoint} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Fatalf("%s still there after the stop: %v", f, err)
		}
	}
	// One line per call, with its volume and node.
	for _, want := range []string{
		"[controller] ControllerPublishVolume volume=pvc-p node=lab-n1 -> OK",
		"[controller] CreateVolume volume=pvc-p -> OK",
	} {
		if !strings.Contains(ctrlProc.out.String(), want) {
			t.Errorf("controller log lacks %q", want)
		}
	}
	if want := "[node lab-n2] NodePublishVolume volume=pvc-p node=lab-n2 target="; !strings.Contains(p.out.String(), want) {
		t.Errorf("node log lacks %q", want)
	}
}

// syncBuffer: the process writes its log from exec's copying goroutine while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
