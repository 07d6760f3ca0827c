# Pinned versions of everything the lab builds. Changing one rebuilds only that component
# (build outputs are cached outside the repo, keyed by these versions).
K8S_VERSION=v1.34.4
K8S_STAGING_VERSION=v0.34.4
COREDNS_VERSION=v1.14.7
HELM_VERSION=v3.19.5
NODE_VERSION=24
ETCD_VERSION=v3.6.16
# KWOK (simulated nodes for the scale bench): the kwok controller only, from sigs.k8s.io/kwok.
KWOK_VERSION=v0.8.0
# helm-unittest (the chart's template tests): the helm plugin, built from github.com/helm-unittest/helm-unittest.
# Its go.mod replaces one module; the wrapper module that builds it repeats that replace line.
HELM_UNITTEST_VERSION=v1.1.2
HELM_UNITTEST_REPLACE_FROM="github.com/vmware-labs/yaml-jsonpath v0.3.2"
HELM_UNITTEST_REPLACE_TO="github.com/helm-unittest/yaml-jsonpath v0.4.0"
# The lab's CSI driver (lab/csi) runs with the real Kubernetes CSI sidecars, built from their modules
# (lab/lib/build.sh build_csi_sidecar). Both are built on the same k8s.io v0.36 client libraries, so
# the second build reuses the first's compiled dependencies; the proxy serves these and the next minor
# releases only (attacher v4.12-v4.13, provisioner v6.3-v6.4).
CSI_PROVISIONER_VERSION=v6.3.0
CSI_ATTACHER_VERSION=v4.12.0
