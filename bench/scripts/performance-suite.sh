#!/usr/bin/env bash
# Runs the measurements of docs/performance.md, each against a fresh node on this machine, and
# writes every JSON result, its HTML report, the node's log and a load-average log to OUT.
#
#   bench/scripts/performance-suite.sh OUT [STEP...]
#
# Steps (all by default, in this order): connections fanout channels api presence.
# Build first: ./mvnw -q -B -DskipTests package -pl server,bench -am
# Environment: JAVA (default: java on the PATH), PORT (6101), METRICS_PORT (9701),
# SERVER_JAR (default server/target/herald.jar), PROFILE_DIR (where the fan-out steps' flight
# recordings go; default OUT), TRANSPORT (the node's server.transport, default auto = epoll; any
# other value is added to every result's name),
# NODE_JVM_EXTRA (more JVM flags for the node, space-separated) with VARIANT (a name for them,
# added to every result's name).
set -euo pipefail

OUT=${1:?usage: performance-suite.sh OUT [connections|fanout|channels|api|presence ...]}
shift
STEPS=${*:-connections fanout channels api presence}
JAVA=${JAVA:-java}
PORT=${PORT:-6101}
METRICS_PORT=${METRICS_PORT:-9701}
PROFILE_DIR=${PROFILE_DIR:-$OUT}
TRANSPORT=${TRANSPORT:-auto}
SUFFIX=$([ "$TRANSPORT" = auto ] && echo "" || echo "-$TRANSPORT")${VARIANT:+-$VARIANT}
read -r -a NODE_JVM_EXTRA <<< "${NODE_JVM_EXTRA:-}"
HERE=$(cd "$(dirname "$0")/../.." && pwd)
SERVER_JAR=${SERVER_JAR:-$HERE/server/target/herald.jar}
BENCH_JAR=$HERE/bench/target/herald-bench.jar
CONFIG=$HERE/bench/config/perf-node.yaml
# The node's JVM flags: docs/performance.md says why each one (the last is the production recipe's).
NODE_JVM=(--enable-native-access=ALL-UNNAMED -XX:+UseCompactObjectHeaders -Xms1g -Xmx1g -XX:+AlwaysPreTouch
  -Dio.netty.leakDetection.level=disabled)
mkdir -p "$OUT" "$PROFILE_DIR"

log_load() {
  echo "$(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) $*" | tee -a "$OUT/load.log" >&2
}

# start_node NAME [JVM flag...]: starts a node, waits until it listens, sets NODE_PID.
start_node() {
  local name=$1
  shift
  "$JAVA" "${NODE_JVM[@]}" "${NODE_JVM_EXTRA[@]}" "$@" -jar "$SERVER_JAR" start --config "$CONFIG" --port "$PORT" \
    --metrics-port "$METRICS_PORT" --set "server.transport=$TRANSPORT" > "$OUT/$name-node.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      return 0
    fi
    kill -0 "$NODE_PID" 2>/dev/null || { echo "node $name exited; see $OUT/$name-node.log" >&2; exit 1; }
    sleep 1
  done
  echo "node $name did not listen on $PORT within 120 s" >&2
  exit 1
}

stop_node() {
  kill "$NODE_PID" 2>/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
}

# bench NAME ARGS...: one bench run against the node, result in OUT/NAME.json and OUT/NAME.html.
bench() {
  local name=$1
  shift
  log_load "start $name"
  "$JAVA" -jar "$BENCH_JAR" "$@" --url "ws://127.0.0.1:$PORT" --server-pid "$NODE_PID" --out "$OUT/$name.json" \
    > /dev/null 2> "$OUT/$name.progress.txt"
  log_load "end $name"
}

profiled() {
  echo "-XX:StartFlightRecording=filename=$PROFILE_DIR/$1.jfr,settings=profile,dumponexit=true"
}

for step in $STEPS; do
  case $step in
    connections)
      start_node connections-19k$SUFFIX
      # The first run on a fresh node also pays for class loading and JIT-compiled code (several MB
      # outside the heap); the second, on the warmed node, measures what the connections cost.
      for run in cold warm; do
        bench connections-19k-$run$SUFFIX connections --connections 19000 --channels 100 --processes 2 \
          --source-addresses 127.0.0.1,127.0.0.2 --rate 1500 --hold 15
      done
      stop_node ;;
    fanout)
      start_node fanout-19k$SUFFIX "$(profiled fanout-19k$SUFFIX)"
      bench fanout-19k$SUFFIX fanout --api-url "http://127.0.0.1:$PORT" --subscribers 19000 --channels 1 --processes 2 \
        --connect-rate 1500 --rate 30 --payload 100 --warmup 5 --duration 20
      stop_node ;;
    channels)
      start_node channels-2000x9$SUFFIX "$(profiled channels-2000x9$SUFFIX)"
      # 15 s of warm-up: at 5 s the JIT compilers were still taking a tenth of the node's CPU.
      bench channels-2000x9$SUFFIX fanout --api-url "http://127.0.0.1:$PORT" --subscribers 18000 --channels 2000 --processes 2 \
        --connect-rate 1500 --rate 5000 --batch 10 --payload 100 --warmup 15 --duration 20
      stop_node ;;
    api)
      start_node api-batch$SUFFIX "$(profiled api-batch$SUFFIX)"
      bench api-batch$SUFFIX fanout --api-url "http://127.0.0.1:$PORT" --subscribers 0 --channels 100 \
        --rate 60000 --batch 100 --max-in-flight 128 --payload 100 --warmup 5 --duration 20
      stop_node ;;
    presence)
      start_node presence-2000$SUFFIX "$(profiled presence-2000$SUFFIX)"
      bench presence-2000$SUFFIX presence --members 2000 --channels 40 --observers 2 --rate 500 --warmup 5 --duration 20
      stop_node ;;
    *)
      echo "unknown step $step" >&2
      exit 2 ;;
  esac
done
