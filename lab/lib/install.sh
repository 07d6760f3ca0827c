# Installs the Debian packages the lab needs, when missing. Sourced by lab.sh.
LAB_DEB_PACKAGES=(etcd-client containerd runc containernetworking-plugins iptables busybox-static
  conntrack iproute2 openssl util-linux procps psmisc kmod ethtool socat curl binutils gcc libc6-dev
  debootstrap prometheus prometheus-pushgateway)

install_packages() {
  local missing=() p
  for p in "${LAB_DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "the lab needs root to install: ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts containerd as a service on install where an init system runs: the lab runs its own.
  [ -d /run/systemd/system ] && systemctl disable --now containerd prometheus prometheus-pushgateway >/dev/null 2>&1 || true
}
