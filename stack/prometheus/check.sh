#!/usr/bin/env bash
# Validates the Prometheus configuration, the rules, and runs the rule unit tests.
# Uses $PROMTOOL, else promtool on PATH (Debian: apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")"
promtool="${PROMTOOL:-promtool}"
if ! command -v "$promtool" >/dev/null; then
  echo "check.sh: promtool not found (apt-get install prometheus, or set PROMTOOL)" >&2
  exit 1
fi
"$promtool" check config prometheus.yml
"$promtool" check rules rules/*.yml
"$promtool" test rules tests/*.yml
echo "prometheus: config, rules and rule tests OK"
