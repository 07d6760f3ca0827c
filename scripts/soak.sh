#!/usr/bin/env bash
# npm run soak [-- --runs N]: every suite N times (default 10) on a healthy lab target (lab/bench/soak.ts).
# Brings the lab up when it is not, and down again after.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/node ] || npm ci --no-audit --no-fund
export PATH="$PWD/node_modules/.bin:$PATH"
if ! bash lab/lab.sh kubectl get --raw /readyz >/dev/null 2>&1; then
  bash lab/lab.sh up
  trap 'bash lab/lab.sh down' EXIT
fi
node lab/bench/soak.ts "$@"
