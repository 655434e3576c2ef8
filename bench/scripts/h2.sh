#!/usr/bin/env bash
# h2 (issue 9): 5,000 concurrent stage streams at 500/s (six stages of 2 s, all open at once after 10 s;
# h1 over TLS does one full handshake per stream, which one loaded core cannot do at 1,000/s) over HTTP/2 on TLS
# (100 connections, 50 streams each: half the default --h2-max-concurrent-streams), HTTP/1.1 on TLS and
# HTTP/1.1 in clear text, each a fresh gateway on one core: time to first event, CPU and live heap per open
# stream. Target: an h2 stream (TLS included) costs no
# more live heap than an h1c stream (3.0 KB). Expected run time: about 2 minutes.
source "$(dirname "$0")/scenario-common.sh"
run_bench h2 240 h2 --protocols h2,h1,h1c --streams 5000 --rate 500 --stage-delay-ms 2000 --connections 100
