#!/usr/bin/env bash
# Runs the stack without the app: up (waits until every container is healthy and says how long that
# took), down (removes everything of the project: containers, networks, volumes), status (a table).
# Uses the locally built images when stack/.env.local exists (written by build-images.sh); otherwise the
# official images, built or pulled by docker compose itself.
set -euo pipefail

stack_dir=$(cd "$(dirname "$0")/.." && pwd)
started_ns=$(date +%s%N)
log() { printf '[stack] %s\n' "$*"; }

env_files=()
[ -f "$stack_dir/.env" ] && env_files+=(--env-file "$stack_dir/.env")
[ -f "$stack_dir/.env.local" ] && env_files+=(--env-file "$stack_dir/.env.local")
compose() { docker compose "${env_files[@]}" -f "$stack_dir/compose.yaml" "$@"; }

# On machines without a registry every image must exist before `up`, or compose would try to pull or to
# build from source (which needs the internet) and fail with a confusing message.
check_local_images() {
  [ -f "$stack_dir/.env.local" ] || return 0
  local missing=()
  while read -r image; do
    docker image inspect "$image" >/dev/null 2>&1 || missing+=("$image")
  done < <(compose config --images)
  if [ ${#missing[@]} -gt 0 ]; then
    log "missing images: ${missing[*]}"
    log "build them with: npm run stack:images"
    exit 1
  fi
}

# Docker calls a replica healthy a moment before HAProxy has resolved it and seen two good checks; the
# shop is ready when every running service is UP in HAProxy too.
http_get() {  # http_get <host:port> <path>: plain bash, no curl needed on the host
  local host=${1%:*} port=${1##*:}
  exec 3<>"/dev/tcp/$host/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
  cat <&3
  exec 3<&-
}
wait_for_routes() {
  local stats services deadline=$(( $(date +%s) + 30 )) csv missing
  stats=$(compose port loadbalancer 8404 2>/dev/null) || return 0
  services=$(compose ps --services --status running | grep -E -- '-service$' || true)
  while :; do
    csv=$(http_get "$stats" '/stats;csv' 2>/dev/null || true)
    missing=()
    for service in $services; do
      grep -q "^$service,BACKEND,.*,UP," <<<"$csv" || missing+=("$service")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "load balancer has no healthy replica of: ${missing[*]}"
      return 1
    fi
    sleep 0.3
  done
}

up() {
  if ! compose config --services | grep -qx grafana; then
    log "Grafana: no image on this machine, so the stack runs without it (everything else is the same)"
  fi
  check_local_images
  compose up -d --wait --wait-timeout "${STACK_WAIT_TIMEOUT:-240}" --remove-orphans "$@"
  wait_for_routes
  local elapsed_ms=$(( ($(date +%s%N) - started_ns) / 1000000 ))
  local count
  count=$(compose ps -q | wc -l)
  log "$count containers healthy in $(printf '%d.%03d' $((elapsed_ms / 1000)) $((elapsed_ms % 1000))) s"
}

down() {
  # Every profile, so that a Grafana started elsewhere goes too.
  compose --profile '*' down --remove-orphans --volumes --timeout 15
  log "down: nothing of the project is running"
}

status() {
  local table
  table=$(compose ps -a --format 'table {{.Service}}\t{{.Name}}\t{{.State}}\t{{.Status}}')
  if [ "$(printf '%s\n' "$table" | wc -l)" -le 1 ]; then
    log "not running"
    return 1
  fi
  printf '%s\n' "$table"
  local total healthy
  total=$(compose ps -a -q | wc -l)
  healthy=$(compose ps -a --format '{{.Health}}' | grep -cx healthy || true)
  log "$healthy of $total containers healthy"
  [ "$healthy" = "$total" ]
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  up) up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
