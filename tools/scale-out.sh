#!/usr/bin/env bash
# Two `fluxion serve` instances behind HAProxy on loopback, sharing one models folder: shows that
# both serve (health answers name both instances), that a model trained through one is listed and
# sampled through the other, and that WebSocket streams pass the balancer.
# Needs: the built jar (mvn -B -q install -DskipTests), haproxy (apt-get install haproxy), curl, python3 + numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=demo/target/fluxion.jar
BALANCER_PORT=${BALANCER_PORT:-18480}
work=$(mktemp -d)
mkdir -p "$work/models"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for port in 18481 18482; do
  OMP_WAIT_POLICY=PASSIVE java --add-modules jdk.incubator.vector -Dfluxion.noRelaunch=true -jar "$JAR" serve \
    --port "$port" --models "$work/models" >"$work/serve-$port.log" 2>&1 &
  pids+=($!)
done

cat >"$work/haproxy.cfg" <<EOF
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
frontend fluxion
  bind 127.0.0.1:$BALANCER_PORT
  default_backend servers
backend servers
  balance roundrobin
  option httpchk GET /api/health
  server a 127.0.0.1:18481 check
  server b 127.0.0.1:18482 check
EOF
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)

base="http://127.0.0.1:$BALANCER_PORT"
for _ in $(seq 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18481/api/health)" = 200 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18482/api/health)" = 200 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/health")" = 200 ] && break
  sleep 0.5
done

echo "instances answering through the balancer:"
for _ in 1 2 3 4; do curl -s "$base/api/health" | python3 -c 'import json,sys; print("  instance", json.load(sys.stdin)["instance"])'; done

printf 'x,y\n' >"$work/ring.csv"
python3 - >>"$work/ring.csv" <<'PY'
import math, random
random.seed(1)
for _ in range(2000):
    a = random.uniform(0, 2 * math.pi); r = 2 + random.gauss(0, 0.05)
    print(f"{r * math.cos(a)},{r * math.sin(a)}")
PY
job=$(curl -s -X POST --data-binary @"$work/ring.csv" "$base/api/train?name=ring&steps=300")
echo "training job: $job"
id=$(echo "$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# the job lives on the instance that took it; its progress is read from there (jobs are the one per-instance state)
for port in 18481 18482; do
  curl -s -N "http://127.0.0.1:$port/api/jobs/$id/events" 2>/dev/null | grep -m1 -q "event: done" && break || true
done
for _ in $(seq 60); do [ -f "$work/models/ring.fluxion" ] && break; sleep 0.5; done
echo "both instances list the trained model (shared folder):"
for port in 18481 18482; do
  printf '  instance on %s: ' "$port"
  curl -s "http://127.0.0.1:$port/api/models" | python3 -c 'import json,sys; print([m["name"] for m in json.load(sys.stdin) if m["name"] == "ring"])'
done
echo "sampling it through the balancer, twice (one request per instance):"
for _ in 1 2; do curl -s "$base/api/models/ring/samples?n=3" | tail -n +2 | head -1 | sed 's/^/  /'; done
echo "a stream through the balancer:"
python3 tools/fluxion_client.py --port "$BALANCER_PORT" --model ring --particles 5000 --frames 30 | sed 's/^/  /'
