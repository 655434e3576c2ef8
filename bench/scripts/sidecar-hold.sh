#!/usr/bin/env bash
# sidecar --mode hold (issue 12, SPEC 10): 5,000 clients at 500/s through Sluice to node-seed, six stages
# of 5 s (all 5,000 waiting at once; 1,000 publishes/s at the peak); hold (node-seed answers Sluice-Hold at
# once and publishes its stages to Sluice's channel API) beside relay (today's sidecar). Target: app-server
# connections <= 1% of clients in hold; the hold rounds run Sluice with --upstream-max-connections 16
# (docs/SIDECAR.md#connection-cap), the relay rounds uncapped. Sluice and node-seed share TARGET_CPUS. 30 s of slack per stream:
# a saturated core delays streams, which shows in the latencies instead of as failures.
# Expected run time: about 2 minutes.
source "$(dirname "$0")/scenario-common.sh"
run_bench sidecar-hold 300 sidecar --mode hold --hold-modes hold,relay --streams 5000 --rate 500 \
  --hold-upstream-max-connections 16 \
  --stage-delay-ms 5000 --slack-ms 30000
