#!/usr/bin/env bash
# The test command (npm test): lint, types, unit tests while a fresh lab starts; then the lab tests, and the
# lab down.
# Installs what it needs on a fresh machine (Debian packages, Go builds, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/node ] || npm ci --no-audit --no-fund
export PATH="$PWD/node_modules/.bin:$PATH"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

section() { printf '\n== %s (%s)\n' "$1" "$(date +%H:%M:%S)"; }
# Waits for a background step (its pid), prints its log, and stops the tests when it failed.
await_step() {
  local what=$1 pid=$2 log=$3 rc=0
  wait "$pid" || rc=$?
  cat "$log"
  [ "$rc" = 0 ] || { echo "$what failed (exit $rc)"; exit "$rc"; }
}
# Runs mocha with a config, keeping its summary counts for the closing line.
mocha_run() {
  local name=$1 cfg=$2 rc=0
  shift 2
  mocha --config "$cfg" --reporter spec "$@" 2>&1 | tee "$results/$name.out" || rc=$?
  return $rc
}

# The lab starts, and the image's archive is built, in the background while lint, types and unit tests
# run (they need no cluster); their logs are printed once done. On a fresh machine the lab also installs
# and builds what it needs.
lab=0
if [ "${STS_CHAOS_SKIP_LAB:-}" != 1 ]; then
  lab=1
  section "lab up (in the background, its log printed once it is up)"
  bash lab/lab.sh up >"$results/lab-up.log" 2>&1 &
  labpid=$!
  # The image's archive too (imported once the lab is up).
  image=$PWD/.lab/images/sts-chaos-dev.tar
  STS_CHAOS_IMAGE_NO_IMPORT=1 bash scripts/image.sh "$image" >"$results/image.log" 2>&1 &
  imagepid=$!
  trap 'wait "$labpid" "$imagepid" 2>/dev/null || true; section "lab down"; bash lab/lab.sh down; rm -rf "$results"' EXIT
fi

section lint
biome check .
section typecheck
tsc -p tsconfig.json
section "unit tests"
status=0
mocha_run unit .mocharc.unit.json || status=1

if [ "$lab" = 1 ]; then
  section "lab up (waiting for it)"
  await_step "lab up" "$labpid" "$results/lab-up.log"
fi

# After the lab's start: on a fresh machine it builds helm and Go, which these use.
# The chart: its schema generated from values.yaml and unchanged, helm lint, the helm-unittest suites.
section "chart (scripts/chart-test.sh)"
if bash scripts/chart-test.sh; then chart=pass; else chart=fail status=1; fi

# The lab's CSI driver (lab/csi): its Go tests (real gRPC sockets, real bind mounts: needs root).
section "lab CSI driver (go test in lab/csi)"
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
if (cd lab/csi && GOFLAGS=-mod=mod go test ./...); then csi=pass; else csi=fail status=1; fi

if [ "$lab" = 1 ]; then
  section "image (npm run image: built while the lab started; imported now)"
  await_step "the image build" "$imagepid" "$results/image.log"
  bash lab/lab.sh import "$image"
  section "lab tests"
  # The lab config names no spec, so that `mocha --config .mocharc.lab.json <file>` runs that file only.
  mocha_run lab .mocharc.lab.json 'lab/test/**/*.test.ts' || status=1
  # The short bench: a change that adds polling or waits fails one of its bounds (npm run bench for all).
  section "short bench (npm run bench -- --short)"
  if node lab/bench/main.ts --short --out "$PWD/.lab/bench-short"; then bench=pass; else bench=fail status=1; fi
fi

passed=0 failed=0 skipped=0
for f in "$results"/*.out; do
  p=$(grep -Eo '^ +[0-9]+ passing' "$f" | grep -Eo '[0-9]+' | tail -1 || true)
  x=$(grep -Eo '^ +[0-9]+ failing' "$f" | grep -Eo '[0-9]+' | tail -1 || true)
  s=$(grep -Eo '^ +[0-9]+ pending' "$f" | grep -Eo '[0-9]+' | tail -1 || true)
  passed=$((passed + ${p:-0})) failed=$((failed + ${x:-0})) skipped=$((skipped + ${s:-0}))
done
case ${bench:-} in pass) passed=$((passed + 1)) ;; fail) failed=$((failed + 1)) ;; esac
case ${chart:-} in pass) passed=$((passed + 1)) ;; fail) failed=$((failed + 1)) ;; esac
case ${csi:-} in pass) passed=$((passed + 1)) ;; fail) failed=$((failed + 1)) ;; esac
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
