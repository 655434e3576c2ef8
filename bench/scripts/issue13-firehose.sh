#!/usr/bin/env bash
# Issue 13, firehose: 4 streams x 2,000 zero-delay stages for 10 s per target, one client process per
# client CPU; the lines after the table say which side saturated. Target: Sluice CPU per event <= 0.5 us
# with the client not the bottleneck. Expected run time: about 1.5 minutes.
source "$(dirname "$0")/issue13-common.sh"
require_reactor_netty
note "firehose, fresh process per target (JIT included)"
run_bench issue13-firehose 200 compare firehose --rounds 1 --duration 10 "${CLIENT_JAVA_ARGS[@]}" || true
