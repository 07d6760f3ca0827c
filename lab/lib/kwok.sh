# Simulated nodes (KWOK) for the scale bench. The real API server, scheduler and controllers run as
# usual; only the kubelets of the fake nodes kwok-0..N-1 are simulated by one kwok controller process,
# which renews their node leases and moves the pods bound to them to Running/Ready (nothing is run).
#
# The fake nodes are labelled type=kwok (kwok watches only nodes with that label and the annotation
# below, so it never touches lab-n1/lab-n2) and tainted kwok.x-k8s.io/node=fake:NoSchedule, so that
# only pods that tolerate the taint (and select type=kwok) land there.
KWOK_LABEL=type=kwok
KWOK_ANNOTATION=kwok.x-k8s.io/node=fake
KWOK_TAINT_KEY=kwok.x-k8s.io/node
# Pod IPs handed out by kwok: a part of the lab's pod range that no real node uses (they use .128-.129).
KWOK_POD_CIDR=198.18.160.0/19
# The lab's kubelets use 8 s leases renewed every 2 s; kwok renews every quarter of the duration too,
# well inside the controller-manager's 16 s node-monitor grace period.
KWOK_LEASE_SECONDS=8

kwok_bin() { echo "$LAB_CACHE/kwok-$KWOK_VERSION/kwok"; }
kwok_node_ip() { echo "198.18.1.$((10 + $1))"; } # fake node i's InternalIP (on no interface; nothing dials it)

# The controller's configuration and its stages (what kwok does to the objects it manages).
kwok_config() {
  mkdir -p "$LAB_DIR/kwok"
  cat >"$LAB_DIR/kwok/kwok.yaml" <<'EOF2'
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  manageAllNodes: false
  manageNodesWithLabelSelector: @LABEL@
  manageNodesWithAnnotationSelector: @ANNOTATION@
  nodeLeaseDurationSeconds: @LEASE@
  cidr: @CIDR@
  nodeIP: 198.18.1.10
  nodePort: 0
  enableCRDs: []
  podPlayStageParallelism: 8
  nodePlayStageParallelism: 2
  nodeLeaseParallelism: 2
---
# A new fake node: Ready, no pressure, Running. Capacity and addresses come from the Node object itself.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: lab-node-ready
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |
      {{ $t := Now | Quote }}
      phase: Running
      conditions:
      - {type: Ready, status: "True", reason: KwokReady, message: "simulated by kwok", lastHeartbeatTime: {{ $t }}, lastTransitionTime: {{ $t }}}
      - {type: MemoryPressure, status: "False", reason: KwokReady, message: "simulated", lastHeartbeatTime: {{ $t }}, lastTransitionTime: {{ $t }}}
      - {type: DiskPressure, status: "False", reason: KwokReady, message: "simulated", lastHeartbeatTime: {{ $t }}, lastTransitionTime: {{ $t }}}
      - {type: PIDPressure, status: "False", reason: KwokReady, message: "simulated", lastHeartbeatTime: {{ $t }}, lastTransitionTime: {{ $t }}}
---
# A pod bound to a fake node: straight to Running and Ready (probes are not run), with an IP from the
# kwok range and the node's IP as host IP.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: lab-pod-ready
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.status.phase'
      operator: In
      values: [Pending]
  next:
    statusTemplate: |
      {{ $t := Now | Quote }}
      phase: Running
      startTime: {{ $t }}
      conditions:
      - {type: PodReadyToStartContainers, status: "True", lastTransitionTime: {{ $t }}}
      - {type: Initialized, status: "True", lastTransitionTime: {{ $t }}}
      - {type: ContainersReady, status: "True", lastTransitionTime: {{ $t }}}
      - {type: Ready, status: "True", lastTransitionTime: {{ $t }}}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        imageID: ""
        ready: true
        started: true
        restartCount: 0
        state: {running: {startedAt: {{ $t }}}}
      {{ end }}
      {{ with NodeIPsWith .spec.nodeName }}
      hostIP: {{ index . 0 | Quote }}
      hostIPs: [{ip: {{ index . 0 | Quote }}}]
      {{ end }}
      {{ with PodIPsWith .spec.nodeName false .metadata.uid .metadata.name .metadata.namespace }}
      podIP: {{ index . 0 | Quote }}
      podIPs: [{ip: {{ index . 0 | Quote }}}]
      {{ end }}
---
# A pod being deleted on a fake node: gone at once (there is no container to stop).
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: lab-pod-delete
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: Exists
  next:
    delete: true
EOF2
  sed -i -e "s|@LABEL@|$KWOK_LABEL|" -e "s|@ANNOTATION@|$KWOK_ANNOTATION|" -e "s|@LEASE@|$KWOK_LEASE_SECONDS|" \
    -e "s|@CIDR@|$KWOK_POD_CIDR|" "$LAB_DIR/kwok/kwok.yaml"
}

