#!/usr/bin/env bash
# Issue 13, cold start: the first 2,000 streams a fresh process serves (1,000/s, 500 ms stages), two
# fresh processes per target (rounds), Sluice on Java 17 then on Temurin 25 with the AOT cache of a
# training run (JDK 25 AOT: -XX:AOTCacheOutput on a trained gateway, then -XX:AOTCache), then node-seed.
# Target: TTFE p99 <= 50 ms for these streams and CPU per stream <= node-seed's.
# Expected run time: about 2.5 minutes.
source "$(dirname "$0")/issue13-common.sh"
note "cold: Sluice on the bench's Java vs node-seed, fresh process per round"
run_bench issue13-cold 240 compare ramp --targets sluice,node-seed --rounds 2 --streams 2000 --rate 1000 \
  --stage-delay-ms 500 "${CLIENT_JAVA_ARGS[@]}" || true
if [ -x "$JDK25/bin/java" ]; then
  AOT="$OUT_BASE/issue13-sluice.aot"
  mkdir -p "$OUT_BASE"
  rm -f "$AOT"
  note "training run for the AOT cache: $AOT"
  PORT=18913
  taskset -c "$TARGET_CPUS" "$JDK25/bin/java" -Xmx2g -XX:AOTCacheOutput="$AOT" -jar gateway/target/sluice-gateway.jar \
    --host 127.0.0.1 --port "$PORT" --stage-delay-ms 100 > "$OUT_BASE/issue13-aot-training.log" 2>&1 &
  GW=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done
  timeout 90 java -jar "$JAR" ramp --target external --url "http://127.0.0.1:$PORT/api/chat/stream" --streams 3000 \
    --rate 1000 --stage-delay-ms 100 --client-cpus "$CLIENT_CPUS" --out "$OUT_BASE/issue13-aot-training" > /dev/null 2>&1 || true
  kill -TERM "$GW"
  # The JVM assembles the cache in a child process after the gateway stops.
  timeout 120 tail --pid="$GW" -f /dev/null || true
  for _ in $(seq 1 120); do grep -q "AOTCache creation is complete" "$OUT_BASE/issue13-aot-training.log" && break; sleep 1; done
  ls -la "$AOT" || true
  note "cold: Sluice on Temurin 25 with the AOT cache, fresh process per round"
  run_bench issue13-cold-aot 200 ramp --target sluice --warm-passes 0 --streams 2000 --rate 1000 --stage-delay-ms 500 \
    --target-java "$JDK25" --jvm-opts "-Xmx2g -XX:AOTCache=$AOT" "${CLIENT_JAVA_ARGS[@]}" || true
  note "cold: Sluice on Temurin 25 without the AOT cache (same flags otherwise)"
  run_bench issue13-cold-25 200 ramp --target sluice --warm-passes 0 --streams 2000 --rate 1000 --stage-delay-ms 500 \
    --target-java "$JDK25" --jvm-opts "-Xmx2g" "${CLIENT_JAVA_ARGS[@]}" || true
fi
