#!/usr/bin/env bash
# Runs a Python service's pytest suite in its own virtualenv (created on first use), from the service folder.
set -euo pipefail
if [ ! -x .venv/bin/pytest ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
fi
exec .venv/bin/pytest -q
