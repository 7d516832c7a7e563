#!/usr/bin/env bash
# Wheels for the container's Python 3.13 into build/wheels, made on the host: PyPI answers here, not inside
# containers. The Dockerfile's artifact-prebuilt stage copies them; the runtime installs them offline.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=${PYTHON:-python3}
out=build/wheels
rm -rf "$out" && mkdir -p "$out"

# The service itself: pure Python, so a wheel built by the host's Python installs on 3.13.
"$python" -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$out" .

# Its dependencies as the container's interpreter needs them (CPython 3.13 on x86-64 glibc), resolved from
# the service wheel's own pinned requirements.
"$python" -m pip download --quiet --disable-pip-version-check --dest "$out" \
  --only-binary=:all: --python-version 3.13 --implementation cp --abi cp313 \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
  "$out"/analytics_service-*.whl

echo "wheels in $PWD/$out:" && ls "$out"
