#!/usr/bin/env bash
# Issue 13, cold start: the first 2,000 streams a fresh process serves (1,000/s, 500 ms stages), two
# fresh processes per target (rounds), Sluice on Java 17 then on Java 17 with the class-data-sharing
# archive of a training run (what bin/sluice uses below Java 25: -XX:ArchiveClassesAtExit on a trained
# gateway, then -XX:SharedArchiveFile), then on Temurin 25 with the AOT cache of a training run (JDK 25
# AOT: -XX:AOTCacheOutput on a trained gateway, then -XX:AOTCache), then node-seed.
# Target: TTFE p99 <= 50 ms for these streams and CPU per stream <= node-seed's.
# Expected run time: about 3.5 minutes.
source "$(dirname "$0")/issue13-common.sh"
mkdir -p "$OUT_BASE"

# train NAME JAVA_BIN JVM_OPTION...: bin/sluice's training step by hand (SLUICE_AOT_TRAIN=1 does the same):
# a gateway pinned like the targets serves 3,000 streams, then stops with SIGTERM and writes its archive.
train() {
  local name="$1" java="$2"
  shift 2
  local port=18913
  note "training run: $name ($*)"
  taskset -c "$TARGET_CPUS" "$java" -Xmx2g "$@" -jar gateway/target/sluice-gateway.jar \
    --host 127.0.0.1 --port "$port" --stage-delay-ms 100 > "$OUT_BASE/issue13-$name-training.log" 2>&1 &
  local gw=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.2; done
  timeout 90 java -jar "$JAR" ramp --target external --url "http://127.0.0.1:$port/api/chat/stream" --streams 3000 \
    --rate 1000 --stage-delay-ms 100 --client-cpus "$CLIENT_CPUS" --out "$OUT_BASE/issue13-$name-training" > /dev/null 2>&1 || true
  kill -TERM "$gw"
  # The JVM writes the archive as it exits (JDK 25: assembles the cache in a child process after that).
  timeout 120 tail --pid="$gw" -f /dev/null || true
}

note "cold: Sluice on the bench's Java vs node-seed, fresh process per round"
run_bench issue13-cold 240 compare ramp --targets sluice,node-seed --rounds 2 --streams 2000 --rate 1000 \
  --stage-delay-ms 500 "${CLIENT_JAVA_ARGS[@]}" || true
CDS="$OUT_BASE/issue13-sluice.jsa"
rm -f "$CDS"
train cds java "-XX:ArchiveClassesAtExit=$CDS"
ls -la "$CDS" || true
note "cold: Sluice on the bench's Java with the class-data-sharing archive (bin/sluice below Java 25), fresh process"
run_bench issue13-cold-cds 200 ramp --target sluice --warm-passes 0 --streams 2000 --rate 1000 \
  --stage-delay-ms 500 --jvm-opts "-Xmx2g -XX:SharedArchiveFile=$CDS" "${CLIENT_JAVA_ARGS[@]}" || true
if [ -x "$JDK25/bin/java" ]; then
  AOT="$OUT_BASE/issue13-sluice.aot"
  rm -f "$AOT"
  train aot "$JDK25/bin/java" "-XX:AOTCacheOutput=$AOT"
  for _ in $(seq 1 120); do grep -q "AOTCache creation is complete" "$OUT_BASE/issue13-aot-training.log" && break; sleep 1; done
  ls -la "$AOT" || true
  note "cold: Sluice on Temurin 25 with the AOT cache, fresh process per round"
  run_bench issue13-cold-aot 200 ramp --target sluice --warm-passes 0 --streams 2000 --rate 1000 --stage-delay-ms 500 \
    --target-java "$JDK25" --jvm-opts "-Xmx2g -XX:AOTCache=$AOT" "${CLIENT_JAVA_ARGS[@]}" || true
  note "cold: Sluice on Temurin 25 without the AOT cache (same flags otherwise)"
  run_bench issue13-cold-25 200 ramp --target sluice --warm-passes 0 --streams 2000 --rate 1000 --stage-delay-ms 500 \
    --target-java "$JDK25" --jvm-opts "-Xmx2g" "${CLIENT_JAVA_ARGS[@]}" || true
fi
