# Lab images, made by hand as OCI archives (no registry, no Docker): a layer tar, a config, a manifest,
# an index. Cached in $LAB_CACHE/images, imported into each node's containerd under localhost/... names.
oci_archive() { # rootfs-dir image-ref out.tar entrypoint-json [user] [extra-config-json-members] [more refs]
  local rootfs=$1 ref=$2 out=$3 entry=$4 user=${5:-} extra=${6:-} more=${7:-}
  local work
  work=$(mktemp -d)
  mkdir -p "$work/blobs/sha256"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$work/layer.tar" .
  local layer_sha layer_size cfg cfg_sha cfg_size man man_sha man_size
  layer_sha=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  layer_size=$(stat -c %s "$work/layer.tar")
  mv "$work/layer.tar" "$work/blobs/sha256/$layer_sha"
  local env='"Env":["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"],"WorkingDir":"/"'
  [ -n "$extra" ] && env=${extra#,}
  cfg=$(printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":%s,%s%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$entry" "$env" "${user:+,\"User\":\"$user\"}" "$layer_sha")
  printf '%s' "$cfg" >"$work/cfg"
  cfg_sha=$(sha256sum "$work/cfg" | cut -d' ' -f1)
  cfg_size=$(stat -c %s "$work/cfg")
  mv "$work/cfg" "$work/blobs/sha256/$cfg_sha"
  man=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$cfg_sha" "$cfg_size" "$layer_sha" "$layer_size")
  printf '%s' "$man" >"$work/man"
  man_sha=$(sha256sum "$work/man" | cut -d' ' -f1)
  man_size=$(stat -c %s "$work/man")
  mv "$work/man" "$work/blobs/sha256/$man_sha"
  # One entry per name (the same manifest): the image is imported under each of them.
  local entries="" r
  for r in $ref $more; do
    entries+=$(printf '%s{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}' \
      "${entries:+,}" "$man_sha" "$man_size" "$r" "${r##*:}")
  done
  printf '{"schemaVersion":2,"manifests":[%s]}' "$entries" >"$work/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$work/oci-layout"
  tar -C "$work" -cf "$out.tmp" oci-layout index.json blobs
  mv "$out.tmp" "$out"
  rm -rf "$work"
}

image_pause() {
  local out=$LAB_CACHE/images/pause.tar src=$LAB_ROOT/lab/images/pause.c
  local key
  key=$(sha256sum "$src" | cut -c1-12)
  [ -f "$out" ] && [ "$(cat "$out.src" 2>/dev/null)" = "$key" ] && return 0
  log "building image localhost/lab/pause:latest"
  local r
  r=$(mktemp -d)
  gcc -static -Os -o "$r/pause" "$src"
  strip "$r/pause"
  oci_archive "$r" localhost/lab/pause:latest "$out" '["/pause"]'
  rm -rf "$r"
  echo "$key" >"$out.src"
}

image_busybox() {
  local out=$LAB_CACHE/images/busybox.tar
  [ -f "$out" ] && return 0
  log "building image localhost/lab/busybox:latest"
  local r a
  r=$(mktemp -d)
  mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/var/www" "$r/data" "$r/root"
  chmod 1777 "$r/tmp"
  cp /bin/busybox "$r/bin/busybox"
  for a in $("$r/bin/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "$r/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\nnonroot:x:65532:65532:nonroot:/:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n' >"$r/etc/group"
  oci_archive "$r" localhost/lab/busybox:latest "$out" '["/bin/sh"]'
  rm -rf "$r"
}

image_coredns() {
  local out=$LAB_CACHE/images/coredns-$COREDNS_VERSION.tar
  [ -f "$out" ] && return 0
  log "building image localhost/lab/coredns:$COREDNS_VERSION"
  local r
  r=$(mktemp -d)
  mkdir -p "$r/etc/coredns"
  cp "$LAB_CACHE/coredns-$COREDNS_VERSION/coredns" "$r/coredns"
  oci_archive "$r" "localhost/lab/coredns:$COREDNS_VERSION" "$out" '["/coredns"]' 65532
  rm -rf "$r"
}

images_build() {
  mkdir -p "$LAB_CACHE/images"
  image_pause
  image_busybox
  image_coredns
}

# Imports every cached lab image (and any extra archive in $LAB_CACHE/images/extra) into a node.
images_import() { # index
  local i=$1 f
  for f in "$LAB_CACHE/images/"*.tar "$LAB_CACHE/images/extra/"*.tar; do
    [ -f "$f" ] || continue
    ctr --address "$(node_sock "$i")" -n k8s.io images import --no-unpack=false "$f" >/dev/null \
      || die "importing $f into lab-n$i failed"
  done
}
