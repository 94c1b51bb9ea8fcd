#!/usr/bin/env bash
# Measures Herald as a user starts it: `./herald start` with no JVM flags (the launcher's
# defaults), against the same for another checkout, alternating the two so that both see the
# same machine. Writes every JSON result, each node's log and a load-average log to OUT.
#
#   bench/scripts/defaults-suite.sh OUT STEP HOME_A [HOME_B]
#
# HOME_A, HOME_B: repository checkouts with server/target/herald.jar built (their ./herald
# launchers are used). STEP:
#   memory   RSS at 5,000 and at 19,900 idle subscribed connections on one node
#   startup  process start to /ready, STARTS times each (default 5)
#   api      single-event API calls, no subscribers: server CPU per call
#   channels 1,000 channels x 10 subscribers, 2,000 single-event publishes/s
#   presence 20 joins/s (and as many leaves) seen by 20 observers; 500 joins/s over 40 channels
#   warmup   the first minutes of a fresh node: 100 channels x 10 subscribers, 1,000 publishes/s,
#            WINDOWS (3) consecutive 60 s runs without warm-up, each with its server CPU per delivery
# Environment: FIRST_LABEL, SECOND_LABEL (a and b: the names of HOME_A's and HOME_B's results), ROUNDS (2: A and B alternate this many times), API_RATE (calls/s of the api step, 2000),
# API_WARMUP (its warm-up seconds, 15), CHANNELS_RATE (publishes/s of the channels step, 2000), PORT (6201), METRICS_PORT (9801),
# BENCH_JAR (this checkout's bench/target/herald-bench.jar), JAVA_HOME (a JDK 25 for the bench),
# SOURCE_ADDRESSES (the memory step's three loopback source addresses, 127.0.0.3,127.0.0.1,127.0.0.2: the first
# for the first 5,000, the others for the rest; a source address has about 28,000 ports, shared with every
# other program connecting from it on this machine).
set -euo pipefail

OUT=${1:?usage: defaults-suite.sh OUT memory|startup|api|channels|presence|warmup HOME_A [HOME_B]}
STEP=${2:?step}
shift 2
HOMES=("$@")
ROUNDS=${ROUNDS:-2}
STARTS=${STARTS:-5}
WINDOWS=${WINDOWS:-3}
API_RATE=${API_RATE:-2000}
API_WARMUP=${API_WARMUP:-15}
CHANNELS_RATE=${CHANNELS_RATE:-2000}
PORT=${PORT:-6201}
METRICS_PORT=${METRICS_PORT:-9801}
SOURCE_ADDRESSES=${SOURCE_ADDRESSES:-127.0.0.3,127.0.0.1,127.0.0.2}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_JAR=${BENCH_JAR:-$HERE/bench/target/herald-bench.jar}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mkdir -p "$OUT"
NODE_PID=
FIRST_PID=
# Nothing this script started outlives it, whatever step fails.
trap '[ -z "$FIRST_PID" ] || kill "$FIRST_PID" 2>/dev/null; [ -z "$NODE_PID" ] || kill "$NODE_PID" 2>/dev/null; true' EXIT

log_load() {
  echo "$(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) $*" | tee -a "$OUT/load.log" >&2
}

now_ms() {
  date +%s%3N
}

# start_node HOME NAME [herald start args...]: starts HOME's launcher, waits for /ready, sets
# NODE_PID and READY_MS (milliseconds from the launch to the first 200 from /ready).
start_node() {
  local home=$1 name=$2
  shift 2
  local started
  started=$(now_ms)
  "$home/herald" start --port "$PORT" --metrics-port "$METRICS_PORT" "$@" > "$OUT/$name-node.log" 2>&1 &
  NODE_PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/ready"; do
    kill -0 "$NODE_PID" 2>/dev/null || { echo "node $name exited; see $OUT/$name-node.log" >&2; exit 1; }
    if [ $(( $(now_ms) - started )) -gt 120000 ]; then
      echo "node $name not ready within 120 s" >&2
      exit 1
    fi
    sleep 0.01
  done
  READY_MS=$(( $(now_ms) - started ))
}

stop_node() {
  kill "$NODE_PID" 2>/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=
}

bench() {
  local name=$1
  shift
  log_load "start $name"
  "$JAVA" -jar "$BENCH_JAR" "$@" --url "ws://127.0.0.1:$PORT" --server-pid "$NODE_PID" --out "$OUT/$name.json" \
    > /dev/null 2> "$OUT/$name.progress.txt"
  log_load "end $name"
}

