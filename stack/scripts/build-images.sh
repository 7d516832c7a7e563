#!/usr/bin/env bash
# Builds every image of the stack without a container registry (build machines, CI, an air-gapped laptop):
#   1. a Debian trixie base from debootstrap, imported as ha-demo/debian:trixie
#   2. runtime images FROM it, with runtimes from Debian packages (stack/images/*, stack/dynamodb)
#   3. the service artifacts, built on the host where Maven Central, the Go proxy and PyPI answer
#   4. the service images with ARTIFACT_SOURCE=prebuilt and RUNTIME_IMAGE set to the local runtimes
# and writes stack/.env.local so that stack.sh runs the same compose.yaml with these images.
# Every step is skipped when its result is already there, so a second run takes seconds.
#
# Usage: build-images.sh [--force]   (--force rebuilds the base image and all artifacts)
set -euo pipefail

stack_dir=$(cd "$(dirname "$0")/.." && pwd)
repo_dir=$(cd "$stack_dir/.." && pwd)
cache_dir="$stack_dir/.build"
env_file="$stack_dir/.env.local"
mirror=http://deb.debian.org/debian
toxiproxy_version=v2.12.0
moto_version=5.2.5
force=0
[ "${1:-}" = "--force" ] && force=1

script_start=$(date +%s)
log() { printf '[images] %s\n' "$*"; }
step() {  # step <label> <command...>: runs a command and prints how long it took
  local label=$1 started; shift
  started=$(date +%s)
  log "$label ..."
  "$@"
  log "$label done in $(( $(date +%s) - started )) s"
}
quietly() {  # runs a command with its output in a log file, shown only when it fails
  "$@" >"$cache_dir/last-step.log" 2>&1 || { tail -30 "$cache_dir/last-step.log"; return 1; }
}
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
# Source files of a tree newer than an artifact: rebuild only what changed since the last build.
newer_sources() {  # newer_sources <artifact> <dir> <find-args...>
  local artifact=$1 dir=$2; shift 2
  [ "$force" = 1 ] && return 0
  [ -e "$artifact" ] || return 0
  [ -n "$(find "$dir" \( -name target -o -name build -o -name .venv -o -name node_modules \) -prune -o \
          "$@" -newer "$artifact" -print -quit)" ]
}

mkdir -p "$cache_dir"

