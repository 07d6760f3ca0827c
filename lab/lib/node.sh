# A lab node: its own containerd (root, state, runc root, sockets, CNI), its own kubelet (root dir,
# node IP, ports, cgroup root). Both nodes share this host's kernel, disk and network namespace.
node_dir() { echo "$LAB_DIR/nodes/lab-n$1"; }
node_sock() { echo "$LAB_RUN/n$1/containerd.sock"; }

containerd_config() { # index
  local i=$1 d
  d=$(node_dir "$i")
  mkdir -p "$d/containerd" "$LAB_RUN/n$i"
  cat >"$d/containerd/config.toml" <<EOF2
version = 2
root = "$d/containerd/root"
state = "$LAB_RUN/n$i/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "$(node_sock "$i")"

[ttrpc]
  address = "$LAB_RUN/n$i/containerd.sock.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "$d/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/lab/pause:latest"
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$LAB_RUN/n$i/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$d/cni"
    max_conf_num = 1
EOF2
}

kubelet_config() { # index
  local i=$1 d
  d=$(node_dir "$i")
  mkdir -p "$d/kubelet"
  [ -f "$LAB_DIR/resolv.conf" ] || printf 'nameserver 127.0.0.1\noptions ndots:1\n' >"$LAB_DIR/resolv.conf"
  cat >"$d/kubelet-config.yaml" <<EOF2
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $(node_ip "$i")
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $(node_healthz_port "$i")
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $LAB_DIR/pki/ca.crt}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
cgroupRoot: /sts-lab/n$i/pods
cgroupsPerQOS: true
containerRuntimeEndpoint: unix://$(node_sock "$i")
clusterDNS: [$LAB_DNS_IP]
clusterDomain: cluster.local
resolvConf: $LAB_DIR/resolv.conf
maxOpenFiles: 10000
# Each node its own pod-log directory: two kubelets sharing /var/log/pods delete each other's logs.
podLogsDir: $d/pod-logs
failSwapOn: false
protectKernelDefaults: false
makeIPTablesUtilChains: false
enableControllerAttachDetach: true
serializeImagePulls: false
nodeStatusUpdateFrequency: 2s
nodeStatusReportFrequency: 10s
nodeLeaseDurationSeconds: 8
syncFrequency: 10s
fileCheckFrequency: 10s
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
evictionHard: {memory.available: "200Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
evictionPressureTransitionPeriod: 10s
localStorageCapacityIsolation: false
shutdownGracePeriod: 0s
logging: {verbosity: 1}
EOF2
}

node_start() { # index
  local i=$1 d
  d=$(node_dir "$i")
  if ! is_running "containerd-n$i"; then
    containerd_config "$i"
    net_node_cni "$i"
    start_daemon "containerd-n$i" "sts-lab/n$i/runtime" containerd --config "$d/containerd/config.toml"
  fi
  wait_for "containerd of lab-n$i" 30 ctr --address "$(node_sock "$i")" version
  images_import "$i"
  kubelet_start "$i"
}

kubelet_start() { # index
  local i=$1 d
  d=$(node_dir "$i")
  is_running "kubelet-n$i" && return 0
  kubelet_config "$i"
  cgroup_create "sts-lab/n$i/pods"
  start_daemon "kubelet-n$i" "sts-lab/n$i/kubelet" "$(K8S_BIN kubelet)" \
    --config "$d/kubelet-config.yaml" --kubeconfig "$LAB_DIR/kubeconfigs/kubelet-$i.kubeconfig" \
    --root-dir "$d/kubelet" --cert-dir "$d/kubelet/pki" --hostname-override "lab-n$i" --node-ip "$(node_ip "$i")" \
    --node-labels "lab.sts-chaos.io/node=lab-n$i"
  wait_for "kubelet of lab-n$i /healthz" 60 curl -sf "http://127.0.0.1:$(node_healthz_port "$i")/healthz"
  net_sysctls_restore_panic
}

# node-down: the kubelet stops answering (killed), the node's containerd and containers keep running.
node_down() { # node name
  local i
  i=$(node_index "$1")
  is_running "kubelet-n$i" || die "the kubelet of $1 is not running (already down?)"
  stop_daemon "kubelet-n$i" KILL
  log "kubelet of $1 stopped; its containers keep running"
}

# node-down --power-off: the node as if its power were cut. The kubelet is killed first (so that it reports
# nothing more), then every process of the node at once: its pods' containers, containerd and its shims,
# and any other machinery started in the node's cgroup (its volume plugin). Nothing is unmounted.
node_power_off() { # node name
  local i
  i=$(node_index "$1")
  is_running "kubelet-n$i" || die "the kubelet of $1 is not running (already down?)"
  stop_daemon "kubelet-n$i" KILL
  rm -f "$(pidfile "containerd-n$i")"
  cgroup_destroy "sts-lab/n$i"
  log "$1 powered off: its kubelet, containers, containerd and node plugins killed"
}

# node-containers: what the node's containerd still runs, read from the node itself (not the API, which
# cannot know while the node is lost): one line per running container, "<pod-uid> <namespace>/<pod>
# <container>" ("sandbox" for a pod's sandbox).
node_containers() { # node name
  local i sock id info label
  i=$(node_index "$1")
  is_running "containerd-n$i" || die "containerd of $1 is not running"
  sock=$(node_sock "$i")
  label() { printf '%s\n' "$info" | grep -o "\"$1\": \"[^\"]*\"" | head -1 | sed 's/.*: "\(.*\)"/\1/'; }
  ctr --address "$sock" -n k8s.io tasks ls 2>/dev/null | awk 'NR > 1 && $3 == "RUNNING" {print $1}' | while read -r id; do
    info=$(ctr --address "$sock" -n k8s.io containers info "$id" 2>/dev/null) || continue
    printf '%s %s/%s %s\n' "$(label io.kubernetes.pod.uid)" "$(label io.kubernetes.pod.namespace)" \
      "$(label io.kubernetes.pod.name)" "$(label io.kubernetes.container.name | grep . || echo sandbox)"
  done
}

node_up() { # node name
  local i
  i=$(node_index "$1")
  # After a power-off the node's containerd starts again too, as at boot.
  if is_running "containerd-n$i"; then kubelet_start "$i"; else node_start "$i"; fi
  csi_node_start "$i"
  wait_for "node $1 Ready" 60 bash -c "'$(K8S_BIN kubectl)' --kubeconfig '$LAB_DIR/kubeconfig' get node '$1' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  log "$1 is Ready"
}

kube_proxy_start() {
  is_running kube-proxy && return 0
  cat >"$LAB_DIR/kube-proxy.yaml" <<EOF2
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: $LAB_DIR/kubeconfigs/kube-proxy.kubeconfig}
hostnameOverride: lab-n1
bindAddress: $(node_ip 1)
clusterCIDR: $LAB_POD_CIDR
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: [$LAB_NET]
conntrack: {maxPerCore: 0, min: 0}
iptables: {masqueradeAll: false, syncPeriod: 10s, minSyncPeriod: 0s}
EOF2
  start_daemon kube-proxy sts-lab/control-plane "$(K8S_BIN kube-proxy)" --config "$LAB_DIR/kube-proxy.yaml" --v 1
}
