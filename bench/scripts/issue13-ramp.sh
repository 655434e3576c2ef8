#!/usr/bin/env bash
# Issue 13, first rows of its table: ramp of 10,000 streams at 1,000/s, 500 ms stages, each target pinned
# to TARGET_CPUS and the client to CLIENT_CPUS; every target a fresh process that takes the load twice:
# columns '<target> pass 1' are the cold figures, '<target>' the warm ones (second run on one process).
# TTFE p50/p99, lateness p99, CPU per stream (user/kernel split), allocation per stream, the client's own
# CPU and GC pauses, and which side saturated. Targets: TTFE and lateness p99 <= 5 ms warm; CPU per stream
# <= 0.5x node-seed's warm. The JVM targets (Sluice, reactor-netty) both get bin/sluice's heap flags
# (-Xmx2g -Xmn512m: young collections rarer). Expected run time: about 3.5 minutes.
source "$(dirname "$0")/issue13-common.sh"
require_reactor_netty
note "ramp, cold (pass 1) and warm; JVM targets on the bench's Java ($(java -version 2>&1 | head -1))"
run_bench issue13-ramp 420 compare ramp --targets sluice,node-seed,reactor-netty --rounds 1 --warm-passes 1 \
  --streams 10000 --rate 1000 --stage-delay-ms 500 --jvm-opts "-Xmx2g -Xmn512m" "${CLIENT_JAVA_ARGS[@]}" || true
