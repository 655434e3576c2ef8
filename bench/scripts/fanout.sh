#!/usr/bin/env bash
# fanout (issue 12): 10,000 subscribers on one channel, 5 events/s for 60 measured events after 20 warm-up
# events, Sluice then node-seed, each a fresh process pinned to one core. Target: Sluice delivery p99
# <= 50 ms and CPU per delivered event <= 0.25x node-seed's. Expected run time: about 2.5 minutes.
source "$(dirname "$0")/scenario-common.sh"
run_bench fanout 300 fanout --targets sluice,node-seed --subscribers 10000 --channels 1 --rate 5 --events 60 \
  --warm-up-events 20 --connect-rate 2000 --heap-probe
