#!/usr/bin/env bash
# The demo (npm run demo): brings the lab up, deploys the demo StatefulSet and shows it.
# The lab stays up afterwards so that you can look around; `npm run lab -- down` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/node ] || npm ci --no-audit --no-fund
bash lab/lab.sh up
eval "$(bash lab/lab.sh env)"
kubectl apply -f lab/manifests/demo.yaml
kubectl -n sts-demo rollout status statefulset/web --timeout 120s
echo
kubectl -n sts-demo get statefulset,pods,pvc -o wide
echo
for i in 0 1 2; do
  printf 'web-%s serves: %s\n' "$i" "$(kubectl -n sts-demo exec web-0 -- wget -qO- "http://web-$i.web.sts-demo.svc.cluster.local:8080/")"
done
echo
echo "The lab is still up. Use it with:  eval \"\$(npm run -s lab -- env)\"   Stop it with:  npm run lab -- down"
