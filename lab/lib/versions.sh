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
