package driver

import (
	"context"
	"errors"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"lab/csi/internal/store"
)

// DefaultCapacity: a claim with no size (the provisioner always sends one; a test may not).
const DefaultCapacity = 1 << 30

// Controller is the CSI Controller service: volumes are directories under the store, and each volume is
// published to at most one node (the attachment record, which the node plugins read).
type Controller struct {
	csi.UnimplementedControllerServer
	Store *store.Store
}

func (c *Controller) ControllerGetCapabilities(context.Context, *csi.ControllerGetCapabilitiesRequest) (*csi.ControllerGetCapabilitiesResponse, error) {
	var caps []*csi.ControllerServiceCapability
	for _, t := range []csi.ControllerServiceCapability_RPC_Type{
		csi.ControllerServiceCapability_RPC_CREATE_DELETE_VOLUME,
		csi.ControllerServiceCapability_RPC_PUBLISH_UNPUBLISH_VOLUME,
	} {
		caps = append(caps, &csi.ControllerServiceCapability{
			Type: &csi.ControllerServiceCapability_Rpc{Rpc: &csi.ControllerServiceCapability_RPC{Type: t}},
		})
	}
	return &csi.ControllerGetCapabilitiesResponse{Capabilities: caps}, nil
}

// CreateVolume makes <root>/vols/<name>; the volume's ID is its name, so a retry finds the same volume.
// The capacity is recorded, not enforced (the volumes share the host's disk).
func (c *Controller) CreateVolume(_ context.Context, req *csi.CreateVolumeRequest) (*csi.CreateVolumeResponse, error) {
	if req.GetName() == "" {
		return nil, status.Error(codes.InvalidArgument, "name missing")
	}
	if !store.ValidID(req.GetName()) {
		return nil, status.Errorf(codes.InvalidArgument, "name %q: %v", req.GetName(), store.ErrInvalidID)
	}
	if req.GetVolumeContentSource() != nil {
		return nil, status.Error(codes.InvalidArgument, "volume content sources (snapshots, clones) are not supported")
	}
	mode, err := checkCapabilities(req.GetVolumeCapabilities())
	if err != nil {
		return nil, err
	}
	required, limit := req.GetCapacityRange().GetRequiredBytes(), req.GetCapacityRange().GetLimitBytes()
	if required < 0 || limit < 0 || (limit > 0 && limit < required) {
		return nil, status.Errorf(codes.OutOfRange, "capacity range required=%d limit=%d", required, limit)
	}
	size := required
	if size == 0 {
		size = min(DefaultCapacity, limit)
		if limit == 0 {
			size = DefaultCapacity
		}
	}
	v, _, err := c.Store.Create(store.Volume{ID: req.GetName(), Name: req.GetName(), CapacityBytes: size, AccessMode: mode}, required, limit)
	if err != nil {
		return nil, storeError(err)
	}
	return &csi.CreateVolumeResponse{Volume: &csi.Volume{VolumeId: v.ID, CapacityBytes: v.CapacityBytes}}, nil
}

// DeleteVolume removes the volume and its data; one that is gone already is success. One still attached
// to a node is refused (FAILED_PRECONDITION): its data may be mounted in a running pod.
func (c *Controller) DeleteVolume(_ context.Context, req *csi.DeleteVolumeRequest) (*csi.DeleteVolumeResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id missing")
	}
	if err := c.Store.Delete(req.GetVolumeId()); err != nil {
		return nil, storeError(err)
	}
	return &csi.DeleteVolumeResponse{}, nil
}

// ControllerPublishVolume attaches the volume to the node: exactly one node per volume. Another node
// holding it is FAILED_PRECONDITION (CSI: published at another node without a MULTI_NODE capability);
// the same node again is success.
func (c *Controller) ControllerPublishVolume(_ context.Context, req *csi.ControllerPublishVolumeRequest) (*csi.ControllerPublishVolumeResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id missing")
	}
	if req.GetNodeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "node id missing")
	}
	if _, err := checkCapabilities([]*csi.VolumeCapability{req.GetVolumeCapability()}); err != nil {
		return nil, err
	}
	if _, err := c.Store.Attach(req.GetVolumeId(), req.GetNodeId()); err != nil {
		return nil, storeError(err)
	}
	return &csi.ControllerPublishVolumeResponse{}, nil
}

// ControllerUnpublishVolume detaches the volume from the node (no node: from any). Idempotent: a volume
// that is gone, attached nowhere or to another node is left as it is, and that is success.
func (c *Controller) ControllerUnpublishVolume(_ context.Context, req *csi.ControllerUnpublishVolumeRequest) (*csi.ControllerUnpublishVolumeResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id missing")
	}
	if _, err := c.Store.Detach(req.GetVolumeId(), req.GetNodeId()); err != nil {
		return nil, storeError(err)
	}
	return &csi.ControllerUnpublishVolumeResponse{}, nil
}

func (c *Controller) ValidateVolumeCapabilities(_ context.Context, req *csi.ValidateVolumeCapabilitiesRequest) (*csi.ValidateVolumeCapabilitiesResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id missing")
	}
	if _, err := c.Store.Get(req.GetVolumeId()); err != nil {
		return nil, storeError(err)
	}
	if len(req.GetVolumeCapabilities()) == 0 {
		return nil, status.Error(codes.InvalidArgument, "volume capabilities missing")
	}
	for _, vc := range req.GetVolumeCapabilities() {
		if why := checkCapability(vc); why != "" {
			return &csi.ValidateVolumeCapabilitiesResponse{Message: why}, nil
		}
	}
	return &csi.ValidateVolumeCapabilitiesResponse{Confirmed: &csi.ValidateVolumeCapabilitiesResponse_Confirmed{
		VolumeContext:      req.GetVolumeContext(),
		VolumeCapabilities: req.GetVolumeCapabilities(),
		Parameters:         req.GetParameters(),
	}}, nil
}

// storeError maps the store's errors to CSI's gRPC codes.
func storeError(err error) error {
	if a, ok := errorAs[*store.AttachedError](err); ok {
		return status.Error(codes.FailedPrecondition, a.Error())
	}
	if e, ok := errorAs[*store.IncompatibleError](err); ok {
		return status.Error(codes.AlreadyExists, e.Error())
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, store.ErrInvalidID):
		return status.Error(codes.InvalidArgument, err.Error())
	}
	return status.Error(codes.Internal, err.Error())
}
