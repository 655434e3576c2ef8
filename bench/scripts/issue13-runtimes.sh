#!/usr/bin/env bash
# Issue 13's runtime levers on Sluice alone: the same ramp (10,000 streams at 1,000/s, 500 ms stages,
# cold pass then warm pass on one process) on Java 17 with the JVM's own collector (Serial when pinned to
# one CPU), with bin/sluice's flags (a 512 MB young generation: young pauses rarer) and with G1,
# Temurin 25 + compact object headers with its own collector, with bin/sluice's flags, with G1, with
# generational ZGC, and with the io_uring transport. Compare the 'sluice' (warm) and 'sluice pass 1'
# (cold) columns across tables. Expected run time: about 9 minutes.
source "$(dirname "$0")/issue13-common.sh"
RAMP=(ramp --target sluice --warm-passes 1 --streams 10000 --rate 1000 --stage-delay-ms 500 "${CLIENT_JAVA_ARGS[@]}")
note "Java 17, the JVM's own choice (-Xmx2g; pinned to one CPU the JVM picks Serial)"
run_bench issue13-rt-17-default 120 "${RAMP[@]}" --jvm-opts "-Xmx2g" || true
note "Java 17, bin/sluice's flags (-Xmx2g -Xmn512m: a quarter of the heap young)"
run_bench issue13-rt-17-sluice 120 "${RAMP[@]}" --jvm-opts "-Xmx2g -Xmn512m" || true
note "Java 17, G1 (-Xmx2g -XX:+UseG1GC)"
run_bench issue13-rt-17-g1 120 "${RAMP[@]}" --jvm-opts "-Xmx2g -XX:+UseG1GC" || true
note "Java 17, C1 only (-XX:TieredStopAtLevel=1): the JIT was 42% of a cold gateway's CPU in the profile"
run_bench issue13-rt-17-c1 120 "${RAMP[@]}" --jvm-opts "-Xmx2g -XX:TieredStopAtLevel=1" || true
if [ -x "$JDK25/bin/java" ]; then
  note "Temurin 25, the JVM's own choice, compact object headers"
  run_bench issue13-rt-25-coh 120 "${RAMP[@]}" --target-java "$JDK25" --jvm-opts "-Xmx2g -XX:+UseCompactObjectHeaders" || true
  note "Temurin 25, bin/sluice's flags (compact object headers, -Xmn512m)"
  run_bench issue13-rt-25-sluice 120 "${RAMP[@]}" --target-java "$JDK25" \
    --jvm-opts "-Xmx2g -Xmn512m -XX:+UseCompactObjectHeaders" || true
  note "Temurin 25, G1, compact object headers"
  run_bench issue13-rt-25-g1-coh 120 "${RAMP[@]}" --target-java "$JDK25" \
    --jvm-opts "-Xmx2g -XX:+UseG1GC -XX:+UseCompactObjectHeaders" || true
  note "Temurin 25, generational ZGC, compact object headers"
  run_bench issue13-rt-25-zgc 120 "${RAMP[@]}" --target-java "$JDK25" \
    --jvm-opts "-Xmx2g -XX:+UseZGC -XX:+UseCompactObjectHeaders" || true
  note "Temurin 25, compact object headers, io_uring transport (SLUICE_TRANSPORT=io_uring)"
  SLUICE_TRANSPORT=io_uring run_bench issue13-rt-25-uring 120 "${RAMP[@]}" --target-java "$JDK25" \
    --jvm-opts "-Xmx2g -XX:+UseCompactObjectHeaders" || true
fi
