#!/usr/bin/env bash
# multi-process hold (issue 10): 40,000 concurrent checked streams across 3 gateway processes sharing one
# port (--reuse-port), arriving at 1,000/s, six stages of 8 s (all 40,000 open at once for a few seconds),
# client processes as the 20,000-file limit needs (3). Per-process and total live heap, RSS, CPU; TTFE.
# All gateways share TARGET_CPUS, all client processes CLIENT_CPUS. Expected run time: about 2.5 minutes.
source "$(dirname "$0")/scenario-common.sh"
run_bench multi-hold 300 multi-hold --gateways 3 --streams 40000 --rate 1000 --stage-delay-ms 8000
