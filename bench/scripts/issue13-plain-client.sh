#!/usr/bin/env bash
# Issue 13, the rows measured with a plain Node `http` client instead of the bench: Sluice (Java 17, the
# JVM's own flags, -Xmx2g) and node-seed, each a fresh process on TARGET_CPUS with the default six 150 ms
# stages; the client (plain-node-client.js) on CLIENT_CPUS: 3,000 warm-up streams, then three passes of
# 10,000 streams at 1,000/s on the same process (so after 3,000, 13,000 and 23,000 streams served).
# Prints CPU per stream (user/kernel) and TTFE per pass. Expected run time: about 1.5 minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TARGET_CPUS="${TARGET_CPUS:-0}"
CLIENT_CPUS="${CLIENT_CPUS:-1}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
measure() {
  local name="$1" port="$2" pid="$3"
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.2; done
  echo "== $name (pid $pid)  $(date -u '+%F %T UTC')  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== pinning: target taskset -c $TARGET_CPUS, client taskset -c $CLIENT_CPUS"
  echo "== command: taskset -c $CLIENT_CPUS node bench/scripts/plain-node-client.js --url http://127.0.0.1:$port/api/chat/stream --pid $pid --warm-up 3000 --streams 10000 --rate 1000 --passes 3"
  timeout 120 taskset -c "$CLIENT_CPUS" node bench/scripts/plain-node-client.js --url "http://127.0.0.1:$port/api/chat/stream" \
    --pid "$pid" --warm-up 3000 --streams 10000 --rate 1000 --passes 3 || true
  echo "== $name done  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
PORT=$(free_port)
taskset -c "$TARGET_CPUS" java -Xmx2g -jar gateway/target/sluice-gateway.jar --host 127.0.0.1 --port "$PORT" \
  --access-log true > /dev/null 2>&1 &
measure "sluice (java -Xmx2g -jar)" "$PORT" $!
PORT=$(free_port)
taskset -c "$TARGET_CPUS" node bench/peers/node-seed/server.js --port "$PORT" > /dev/null 2>&1 &
measure "node-seed" "$PORT" $!
