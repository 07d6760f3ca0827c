# Workload images for the lab (MariaDB, etcd, Redis), made from Debian's own packages: no registry, no
# Docker. One minimal Debian rootfs (debootstrap --variant=minbase) is made once and cached as a tarball;
# each image is that rootfs plus its packages, slimmed, written as an OCI archive by oci_archive.
# Sourced by lab.sh (after common.sh and images.sh), not run.
#
# Cache: $LAB_CACHE/images/workloads/
#   base-<key>.tar.gz           the minbase rootfs; <key> hashes its recipe (suite + wl_base_recipe)
#   <kind>.tar, <kind>.tar.key  the image archive and the key of the recipe that built it (base key +
#                               packages + wl_image_recipe); a changed recipe rebuilds, nothing else does
#   <kind>.tar.ref              the image's versioned name, localhost/lab/<kind>:<Debian package version>
# Every image is also tagged localhost/lab/<kind>:<suite> on import (the stable name the manifests use).

WL_SUITE=bookworm
WL_KINDS=(mariadb etcd redis)
WL_DIR=$LAB_CACHE/images/workloads

# The packages of each image (installed with --no-install-recommends) and the package whose Debian
# version names the image.
wl_packages() {
  # tini in each: the pods' PID 1, so that the server is an ordinary process (see the manifests).
  case $1 in
  # mariadb-backup and socat: a replica clones its data from the ordinal before it, streamed over TCP.
  mariadb) echo tini mariadb-server mariadb-client mariadb-backup socat ;;
  etcd) echo tini etcd-server etcd-client ;;
  redis) echo tini redis-server redis-tools ;;
  *) die "unknown workload '$1' (workloads: ${WL_KINDS[*]})" ;;
  esac
}
wl_main_package() { case $1 in mariadb) echo mariadb-server ;; etcd) echo etcd-server ;; redis) echo redis-server ;; esac; }
# The user the workload's process runs as (created by its package).
wl_user() { case $1 in mariadb) echo mysql ;; etcd) echo etcd ;; redis) echo redis ;; esac; }

# A minbase rootfs in $1. The mirror is debootstrap's default unless WL_DEBIAN_MIRROR is set.
wl_base_recipe() {
  local r=$1
  debootstrap --variant=minbase "$WL_SUITE" "$r" ${WL_DEBIAN_MIRROR:-} >"$r.log" 2>&1 \
    || die "debootstrap failed (last lines: $(tail -n 5 "$r.log" | tr '\n' ' '))"
  # Never write documentation, man pages or translations; never start services in the chroot.
  cat >"$r/etc/dpkg/dpkg.cfg.d/01-slim" <<'EOF'
path-exclude=/usr/share/doc/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
EOF
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
  chmod 755 "$r/usr/sbin/policy-rc.d"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$r/etc/apt/apt.conf.d/01-slim"
  wl_slim "$r"
}

# Drops what an image does not need: apt's lists and caches, logs, docs, man pages, locales.
wl_slim() {
  local r=$1
  chroot "$r" apt-get clean >/dev/null 2>&1 || true
  rm -rf "$r/var/lib/apt/lists/"* "$r/var/cache/apt/"*.bin "$r/var/cache/debconf/"*-old \
    "$r/usr/share/doc" "$r/usr/share/man" "$r/usr/share/info" "$r/usr/share/locale" "$r/usr/share/lintian" \
    "$r/var/log/"*.log "$r/var/log/apt" "$r/tmp/"* "$r/root/.cache"
  mkdir -p "$r/usr/share/doc" "$r/usr/share/man"
}

# The image of one workload, from a copy of the base rootfs in $2.
wl_image_recipe() {
  local kind=$1 r=$2
  # shellcheck disable=SC2046
  chroot "$r" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(wl_packages "$kind")" \
    >"$r.log" 2>&1 || die "installing $(wl_packages "$kind") failed (last lines: $(tail -n 5 "$r.log" | tr '\n' ' '))"
  # The packages' postinst scripts made data directories for a service we do not run from them: the
  # pods put their data on their claims.
  case $kind in
  mariadb) rm -rf "$r/var/lib/mysql/"* ;;
  etcd) rm -rf "$r/var/lib/etcd/"* ;;
  redis) rm -rf "$r/var/lib/redis/"* ;;
  esac
  rm -f "$r/usr/sbin/policy-rc.d"
  wl_slim "$r"
}

