# etcd, kube-apiserver, kube-controller-manager, kube-scheduler.

# The lab's node-failure timing: shortened by default so that the tests are quick (10 s not-ready and
# unreachable tolerations, 16 s node-monitor grace); `lab.sh timing default` gives a real cluster's
# defaults (300 s, 50 s). The choice is kept in $LAB_DIR/timing.env and survives restarts of the lab.
timing_load() {
  LAB_TOLERATION_SECONDS=10
  LAB_NODE_MONITOR_GRACE=16s
  # shellcheck disable=SC1091
  [ -f "$LAB_DIR/timing.env" ] && . "$LAB_DIR/timing.env"
  return 0
}

# timing lab|default: sets the timing and restarts the apiserver (tolerations, given to pods created from
# now on) and the controller manager (node-monitor grace).
timing_set() { # lab|default
  case $1 in
    lab) printf 'LAB_TOLERATION_SECONDS=10\nLAB_NODE_MONITOR_GRACE=16s\n' >"$LAB_DIR/timing.env" ;;
    default) printf 'LAB_TOLERATION_SECONDS=300\nLAB_NODE_MONITOR_GRACE=50s\n' >"$LAB_DIR/timing.env" ;;
    *) die "usage: timing lab|default" ;;
  esac
  timing_load
  stop_daemon kube-controller-manager TERM
  apiserver_restart
  cp_up
  log "timing: tolerations ${LAB_TOLERATION_SECONDS}s, node-monitor grace $LAB_NODE_MONITOR_GRACE (pods created from now on)"
}

cp_up() {
  timing_load
  local pki=$LAB_DIR/pki
  mkdir -p "$LAB_DIR/etcd"
  if ! is_running etcd; then
    start_daemon etcd sts-lab/control-plane "$LAB_CACHE/etcd-$ETCD_VERSION/etcd" --name lab --data-dir "$LAB_DIR/etcd" \
      --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
      --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
      --initial-cluster "lab=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "" \
      --quota-backend-bytes 2147483648 --snapshot-count 10000 --log-level warn
  fi
  wait_for "etcd health" 30 etcdctl --endpoints "127.0.0.1:$ETCD_CLIENT_PORT" endpoint health

  is_running kube-apiserver || apiserver_start
  wait_for "kube-apiserver /readyz" 90 "$(K8S_BIN kubectl)" --kubeconfig "$LAB_DIR/kubeconfig" get --raw /readyz

  if ! is_running kube-controller-manager; then
    start_daemon kube-controller-manager sts-lab/control-plane "$(K8S_BIN kube-controller-manager)" \
      --kubeconfig "$LAB_DIR/kubeconfigs/controller-manager.kubeconfig" \
      --authentication-kubeconfig "$LAB_DIR/kubeconfigs/controller-manager.kubeconfig" \
      --authorization-kubeconfig "$LAB_DIR/kubeconfigs/controller-manager.kubeconfig" \
      --bind-address 127.0.0.1 --secure-port 10257 --leader-elect=false \
      --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
      --use-service-account-credentials=true \
      --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
      --service-cluster-ip-range "$LAB_SERVICE_CIDR" --allocate-node-cidrs=false \
      --enable-hostpath-provisioner=true \
      --node-monitor-period 2s --node-monitor-grace-period "$LAB_NODE_MONITOR_GRACE" \
      --concurrent-statefulset-syncs 5 --kube-api-qps 50 --kube-api-burst 100 \
      --feature-gates "$LAB_FEATURE_GATES" --v 1
  fi
  # A pod first refused for a claim the scheduler had not seen yet ("pod has unbound immediate
  # PersistentVolumeClaims. not found") was seen once to miss the claim's binding and wait out the
  # unschedulable pool's 5 min: in the lab it is looked at again after 30 s.
  if ! is_running kube-scheduler; then
    start_daemon kube-scheduler sts-lab/control-plane "$(K8S_BIN kube-scheduler)" \
      --kubeconfig "$LAB_DIR/kubeconfigs/scheduler.kubeconfig" \
      --authentication-kubeconfig "$LAB_DIR/kubeconfigs/scheduler.kubeconfig" \
      --authorization-kubeconfig "$LAB_DIR/kubeconfigs/scheduler.kubeconfig" \
      --bind-address 127.0.0.1 --secure-port 10259 --leader-elect=false \
      --pod-max-in-unschedulable-pods-duration 30s --v 1
  fi
}

apiserver_start() {
  local pki=$LAB_DIR/pki
  timing_load
  start_daemon kube-apiserver sts-lab/control-plane "$(K8S_BIN kube-apiserver)" \
    --advertise-address "$LAB_CP_IP" --bind-address "$LAB_CP_IP" --secure-port 6443 \
    --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --service-cluster-ip-range "$LAB_SERVICE_CIDR" \
    --client-ca-file "$pki/ca.crt" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --allow-privileged=true --profiling=false \
    --default-not-ready-toleration-seconds "$LAB_TOLERATION_SECONDS" --default-unreachable-toleration-seconds "$LAB_TOLERATION_SECONDS" \
    --kubelet-preferred-address-types InternalIP \
    --feature-gates "$LAB_FEATURE_GATES" --goaway-chance 0 --v 1
}

# Restarts only the API server (for tests of the tool under API-server trouble).
apiserver_restart() {
  stop_daemon kube-apiserver TERM
  apiserver_start
  wait_for "kube-apiserver /readyz" 90 "$(K8S_BIN kubectl)" --kubeconfig "$LAB_DIR/kubeconfig" get --raw /readyz
}
