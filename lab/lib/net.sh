# The lab's network: a host bridge holding the API server's and the nodes' addresses, one CNI bridge per
# node for its pods, and a guard that drops any forwarded pod traffic leaving 198.18.0.0/15.
LAB_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables kernel.panic kernel.panic_on_oops
  vm.overcommit_memory vm.panic_on_oom kernel.keys.root_maxkeys kernel.keys.root_maxbytes)

# Saves the host's sysctls once (so that down restores the machine as it was), then sets what the lab needs.
net_sysctls_save() {
  local f=$LAB_DIR/sysctls.saved s
  [ -f "$f" ] && return 0
  mkdir -p "$LAB_DIR"
  for s in "${LAB_SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s" 2>/dev/null)"; done >"$f.tmp"
  mv "$f.tmp" "$f"
}

# The kubelet sets kernel.panic_on_oops=1 and kernel.panic=10 at start. On this kind of machine an oops
# would then reboot it, so the lab puts the panic tunables back as soon as each kubelet has started.
net_sysctls_restore_panic() {
  local f=$LAB_DIR/sysctls.saved line
  [ -f "$f" ] || return 0
  while IFS= read -r line; do
    case $line in kernel.panic=* | kernel.panic_on_oops=*) [ -n "${line#*=}" ] && sysctl -qw "$line" || true ;; esac
  done <"$f"
}

net_sysctls_restore_all() {
  local f=$LAB_DIR/sysctls.saved line
  [ -f "$f" ] || return 0
  while IFS= read -r line; do [ -n "${line#*=}" ] && sysctl -qw "$line" 2>/dev/null || true; done <"$f"
  rm -f "$f"
}

net_up() {
  net_sysctls_save
  sysctl -qw net.ipv4.ip_forward=1
  sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || log "warning: bridge-nf-call-iptables not available"
  ip link show "$LAB_BRIDGE" >/dev/null 2>&1 || ip link add "$LAB_BRIDGE" type bridge
  ip link set "$LAB_BRIDGE" up
  local ip i
  for ip in "$LAB_CP_IP" $(for i in $(seq 1 ${#LAB_NODES[@]}); do node_ip "$i"; done); do
    ip addr show dev "$LAB_BRIDGE" | grep -q " $ip/" || ip addr add "$ip/24" dev "$LAB_BRIDGE"
  done
  # Guard: forwarded traffic from pods may only go to lab addresses.
  iptables -N STSLAB-GUARD 2>/dev/null || iptables -F STSLAB-GUARD
  iptables -A STSLAB-GUARD -s "$LAB_ALL" -d "$LAB_ALL" -j ACCEPT
  iptables -A STSLAB-GUARD -s "$LAB_POD_CIDR" -j DROP
  iptables -A STSLAB-GUARD -d "$LAB_POD_CIDR" -j DROP
  iptables -C FORWARD -j STSLAB-GUARD 2>/dev/null || iptables -I FORWARD 1 -j STSLAB-GUARD
  # Masquerade nothing: pods talk only to lab addresses, which are routed on this host.
}

net_node_cni() { # index: writes the node's CNI config
  local i=$1 dir=$LAB_DIR/nodes/lab-n$i/cni
  mkdir -p "$dir" "$LAB_DIR/nodes/lab-n$i/cni-ipam"
  cat >"$dir/10-lab.conflist" <<EOF2
{
  "cniVersion": "0.4.0",
  "name": "lab-n$i",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "stsn$i",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$LAB_DIR/nodes/lab-n$i/cni-ipam",
        "ranges": [[{ "subnet": "$(node_pod_cidr "$i")", "gateway": "$(node_pod_gw "$i")" }]],
        "routes": [{ "dst": "$LAB_ALL" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF2
}

net_down() {
  local i chain
  for i in $(seq 1 ${#LAB_NODES[@]}); do ip link del "stsn$i" 2>/dev/null || true; done
  ip link del "$LAB_BRIDGE" 2>/dev/null || true
  # Pod network namespaces the lab's containerd made.
  for ns in $(ip netns list 2>/dev/null | awk '/^cni-/{print $1}'); do ip netns del "$ns" 2>/dev/null || true; done
  iptables -D FORWARD -j STSLAB-GUARD 2>/dev/null || true
  iptables -F STSLAB-GUARD 2>/dev/null && iptables -X STSLAB-GUARD 2>/dev/null || true
  # kube-proxy's and CNI's chains: unhook and delete them.
  local t
  for t in filter nat mangle; do
    { iptables -t "$t" -S 2>/dev/null | grep -E '^-A [A-Z]+ .*-j (KUBE-|CNI-)' || true; } | sed 's/^-A/-D/' | while read -r rule; do
      eval "iptables -t $t $rule" 2>/dev/null || true
    done
    for chain in $(iptables -t "$t" -S 2>/dev/null | awk '/^-N (KUBE-|CNI-)/{print $2}'); do iptables -t "$t" -F "$chain" 2>/dev/null || true; done
    for chain in $(iptables -t "$t" -S 2>/dev/null | awk '/^-N (KUBE-|CNI-)/{print $2}'); do iptables -t "$t" -X "$chain" 2>/dev/null || true; done
  done
  net_sysctls_restore_all
}
