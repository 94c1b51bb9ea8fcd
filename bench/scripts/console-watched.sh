#!/usr/bin/env bash
# The channels step of defaults-suite.sh (1,000 channels x 10 subscribers, CHANNELS_RATE
# single-event publishes/s) on HOME's node while a web console watches the busy app: a session
# logged in with an admin token reads the app's debug stream for the whole run. Measures what
# watching costs (docs/console.md); defaults-suite.sh gives the same figures with nobody watching.
#
#   bench/scripts/console-watched.sh OUT HOME [NAME]
#
# Environment: CHANNELS_RATE (500), PORT (6201), METRICS_PORT (9801), BENCH_JAR, JAVA_HOME.
set -euo pipefail

OUT=${1:?usage: console-watched.sh OUT HOME [NAME]}
HOME_DIR=${2:?home}
CHANNELS_RATE=${CHANNELS_RATE:-500}
NAME=${3:-channels-1000x10-$CHANNELS_RATE-watched}
PORT=${PORT:-6201}
METRICS_PORT=${METRICS_PORT:-9801}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_JAR=${BENCH_JAR:-$HERE/bench/target/herald-bench.jar}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
TOKEN=bench-console-token-$RANDOM$RANDOM$RANDOM
mkdir -p "$OUT"
NODE_PID=
STREAM_PID=
trap '[ -z "$STREAM_PID" ] || kill "$STREAM_PID" 2>/dev/null; [ -z "$NODE_PID" ] || kill "$NODE_PID" 2>/dev/null; true' EXIT

"$HOME_DIR/herald" start --port "$PORT" --metrics-port "$METRICS_PORT" --set "admin.admin-tokens={bench: $TOKEN}" \
  > "$OUT/$NAME-node.log" 2>&1 &
NODE_PID=$!
until curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/ready"; do
  kill -0 "$NODE_PID" 2>/dev/null || { echo "the node exited; see $OUT/$NAME-node.log" >&2; exit 1; }
  sleep 0.1
done
curl -fs -c "$OUT/$NAME.cookies" -H 'Content-Type: application/json' -d "{\"token\": \"$TOKEN\"}" \
  "http://127.0.0.1:$METRICS_PORT/console/login" > /dev/null
curl -s -N -b "$OUT/$NAME.cookies" "http://127.0.0.1:$METRICS_PORT/console/api/apps/app-id/debug" > "$OUT/$NAME.stream.txt" &
STREAM_PID=$!
echo "$(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) start $NAME" | tee -a "$OUT/load.log" >&2
"$JAVA" -jar "$BENCH_JAR" fanout --api-url "http://127.0.0.1:$PORT" --subscribers 10000 --channels 1000 --processes 1 \
  --connect-rate 1500 --rate "$CHANNELS_RATE" --max-in-flight 16 --payload 100 --warmup 15 --duration 20 \
  --url "ws://127.0.0.1:$PORT" --server-pid "$NODE_PID" --out "$OUT/$NAME.json" > /dev/null 2> "$OUT/$NAME.progress.txt"
echo "$(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) end $NAME" | tee -a "$OUT/load.log" >&2
echo "debug events read: $(grep -c '^data:' "$OUT/$NAME.stream.txt"), sampled markers: $(grep -c '"type":"sampled"' "$OUT/$NAME.stream.txt")" >&2
