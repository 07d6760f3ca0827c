# Stops everything the lab started and removes what it set up, including what a killed lab left behind:
# processes (by pid file and by cgroup), mounts, bridges, iptables chains, netns, cgroups, sysctls.
lab_down() {
  local quiet=${1:-}
  local i name
  # Kubelets and kube-proxy first (they keep no state: KILL), then pods' processes, then the runtimes,
  # then the control plane.
  local kubelets=() runtimes=()
  for i in $(seq 1 ${#LAB_NODES[@]}); do kubelets+=("kubelet-n$i"); runtimes+=("containerd-n$i"); done
  # kwok (the simulated nodes' controller) first: it only talks to the API server. Then the CSI driver:
  # its sidecars, node plugins and controller (csi.sh); its bind mounts go with the mounts below.
  stop_daemons TERM kwok
  csi_stop
  stop_daemons KILL "${kubelets[@]}" kube-proxy
  for i in $(seq 1 ${#LAB_NODES[@]}); do cgroup_destroy "sts-lab/n$i/pods"; done
  stop_daemons TERM "${runtimes[@]}"
  for i in $(seq 1 ${#LAB_NODES[@]}); do cgroup_destroy "sts-lab/n$i"; done
  stop_daemons KILL kube-scheduler kube-controller-manager
  stop_daemons TERM kube-apiserver
  stop_daemons TERM etcd
  cgroup_destroy sts-lab
  # Anything of the lab's still alive outside its cgroups (e.g. started by an older lab).
  pkill -KILL -f "$LAB_RUN/" 2>/dev/null || true
  # Mounts under the lab's directories (pod volumes, the CSI driver's bind mounts of its volumes onto
  # pods' target paths, rootfs overlays, netns, shm), deepest first.
  local m
  for m in $(awk -v a="$LAB_DIR/" -v b="$LAB_RUN/" 'index($2,a)==1 || index($2,b)==1 {print $2}' /proc/self/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  net_down
  # The volumes of both provisioners go with the cluster (etcd) that knew them; no mount is left into them.
  rm -rf "$LAB_RUN" "$LAB_DIR/etcd" "$LAB_DIR/nodes" "$LAB_DIR/pids" "$LAB_DIR/timing.env" /tmp/hostpath_pv "$CSI_ROOT" 2>/dev/null || true
  [ -n "$quiet" ] || log "stopped and cleaned"
}

lab_status() {
  local name any=0
  for name in etcd kube-apiserver kube-controller-manager kube-scheduler kube-proxy kwok; do
    if is_running "$name"; then echo "$name: running (pid $(cat "$(pidfile "$name")"))"; any=1; else echo "$name: stopped"; fi
  done
  local i
  for i in $(seq 1 ${#LAB_NODES[@]}); do
    for name in "containerd-n$i" "kubelet-n$i"; do
      if is_running "$name"; then echo "$name: running (pid $(cat "$(pidfile "$name")"))"; any=1; else echo "$name: stopped"; fi
    done
  done
  csi_status
  if [ $any = 1 ] && is_running kube-apiserver; then
    echo
    kubectl_lab get nodes -o wide 2>&1 || true
  fi
}
