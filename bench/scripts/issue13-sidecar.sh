#!/usr/bin/env bash
# Issue 13, relayed sidecar stream vs stage stream: 2,000 streams at 500/s, six stages of 1 s; node-seed
# directly and through Sluice's relay, then the same shape as Sluice's own stage stream.
# Target: 'sluice: CPU per stream' <= 1.5x the stage stream's 'target CPU per stream', and 'time to first
# event' (accepted) as fast as the direct first event.
#
# Where each process runs matters for the second target. Directly, node-seed has TARGET_CPUS to itself.
# Through Sluice there are two server processes: the first table keeps both on TARGET_CPUS (as the earlier
# tables did), so that CPU does two processes' work and the relayed first event waits for node-seed's turns
# on it; the second table puts node-seed on APP_CPUS (default: CLIENT_CPUS, the only other CPU of a 2-core
# machine), so Sluice has TARGET_CPUS to itself as node-seed had directly and as Sluice has in the stage
# stream table. 'sluice: own time to first event p99' is Sluice's own histogram (request read to accepted
# written): what the client sees beyond it was spent outside Sluice's handling (run queue, kernel).
# Expected run time: about 3 minutes.
source "$(dirname "$0")/issue13-common.sh"
APP_CPUS="${APP_CPUS:-$CLIENT_CPUS}"
note "sidecar: direct vs relayed through Sluice; relayed, node-seed shares Sluice's CPUs ($TARGET_CPUS)"
run_bench issue13-sidecar 150 sidecar --rounds 1 --streams 2000 --rate 500 --stage-delay-ms 1000 --no-heap-probe \
  "${CLIENT_JAVA_ARGS[@]}" || true
note "sidecar: direct vs relayed through Sluice; relayed, node-seed apart on APP_CPUS=$APP_CPUS (Sluice alone on $TARGET_CPUS)"
run_bench issue13-sidecar-app-apart 150 sidecar --rounds 1 --streams 2000 --rate 500 --stage-delay-ms 1000 \
  --no-heap-probe --app-cpus "$APP_CPUS" "${CLIENT_JAVA_ARGS[@]}" || true
note "stage stream of the same shape (Sluice's own plan)"
run_bench issue13-stage-stream 90 ramp --target sluice --streams 2000 --rate 500 --stage-delay-ms 1000 \
  "${CLIENT_JAVA_ARGS[@]}" || true
