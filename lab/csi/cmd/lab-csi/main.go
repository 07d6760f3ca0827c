// lab-csi: the sts-chaos lab's CSI driver (lab.csi.sts-chaos.io), as host processes.
//
//	lab-csi controller --endpoint unix:///run/sts-lab/csi/controller.sock --root DIR
//	lab-csi node --endpoint unix://KUBELET_ROOT/plugins/lab.csi.sts-chaos.io/csi.sock --node-id lab-n1 \
//	    --root DIR --registration-dir KUBELET_ROOT/plugins_registry
//
// The controller serves Identity + Controller (volumes under DIR, one node per volume); a node plugin
// serves Identity + Node (bind mounts) and registers itself with its kubelet. Every call is logged on
// stderr, one line each. SIGTERM/SIGINT: the node plugin removes its registration socket first (its kubelet
// deregisters the driver), then both stop serving.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"

	"lab/csi/internal/driver"
	"lab/csi/internal/registration"
	"lab/csi/internal/store"
)

// version: set with -ldflags "-X main.version=..." (the build's source hash).
var version = "dev"

func usage() {
	fmt.Fprintf(os.Stderr, `usage: lab-csi controller --endpoint unix:///path.sock --root DIR
       lab-csi node --endpoint unix:///path.sock --node-id NODE --root DIR --registration-dir DIR
driver %s, version %s
`, driver.DriverName, version)
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet("lab-csi "+mode, flag.ExitOnError)
	endpoint := fs.String("endpoint", "", "CSI endpoint: unix:///path/to.sock")
	root := fs.String("root", "", "the volumes' directory, shared by the controller and the node plugins")
	nodeID := fs.String("node-id", "", "node mode: this node's id (its Kubernetes node name)")
	regDir := fs.String("registration-dir", "", "node mode: the kubelet's plugins_registry directory")
	switch mode {
	case "controller", "node":
	case "-h", "--help", "help":
		usage()
	default:
		fmt.Fprintf(os.Stderr, "lab-csi: unknown mode %q\n", mode)
		usage()
	}
	_ = fs.Parse(os.Args[2:])
	if *endpoint == "" || *root == "" || (mode == "node" && (*nodeID == "" || *regDir == "")) {
		usage()
	}
	prefix := "[controller] "
	if mode == "node" {
		prefix = "[node " + *nodeID + "] "
	}
	logger := log.New(os.Stderr, prefix, log.LstdFlags|log.Lmicroseconds|log.Lmsgprefix)
	if err := run(mode, *endpoint, *root, *nodeID, *regDir, logger); err != nil {
		logger.Fatalf("error: %v", err)
	}
}

func run(mode, endpoint, root, nodeID, regDir string, logger *log.Logger) error {
	sock, err := driver.SocketPath(endpoint)
	if err != nil {
		return err
	}
	st, err := store.Open(root)
	if err != nil {
		return fmt.Errorf("open %s: %w", root, err)
	}
	lis, err := driver.Listen(sock)
	if err != nil {
		return err
	}
	self := ""
	if mode == "node" {
		self = nodeID
	}
	srv := driver.NewServer(logger, self)
	csi.RegisterIdentityServer(srv, &driver.Identity{Version: version, Controller: mode == "controller"})
	if mode == "controller" {
		csi.RegisterControllerServer(srv, &driver.Controller{Store: st})
	} else {
		csi.RegisterNodeServer(srv, &driver.Node{Store: st, NodeID: nodeID})
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	logger.Printf("%s %s serving %s on %s (root %s)", driver.DriverName, version, mode, sock, st.Root)

	// The node plugin registers only once its CSI socket answers: the kubelet calls NodeGetInfo at once.
	var reg *registration.Running
	var regDone <-chan error
	if mode == "node" {
		r := &registration.Server{DriverName: driver.DriverName, Endpoint: sock, Log: logger}
		if reg, err = r.Serve(regDir); err != nil {
			srv.Stop()
			return fmt.Errorf("registration: %w", err)
		}
		regDone = reg.Done()
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	select {
	case s := <-sigs:
		logger.Printf("%s: stopping", s)
	case err := <-served:
		if reg != nil {
			reg.Stop()
		}
		return fmt.Errorf("CSI server stopped: %v", err)
	case err := <-regDone:
		driver.Stop(srv, 5*time.Second)
		return fmt.Errorf("registration server stopped: %v", err)
	}
	if reg != nil {
		reg.Stop()
	}
	driver.Stop(srv, 5*time.Second) // closes the listener, which removes the socket
	logger.Printf("stopped")
	return nil
}
