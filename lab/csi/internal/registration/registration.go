// Package registration registers a CSI node plugin with its kubelet through the kubelet's plugin
// registration API (k8s.io/kubelet/pkg/apis/pluginregistration/v1), in-process: what the
// node-driver-registrar sidecar does for a driver running in a pod.
//
// The kubelet watches <root-dir>/plugins_registry for sockets. For a new one it calls GetInfo, checks the
// type (CSIPlugin), name and versions, dials the returned endpoint, calls NodeGetInfo there, records the
// driver in the node's CSINode object, and reports the outcome with NotifyRegistrationStatus. When the
// socket goes away, it deregisters the driver: so the plugin removes its socket when it stops.
package registration

import (
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"path/filepath"
	"sync"

	"google.golang.org/grpc"
	registerapi "k8s.io/kubelet/pkg/apis/pluginregistration/v1"
)

// SupportedVersions: the CSI spec versions the plugin speaks (the kubelet wants a 1.x).
var SupportedVersions = []string{"1.0.0"}

// SocketName is the registration socket's file name in the registration directory.
func SocketName(driverName string) string { return driverName + "-reg.sock" }

// Server is the Registration service. Endpoint is the CSI socket's path as the kubelet dials it (a path,
// not a unix:// URL).
type Server struct {
	registerapi.UnimplementedRegistrationServer
	DriverName string
	Endpoint   string
	Log        *log.Logger

	mu         sync.Mutex
	registered bool
	lastError  string
}

func (s *Server) GetInfo(context.Context, *registerapi.InfoRequest) (*registerapi.PluginInfo, error) {
	s.Log.Printf("registration: GetInfo from the kubelet -> %s %s at %s, versions %v", registerapi.CSIPlugin, s.DriverName, s.Endpoint, SupportedVersions)
	return &registerapi.PluginInfo{
		Type:              registerapi.CSIPlugin,
		Name:              s.DriverName,
		Endpoint:          s.Endpoint,
		SupportedVersions: SupportedVersions,
	}, nil
}

func (s *Server) NotifyRegistrationStatus(_ context.Context, st *registerapi.RegistrationStatus) (*registerapi.RegistrationStatusResponse, error) {
	s.mu.Lock()
	s.registered, s.lastError = st.PluginRegistered, st.Error
	s.mu.Unlock()
	if st.PluginRegistered {
		s.Log.Printf("registration: the kubelet registered %s", s.DriverName)
	} else {
		s.Log.Printf("registration: the kubelet did NOT register %s: %s", s.DriverName, st.Error)
	}
	return &registerapi.RegistrationStatusResponse{}, nil
}

// Registered says what the kubelet last reported (false and "" before it reported anything).
func (s *Server) Registered() (bool, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.registered, s.lastError
}

// Serve listens on <dir>/<driver>-reg.sock (replacing a stale one) and serves s there in the background.
// The kubelet notices the socket and registers the plugin; stop with Stop.
func (s *Server) Serve(dir string) (*Running, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, SocketName(s.DriverName))
	if len(path) > 107 {
		return nil, fmt.Errorf("registration socket %s is %d bytes, unix sockets allow 107", path, len(path))
	}
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	// Made under a temporary name, then renamed: the kubelet's watcher sees a complete, listening socket.
	tmp := filepath.Join(dir, "."+SocketName(s.DriverName)+".tmp")
	_ = os.Remove(tmp)
	lis, err := net.Listen("unix", tmp)
	if err != nil {
		return nil, err
	}
	lis.(*net.UnixListener).SetUnlinkOnClose(false)
	if err := os.Rename(tmp, path); err != nil {
		lis.Close()
		_ = os.Remove(tmp)
		return nil, err
	}
	srv := grpc.NewServer()
	registerapi.RegisterRegistrationServer(srv, s)
	r := &Running{Path: path, srv: srv, done: make(chan error, 1)}
	go func() { r.done <- srv.Serve(lis) }()
	s.Log.Printf("registration: serving on %s (driver %s, endpoint %s)", path, s.DriverName, s.Endpoint)
	return r, nil
}

// Running is a serving registration socket.
type Running struct {
	Path string
	srv  *grpc.Server
	done chan error
}

// Done delivers Serve's error when the server stops.
func (r *Running) Done() <-chan error { return r.done }

// Stop removes the socket (the kubelet deregisters the driver) and stops serving.
func (r *Running) Stop() {
	_ = os.Remove(r.Path)
	r.srv.Stop()
}
