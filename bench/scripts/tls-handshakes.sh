#!/usr/bin/env bash
# tls-handshakes (issue 9): full TLS handshakes per second into a gateway on one core, BoringSSL (what the
# gateway picks when netty-tcnative loads) vs the JDK's TLS (-Dio.netty.handler.ssl.noOpenSsl=true),
# 16 concurrent loops, 3 s warm-up then 10 s measured each. Expected run time: about 45 s.
source "$(dirname "$0")/scenario-common.sh"
run_bench tls-handshakes 120 tls-handshakes --providers openssl,jdk --lanes 16 --warm-up 3 --duration 10
