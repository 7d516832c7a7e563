#!/usr/bin/env bash
# Makes a fresh Debian 12 machine ready for the project's tests: Docker engine with Compose v2 and buildx,
# Chromium for Playwright, Redis, debootstrap, and a moto server in a project-local venv.
# Idempotent: installs only what is missing. Needs root (CI and the build machines run as root).
set -euo pipefail
cd "$(dirname "$0")/../.."

log() { printf '[setup] %s\n' "$*"; }
need_apt=()
command -v dockerd >/dev/null || need_apt+=(docker.io)
command -v debootstrap >/dev/null || need_apt+=(debootstrap)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v jq >/dev/null || need_apt+=(jq)
[ -x /bin/busybox ] || need_apt+=(busybox-static)
command -v haproxy >/dev/null || need_apt+=(haproxy)
command -v promtool >/dev/null || need_apt+=(prometheus)
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)

apt_updated=0
apt_update() { [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }; }

if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt install ${need_apt[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# Debian's prometheus package starts a daemon on 9090 that would clash with the stack's port.
if systemctl is-active --quiet prometheus 2>/dev/null; then systemctl stop prometheus; systemctl disable prometheus >/dev/null 2>&1 || true; fi
pkill -x prometheus 2>/dev/null || true
pkill -f 'prometheus-node-exporter' 2>/dev/null || true
# The same for the packaged Redis and HAProxy services: tests start their own.
for svc in redis-server haproxy; do
  if systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc"; systemctl disable "$svc" >/dev/null 2>&1 || true; fi
done
pkill -x redis-server 2>/dev/null || true
pkill -x haproxy 2>/dev/null || true

# Compose v2 and buildx from Debian 13, as CLI plugins (verified with the Debian 12 engine).
plugins="$HOME/.docker/cli-plugins"
if ! docker compose version >/dev/null 2>&1 || ! docker buildx version >/dev/null 2>&1; then
  log "installing docker compose + buildx plugins from trixie"
  if [ ! -f /etc/apt/sources.list.d/trixie.sources ]; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      > /etc/apt/sources.list.d/trixie.sources
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 1\n' > /etc/apt/preferences.d/trixie-low
    apt_updated=0
  fi
  apt_update
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq docker-compose/trixie docker-buildx/trixie && \
     for d in *.deb; do dpkg -x "$d" x; done)
  mkdir -p "$plugins"
  cp "$tmp"/x/usr/libexec/docker/cli-plugins/* "$plugins/"
  rm -rf "$tmp"
fi

# Docker engine: start it when nothing answers on the socket.
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  (setsid dockerd >/var/log/dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/dockerd.log"; tail -20 /var/log/dockerd.log; exit 1; }
fi

# moto server (the project's local DynamoDB) in a venv of its own, outside git.
venv=.tools/venv
if [ ! -x "$venv/bin/moto_server" ]; then
  log "installing moto[server] into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "moto[server]>=5,<6"
fi
log "ready: $(docker --version | cut -d, -f1), compose $(docker compose version --short), $(chromium --version 2>/dev/null)"
