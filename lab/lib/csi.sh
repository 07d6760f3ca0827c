# The lab's CSI driver lab.csi.sts-chaos.io (lab/csi, README there): volumes that must be attached to a
# node before a pod there can mount them, one node at a time, so that the lab meets VolumeAttachments,
# Multi-Attach and detaches (the hostPath provisioner has no attach step). Sourced by lab.sh. All host
# processes:
#   cluster side (cgroup sts-lab/csi): `lab-csi controller` on $LAB_RUN/csi/controller.sock, with the real
#     external-provisioner and external-attacher talking to it. They use the lab's admin kubeconfig
#     ($LAB_DIR/kubeconfig): the lab needs no RBAC of their own for them (a real cluster gives them a
#     service account with the sidecars' RBAC rules).
#   each node (cgroup sts-lab/nN/csi, the node's own machinery like its containerd): `lab-csi node`, which
#     serves CSI on <kubelet root>/plugins/lab.csi.sts-chaos.io/csi.sock and registers itself with that
#     node's kubelet (a socket in <kubelet root>/plugins_registry). It keeps running when the node's
#     kubelet is stopped (node-down), like the node's containerd; a restarted kubelet finds it again.
# The volumes live in $LAB_DIR/csi (removed by lab down, like the cluster that knew them).
CSI_DRIVER=lab.csi.sts-chaos.io
CSI_ROOT=$LAB_DIR/csi
CSI_CONTROLLER_SOCK=$LAB_RUN/csi/controller.sock

csi_kubelet_root() { echo "$(node_dir "$1")/kubelet"; } # index
csi_node_sock() { echo "$(csi_kubelet_root "$1")/plugins/$CSI_DRIVER/csi.sock"; }
csi_registration_dir() { echo "$(csi_kubelet_root "$1")/plugins_registry"; }

# The controller, then the sidecars (they probe the driver when they start).
csi_controller_start() {
  local bin prov att b
  bin=$(CSI_BIN)
  prov=$(CSI_SIDECAR_BIN csi-provisioner)
  att=$(CSI_SIDECAR_BIN csi-attacher)
  for b in "$bin" "$prov" "$att"; do [ -x "$b" ] || die "$b is not built: run 'lab build'"; done
  mkdir -p "$CSI_ROOT" "$(dirname "$CSI_CONTROLLER_SOCK")"
  if ! is_running csi-controller; then
    start_daemon csi-controller sts-lab/csi "$bin" controller --endpoint "unix://$CSI_CONTROLLER_SOCK" --root "$CSI_ROOT"
  fi
  wait_for "lab-csi controller socket $CSI_CONTROLLER_SOCK" 15 test -S "$CSI_CONTROLLER_SOCK"
  # Retries of a failed CreateVolume/ControllerPublishVolume back off from 1 s up to 30 s (the default
  # 5 min would outlast a lab test's wait after a refused attach).
  if ! is_running csi-provisioner; then
    start_daemon csi-provisioner sts-lab/csi "$prov" --kubeconfig "$LAB_DIR/kubeconfig" \
      --csi-address "$CSI_CONTROLLER_SOCK" --retry-interval-max 30s --v 3
  fi
  if ! is_running csi-attacher; then
    start_daemon csi-attacher sts-lab/csi "$att" --kubeconfig "$LAB_DIR/kubeconfig" \
      --csi-address "$CSI_CONTROLLER_SOCK" --retry-interval-max 30s --v 3
  fi
}

csi_node_start() { # index
  local i=$1 sock reg
  is_running "csi-n$i" && return 0
  sock=$(csi_node_sock "$i")
  reg="$(csi_registration_dir "$i")/$CSI_DRIVER-reg.sock"
  # Unix socket paths are limited to 107 bytes, and these two must be under the kubelet's root.
  [ ${#sock} -le 107 ] && [ ${#reg} -le 107 ] || die "the lab directory $LAB_DIR is too long for the CSI sockets of lab-n$i ($reg)"
  start_daemon "csi-n$i" "sts-lab/n$i/csi" "$(CSI_BIN)" node --endpoint "unix://$sock" --node-id "lab-n$i" \
    --root "$CSI_ROOT" --registration-dir "$(csi_registration_dir "$i")"
}

# Succeeds when the node's kubelet has registered the driver (its CSINode lists it).
csi_node_registered() { # index
  kubectl_lab get csinode "lab-n$1" -o jsonpath='{.spec.drivers[*].name}' | tr ' ' '\n' | grep -qx "$CSI_DRIVER"
}

# Everything, once the API server and the nodes' kubelets run: the CSIDriver and the lab-csi
# StorageClass, the controller side, a plugin per node; waits until every kubelet registered its plugin.
csi_start() {
  local i t0=$SECONDS
  kubectl_lab apply -f "$LAB_ROOT/lab/manifests/csi.yaml" >/dev/null
  csi_controller_start
  for i in $(seq 1 ${#LAB_NODES[@]}); do csi_node_start "$i"; done
  for i in $(seq 1 ${#LAB_NODES[@]}); do
    wait_for "the kubelet of lab-n$i to register $CSI_DRIVER (log: $LAB_DIR/logs/csi-n$i.log)" 60 csi_node_registered "$i"
  done
  log "CSI driver $CSI_DRIVER up in $((SECONDS - t0))s (StorageClass lab-csi; logs $LAB_DIR/logs/csi-*.log)"
}

# Stops the sidecars first (no new calls), then the node plugins (each removes its registration socket:
# its kubelet deregisters the driver) and the controller. Volumes, records and mounts are left as they
# are: lab down removes them.
csi_stop() {
  local i nodes=()
  for i in $(seq 1 ${#LAB_NODES[@]}); do nodes+=("csi-n$i"); done
  stop_daemons TERM csi-provisioner csi-attacher
  stop_daemons TERM "${nodes[@]}" csi-controller
}

# The CSI processes that run, for lab status ("name: running (pid N)").
csi_status() {
  local name i names=(csi-controller csi-provisioner csi-attacher)
  for i in $(seq 1 ${#LAB_NODES[@]}); do names+=("csi-n$i"); done
  for name in "${names[@]}"; do
    is_running "$name" && echo "$name: running (pid $(cat "$(pidfile "$name")"))"
  done
  return 0
}
