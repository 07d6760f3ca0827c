package driver

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestIdentityAndCapabilities(t *testing.T) {
	c := serve(t, openStore(t, shortTempDir(t)), "")
	info, err := c.id.GetPluginInfo(ctx(t), &csi.GetPluginInfoRequest{})
	if err != nil || info.GetName() != DriverName {
		t.Fatalf("GetPluginInfo: %v %v", info, err)
	}
	pc, err := c.id.GetPluginCapabilities(ctx(t), &csi.GetPluginCapabilitiesRequest{})
	if err != nil || len(pc.GetCapabilities()) != 1 ||
		pc.GetCapabilities()[0].GetService().GetType() != csi.PluginCapability_Service_CONTROLLER_SERVICE {
		t.Fatalf("GetPluginCapabilities: %v %v", pc, err)
	}
	cc, err := c.ctrl.ControllerGetCapabilities(ctx(t), &csi.ControllerGetCapabilitiesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[csi.ControllerServiceCapability_RPC_Type]bool{}
	for _, x := range cc.GetCapabilities() {
		got[x.GetRpc().GetType()] = true
	}
	if len(got) != 2 || !got[csi.ControllerServiceCapability_RPC_CREATE_DELETE_VOLUME] || !got[csi.ControllerServiceCapability_RPC_PUBLISH_UNPUBLISH_VOLUME] {
		t.Fatalf("controller capabilities: %v", cc.GetCapabilities())
	}
}

func TestCreateDeleteIdempotent(t *testing.T) {
	st := openStore(t, shortTempDir(t))
	c := serve(t, st, "")
	v1 := createVolume(t, c.ctrl, "pvc-a", 5<<20)
	v2 := createVolume(t, c.ctrl, "pvc-a", 5<<20)
	if v1.GetVolumeId() != "pvc-a" || v2.GetVolumeId() != v1.GetVolumeId() || v2.GetCapacityBytes() != 5<<20 {
		t.Fatalf("create twice: %v then %v", v1, v2)
	}
	if fi, err := os.Stat(st.DataDir("pvc-a")); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o777 {
		t.Fatalf("data dir: %v %v", fi, err)
	}
	// A smaller request is satisfied by the existing volume; a bigger one is not (ALREADY_EXISTS).
	createVolume(t, c.ctrl, "pvc-a", 1<<20)
	_, err := c.ctrl.CreateVolume(ctx(t), &csi.CreateVolumeRequest{Name: "pvc-a",
		CapacityRange: &csi.CapacityRange{RequiredBytes: 10 << 20}, VolumeCapabilities: []*csi.VolumeCapability{rwo()}})
	wantCode(t, "create same name bigger", err, codes.AlreadyExists)

	// Delete while attached is refused; after the detach it deletes, and deletes again.
	wantCode(t, "publish", publish(t, c.ctrl, "pvc-a", "lab-n1"), codes.OK)
	_, err = c.ctrl.DeleteVolume(ctx(t), &csi.DeleteVolumeRequest{VolumeId: "pvc-a"})
	wantCode(t, "delete while attached", err, codes.FailedPrecondition)
	wantCode(t, "unpublish", unpublish(t, c.ctrl, "pvc-a", "lab-n1"), codes.OK)
	for i := range 2 {
		_, err = c.ctrl.DeleteVolume(ctx(t), &csi.DeleteVolumeRequest{VolumeId: "pvc-a"})
		wantCode(t, fmt.Sprintf("delete #%d", i+1), err, codes.OK)
	}
	if _, err := os.Stat(st.DataDir("pvc-a")); !os.IsNotExist(err) {
		t.Fatalf("data dir still there after delete: %v", err)
	}
	wantCode(t, "publish deleted volume", publish(t, c.ctrl, "pvc-a", "lab-n1"), codes.NotFound)
	// And a new volume of the same name starts empty.
	createVolume(t, c.ctrl, "pvc-a", 5<<20)
}

func TestCreateRejects(t *testing.T) {
	c := serve(t, openStore(t, shortTempDir(t)), "")
	multi := rwo()
	multi.AccessMode.Mode = csi.VolumeCapability_AccessMode_MULTI_NODE_MULTI_WRITER
	block := &csi.VolumeCapability{AccessType: &csi.VolumeCapability_Block{Block: &csi.VolumeCapability_BlockVolume{}}, AccessMode: rwo().AccessMode}
	for name, req := range map[string]*csi.CreateVolumeRequest{
		"no name":         {VolumeCapabilities: []*csi.VolumeCapability{rwo()}},
		"path in name":    {Name: "../etc", VolumeCapabilities: []*csi.VolumeCapability{rwo()}},
		"no capabilities": {Name: "pvc-x"},
		"multi-node":      {Name: "pvc-x", VolumeCapabilities: []*csi.VolumeCapability{multi}},
		"block":           {Name: "pvc-x", VolumeCapabilities: []*csi.VolumeCapability{block}},
	} {
		_, err := c.ctrl.CreateVolume(ctx(t), req)
		wantCode(t, name, err, codes.InvalidArgument)
	}
}

func TestAttachExclusive(t *testing.T) {
	c := serve(t, openStore(t, shortTempDir(t)), "")
	createVolume(t, c.ctrl, "pvc-x", 1<<20)
	wantCode(t, "publish to n1", publish(t, c.ctrl, "pvc-x", "lab-n1"), codes.OK)
	wantCode(t, "publish to n1 again (idempotent)", publish(t, c.ctrl, "pvc-x", "lab-n1"), codes.OK)
	err := publish(t, c.ctrl, "pvc-x", "lab-n2")
	wantCode(t, "publish to n2 while n1 holds it", err, codes.FailedPrecondition)
	if msg := status.Convert(err).Message(); msg != "volume pvc-x is attached to node lab-n1" {
		t.Fatalf("message: %q", msg)
	}
	// Unpublish from the node that does not hold it: success, and n1 still holds it.
	wantCode(t, "unpublish from n2", unpublish(t, c.ctrl, "pvc-x", "lab-n2"), codes.OK)
	wantCode(t, "publish to n2 after that", publish(t, c.ctrl, "pvc-x", "lab-n2"), codes.FailedPrecondition)
	wantCode(t, "unpublish from n1", unpublish(t, c.ctrl, "pvc-x", "lab-n1"), codes.OK)
	wantCode(t, "unpublish from n1 again", unpublish(t, c.ctrl, "pvc-x", "lab-n1"), codes.OK)
	wantCode(t, "publish to n2 once free", publish(t, c.ctrl, "pvc-x", "lab-n2"), codes.OK)
	// No node: unpublish from whichever holds it.
	wantCode(t, "unpublish from any", unpublish(t, c.ctrl, "pvc-x", ""), codes.OK)
	wantCode(t, "publish to n1 once free", publish(t, c.ctrl, "pvc-x", "lab-n1"), codes.OK)
	// A volume that does not exist: publish NOT_FOUND, unpublish success (it is attached nowhere).
	wantCode(t, "publish missing", publish(t, c.ctrl, "pvc-none", "lab-n1"), codes.NotFound)
	wantCode(t, "unpublish missing", unpublish(t, c.ctrl, "pvc-none", "lab-n1"), codes.OK)
	wantCode(t, "publish without node", publish(t, c.ctrl, "pvc-x", ""), codes.InvalidArgument)
}

// Two publishes of one volume to two nodes at the same moment, through two controllers (two servers,
// two Store handles: two open lock files, as two processes would have) sharing one root: exactly one
// wins, the other gets FAILED_PRECONDITION, and the record names the winner.
func TestConcurrentPublishOneWins(t *testing.T) {
	root := shortTempDir(t)
	st := openStore(t, root)
	a, b := serve(t, st, ""), serve(t, openStore(t, root), "")
	const rounds = 40
	for i := range rounds {
		vol := fmt.Sprintf("pvc-race-%d", i)
		createVolume(t, a.ctrl, vol, 1<<20)
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for j, cl := range []csi.ControllerClient{a.ctrl, b.ctrl} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[j] = cl.ControllerPublishVolume(ctx(t), &csi.ControllerPublishVolumeRequest{
					VolumeId: vol, NodeId: fmt.Sprintf("lab-n%d", j+1), VolumeCapability: rwo()})
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for j, err := range errs {
			switch status.Code(err) {
			case codes.OK:
				if winner != -1 {
					t.Fatalf("%s: both publishes succeeded", vol)
				}
				winner = j
			case codes.FailedPrecondition:
			default:
				t.Fatalf("%s: publish to lab-n%d: %v", vol, j+1, err)
			}
		}
		if winner == -1 {
			t.Fatalf("%s: no publish succeeded: %v", vol, errs)
		}
		owner, err := st.Owner(vol)
		if err != nil || owner != fmt.Sprintf("lab-n%d", winner+1) {
			t.Fatalf("%s: record says %q (%v), winner lab-n%d", vol, owner, err, winner+1)
		}
	}
}
