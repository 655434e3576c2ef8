#!/usr/bin/env bash
# restart (issue 10): stage streams (6 x 500 ms) arriving at 200/s for 30 s while the gateway is restarted
# twice with --reuse-port (new process, wait for /readyz, SIGTERM the old one). Counts refused connections
# and cut streams (target: zero each). Needs net.ipv4.tcp_migrate_req=1 (printed in the setup line).
# Expected run time: about 45 s.
source "$(dirname "$0")/scenario-common.sh"
run_bench restart 120 restart --rate 200 --duration 30 --restarts 2 --stages 6 --stage-delay-ms 500
