// Package driver is lab-csi's CSI services: Identity, Controller (volumes and the one-node attachment
// record) and Node (bind mounts), served over gRPC on a unix socket.
package driver

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

// DriverName is the CSI driver's name (the CSIDriver object, the StorageClass's provisioner).
const DriverName = "lab.csi.sts-chaos.io"

// maxSocketPath: sun_path is 108 bytes with its terminating NUL.
const maxSocketPath = 107

// SocketPath turns a CSI endpoint (unix:///path or /path) into the socket's path.
func SocketPath(endpoint string) (string, error) {
	p := endpoint
	switch {
	case strings.HasPrefix(p, "unix://"):
		p = strings.TrimPrefix(p, "unix://")
	case strings.Contains(p, "://"):
		return "", fmt.Errorf("endpoint %q: only unix:// endpoints", endpoint)
	}
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("endpoint %q: the socket path must be absolute", endpoint)
	}
	if len(p) > maxSocketPath {
		return "", fmt.Errorf("endpoint %q: socket path is %d bytes, unix sockets allow %d", endpoint, len(p), maxSocketPath)
	}
	return p, nil
}

// Listen listens on the unix socket at path, making its directory and replacing a stale socket (one that
// a killed process left behind). Anything else at path is an error, not removed.
func Listen(path string) (net.Listener, error) {
	if len(path) > maxSocketPath {
		return nil, fmt.Errorf("socket path %s is %d bytes, unix sockets allow %d", path, len(path), maxSocketPath)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&fs.ModeSocket == 0 {
			return nil, fmt.Errorf("%s exists and is not a socket", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	return net.Listen("unix", path)
}

// NewServer is a gRPC server that logs every call on logger, one line each.
func NewServer(logger *log.Logger, self string) *grpc.Server {
	return grpc.NewServer(grpc.UnaryInterceptor(logCalls(logger, self)))
}

// logCalls: "<Method> volume=<id> node=<node> [target=<path>] -> OK (1.2ms)" or "-> <Code>: <message>".
// node is the request's node (ControllerPublish/Unpublish) or, for a node plugin, its own (self).
func logCalls(logger *log.Logger, self string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		method := info.FullMethod[strings.LastIndex(info.FullMethod, "/")+1:]
		var b strings.Builder
		b.WriteString(method)
		if r, ok := req.(interface{ GetVolumeId() string }); ok && r.GetVolumeId() != "" {
			fmt.Fprintf(&b, " volume=%s", r.GetVolumeId())
		} else if r, ok := req.(interface{ GetName() string }); ok && r.GetName() != "" {
			fmt.Fprintf(&b, " volume=%s", r.GetName())
		}
		if r, ok := req.(interface{ GetNodeId() string }); ok {
			node := r.GetNodeId()
			if node == "" {
				node = "(any)"
			}
			fmt.Fprintf(&b, " node=%s", node)
		} else if self != "" {
			fmt.Fprintf(&b, " node=%s", self)
		}
		if r, ok := req.(interface{ GetTargetPath() string }); ok && r.GetTargetPath() != "" {
			fmt.Fprintf(&b, " target=%s", r.GetTargetPath())
		}
		if err != nil {
			st, _ := status.FromError(err)
			fmt.Fprintf(&b, " -> %s: %s", st.Code(), st.Message())
		} else {
			b.WriteString(" -> OK")
		}
		fmt.Fprintf(&b, " (%s)", time.Since(start).Round(10*time.Microsecond))
		logger.Print(b.String())
		return resp, err
	}
}

// Stop stops srv gracefully, or at once when in-flight calls have not ended within d.
func Stop(srv *grpc.Server, d time.Duration) {
	done := make(chan struct{})
	go func() {
		srv.GracefulStop()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
		srv.Stop()
	}
}

// errorAs is errors.As for a target type, returning the match.
func errorAs[T error](err error) (T, bool) {
	var t T
	ok := errors.As(err, &t)
	return t, ok
}
