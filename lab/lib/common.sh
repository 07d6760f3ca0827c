# Shared paths, addresses and helpers for the lab scripts. Sourced, not run.
# shellcheck disable=SC2034
LAB_ROOT=${LAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LAB_DIR=${LAB_DIR:-$LAB_ROOT/.lab}
LAB_CACHE=${STS_CHAOS_LAB_CACHE:-/var/cache/sts-chaos-lab}
# Sockets and runtime state live under /run (unix socket paths are limited to 108 bytes).
LAB_RUN=/run/sts-lab

# Addresses: everything inside 198.18.0.0/15 (reserved for benchmarking/tests, RFC 2544).
LAB_BRIDGE=stslab0           # host bridge holding the control-plane and node IPs
LAB_CP_IP=198.18.0.1         # API server
LAB_NET=198.18.0.0/24
LAB_POD_CIDR=198.18.128.0/17 # all pod subnets
LAB_SERVICE_CIDR=198.19.0.0/16
LAB_API_SVC_IP=198.19.0.1
LAB_DNS_IP=198.19.0.10
LAB_ALL=198.18.0.0/15
LAB_NODES=(lab-n1 lab-n2)
# MaxUnavailableStatefulSet: alpha and off in Kubernetes 1.34, beta and on from 1.35. On in the lab so that
# a rollout with maxUnavailable > 1 is met for real (a cluster with it off drops the field: one at a time).
LAB_FEATURE_GATES=MaxUnavailableStatefulSet=true
# node index (1-based) -> node IP, pod subnet, ports
node_ip() { echo "198.18.0.1$1"; }
node_pod_cidr() { echo "198.18.$((127 + $1)).0/24"; }
node_pod_gw() { echo "198.18.$((127 + $1)).1"; }
node_healthz_port() { echo "$((10238 + 10 * $1))"; } # 10248, 10258
node_index() { # lab-n2 -> 2
  local n=${1#lab-n}
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le ${#LAB_NODES[@]} ] || die "unknown node '$1' (nodes: ${LAB_NODES[*]})"
  echo "$n"
}
ETCD_CLIENT_PORT=23790
ETCD_PEER_PORT=23800

K8S_BIN() { echo "$LAB_CACHE/k8s-$K8S_VERSION/$1"; }

# The lab's CSI driver lab-csi is built from lab/csi in this repo and cached under a hash of what goes
# into the binary (its Go sources, go.mod, go.sum; not its tests or docs): a change rebuilds it.
csi_src_hash() {
  (cd "$LAB_ROOT/lab/csi" && find . -type f \( \( -name '*.go' ! -name '*_test.go' \) -o -name go.mod -o -name go.sum \) -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}
CSI_BIN() { echo "$LAB_CACHE/csi-$(csi_src_hash)/lab-csi"; }
CSI_SIDECAR_BIN() { # csi-provisioner|csi-attacher
  case $1 in
  csi-provisioner) echo "$LAB_CACHE/csi-provisioner-$CSI_PROVISIONER_VERSION/csi-provisioner" ;;
  csi-attacher) echo "$LAB_CACHE/csi-attacher-$CSI_ATTACHER_VERSION/csi-attacher" ;;
  *) die "unknown CSI sidecar '$1'" ;;
  esac
}

log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  printf '[lab] error: %s\n' "$*" >&2
  exit 1
}

# wait_for DESCRIPTION TIMEOUT_SECONDS COMMAND... : retries COMMAND every 0.5 s until it succeeds;
# on timeout, says what it last saw (the command's last output) and fails.
wait_for() {
  local what=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout)) out=""
  while :; do
    if out=$("$@" 2>&1); then return 0; fi
    if [ $SECONDS -ge $deadline ]; then
      die "timed out after ${timeout}s waiting for $what; last saw: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
    fi
    sleep 0.5
  done
}

pidfile() { echo "$LAB_DIR/pids/$1.pid"; }
is_running() { # name
  local f
  f=$(pidfile "$1")
  [ -f "$f" ] && pid_alive "$(cat "$f")"
}

# start_daemon NAME CGROUP COMMAND... : starts COMMAND in the background inside the lab cgroup CGROUP
# (created in every v1 hierarchy), logging to .lab/logs/NAME.log, pid in .lab/pids/NAME.pid.
start_daemon() {
  local name=$1 cg=$2
  shift 2
  mkdir -p "$LAB_DIR/logs" "$LAB_DIR/pids"
  cgroup_create "$cg"
  # setsid: the daemon must not die with the shell that started it (npm, CI step). It keeps no descriptor
  # of its caller beyond 0-2 (a lock held around `lab node-up` must end when the command does).
  setsid bash -c 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null; for d in /sys/fs/cgroup/*/; do [ -f "$d'"$cg"'/cgroup.procs" ] && echo $$ > "$d'"$cg"'/cgroup.procs" 2>/dev/null; done; exec "$@"' \
    lab-"$name" "$@" >>"$LAB_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$(pidfile "$name")"
}

# A pid is alive when it exists and is not a zombie waiting for its (adopting) parent to reap it.
pid_alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# stop_daemons SIGNAL NAME... : signals all of them at once, waits up to 10 s for all, then KILLs the rest.
stop_daemons() {
  local sig=$1 name f pid pids=()
  shift
  for name in "$@"; do
    f=$(pidfile "$name")
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    rm -f "$f"
    kill -0 "$pid" 2>/dev/null || continue
    kill "-$sig" "$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  [ ${#pids[@]} -eq 0 ] && return 0
  local _ alive
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${pids[@]}"; do pid_alive "$pid" && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}
stop_daemon() { stop_daemons "${2:-TERM}" "$1"; }

# cgroup v1 hierarchies that the lab uses (the kubelet wants the named systemd one too; not the v2 one).
cgroup_controllers() {
  local d
  for d in /sys/fs/cgroup/*/; do
    d=${d%/}
    case ${d##*/} in unified) continue ;; esac
    [ -f "$d/cgroup.procs" ] && echo "$d"
  done
}

cgroup_create() { # relative path, e.g. sts-lab/n1
  local d
  for d in $(cgroup_controllers); do
    mkdir -p "$d/$1"
    if [ "${d##*/}" = cpuset ]; then
      # cpuset children start empty in v1: copy the parent's cpus/mems down the path.
      local p="$d" part
      IFS=/ read -ra parts <<<"$1"
      for part in "${parts[@]}"; do
        [ -s "$p/$part/cpuset.cpus" ] && [ "$(cat "$p/$part/cpuset.cpus")" != "" ] || cat "$p/cpuset.cpus" >"$p/$part/cpuset.cpus"
        [ "$(cat "$p/$part/cpuset.mems")" != "" ] || cat "$p/cpuset.mems" >"$p/$part/cpuset.mems"
        p="$p/$part"
      done
    fi
  done
}

# Kills every process in a lab cgroup tree (all hierarchies), then removes the tree.
cgroup_destroy() { # relative path
  local d f pids tries
  for tries in 1 2 3 4 5; do
    pids=""
    for d in $(cgroup_controllers); do
      [ -d "$d/$1" ] || continue
      for f in $(find "$d/$1" -name cgroup.procs 2>/dev/null); do pids+=" $(cat "$f" 2>/dev/null)"; done
    done
    pids=$(echo "$pids" | tr ' ' '\n' | sort -u | tr '\n' ' ')
    [ -z "${pids// /}" ] && break
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.3
  done
  for d in $(cgroup_controllers); do
    [ -d "$d/$1" ] && find "$d/$1" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  return 0
}