# --- 1. Debian base -----------------------------------------------------------------------------------------
build_base() {
  local tarball="$cache_dir/debian-trixie-minbase.tar"
  if [ ! -s "$tarball" ] || [ "$force" = 1 ]; then
    local rootfs
    rootfs=$(mktemp -d /tmp/ha-demo-rootfs.XXXXXX)
    quietly debootstrap --variant=minbase trixie "$rootfs" "$mirror"
    # debootstrap copies the host's resolver and hostname into the tree; Docker provides both at run time,
    # and nothing of this machine's configuration belongs in an image.
    rm -f "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
    : >"$rootfs/etc/hosts"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/tmp/*
    cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror trixie main
deb $mirror trixie-updates main
deb http://deb.debian.org/debian-security trixie-security main
EOF
    # Like Debian's official image: no recommends, no package cache left in layers.
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
      >"$rootfs/etc/apt/apt.conf.d/90ha-demo-minimal"
    printf 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb || true"; };\n' \
      >"$rootfs/etc/apt/apt.conf.d/90ha-demo-clean"
    # Like Debian's slim images: no documentation, manuals or translations in any layer.
    printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' \
      'path-include /usr/share/locale/locale.alias' >"$rootfs/etc/dpkg/dpkg.cfg.d/90ha-demo-slim"
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
    # Package scripts must not try to start daemons inside an image build.
    printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d" && chmod 755 "$rootfs/usr/sbin/policy-rc.d"
    tar -C "$rootfs" --numeric-owner -cf "$tarball" .
    rm -rf "$rootfs"
  fi
  docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' "$tarball" ha-demo/debian:trixie >/dev/null
}
if image_exists ha-demo/debian:trixie && [ "$force" = 0 ]; then
  log "ha-demo/debian:trixie present, skipped"
else
  step "ha-demo/debian:trixie (debootstrap minbase)" build_base
fi

# --- 2. Runtime images --------------------------------------------------------------------------------------
# docker build reuses its layer cache, so an unchanged recipe costs a second; the image is rebuilt when the
# base image changed (--force).
runtime_image() {  # runtime_image <tag> <recipe dir> [context dir]
  local tag=$1 recipe=$2 context=${3:-$2} no_cache=()
  [ "$force" = 1 ] && no_cache=(--no-cache)
  step "$tag" quietly docker build "${no_cache[@]}" -t "$tag" -f "$recipe/Dockerfile" "$context"
}
runtime_image ha-demo/jre:21 "$stack_dir/images/jre"
runtime_image ha-demo/python:3.13 "$stack_dir/images/python"
runtime_image ha-demo/haproxy:3.0 "$stack_dir/images/haproxy"
runtime_image ha-demo/redis:8 "$stack_dir/images/redis"
runtime_image ha-demo/prometheus:2.53 "$stack_dir/images/prometheus"
runtime_image ha-demo/redis-exporter:1.69 "$stack_dir/images/redis-exporter"

toxiproxy_bin="$cache_dir/toxiproxy-$toxiproxy_version"
if [ ! -x "$toxiproxy_bin/server" ]; then
  step "toxiproxy $toxiproxy_version (go install)" env GOBIN="$toxiproxy_bin" CGO_ENABLED=0 GOFLAGS=-trimpath \
    go install "github.com/Shopify/toxiproxy/v2/cmd/server@$toxiproxy_version" \
               "github.com/Shopify/toxiproxy/v2/cmd/cli@$toxiproxy_version"
fi
runtime_image "ha-demo/toxiproxy:${toxiproxy_version#v}" "$stack_dir/images/toxiproxy" "$toxiproxy_bin"

# moto's wheels for Debian's Python 3.13, fetched by the host's pip (PyPI answers here, not in containers).
moto_wheels="$stack_dir/dynamodb/wheels"
moto_server_version=27.0.1  # gunicorn: keep-alive connections, which moto's own development server closes
if [ ! -f "$moto_wheels/.moto-$moto_version-gunicorn-$moto_server_version" ]; then
  rm -rf "$moto_wheels" && mkdir -p "$moto_wheels"
  step "moto $moto_version wheels (pip download)" python3 -m pip download -q --disable-pip-version-check \
    --only-binary=:all: --python-version 3.13 --implementation cp --abi cp313 \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
    -d "$moto_wheels" "moto[dynamodb]==$moto_version" flask flask-cors "gunicorn==$moto_server_version"
  touch "$moto_wheels/.moto-$moto_version-gunicorn-$moto_server_version"
fi

# --- 3. Service artifacts, built on the host ------------------------------------------------------------------
services_dir="$stack_dir/services"
build_jar() {  # build_jar <service>: Maven with Temurin 25, compiling for Java 21 (the runtime image's JRE)
  local dir="$services_dir/$1"
  if newer_sources "$dir/target/$1.jar" "$dir" \( -path '*/src/*' -o -name pom.xml \) -type f; then
    step "$1 jar (mvn package)" quietly env JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 \
      mvn -B -q -T1 -f "$dir/pom.xml" -DskipTests package
  else
    log "$1 jar up to date, skipped"
  fi
}
build_go() {  # build_go <dir> <binary> <package>: a static binary for any Linux base image
  local dir=$1 binary=$2 package=$3
  if newer_sources "$dir/build/$binary" "$dir" \( -name '*.go' -o -name go.mod -o -name go.sum \) -type f; then
    step "$binary binary (go build)" quietly env -C "$dir" CGO_ENABLED=0 \
      go build -trimpath -ldflags='-s -w' -o "build/$binary" "$package"
  else
    log "$binary binary up to date, skipped"
  fi
}
build_wheels() {  # the analytics service's own recipe: wheels for Python 3.13 into build/wheels
  local dir="$services_dir/analytics-service" stamp="$cache_dir/analytics-wheels.stamp"
  if newer_sources "$stamp" "$dir" \( -path '*/src/*' -o -name pyproject.toml -o -path '*/scripts/*' \) -type f \
     || [ ! -d "$dir/build/wheels" ]; then
    step "analytics-service wheels (scripts/build-wheels.sh)" quietly bash "$dir/scripts/build-wheels.sh"
    touch "$stamp"
  else
    log "analytics-service wheels up to date, skipped"
  fi
}

# A service whose folder has no Dockerfile yet is left out, so the rest of the stack can still be built.
has_dockerfile() { [ -f "$1/Dockerfile" ] || { log "${1#$stack_dir/}: no Dockerfile yet, skipped"; return 1; }; }
images_to_build=(dynamodb)
for jar_service in product-service user-service; do
  has_dockerfile "$services_dir/$jar_service" && build_jar "$jar_service" && images_to_build+=("$jar_service")
done
if has_dockerfile "$services_dir/checkout-service"; then
  build_go "$services_dir/checkout-service" checkout-service ./cmd/checkout-service
  images_to_build+=(checkout-service)
fi
if has_dockerfile "$services_dir/analytics-service"; then
  build_wheels && images_to_build+=(analytics-service)
fi
if has_dockerfile "$stack_dir/loadgen"; then
  build_go "$stack_dir/loadgen" loadgen ./cmd/loadgen
  images_to_build+=(loadgen)
fi

# --- 4. Choice of images for compose, then the images compose builds ------------------------------------------
# stack.sh passes this file to every docker compose call; `docker compose --env-file stack/.env
# --env-file stack/.env.local -f stack/compose.yaml ...` does the same by hand.
grafana_image=$(docker compose -f "$stack_dir/compose.yaml" --profile grafana config --images | grep -m1 grafana || true)
if [ -n "$grafana_image" ] && image_exists "$grafana_image"; then
  profiles=grafana
else
  profiles=
  log "Grafana: no image $grafana_image on this machine and none can be built; the stack runs without it"
fi
cat >"$env_file" <<ENV
# Written by stack/scripts/build-images.sh: run compose.yaml with the locally built images.
ARTIFACT_SOURCE=prebuilt
JRE_IMAGE=ha-demo/jre:21
PYTHON_IMAGE=ha-demo/python:3.13
GO_RUNTIME_IMAGE=ha-demo/debian:trixie
MOTO_SOURCE=wheels
HAPROXY_IMAGE=ha-demo/haproxy:3.0
REDIS_IMAGE=ha-demo/redis:8
PROMETHEUS_IMAGE=ha-demo/prometheus:2.53
REDIS_EXPORTER_IMAGE=ha-demo/redis-exporter:1.69
TOXIPROXY_IMAGE=ha-demo/toxiproxy:${toxiproxy_version#v}
COMPOSE_PROFILES=$profiles
ENV
log "wrote ${env_file#$repo_dir/}"

# Image name, context and build arguments come from compose.yaml itself (resolved with .env.local), so
# this is the build `docker compose build` would run, with one difference: a `# syntax=` directive is
# dropped, because its frontend image would be pulled from a registry. The builtin frontend reads the
# same Dockerfiles.
compose_config=$(docker compose --env-file "$stack_dir/.env" --env-file "$env_file" -f "$stack_dir/compose.yaml" \
  config --format json)
build_service_image() {  # build_service_image <service>
  local service=$1 image context dockerfile build_args=()
  image=$(jq -r --arg s "$service" '.services[$s].image' <<<"$compose_config")
  context=$(jq -r --arg s "$service" '.services[$s].build.context' <<<"$compose_config")
  dockerfile=$(jq -r --arg s "$service" '.services[$s].build.dockerfile // "Dockerfile"' <<<"$compose_config")
  mapfile -t build_args < <(jq -r --arg s "$service" \
    '.services[$s].build.args // {} | to_entries[] | "--build-arg=\(.key)=\(.value)"' <<<"$compose_config")
  sed '/^#[[:space:]]*syntax=/Id' "$context/$dockerfile" \
    | quietly docker build -f - -t "$image" --label "com.ha-demo.built-by=build-images.sh" "${build_args[@]}" "$context"
}
for service in "${images_to_build[@]}"; do
  step "image of $service" build_service_image "$service"
done

log "images:"
docker image ls --format '  {{.Repository}}:{{.Tag}}\t{{.Size}}' --filter 'reference=ha-demo/*' | sort
log "all done in $(( $(date +%s) - script_start )) s"