kwok_nodes_manifest() { # count
  local i
  for i in $(seq 0 $(($1 - 1))); do
    cat <<EOF2
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-$i
  labels: {${KWOK_LABEL%%=*}: ${KWOK_LABEL#*=}, kubernetes.io/hostname: kwok-$i, kubernetes.io/os: linux, kubernetes.io/arch: amd64}
  annotations: {${KWOK_ANNOTATION%%=*}: ${KWOK_ANNOTATION#*=}}
spec:
  taints:
  - {key: $KWOK_TAINT_KEY, value: fake, effect: NoSchedule}
status:
  addresses:
  - {type: InternalIP, address: $(kwok_node_ip "$i")}
  - {type: Hostname, address: kwok-$i}
  capacity: {cpu: "1000", memory: 1Ti, pods: "1000", ephemeral-storage: 1Ti}
  allocatable: {cpu: "1000", memory: 1Ti, pods: "1000", ephemeral-storage: 1Ti}
  nodeInfo: {architecture: amd64, operatingSystem: linux, kubeletVersion: kwok-$KWOK_VERSION, containerRuntimeVersion: kwok-$KWOK_VERSION, kernelVersion: "", osImage: "", machineID: "", systemUUID: "", bootID: "", kubeProxyVersion: ""}
EOF2
  done
}

kwok_node_names() { kubectl_lab get nodes -l "$KWOK_LABEL" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}'; }

# Exactly kwok-0..N-1 Ready: creates the missing ones, removes any others, starts the controller.
kwok_up() { # count
  local n=$1 t0=$SECONDS name
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 100 ] || die "usage: kwok-up [N] (1..100 nodes)"
  is_running kube-apiserver || die "the lab is not up: run 'lab up' first"
  [ -x "$(kwok_bin)" ] || bash "$LAB_ROOT/lab/lib/build.sh"
  kwok_config
  kwok_nodes_manifest "$n" | kubectl_lab apply -f - >/dev/null
  for name in $(kwok_node_names); do
    [[ ${name#kwok-} =~ ^[0-9]+$ ]] && [ "${name#kwok-}" -lt "$n" ] || kwok_delete_nodes "$name"
  done
  if ! is_running kwok; then
    # HOME inside the lab: kwok also reads ~/.kwok/kwok.yaml when it exists; the lab's config only.
    mkdir -p "$LAB_DIR/kwok/home"
    (
      # The controller outlives this command: it must not keep the caller's descriptors open (a
      # `flock LOCK lab kwok-up` would otherwise hold LOCK for as long as kwok runs).
      for fd in $(ls /proc/$BASHPID/fd); do [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ] && eval "exec $fd>&-"; done 2>/dev/null
      start_daemon kwok sts-lab/kwok env HOME="$LAB_DIR/kwok/home" "$(kwok_bin)" \
        --kubeconfig "$LAB_DIR/kubeconfig" --config "$LAB_DIR/kwok/kwok.yaml" --v INFO
    )
  fi
  wait_for "$n kwok nodes Ready" 60 kwok_nodes_ready "$n"
  log "kwok: $n fake nodes Ready in $((SECONDS - t0))s (kwok-0..kwok-$((n - 1)); log $LAB_DIR/logs/kwok.log)"
}

kwok_nodes_ready() { # count: succeeds when kwok-0..N-1 all report Ready=True
  local ready
  ready=$(kubectl_lab get nodes -l "$KWOK_LABEL" \
    -o jsonpath='{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')
  echo "$ready"
  [ "$(grep -c '=True$' <<<"$ready")" -ge "$1" ]
}

# Deletes fake nodes, then force-deletes the pods still bound to them (kwok may be gone already; the
# StatefulSet controller recreates them Pending when no fake node is left) and their leases.
kwok_delete_nodes() { # names...
  local name
  [ $# -eq 0 ] && return 0
  kubectl_lab delete node "$@" --ignore-not-found --wait=false >/dev/null
  for name in "$@"; do
    kubectl_lab delete pods -A --field-selector "spec.nodeName=$name" --force --grace-period=0 \
      --ignore-not-found --wait=false >/dev/null 2>&1 || true
    kubectl_lab -n kube-node-lease delete lease "$name" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  done
}

kwok_down() {
  local t0=$SECONDS names
  if is_running kube-apiserver; then
    # shellcheck disable=SC2207
    names=($(kwok_node_names))
    kwok_delete_nodes "${names[@]}"
    wait_for "no kwok node left" 30 bash -c "[ -z \"\$('$(K8S_BIN kubectl)' --kubeconfig '$LAB_DIR/kubeconfig' get nodes -l '$KWOK_LABEL' -o name)\" ]"
  fi
  kwok_stop
  log "kwok: fake nodes removed and controller stopped in $((SECONDS - t0))s"
}

kwok_stop() {
  stop_daemons TERM kwok
  cgroup_destroy sts-lab/kwok
}

kwok_status() {
  if is_running kwok; then echo "kwok: running (pid $(cat "$(pidfile kwok)"))"; else echo "kwok: stopped"; fi
}
