#!/usr/bin/env bash
# The sts-chaos lab: a real two-node Kubernetes on this machine. Usage: npm run lab -- <verb>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/versions.sh"
. "$here/lib/common.sh"
. "$here/lib/install.sh"
. "$here/lib/pki.sh"
. "$here/lib/net.sh"
. "$here/lib/control-plane.sh"
. "$here/lib/node.sh"
. "$here/lib/images.sh"
. "$here/lib/workloads.sh"
. "$here/lib/addons.sh"
. "$here/lib/down.sh"
. "$here/lib/kwok.sh"
. "$here/lib/csi.sh"

usage() {
  cat <<USAGE
usage: npm run lab -- <verb>
  up                 install/build what is missing, start the two-node cluster, wait until it is Ready
  down               stop everything the lab started and remove its network and mounts
  status             what runs
  env                shell exports for eval: KUBECONFIG and PATH with the lab's kubectl and helm
  node-down <node> [--power-off]
                     stop the node's kubelet (its containers keep running); --power-off: kill the
                     kubelet, then the node's containers, containerd and node plugins, as a power cut
  node-up <node>     start the node's kubelet again (and its containerd after a power-off), wait for Ready
  timing lab|default the node-failure timing: lab (10 s tolerations, 16 s node-monitor grace, the
                     default of the lab) or default (a real cluster's 300 s and 50 s); for new pods
  node-containers <node>  what the node's containerd runs: "<pod-uid> <ns>/<pod> <container>" per line
  restart-apiserver  restart the API server (watches must resume)
  kwok-up [N]        add N simulated nodes kwok-0..N-1 (KWOK; default 5; tainted, for the scale bench)
  kwok-down          remove the simulated nodes (and the pods bound to them) and stop kwok
  build              build/cache the binaries and images only
  import <file.tar>  import an OCI archive into both nodes (and keep it for the next up)
  workload-images [mariadb|etcd|redis ...]  build the workload images from Debian packages (cached), import them
  kubectl ...        run the lab's kubectl against the lab
nodes: ${LAB_NODES[*]}
USAGE
}

need_root() { [ "$(id -u)" = 0 ] || die "the lab needs root (it starts containerd, kubelets and sets up networking)"; }

verb=${1:-}
[ $# -gt 0 ] && shift
case $verb in
up)
  need_root
  t0=$SECONDS
  install_packages
  bash "$here/lib/build.sh"
  images_build
  lab_down quiet # whatever a killed lab left behind
  rm -rf "$LAB_DIR/logs"
  mkdir -p "$LAB_DIR" "$LAB_RUN" "$LAB_DIR/bin"
  ln -sf "$(K8S_BIN kubectl)" "$LAB_DIR/bin/kubectl"
  ln -sf "$LAB_CACHE/helm-$HELM_VERSION/helm" "$LAB_DIR/bin/helm"
  pki_setup
  net_up
  cp_up
  for i in $(seq 1 ${#LAB_NODES[@]}); do node_start "$i"; done
  kube_proxy_start
  addons_apply
  csi_start
  addons_wait
  log "lab is up in $((SECONDS - t0))s: $(kubectl_lab get nodes --no-headers | awk '{printf "%s=%s ", $1, $2}')"
  log "use it: eval \"\$(npm run -s lab -- env)\""
  ;;
down)
  need_root
  t0=$SECONDS
  lab_down
  log "lab is down in $((SECONDS - t0))s"
  ;;
status) lab_status ;;
env)
  echo "export KUBECONFIG='$LAB_DIR/kubeconfig'"
  echo "export PATH='$LAB_DIR/bin':\"\$PATH\""
  ;;
node-down)
  need_root
  case "$#:${2:-}" in
  1:) node_down "$1" ;;
  2:--power-off) node_power_off "$1" ;;
  *) die "usage: node-down <node> [--power-off]" ;;
  esac
  ;;
node-containers)
  need_root
  [ $# -eq 1 ] || die "usage: node-containers <node>"
  node_containers "$1"
  ;;
node-up)
  need_root
  [ $# -eq 1 ] || die "usage: node-up <node>"
  node_up "$1"
  ;;
timing)
  need_root
  [ $# -eq 1 ] || die "usage: timing lab|default"
  timing_set "$1"
  ;;
restart-apiserver)
  need_root
  apiserver_restart
  log "kube-apiserver restarted"
  ;;
kwok-up)
  need_root
  [ $# -le 1 ] || die "usage: kwok-up [N]"
  kwok_up "${1:-5}"
  ;;
kwok-down)
  need_root
  kwok_down
  ;;
build)
  install_packages
  bash "$here/lib/build.sh"
  images_build
  ;;
import)
  [ $# -eq 1 ] && [ -f "$1" ] || die "usage: import <oci-archive.tar>"
  mkdir -p "$LAB_CACHE/images/extra"
  cp "$1" "$LAB_CACHE/images/extra/$(basename "$1")"
  for i in $(seq 1 ${#LAB_NODES[@]}); do
    is_running "containerd-n$i" && ctr --address "$(node_sock "$i")" -n k8s.io images import "$1" >/dev/null
  done
  log "imported $1"
  ;;
workload-images)
  need_root
  workload_images "$@"
  ;;
kubectl) kubectl_lab "$@" ;;
"" | -h | --help | help) usage ;;
*)
  usage >&2
  die "unknown verb '$verb'"
  ;;
esac
