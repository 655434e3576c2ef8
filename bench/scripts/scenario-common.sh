# Sourced by the scenario scripts in this directory (fanout.sh, resume.sh, sidecar-hold.sh, h2.sh, ...).
# Each script: one bounded bench command that stops by itself, the target pinned to TARGET_CPUS and the
# client (the bench process) to CLIENT_CPUS, with the load average printed before and after.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
JAR="$ROOT/bench/target/sluice-bench.jar"
TARGET_CPUS="${TARGET_CPUS:-0}"
CLIENT_CPUS="${CLIENT_CPUS:-1}"
OUT_BASE="${OUT_BASE:-$ROOT/bench-results}"
for f in "$JAR" "$ROOT/gateway/target/sluice-gateway.jar"; do
  if [ ! -f "$f" ]; then
    echo "missing $f; build first: mvn -B -q -pl bench -am package -DskipTests" >&2
    exit 2
  fi
done

# run_bench NAME LIMIT_SECONDS ARGS...: prints the command, the pinning and the load average, then runs it.
run_bench() {
  local name="$1" limit="$2"
  shift 2
  local out="$OUT_BASE/$name-$(date +%Y%m%d-%H%M%S)"
  echo "== $name  $(date -u '+%F %T UTC')  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== pinning: target taskset -c $TARGET_CPUS, client taskset -c $CLIENT_CPUS (override with TARGET_CPUS/CLIENT_CPUS)"
  echo "== command: java -jar bench/target/sluice-bench.jar $* --target-cpus $TARGET_CPUS --client-cpus $CLIENT_CPUS --out $out"
  local rc=0
  timeout --kill-after=20 "$limit" java -jar "$JAR" "$@" --target-cpus "$TARGET_CPUS" --client-cpus "$CLIENT_CPUS" \
    --out "$out" || rc=$?
  echo "== $name done (exit $rc)  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  return "$rc"
}
