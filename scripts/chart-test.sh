#!/usr/bin/env bash
# The chart's tests, without a cluster: the schema is what values.yaml generates, `helm lint --strict`
# with each values file of chart/ci, and `helm unittest` (chart/tests/*_test.yaml). Needs only the cached
# helm and the helm-unittest plugin (built from their Go modules the first time, into the lab's cache).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. lab/lib/versions.sh
. lab/lib/common.sh
export PATH="$root/node_modules/.bin:$PATH"
bash lab/lib/build.sh helm helm-unittest
helm=$LAB_CACHE/helm-$HELM_VERSION/helm
# The plugin from the cache only: nothing is fetched, and the user's own helm plugins do not interfere.
export HELM_PLUGINS=$LAB_CACHE/helm-plugins
t0=$SECONDS

log "schema: node scripts/chart-schema.ts --check"
node scripts/chart-schema.ts --check

for values in chart/ci/*-values.yaml; do
  log "helm lint --strict chart -f $values"
  "$helm" lint --strict chart -f "$values" --quiet
done

log "helm unittest chart"
"$helm" unittest --strict chart

log "chart tests passed in $((SECONDS - t0))s"