wl_base_key() { { echo "$WL_SUITE"; declare -f wl_base_recipe wl_slim; } | sha256sum | cut -c1-12; }
wl_image_key() { { wl_base_key; wl_packages "$1"; declare -f wl_image_recipe wl_slim; } | sha256sum | cut -c1-12; }

wl_base() { # -> path of the cached base tarball
  local key out
  key=$(wl_base_key)
  out=$WL_DIR/base-$key.tar.gz
  if [ ! -f "$out" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    log "building the Debian $WL_SUITE minbase rootfs (debootstrap)"
    local r
    r=$(mktemp -d "$WL_DIR/.base.XXXXXX")
    wl_base_recipe "$r/root"
    tar -C "$r/root" --numeric-owner -czf "$out.tmp" .
    mv "$out.tmp" "$out"
    rm -rf "$r"
    # Older bases (of older recipes) are of no further use.
    find "$WL_DIR" -maxdepth 1 -name 'base-*.tar.gz' ! -name "base-$key.tar.gz" -delete
  fi
  echo "$out"
}

# Builds the image of one workload when its archive is missing or was built by another recipe.
wl_build() { # kind
  local kind=$1 out key
  wl_packages "$kind" >/dev/null
  mkdir -p "$WL_DIR"
  out=$WL_DIR/$kind.tar
  key=$(wl_image_key "$kind")
  if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ] && [ -f "$out.ref" ]; then
    log "image $(cat "$out.ref") is cached ($key)"
    return 0
  fi
  local t0=$SECONDS base w r version ref uid gid
  base=$(wl_base) && [ -f "$base" ] || die "no base rootfs"
  log "building the $kind image (Debian packages: $(wl_packages "$kind"))"
  w=$(mktemp -d "$WL_DIR/.$kind.XXXXXX")
  r=$w/root
  mkdir -p "$r"
  tar -C "$r" --numeric-owner -xzf "$base"
  wl_image_recipe "$kind" "$r"
  # The tag: the Debian version of the package, without its epoch, '+' and '~' made '_' (tag syntax).
  version=$(chroot "$r" dpkg-query -W -f '${Version}' "$(wl_main_package "$kind")")
  version=${version#*:}
  version=${version//[+~]/_}
  ref=localhost/lab/$kind:$version
  uid=$(chroot "$r" id -u "$(wl_user "$kind")")
  gid=$(chroot "$r" id -g "$(wl_user "$kind")")
  # Runs as the package's own user (numeric, so that runAsNonRoot can verify it); the manifests say the
  # command.
  oci_archive "$r" "$ref" "$out" '["/bin/sh","-c"]' "$uid:$gid" \
    ',"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"],"WorkingDir":"/"'
  echo "$ref" >"$out.ref"
  echo "$key" >"$out.key"
  log "image $ref: $(du -h "$out" | cut -f1) archive, $(du -sh "$r" | cut -f1) unpacked, uid $uid:$gid, built in $((SECONDS - t0))s"
  rm -rf "$w"
}

# Imports a workload's image into every running lab node (skipped where the node already has that
# image, same name and digest), and tags it localhost/lab/<kind>:<suite>.
wl_import() { # kind
  local kind=$1 out=$WL_DIR/$1.tar ref i sock alias digest
  ref=$(cat "$out.ref")
  alias=localhost/lab/$kind:$WL_SUITE
  # The manifest digest of the archive: a node holding the same name with other content (an older
  # recipe, same package version) gets the new one.
  digest=$(tar -xOf "$out" index.json | grep -o 'sha256:[0-9a-f]*' | head -n 1)
  for i in $(seq 1 ${#LAB_NODES[@]}); do
    is_running "containerd-n$i" || continue
    sock=$(node_sock "$i")
    if [ "$(ctr --address "$sock" -n k8s.io images ls | awk -v r="$ref" '$1 == r {print $3}')" != "$digest" ]; then
      ctr --address "$sock" -n k8s.io images import --no-unpack=false "$out" >/dev/null \
        || die "importing $out into lab-n$i failed"
    fi
    ctr --address "$sock" -n k8s.io images tag --force "$ref" "$alias" >/dev/null
  done
  log "imported $ref (also $alias) into the running nodes"
}

workload_images() { # [kind ...]
  local kinds=("$@") k
  [ ${#kinds[@]} -gt 0 ] || kinds=("${WL_KINDS[@]}")
  for k in "${kinds[@]}"; do wl_packages "$k" >/dev/null; done
  for k in "${kinds[@]}"; do
    wl_build "$k"
    wl_import "$k"
  done
}
