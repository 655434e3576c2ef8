#!/usr/bin/env bash
# sidecar --mode hold (issue 12, SPEC 10): 5,000 clients at 1,000/s through Sluice to node-seed, six stages
# of 1 s; hold (node-seed answers Sluice-Hold at once and publishes its stages to Sluice's channel API)
# beside relay (today's sidecar). Target: app-server connections <= 1% of clients in hold.
# Sluice and node-seed share TARGET_CPUS. Expected run time: about 40 s.
source "$(dirname "$0")/scenario-common.sh"
run_bench sidecar-hold 180 sidecar --mode hold --hold-modes hold,relay --streams 5000 --rate 1000 \
  --stage-delay-ms 1000
