# What a fresh lab cluster gets after its nodes: the default StorageClass and cluster DNS.
kubectl_lab() { "$(K8S_BIN kubectl)" --kubeconfig "$LAB_DIR/kubeconfig" "$@"; }

addons_apply() {
  wait_for "nodes registered" 60 bash -c "[ \$('$(K8S_BIN kubectl)' --kubeconfig '$LAB_DIR/kubeconfig' get nodes --no-headers 2>/dev/null | wc -l) -ge ${#LAB_NODES[@]} ]"
  kubectl_lab apply -f "$LAB_ROOT/lab/manifests/storageclass.yaml" >/dev/null
  sed "s/COREDNS_VERSION/$COREDNS_VERSION/" "$LAB_ROOT/lab/manifests/coredns.yaml" | kubectl_lab apply -f - >/dev/null
}

addons_wait() {
  local n
  for n in "${LAB_NODES[@]}"; do
    wait_for "node $n Ready" 90 bash -c "'$(K8S_BIN kubectl)' --kubeconfig '$LAB_DIR/kubeconfig' get node $n -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  done
  wait_for "cluster DNS (CoreDNS) available" 90 kubectl_lab -n kube-system rollout status deploy/coredns --timeout 2s
}
