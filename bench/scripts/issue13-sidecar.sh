#!/usr/bin/env bash
# Issue 13, relayed sidecar stream vs stage stream: 2,000 streams at 500/s, six stages of 1 s; node-seed
# directly and through Sluice's relay (Sluice and node-seed both on TARGET_CPUS), then the same shape as
# Sluice's own stage stream. Target: 'sluice: CPU per stream' <= 1.5x the stage stream's 'target CPU per
# stream', and 'time to first event' (accepted) as fast as the direct first event.
# Expected run time: about 1.5 minutes.
source "$(dirname "$0")/issue13-common.sh"
note "sidecar: direct vs relayed through Sluice"
run_bench issue13-sidecar 150 sidecar --rounds 1 --streams 2000 --rate 500 --stage-delay-ms 1000 --no-heap-probe \
  "${CLIENT_JAVA_ARGS[@]}" || true
note "stage stream of the same shape (Sluice's own plan)"
run_bench issue13-stage-stream 90 ramp --target sluice --streams 2000 --rate 500 --stage-delay-ms 1000 \
  "${CLIENT_JAVA_ARGS[@]}" || true
