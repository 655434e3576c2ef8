#!/usr/bin/env bash
# Issue 13: the client's own floor. The bench against its built-in null SSE target (pre-encoded events,
# one event loop), pinned like every other run: ramp of 10,000 streams at 1,000/s with 500 ms stages
# (cold pass, then warm pass on the same null-target process), then a 10 s firehose with one client
# process per client CPU. Any latency a real target shows above these is the target's.
# Expected run time: about 1.5 minutes.
source "$(dirname "$0")/issue13-common.sh"
note "calibrate ramp: columns 'null pass 1' = cold, 'null' = warm"
run_bench issue13-calibrate-ramp 150 calibrate ramp --streams 10000 --rate 1000 --stage-delay-ms 500 --warm-passes 1 \
  "${CLIENT_JAVA_ARGS[@]}" || true
note "calibrate firehose: 4 streams x 2,000 zero-delay stages for 10 s"
run_bench issue13-calibrate-firehose 90 calibrate firehose --duration 10 "${CLIENT_JAVA_ARGS[@]}" || true
