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
