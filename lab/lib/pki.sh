# The lab's certificates: one CA, the API server's serving cert, client certs per component, the
# service-account key pair. Made once per .lab and kept across up/down (openssl, no network).
pki_cert() { # name CN O [sans]
  local name=$1 cn=$2 o=$3 sans=${4:-} dir=$LAB_DIR/pki
  [ -f "$dir/$name.crt" ] && return 0
  local subj="/CN=$cn"
  [ -n "$o" ] && subj="/O=$o$subj"
  openssl genrsa -out "$dir/$name.key" 2048 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subj" -out "$dir/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$sans" ]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$sans"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$name.ext"
}

pki_kubeconfig() { # name cert-name
  local name=$1 cert=$2 dir=$LAB_DIR/pki out=$LAB_DIR/kubeconfigs/$1.kubeconfig
  mkdir -p "$LAB_DIR/kubeconfigs"
  cat >"$out" <<KC
apiVersion: v1
kind: Config
clusters:
- name: sts-lab
  cluster:
    server: https://$LAB_CP_IP:6443
    certificate-authority-data: $(base64 -w0 "$dir/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 "$dir/$cert.crt")
    client-key-data: $(base64 -w0 "$dir/$cert.key")
contexts:
- name: sts-lab
  context:
    cluster: sts-lab
    user: $name
current-context: sts-lab
KC
  chmod 600 "$out"
}

pki_setup() {
  local dir=$LAB_DIR/pki
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/ca.crt" ]; then
    openssl genrsa -out "$dir/ca.key" 2048 2>/dev/null
    openssl req -x509 -new -key "$dir/ca.key" -subj "/CN=sts-lab-ca" -days 3650 -sha256 -out "$dir/ca.crt" 2>/dev/null
  fi
  [ -f "$dir/sa.key" ] || {
    openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
    openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  }
  pki_cert apiserver kube-apiserver "" \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:$LAB_CP_IP,IP:$LAB_API_SVC_IP,IP:127.0.0.1"
  pki_cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  pki_cert admin sts-lab-admin system:masters
  pki_cert controller-manager system:kube-controller-manager ""
  pki_cert scheduler system:kube-scheduler ""
  pki_cert kube-proxy system:kube-proxy ""
  local i
  for i in $(seq 1 ${#LAB_NODES[@]}); do
    pki_cert "kubelet-$i" "system:node:lab-n$i" system:nodes
    pki_kubeconfig "kubelet-$i" "kubelet-$i"
  done
  pki_kubeconfig admin admin
  pki_kubeconfig controller-manager controller-manager
  pki_kubeconfig scheduler scheduler
  pki_kubeconfig kube-proxy kube-proxy
  cp "$LAB_DIR/kubeconfigs/admin.kubeconfig" "$LAB_DIR/kubeconfig"
  chmod 600 "$LAB_DIR/kubeconfig"
}