label() {
  [ "$1" = 0 ] && echo "${FIRST_LABEL:-a}" || echo "${SECOND_LABEL:-b}"
}

for round in $(seq 1 "$ROUNDS"); do
  for i in "${!HOMES[@]}"; do
    home=${HOMES[$i]}
    side=$(label "$i")
    case $STEP in
      memory)
        # 5,000 connections from a third source address, held while 14,900 more connect: the second
        # bench run's baseline is the node's RSS at 5,000 and its loaded sample the RSS at 19,900 (each
        # read before the bench's forced collection), so its rssPerConnectionBytes is the growth per
        # connection between the two.
        name=memory-$side-$round
        start_node "$home" "$name"
        sleep 5
        log_load "ready $name in $READY_MS ms; idle RSS $(awk '/VmRSS/ {print $2}' "/proc/$NODE_PID/status") kB"
        "$JAVA" -jar "$BENCH_JAR" connections --connections 5000 --channels 100 --processes 1 \
          --source-addresses "${SOURCE_ADDRESSES%%,*}" --rate 1500 --hold 1200 --url "ws://127.0.0.1:$PORT" \
          > /dev/null 2> "$OUT/$name-first-5000.progress.txt" &
        FIRST_PID=$!
        until grep -q "hold" "$OUT/$name-first-5000.progress.txt"; do
          kill -0 "$FIRST_PID" 2>/dev/null || { echo "the first 5,000 did not connect; see $OUT/$name-first-5000.progress.txt" >&2; exit 1; }
          sleep 1
        done
        sleep 5
        bench "$name" connections --connections 14900 --channels 100 --processes 2 \
          --source-addresses "${SOURCE_ADDRESSES#*,}" --rate 1500 --hold 15
        kill "$FIRST_PID" 2>/dev/null || true
        wait "$FIRST_PID" 2>/dev/null || true
        FIRST_PID=
        stop_node ;;
      startup)
        # A first start, not counted, lets the launcher do its once-per-build work (the AOT cache).
        if [ "$round" = 1 ]; then
          start_node "$home" "startup-$side-prime"
          stop_node
        fi
        for n in $(seq 1 "$STARTS"); do
          start_node "$home" "startup-$side-$round-$n"
          cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " "); print int((f[12] + f[13]) * 1000 / hz) }' \
            "/proc/$NODE_PID/stat")
          stop_node
          echo "$(date -u +%FT%TZ) $side round $round start $n ready_ms $READY_MS cpu_ms $cpu_ms load $(cut -d' ' -f1-3 /proc/loadavg)" \
            | tee -a "$OUT/startup.log"
        done ;;
      api)
        name=api-single-$API_RATE-w$API_WARMUP-$side-$round
        start_node "$home" "$name"
        bench "$name" fanout --api-url "http://127.0.0.1:$PORT" --subscribers 0 --channels 1000 \
          --rate "$API_RATE" --max-in-flight 16 --payload 100 --warmup "$API_WARMUP" --duration 20
        stop_node ;;
      channels)
        name=channels-1000x10-$CHANNELS_RATE-$side-$round
        start_node "$home" "$name"
        bench "$name" fanout --api-url "http://127.0.0.1:$PORT" --subscribers 10000 --channels 1000 --processes 1 \
          --connect-rate 1500 --rate "$CHANNELS_RATE" --max-in-flight 16 --payload 100 --warmup 15 --duration 20
        stop_node ;;
      warmup)
        # Each window connects its subscribers again, then publishes for 60 s from its first second.
        start_node "$home" "warmup-$side-$round"
        for window in $(seq 1 "$WINDOWS"); do
          bench "warmup-$side-$round-$window" fanout --api-url "http://127.0.0.1:$PORT" --subscribers 1000 --channels 100 \
            --processes 1 --connect-rate 2000 --rate 1000 --max-in-flight 16 --payload 100 --warmup 0 --duration 60
        done
        stop_node ;;
      presence)
        name=presence-20-$side-$round
        start_node "$home" "$name"
        bench "$name" presence --members 100 --channels 1 --observers 20 --rate 40 --warmup 10 --duration 30
        stop_node
        name=presence-500-$side-$round
        start_node "$home" "$name"
        bench "$name" presence --members 2000 --channels 40 --observers 2 --rate 1000 --warmup 10 --duration 20
        stop_node ;;
      *)
        echo "unknown step $STEP" >&2
        exit 2 ;;
    esac
  done
done
