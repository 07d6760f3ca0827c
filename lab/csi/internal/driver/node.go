package driver

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"lab/csi/internal/store"
)

// Node is the CSI Node service of one lab node. A volume is published by bind-mounting its data
// directory onto the pod's target path, and only on the node that the attachment record names: the
// kubelet must not mount a volume that the controller has not attached here (or has detached).
//
// No STAGE_UNSTAGE_VOLUME: there is no device to format or mount once per node, so the kubelet skips
// NodeStageVolume and calls NodePublishVolume for each pod directly.
type Node struct {
	csi.UnimplementedNodeServer
	Store  *store.Store
	NodeID string

	mu sync.Mutex // one publish/unpublish at a time: a mount check and the mount are one step
}

func (n *Node) NodeGetInfo(context.Context, *csi.NodeGetInfoRequest) (*csi.NodeGetInfoResponse, error) {
	// No accessible topology: both lab nodes share the disk (like network storage).
	return &csi.NodeGetInfoResponse{NodeId: n.NodeID}, nil
}

func (n *Node) NodeGetCapabilities(context.Context, *csi.NodeGetCapabilitiesRequest) (*csi.NodeGetCapabilitiesResponse, error) {
	return &csi.NodeGetCapabilitiesResponse{}, nil
}

// NodePublishVolume bind-mounts the volume's data on the target path (made if missing). Refused with
// FAILED_PRECONDITION unless the volume is attached to this node; a target that has the volume mounted
// already is success.
func (n *Node) NodePublishVolume(_ context.Context, req *csi.NodePublishVolumeRequest) (*csi.NodePublishVolumeResponse, error) {
	id, target := req.GetVolumeId(), req.GetTargetPath()
	if id == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id missing")
	}
	if target == "" || !filepath.IsAbs(target) {
		return nil, status.Errorf(codes.InvalidArgument, "target path %q: must be absolute", target)
	}
	if req.GetVolumeCapability() == nil {
		return nil, status.Error(codes.InvalidArgument, "volume capability missing")
	}
	if why := checkCapability(req.GetVolumeCapability()); why != "" {
		return nil, status.Error(codes.InvalidArgument, why)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	owner, err := n.Store.Owner(id)
	if err != nil {
		return nil, storeError(err)
	}
	switch owner {
	case n.NodeID:
	case "":
		return nil, status.Errorf(codes.FailedPrecondition, "volume %s is not attached to any node (this node is %s)", id, n.NodeID)
	default:
		return nil, status.Errorf(codes.FailedPrecondition, "volume %s is attached to node %s, not to this node %s", id, owner, n.NodeID)
	}
	src := n.Store.DataDir(id)
	if err := os.MkdirAll(target, 0o750); err != nil {
		return nil, status.Errorf(codes.Internal, "make target %s: %v", target, err)
	}
	mounted, err := isMountPoint(target)
	if err != nil {
		return nil, status.Errorf(codes.Internal, "read mounts: %v", err)
	}
	if mounted {
		same, err := sameFile(src, target)
		if err != nil {
			return nil, status.Errorf(codes.Internal, "compare %s with %s: %v", target, src, err)
		}
		if !same {
			return nil, status.Errorf(codes.AlreadyExists, "target %s has another mount than volume %s", target, id)
		}
		return &csi.NodePublishVolumeResponse{}, nil
	}
	if err := bindMount(src, target, req.GetReadonly()); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &csi.NodePublishVolumeResponse{}, nil
}

// NodeUnpublishVolume unmounts the target path and removes it. Idempotent: a target that is not mounted
// or not there is success. It does not look at the attachment record: a volume detached behind this
// node's back (a forced detach) must still be unmountable.
func (n *Node) NodeUnpublishVolume(_ context.Context, req *csi.NodeUnpublishVolumeRequest) (*csi.NodeUnpublishVolumeResponse, error) {
	target := req.GetTargetPath()
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id missing")
	}
	if target == "" || !filepath.IsAbs(target) {
		return nil, status.Errorf(codes.InvalidArgument, "target path %q: must be absolute", target)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := unmountAll(target); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if err := os.Remove(target); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, status.Errorf(codes.Internal, "remove target %s: %v", target, err)
	}
	return &csi.NodeUnpublishVolumeResponse{}, nil
}
