#!/usr/bin/env bash
# Benchmark of GET /api/v1/products/{id} with a warm cache: starts its own redis-server, moto
# server and the service jar on free local ports, then runs ratebench against them.
#   1. 200 req/s for 30 s (after a 10 s warm-up): p50/p95/p99
#   2. find-max: the highest rate whose p95 stays under 10 ms
# Prints figures only; it is not a test. Traffic goes to 127.0.0.1 and stops by itself.
#
# Env: JAVA_HOME (Java >= 21; default Temurin 25), REDIS_SERVER_BIN, MOTO_SERVER_BIN,
#      RATE (200), DURATION (30s), P95 (10ms), STEP_DURATION (10s), HEAP (512m), OUT_DIR.
set -euo pipefail

service_dir="$(cd "$(dirname "$0")/.." && pwd)"
repo_root="$(git -C "$service_dir" rev-parse --show-toplevel)"
ratebench_dir="$repo_root/stack/tools/ratebench"
out_dir="${OUT_DIR:-$service_dir/bench/out}"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rate="${RATE:-200}" duration="${DURATION:-30s}" p95="${P95:-10ms}" step_duration="${STEP_DURATION:-10s}"
mkdir -p "$out_dir"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

find_bin() { # $1 env override, $2 command
    if [[ -n "${!1:-}" ]]; then echo "${!1}"; return; fi
    if command -v "$2" >/dev/null; then command -v "$2"; return; fi
    if [[ -x "$repo_root/.tools/venv/bin/$2" ]]; then echo "$repo_root/.tools/venv/bin/$2"; return; fi
    echo "$2 not found; set $1" >&2; exit 1
}

# The stack's DynamoDB server (moto, atomic per request like DynamoDB), on moto's own Python.
moto_python() {
    local moto="$1" shebang
    shebang="$(head -n1 "$moto")"
    if [[ "$shebang" == '#!'*python* ]]; then echo "${shebang#\#!}"; else echo "$(dirname "$moto")/python3"; fi
}

wait_until() { # $1 seconds, rest: command
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        (( SECONDS < deadline )) || { echo "timed out waiting for: $*" >&2; exit 1; }
        sleep 0.5
    done
}

jar="$service_dir/target/product-service.jar"
if [[ ! -f "$jar" ]]; then
    echo "building $jar"
    (cd "$service_dir" && JAVA_HOME="$java_home" mvn -B -q -T1 -DskipTests package)
fi
echo "building ratebench"
(cd "$ratebench_dir" && go build -o "$out_dir/ratebench" .)

redis_port="$(free_port)" moto_port="$(free_port)" app_port="$(free_port)"
redis_bin="$(find_bin REDIS_SERVER_BIN redis-server)"
moto_bin="$(find_bin MOTO_SERVER_BIN moto_server)"

"$redis_bin" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$out_dir/redis.log" 2>&1 &
pids+=($!)
$(moto_python "$moto_bin") "$repo_root/stack/dynamodb/stack_moto_server.py" -H 127.0.0.1 -p "$moto_port" >"$out_dir/moto.log" 2>&1 &
pids+=($!)
wait_until 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$moto_port"

PORT="$app_port" DYNAMODB_ENDPOINT="http://127.0.0.1:$moto_port" REDIS_URL="redis://127.0.0.1:$redis_port" \
AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=eu-central-1 \
    "$java_home/bin/java" -Xmx"${HEAP:-512m}" -XX:+UseSerialGC -jar "$jar" >"$out_dir/service.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$app_port"
echo "waiting for $base/health/ready"
wait_until 180 curl -fsS "$base/health/ready"

urls="$out_dir/urls.txt"
curl -fsS "$base/api/v1/products?limit=100" | python3 -c '
import json, sys
for p in json.load(sys.stdin)["items"]:
    print(sys.argv[1] + "/api/v1/products/" + p["id"])' "$base" >"$urls"
echo "warming the cache with $(wc -l <"$urls") products"
while read -r url; do curl -fsS -o /dev/null "$url"; done <"$urls"

metric() { curl -fsS "$base/metrics" | awk -v m="$1" 'index($0, m) == 1 { print $2 }'; }
hits_before="$(metric 'product_cache_requests_total{cache="product",result="hit"}')"
misses_before="$(metric 'product_cache_requests_total{cache="product",result="miss"}')"

echo
echo "== GET /api/v1/products/{id}, warm cache, $rate req/s for $duration (after 10s warm-up) =="
"$out_dir/ratebench" -urls "$urls" -rate "$rate" -duration "$duration" -warmup 10s -json "$out_dir/constant-rate.json"

echo
echo "== highest rate with p95 < $p95 =="
"$out_dir/ratebench" -urls "$urls" -find-max -p95 "$p95" -start-rate "$rate" -step-factor 1.5 \
    -duration "$step_duration" -warmup 3s -refine 3 -json "$out_dir/find-max.json"

hits="$(metric 'product_cache_requests_total{cache="product",result="hit"}')"
misses="$(metric 'product_cache_requests_total{cache="product",result="miss"}')"
echo
echo "cache during the benchmark: $(python3 -c "print(int($hits - $hits_before))") hits, $(python3 -c "print(int($misses - $misses_before))") misses"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
