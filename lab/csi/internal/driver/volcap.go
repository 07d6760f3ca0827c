package driver

import (
	"fmt"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A lab-csi volume is a directory attached to one node at a time: only single-node access modes (a
// ReadWriteOnce or ReadWriteOncePod claim), only as a filesystem mount (no raw block).
var singleNodeModes = map[csi.VolumeCapability_AccessMode_Mode]bool{
	csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER:        true,
	csi.VolumeCapability_AccessMode_SINGLE_NODE_READER_ONLY:   true,
	csi.VolumeCapability_AccessMode_SINGLE_NODE_SINGLE_WRITER: true,
	csi.VolumeCapability_AccessMode_SINGLE_NODE_MULTI_WRITER:  true,
}

// checkCapability says why a capability is not supported ("" when it is).
func checkCapability(c *csi.VolumeCapability) string {
	if c == nil {
		return "empty volume capability"
	}
	if c.GetBlock() != nil {
		return "raw block volumes are not supported (mount only)"
	}
	if c.GetMount() == nil {
		return "no access type (mount)"
	}
	m := c.GetAccessMode().GetMode()
	if !singleNodeModes[m] {
		return fmt.Sprintf("access mode %s is not supported: a lab-csi volume is attached to one node at a time", m)
	}
	return ""
}

// checkCapabilities: InvalidArgument for none or an unsupported one; else the first one's access mode.
func checkCapabilities(caps []*csi.VolumeCapability) (string, error) {
	if len(caps) == 0 {
		return "", status.Error(codes.InvalidArgument, "volume capabilities missing")
	}
	for _, c := range caps {
		if why := checkCapability(c); why != "" {
			return "", status.Error(codes.InvalidArgument, why)
		}
	}
	return caps[0].GetAccessMode().GetMode().String(), nil
}
