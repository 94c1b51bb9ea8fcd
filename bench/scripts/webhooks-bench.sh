#!/bin/bash
# Runs the webhooks scenario against one fresh setup, as recorded in docs/benchmarks.md ("Webhook delivery"):
#
#   bench/scripts/webhooks-bench.sh QUEUE BATCH SATURATION_RATE [OUT_DIR]
#
#   QUEUE            sqlite (the node's own sender), redis or nats (the node with its sender off, plus one
#                    `herald sender` process); redis-server / nats-server are started on free ports in a
#                    temporary directory, never on the standard ports
#   BATCH            20 (webhooks.batch-max-events default) or 1 (no batching)
#   SATURATION_RATE  client events per second for the saturation run: well above what the setup delivers
#
# Against the same processes it makes three runs of 5 s warm-up + 20 s measured: an unrecorded one to warm
# the JVMs (1,000 events/s batched, 100 unbatched), a saturation run, and a run at half the rate the
# saturation run delivered while sending (in tens). Results go to OUT_DIR (default ./webhooks-results) as
# QUEUE-batchBATCH-{saturation,half}.json, with the progress lines, the processes' logs and commands.log.
# Needs the jars (./mvnw -q -B -pl server,bench -am package -DskipTests), curl, python3 and, for those
# queues, redis-server or nats-server. Uses 127.0.0.1:9700 for the receiver (bench/config/webhooks-bench.yaml).
set -u
if [ $# -lt 3 ]; then sed -n '2,17p' "$0"; exit 2; fi
QUEUE=$1; BATCH=$2; SATURATION_RATE=$3; OUT=$(realpath -m "${4:-webhooks-results}")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CONFIG=$ROOT/bench/config/webhooks-bench.yaml
NAME=$QUEUE-batch$BATCH
mkdir -p "$OUT"
WORK=$(mktemp -d)
read -r NODE_PORT NODE_METRICS SENDER_METRICS QUEUE_PORT < <(python3 -c '
import socket
sockets = [socket.socket() for _ in range(4)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])')
PIDS=()
stop_all() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    sleep 3
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    for log in "$WORK"/*.log; do [ -e "$log" ] && cp "$log" "$OUT/$NAME-$(basename "$log")"; done
    rm -rf "$WORK"
}
trap stop_all EXIT
await_port() {
    for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
    echo "nothing listens on port $1 after 60 s" >&2; exit 1
}
await_ready() {
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$1/ready" >/dev/null && return 0; sleep 0.5; done
    echo "http://127.0.0.1:$1/ready never answered" >&2; exit 1
}
run() { echo "$*" >> "$OUT/commands.log"; "$@"; }
start() { echo "$*" >> "$OUT/commands.log"; "$@" & } # $! is then the process itself

SETTINGS=(--set "webhooks.data-dir=$WORK/data")
case $BATCH in
    20) ;;
    1) SETTINGS+=(--set webhooks.batch-max-events=1) ;;
    *) echo "BATCH must be 20 or 1" >&2; exit 2 ;;
esac
case $QUEUE in
    sqlite) ;;
    redis)
        start redis-server --port "$QUEUE_PORT" --bind 127.0.0.1 --dir "$WORK" --appendonly yes --save '' > "$WORK/redis.log" 2>&1
        PIDS+=($!); await_port "$QUEUE_PORT"
        SETTINGS+=(--set webhooks.queue=redis --set "webhooks.redis.url=redis://127.0.0.1:$QUEUE_PORT") ;;
    nats)
        start nats-server -js -a 127.0.0.1 -p "$QUEUE_PORT" -sd "$WORK/jetstream" > "$WORK/nats.log" 2>&1
        PIDS+=($!); await_port "$QUEUE_PORT"
        SETTINGS+=(--set webhooks.queue=nats --set "webhooks.nats.url=nats://127.0.0.1:$QUEUE_PORT") ;;
    *) echo "QUEUE must be sqlite, redis or nats" >&2; exit 2 ;;
esac

NODE_SETTINGS=("${SETTINGS[@]}")
[ "$QUEUE" != sqlite ] && NODE_SETTINGS+=(--set webhooks.sender.enabled=false)
start "$JAVA" -XX:+UseCompactObjectHeaders -Xms512m -Xmx1g -jar "$ROOT/server/target/herald.jar" start --config "$CONFIG" \
    --port "$NODE_PORT" --metrics-port "$NODE_METRICS" "${NODE_SETTINGS[@]}" > "$WORK/node.log" 2>&1
NODE_PID=$!; PIDS+=("$NODE_PID")
MEASURE=(--server-pid "$NODE_PID")
if [ "$QUEUE" != sqlite ]; then
    start "$JAVA" -XX:+UseCompactObjectHeaders -Xms256m -Xmx1g -jar "$ROOT/server/target/herald.jar" sender --config "$CONFIG" \
        --metrics-port "$SENDER_METRICS" "${SETTINGS[@]}" > "$WORK/sender.log" 2>&1
    SENDER_PID=$!; PIDS+=("$SENDER_PID"); MEASURE+=(--sender-pid "$SENDER_PID")
    await_ready "$SENDER_METRICS"
fi
await_ready "$NODE_METRICS"

bench() { # RESULT RATE DRAIN
    echo "== $1 at $2 events/s; $(uptime)" | tee -a "$OUT/runs.log"
    run "$JAVA" -jar "$ROOT/bench/target/herald-bench.jar" webhooks --url "ws://127.0.0.1:$NODE_PORT" --rate "$2" \
        --warmup 5 --duration 20 --drain "$3" "${MEASURE[@]}" --out "$OUT/$1.json" > /dev/null 2> "$OUT/$1.progress"
    local code=$?
    echo "   exit $code; $(uptime)" | tee -a "$OUT/runs.log"
    return $code
}
bench "$NAME-warmup" "$([ "$BATCH" = 1 ] && echo 100 || echo 1000)" 60 || exit 1
bench "$NAME-saturation" "$SATURATION_RATE" 150 || exit 1
HALF=$(python3 -c "import json, sys; w = json.load(open(sys.argv[1]))['webhooks']; print(max(10, round(w['windowEventsPerSecond'] / 2, -1)))" \
    "$OUT/$NAME-saturation.json")
bench "$NAME-half" "$HALF" 60
