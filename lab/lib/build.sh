#!/usr/bin/env bash
# Builds the lab's Go binaries from their modules (Go module proxy) into a cache outside the repo.
# Usage: build.sh            -> builds whatever is missing, prints nothing when all is cached
#        build.sh helm helm-unittest  -> only these (the chart's tests need no cluster: scripts/chart-test.sh)
#        build.sh csi               -> the lab's CSI driver and its sidecars only
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.sh"
. "$here/common.sh"
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || die "Go is needed to build the lab's Kubernetes binaries"

k8s_bins=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

build_k8s() {
  local out="$LAB_CACHE/k8s-$K8S_VERSION"
  local missing=()
  for b in "${k8s_bins[@]}"; do [ -x "$out/$b" ] || missing+=("$b"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "building Kubernetes $K8S_VERSION: ${missing[*]} (cold: 15-30 min on 2 cores)"
  local mod="$LAB_CACHE/src/k8s-$K8S_VERSION"
  mkdir -p "$mod" "$out"
  if [ ! -f "$mod/go.mod" ]; then
    {
      echo "module lab/k8s"
      echo
      echo "go 1.24.0"
      echo
      echo "require k8s.io/kubernetes $K8S_VERSION"
      echo
      echo "replace ("
      for m in api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider \
        cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api \
        cri-client csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms \
        kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics \
        mount-utils pod-security-admission sample-apiserver sample-cli-plugin sample-controller; do
        echo "	k8s.io/$m => k8s.io/$m $K8S_STAGING_VERSION"
      done
      echo ")"
    } >"$mod/go.mod.tmp"
    mv "$mod/go.mod.tmp" "$mod/go.mod"
  fi
  local minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  local ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
    ld+=" -X $p.buildDate=2025-01-01T00:00:00Z"
  done
  (
    cd "$mod"
    export GOFLAGS=-mod=mod CGO_ENABLED=0
    for b in "${missing[@]}"; do
      log "  go build $b"
      go build -trimpath -ldflags "$ld" -o "$out/$b.tmp" "k8s.io/kubernetes/cmd/$b"
      mv "$out/$b.tmp" "$out/$b"
    done
  )
}

build_plain() { # name module version cmdpath
  local name=$1 modpath=$2 version=$3 pkg=$4
  local out="$LAB_CACHE/$name-$version"
  [ -x "$out/$name" ] && return 0
  log "building $name $version"
  mkdir -p "$out"
  GOBIN="$out" CGO_ENABLED=0 GOFLAGS=-mod=mod go install -trimpath -ldflags "-s -w" "$pkg@$version"
}

# etcd: the API server's watch cache needs progress notifications that Debian's etcd 3.4 lacks, so the lab
# builds the etcd server from its module (its go.mod has replace lines, so through a wrapper module).
build_etcd() {
  local out="$LAB_CACHE/etcd-$ETCD_VERSION"
  [ -x "$out/etcd" ] && return 0
  log "building etcd $ETCD_VERSION"
  local mod="$LAB_CACHE/src/etcd-$ETCD_VERSION"
  mkdir -p "$mod" "$out"
  printf 'module lab/etcd\n\ngo 1.24.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$mod/go.mod"
  (cd "$mod" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$out/etcd.tmp" "$out/etcd"
}

# helm-unittest (the chart's template tests, chart/tests/): built from its module, installed as a helm
# plugin without network: a plugin directory under $LAB_CACHE/helm-plugins (HELM_PLUGINS points there)
# whose plugin.yaml runs the built binary. Its go.mod has a replace line, so through a wrapper module.
build_helm_unittest() {
  local out="$LAB_CACHE/helm-unittest-$HELM_UNITTEST_VERSION"
  local plugin="$LAB_CACHE/helm-plugins/unittest"
  if [ ! -x "$out/helm-unittest" ]; then
    log "building helm-unittest $HELM_UNITTEST_VERSION"
    local mod="$LAB_CACHE/src/helm-unittest-$HELM_UNITTEST_VERSION"
    mkdir -p "$mod" "$out"
    {
      printf 'module lab/helm-unittest\n\ngo 1.26.0\n\n'
      printf 'require github.com/helm-unittest/helm-unittest %s\n\n' "$HELM_UNITTEST_VERSION"
      printf 'replace %s => %s\n' "$HELM_UNITTEST_REPLACE_FROM" "$HELM_UNITTEST_REPLACE_TO"
    } >"$mod/go.mod"
    (cd "$mod" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/helm-unittest.tmp" \
      github.com/helm-unittest/helm-unittest/cmd/helm-unittest)
    mv "$out/helm-unittest.tmp" "$out/helm-unittest"
  fi
  if ! grep -qs "version: \"${HELM_UNITTEST_VERSION#v}\"" "$plugin/plugin.yaml"; then
    mkdir -p "$plugin"
    ln -sfn "$out/helm-unittest" "$plugin/untt"
    cat >"$plugin/plugin.yaml" <<PLUGIN
name: "unittest"
version: "${HELM_UNITTEST_VERSION#v}"
usage: "unit tests of a chart's templates (chart/tests/*_test.yaml)"
description: "helm-unittest $HELM_UNITTEST_VERSION, built from its Go module by lab/lib/build.sh"
ignoreFlags: false
command: "\$HELM_PLUGIN_DIR/untt"
PLUGIN
  fi
}

# The lab's CSI driver (started by lab/lib/csi.sh). lab-csi is built from lab/csi in this repo
# into $LAB_CACHE/csi-<hash of its sources>/ (common.sh csi_src_hash): a change to the driver rebuilds it.
#
# Provisioning and attaching in Kubernetes (PVC -> CreateVolume -> PV; VolumeAttachment ->
# ControllerPublishVolume -> status.attached): option (a), the real external-provisioner and
# external-attacher, built from their modules and run as host processes, rather than (b) a client-go loop
# of our own in lab-csi. Then what the suite meets is the real thing: the attacher's finalizers,
# status.attachError, retries with backoff, detach on deletion, the provisioner's PV and deletion logic.
# Their cost, measured on this 2-core machine with the Go module cache warm for the lab's k8s v1.34 and
# the sidecars' own k8s.io v0.36 modules not yet downloaded: attacher 1m45s then provisioner 57s (2m42s
# together, downloads included); from an empty Go build cache 1m49s + 1m07s (2m56s). Under the ~5 minutes
# that (a) was allowed, and once only: they are cached by version, so a warm `lab build` adds nothing.
# lab-csi itself: 26 s from an empty Go build cache, a few seconds when only its sources changed.
build_csi() {
  local hash out
  hash=$(csi_src_hash)
  out="$LAB_CACHE/csi-$hash"
  if [ ! -x "$out/lab-csi" ]; then
    log "building lab-csi (lab/csi, sources $hash)"
    mkdir -p "$out"
    (cd "$LAB_ROOT/lab/csi" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X main.version=$hash" -o "$out/lab-csi.tmp" ./cmd/lab-csi)
    mv "$out/lab-csi.tmp" "$out/lab-csi"
  fi
  build_csi_sidecar csi-provisioner github.com/kubernetes-csi/external-provisioner/v6 "$CSI_PROVISIONER_VERSION" cmd/csi-provisioner
  build_csi_sidecar csi-attacher github.com/kubernetes-csi/external-attacher/v4 "$CSI_ATTACHER_VERSION" cmd/csi-attacher
}

# A CSI sidecar: its go.mod has replace lines (and k8s.io/kubernetes among its requirements), so `go
# install module@version` refuses it. It is built through a wrapper module whose go.mod is the sidecar's
# own, renamed and requiring the sidecar: the same requirements and replace lines, nothing copied by hand.
build_csi_sidecar() { # name module version cmd-dir
  local name=$1 modpath=$2 version=$3 cmd=$4
  local out="$LAB_CACHE/$name-$version"
  [ -x "$out/$name" ] && return 0
  log "building $name $version (first time: 1-2 min)"
  local mod="$LAB_CACHE/src/$name-$version" gomod
  mkdir -p "$mod" "$out"
  rm -f "$mod/go.mod" "$mod/go.sum" # (an interrupted build's) so that the download runs outside any module
  gomod=$(cd "$mod" && GOFLAGS=-mod=mod go mod download -json "$modpath@$version" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  [ -f "$gomod" ] || die "$name: no go.mod for $modpath@$version from the module proxy"
  cp "$gomod" "$mod/go.mod.tmp"
  chmod u+w "$mod/go.mod.tmp"
  # toolchain none: a newer toolchain line would make go fetch a toolchain, which the lab cannot.
  go mod edit -module "lab/$name" -require "$modpath@$version" -toolchain none "$mod/go.mod.tmp"
  mv "$mod/go.mod.tmp" "$mod/go.mod"
  (cd "$mod" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version" \
    -o "$out/$name.tmp" "$modpath/$cmd")
  mv "$out/$name.tmp" "$out/$name"
}

if [ $# -gt 0 ]; then
  for what in "$@"; do
    case $what in
    helm) build_plain helm helm.sh/helm/v3 "$HELM_VERSION" helm.sh/helm/v3/cmd/helm ;;
    helm-unittest) build_helm_unittest ;;
    csi) build_csi ;;
    *) die "build.sh: unknown component '$what' (helm, helm-unittest, csi)" ;;
    esac
  done
  exit 0
fi

build_k8s
build_etcd
build_plain coredns github.com/coredns/coredns "$COREDNS_VERSION" github.com/coredns/coredns
build_plain helm helm.sh/helm/v3 "$HELM_VERSION" helm.sh/helm/v3/cmd/helm
build_plain kwok sigs.k8s.io/kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok
build_csi
build_helm_unittest
