#!/usr/bin/env bash
# The demo (npm run demo): brings the lab up, deploys the demo StatefulSet, runs every sts-chaos suite on
# it (node loss included) and shows the report. The lab stays up so that you can look around;
# `npm run lab -- down` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/node ] || npm ci --no-audit --no-fund
export PATH="$PWD/node_modules/.bin:$PATH"
bash lab/lab.sh up
eval "$(bash lab/lab.sh env)"
kubectl apply -f lab/manifests/demo.yaml
kubectl -n sts-demo rollout status statefulset/web --timeout 120s
kubectl -n sts-demo get statefulset,pods,pvc -o wide
echo
report=${STS_CHAOS_REPORT_DIR:-$PWD/reports/demo}
node src/cli/main.ts plan --target sts-demo/web --node-loss lab
echo
rc=0
node src/cli/main.ts run --target sts-demo/web --node-loss lab --report-dir "$report" || rc=$?
echo
cat "$report/summary.md"
echo
echo "Reports: $report/{junit.xml,report.json,summary.md,report.html}  (exit code $rc)"
echo "The lab is still up. Use it with:  eval \"\$(npm run -s lab -- env)\"   Stop it with:  npm run lab -- down"
exit $rc
