#!/usr/bin/env bash
# fanout across two nodes through Redis (issue 10): the fanout of fanout.sh (10,000 subscribers, one channel,
# 5 events/s, 60 measured after 20 warm-up) against one gateway, then against two gateways with
# --bus redis://... (a redis-server the bench starts): subscribers split over both, publishers on the first.
# Both gateways and redis-server share TARGET_CPUS. Expected run time: about 2.5 minutes.
source "$(dirname "$0")/scenario-common.sh"
run_bench fanout-redis 300 fanout --targets sluice,sluice-redis --bus-nodes 2 --subscribers 10000 --channels 1 \
  --rate 5 --events 60 --warm-up-events 20 --connect-rate 2000
