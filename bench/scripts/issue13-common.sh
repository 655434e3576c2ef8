# Sourced by the issue13-*.sh scripts: scenario-common.sh's run_bench (bounded, pinned with --target-cpus
# and --client-cpus, command and load average printed) plus issue 13's defaults: the client on Temurin 25
# (generational ZGC: sub-millisecond client pauses) wherever it is installed.
source "$(dirname "${BASH_SOURCE[0]}")/scenario-common.sh"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
CLIENT_JAVA_ARGS=()
if [ -x "$JDK25/bin/java" ]; then
  CLIENT_JAVA_ARGS=(--client-java "$JDK25")
else
  echo "== note: $JDK25 missing; the client runs on the bench's own Java" >&2
fi

# note TEXT: one line saying what the next table is (cold or warm, which runtime).
note() {
  echo "== $*"
}

# require_reactor_netty: the scripts comparing all three targets stop at once when the peer is not built.
require_reactor_netty() {
  if [ ! -f "$ROOT/bench/peers/reactor-netty/target/reactor-netty-peer.jar" ]; then
    echo "missing bench/peers/reactor-netty/target/reactor-netty-peer.jar; build it first:" \
      "mvn -B -q -f bench/peers/reactor-netty/pom.xml package -DskipTests" >&2
    exit 2
  fi
}
