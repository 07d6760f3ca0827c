#!/usr/bin/env bash
# npm run image: builds the sts-chaos image from the Dockerfile's steps without a Docker engine or a
# registry (compile, production node_modules, Node 24's binary and the libraries it links, a non-root
# user), writes it as an OCI archive and imports it into the lab's nodes as localhost/sts-chaos:dev and
# as localhost/sts-chaos:<the chart's appVersion> (the chart's default image tag). With
# STS_CHAOS_IMAGE_NO_IMPORT=1, the archive only (npm test builds it while the lab starts).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. lab/lib/versions.sh
. lab/lib/common.sh
. lab/lib/images.sh
export PATH="$root/node_modules/.bin:$PATH"
ref=${STS_CHAOS_IMAGE:-localhost/sts-chaos:dev}
app_version=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' chart/Chart.yaml)
more=""
if [ -z "${STS_CHAOS_IMAGE:-}" ] && [ -n "$app_version" ]; then more=localhost/sts-chaos:$app_version; fi
out=${1:-$root/.lab/images/sts-chaos-dev.tar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "compiling (tsc -p tsconfig.build.json)"
rm -rf dist
tsc -p tsconfig.build.json

log "production dependencies (npm ci --omit=dev)"
mkdir -p "$work/deps"
cp package.json package-lock.json "$work/deps/"
(cd "$work/deps" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)

log "root filesystem"
r=$work/rootfs
mkdir -p "$r/app" "$r/usr/local/bin" "$r/etc" "$r/tmp" "$r/reports"
chmod 1777 "$r/tmp"
node_bin=$(readlink -f node_modules/node/bin/node)
[ -x "$node_bin" ] || die "Node 24 is not installed (npm ci first)"
cp "$node_bin" "$r/usr/local/bin/node"
strip --strip-unneeded "$r/usr/local/bin/node" 2>/dev/null || true
# The shared libraries node links, and the dynamic loader.
for lib in $(ldd "$node_bin" | grep -oE '/[^ ]+' | sort -u); do
  mkdir -p "$r$(dirname "$lib")"
  cp -L "$lib" "$r$lib"
done
# nsenter (util-linux, in the Dockerfile's Debian base too): the node agent runs SB-4's role query inside
# a container on a lost node, entering its namespaces from the host.
mkdir -p "$r/usr/bin"
cp /usr/bin/nsenter "$r/usr/bin/nsenter"
for lib in $(ldd /usr/bin/nsenter | grep -oE '/[^ ]+' | sort -u); do
  mkdir -p "$r$(dirname "$lib")"
  cp -L "$lib" "$r$lib"
done
cp -r dist "$r/app/dist"
cp -r "$work/deps/node_modules" "$r/app/node_modules"
cp package.json "$r/app/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$r/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$r/etc/group"
# /etc/hosts and resolv.conf are mounted by the runtime; nsswitch keeps lookups to files and DNS.
printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"

log "OCI archive $ref"
mkdir -p "$(dirname "$out")"
oci_archive "$r" "$ref" "$out" '["/usr/local/bin/node","--max-semi-space-size=2","/app/dist/src/cli/main.js"]' 65532:65532 \
  ',"Cmd":["run"],"Env":["PATH=/usr/local/bin:/usr/bin:/bin","NODE_ENV=production"],"WorkingDir":"/app"' "$more"
size=$(du -sh "$r" | cut -f1)
log "image $ref${more:+ and $more}: $(du -h "$out" | cut -f1) archive, $size unpacked"
if [ "${STS_CHAOS_IMAGE_NO_IMPORT:-}" = 1 ]; then
  log "archive only (STS_CHAOS_IMAGE_NO_IMPORT=1): import it with 'npm run lab -- import $out'"
elif [ -S /run/sts-lab/n1/containerd.sock ]; then
  bash lab/lab.sh import "$out"
else
  log "the lab is not up: the archive is kept and imported at the next 'lab up'"
  mkdir -p "$LAB_CACHE/images/extra"
  cp "$out" "$LAB_CACHE/images/extra/$(basename "$out")"
fi
