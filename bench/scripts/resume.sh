#!/usr/bin/env bash
# resume (issue 12, SPEC 8): 2,000 stage streams at 500/s, six stages of 300 ms, each cut twice at random
# events and resumed with Last-Event-ID after 100 ms, then a reconnect after complete that must get 204.
# Every stream must see seqs 1..7 exactly once under one stream id. Expected run time: about 30 s.
source "$(dirname "$0")/scenario-common.sh"
run_bench resume 120 resume --targets sluice --streams 2000 --rate 500 --stages 6 --stage-delay-ms 300 --drops 2 \
  --reconnect-delay-ms 100
