#!/usr/bin/env bash
# Firehose A/B of gateway builds, interleaved: for each round and each jar given, a fresh gateway pinned to
# TARGET_CPUS (default 0) with a 2,000-stage zero-delay plan, a 5 s warm-up firehose, then a measured one
# (DURATION, default 10 s; 4 streams kept, one client process on CLIENT_CPUS, default 1); target CPU per
# event from the gateway's own /proc utime+stime over the measured run, with the load average.
# Usage: bench/scripts/firehose-ab.sh ROUNDS JAR [JAR...]   (build the bench first)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/bench/target/sluice-bench.jar"
TARGET_CPUS="${TARGET_CPUS:-0}"
CLIENT_CPUS="${CLIENT_CPUS:-1}"
DURATION="${DURATION:-10}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
CLIENT_JAVA=()
[ -x "$JDK25/bin/java" ] && CLIENT_JAVA=(--client-java "$JDK25")
OUT="${OUT_BASE:-$ROOT/bench-results}/firehose-ab-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
PLAN="$OUT/plan.properties"
printf 'stages=' > "$PLAN"
for k in $(seq 1 2000); do printf '%ss%d:%d:0' "$([ "$k" = 1 ] || echo ,)" "$k" $((k * 100 / 2000)); done >> "$PLAN"
echo >> "$PLAN"
rounds="$1"
shift
for round in $(seq 1 "$rounds"); do
  for jar in "$@"; do
    port=$((20000 + RANDOM % 20000))
    taskset -c "$TARGET_CPUS" java -Xmx2g -jar "$jar" --port "$port" --host 127.0.0.1 --config "$PLAN" \
      --stage-delay-ms 0 > "$OUT/gateway-$round-$port.log" 2>&1 &
    gw=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
    url="http://127.0.0.1:$port/api/chat/stream"
    timeout 120 java -jar "$BENCH" firehose --target external --url "$url" --stages 2000 --duration 5 \
      --client-cpus "$CLIENT_CPUS" "${CLIENT_JAVA[@]}" --out "$OUT/warm-$round-$gw" > /dev/null 2>&1 || true
    read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$gw/stat")
    load0=$(cut -d' ' -f1 /proc/loadavg)
    timeout 120 java -jar "$BENCH" firehose --target external --url "$url" --stages 2000 --duration "$DURATION" \
      --client-cpus "$CLIENT_CPUS" "${CLIENT_JAVA[@]}" --out "$OUT/run-$round-$gw" > "$OUT/run-$round-$gw.txt" 2>&1 || true
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$gw/stat")
    load1=$(cut -d' ' -f1 /proc/loadavg)
    kill "$gw"
    wait "$gw" 2>/dev/null || true
    events=$(awk '/^events received/ {gsub(",", "", $NF); print $NF}' "$OUT/run-$round-$gw.txt")
    rate=$(awk '/^events\/s/ {print $NF}' "$OUT/run-$round-$gw.txt")
    ticks=$(getconf CLK_TCK)
    awk -v jar="$jar" -v r="$round" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v e="${events:-0}" -v rate="$rate" \
      -v t="$ticks" -v l0="$load0" -v l1="$load1" 'BEGIN { if (e == 0) e = 1;
      printf "round %s %s: %s events/s, target CPU per event %.3f us (user %.3f, kernel %.3f), load %s -> %s\n",
        r, jar, rate, (u + s) / t * 1e6 / e, u / t * 1e6 / e, s / t * 1e6 / e, l0, l1 }'
  done
done
