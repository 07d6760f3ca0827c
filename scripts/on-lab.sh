#!/usr/bin/env bash
# Runs a TypeScript entry point against the lab (npm run bench, npm run soak): brings the lab up when it
# is not, and down again after. Usage: on-lab.sh <entry.ts> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/node ] || npm ci --no-audit --no-fund
export PATH="$PWD/node_modules/.bin:$PATH"
entry=$1
shift
if ! bash lab/lab.sh kubectl get --raw /readyz >/dev/null 2>&1; then
  bash lab/lab.sh up
  trap 'bash lab/lab.sh down' EXIT
fi
node "$entry" "$@"
