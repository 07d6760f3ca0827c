#!/usr/bin/env bash
# Runs sts-chaos against the three real workloads (Redis, etcd, MariaDB) and their negative controls, one
# after another, in the lab; prints each one's time to Ready, run time and verdict. Needs a running lab
# (npm run lab -- up) and root (the image import).
#
#   bash examples/workloads/run-all.sh              # all of them
#   bash examples/workloads/run-all.sh redis etcd   # some
#
# A workload passes when sts-chaos exits 0; a control passes when sts-chaos exits 1 with the named check
# failed. Each namespace is deleted after its run (KEEP=1 keeps them). Reports: ./sts-chaos-report/<ns>/.
# Set LOCK=<file> to hold that flock(1) lock around each disruptive step (a shared lab).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
eval "$(bash lab/lab.sh env)"
export PATH="$root/node_modules/.bin:$PATH"
wl=examples/workloads
# -o: the lock is not inherited by daemons a step starts (a kubelet restarted after node loss).
locked() { if [ -n "${LOCK:-}" ]; then flock -o "$LOCK" "$@"; else "$@"; fi; }

# name  manifest  namespace/statefulset  config  expected (pass, or the check that must fail)
cases=(
  "redis             $wl/redis.yaml                                wl-redis/redis              $wl/redis.sts-chaos.yaml                                pass"
  "redis-control     $wl/controls/redis-no-persistence.yaml         wl-redis-nopersist/redis    $wl/controls/redis-no-persistence.sts-chaos.yaml         VOL-3"
  "etcd              $wl/etcd.yaml                                 wl-etcd/etcd                $wl/etcd.sts-chaos.yaml                                 pass"
  "etcd-control      $wl/controls/etcd-data-off-claim.yaml          wl-etcd-offclaim/etcd       $wl/controls/etcd-data-off-claim.sts-chaos.yaml          VOL-3"
  "mariadb           $wl/mariadb.yaml                              wl-mariadb/mariadb          $wl/mariadb.sts-chaos.yaml                              pass"
  "mariadb-control   $wl/controls/mariadb-two-primaries.yaml        wl-mariadb-2p/mariadb       $wl/controls/mariadb-two-primaries.sts-chaos.yaml        SB-4"
)
want=("$@")
selected() { # case name -> whether asked for (all when no argument; "redis" selects redis and its control)
  [ ${#want[@]} -eq 0 ] && return 0
  local w
  for w in "${want[@]}"; do [ "$1" = "$w" ] || [ "$1" = "$w-control" ] && return 0; done
  return 1
}

summary=()
failures=0
for c in "${cases[@]}"; do
  read -r name manifest target config expect <<<"$c"
  selected "$name" || continue
  ns=${target%/*}
  sts=${target#*/}
  kind=${name%-control}
  echo "=== $name: $target (expect: $expect)"
  locked bash lab/lab.sh workload-images "$kind" || { summary+=("$name: image build/import failed"); failures=$((failures + 1)); continue; }
  t0=$SECONDS
  kubectl apply -f "$manifest" >/dev/null
  if ! kubectl -n "$ns" rollout status "statefulset/$sts" --timeout=300s >/dev/null; then
    summary+=("$name: not Ready within 300s")
    failures=$((failures + 1))
    kubectl -n "$ns" get pods -o wide
    continue
  fi
  ready=$((SECONDS - t0))
  t1=$SECONDS
  locked node src/cli/main.ts run --config "$config" --log-format pretty
  code=$?
  took=$((SECONDS - t1))
  report=$(sed -n 's/^reportDir: *//p' "$config")/report.json
  # sts-chaos's own run time (the wall time above includes any wait for LOCK).
  own=$(node -e 'const r=require(process.argv[1]); console.log(Math.round((r.finishedAt-r.startedAt)/1000))' "$root/$report" 2>/dev/null || echo '?')
  if [ "$expect" = pass ]; then
    [ "$code" = 0 ] && verdict="PASSED as expected" || { verdict="FAILED (exit $code), expected to pass"; failures=$((failures + 1)); }
  else
    failed=$(node -e 'const r=require(process.argv[1]); console.log([...new Set(r.steps.flatMap(s=>s.results).filter(x=>x.status==="fail").map(x=>x.id))].join(","))' "$root/$report" 2>/dev/null)
    if [ "$code" = 1 ] && [[ ",$failed," == *",$expect,"* ]]; then
      verdict="FAILED $expect as expected (failed: $failed)"
    else
      verdict="exit $code, failed: ${failed:-none}; expected $expect to fail"
      failures=$((failures + 1))
    fi
  fi
  summary+=("$(printf '%-16s Ready in %3ss, run %4ss (%ss with waits): %s' "$name" "$ready" "$own" "$took" "$verdict")")
  [ -n "${KEEP:-}" ] || kubectl delete namespace "$ns" --wait=true --timeout=180s >/dev/null
done

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
[ "$failures" = 0 ]
