#!/usr/bin/env bash
# Issue 13, memory: 19,000 open streams in one Sluice process (2,000/s, six stages of 2 s, so all are
# open at once), live heap per open stream after a forced GC (jcmd GC.class_histogram), on Java 17 and
# on Temurin 25 with compact object headers. Target: <= 1 KB per stream.
# Expected run time: about 2 minutes.
source "$(dirname "$0")/issue13-common.sh"
HOLD=(hold --target sluice --streams 19000 --rate 2000 --stage-delay-ms 2000 --heap-probe "${CLIENT_JAVA_ARGS[@]}")
note "hold 19,000, Java 17, the JVM's own collector (Serial when pinned to one CPU)"
run_bench issue13-memory-17 150 "${HOLD[@]}" --jvm-opts "-Xmx2g" || true
if [ -x "$JDK25/bin/java" ]; then
  note "hold 19,000, Temurin 25 + compact object headers, the JVM's own collector"
  run_bench issue13-memory-25-coh 150 "${HOLD[@]}" --target-java "$JDK25" --jvm-opts "-Xmx2g -XX:+UseCompactObjectHeaders" || true
fi
