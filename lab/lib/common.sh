# Shared paths and helpers for the lab scripts. Sourced, not run.
LAB_ROOT=${LAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LAB_DIR=${LAB_DIR:-$LAB_ROOT/.lab}
LAB_CACHE=${STS_CHAOS_LAB_CACHE:-/var/cache/sts-chaos-lab}
log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }
