#!/bin/bash
# The many-node run of docs/clustering.md ("A many-node run"): on the Redis Cluster and Herald nodes
# of redis-cluster.sh, subscribers spread over every node, publishes through one node's HTTP API
# reaching all of them, presence churn, then a rolling restart of every node with the staggered
# drain while the publishing goes on:
#
#   bench/scripts/many-node.sh NODES CONNECTIONS [OUT_DIR]
#
#   NODES        Herald node processes (at least 2; the issue's run uses 6)
#   CONNECTIONS  subscribed connections in all, CONNECTIONS / NODES per node, each node's share held by
#                one herald-bench fanout process of its own (so at most 18,000 per node: open-files limit)
#   OUT_DIR      results (default ./many-node-run): fanout-node-I.json (one per generator: subscribers,
#                deliveries, loss by sequence number, reconnects and time to resubscribed), presence-*.json,
#                redis-rates.tsv (commands per second at Redis, summed over the primaries, each second),
#                redis-memory.tsv (INFO memory of each primary at each phase), redis-keys-PHASE.tsv (every
#                key's type, length and MEMORY USAGE at each phase), load.tsv (the load average every 5 s),
#                restarts.log, summary.txt, and redis-cluster.sh's logs
#
# Environment (defaults in brackets): RATE events per second each generator publishes [10], CHANNELS per
# generator [100], CONNECT_RATE per generator [1000], PRESENCE_MEMBERS per presence generator (two of
# them, on nodes 1 and 2) [500], PRESENCE_RATE joins+leaves per second each [50], DRAIN_WINDOW seconds [15],
# DRAIN_BATCHES [15], DRAIN_RATE clients a second a draining node tells to reconnect (server.drain.rate;
# 0: spread over the whole window) [0], SETTLE seconds between phases [10], BACK_TIMEOUT seconds a restart
# waits, at most, for the clients to be back [180], MAX_CONNECTIONS a node accepts before refusing
# with 4100 (server.max-connections; below the 20,000 open files, so that a full node refuses the
# Pusher way instead of failing to accept, and its metrics still answer) [19000], NODE_JAVA_OPTS (redis-cluster.sh), GENERATOR_JAVA_OPTS
# [-Xmx1g -XX:CICompilerCount=2].
#
# Every generator publishes through node 0's API on channels of its own (g<I>-0, g<I>-1, ...) and
# subscribes through node I, so every publish reaches subscribers on the other nodes by the bus; a
# call that cannot connect to node 0 (restarting) goes to the next node's API (--api-fallback-urls).
# The generators get --reconnect-urls with every node: a subscriber a draining node closes with 4200
# reconnects at once to the node holding the fewest of its process's connections among those that
# have not turned a subscriber away in the last 3 s, and subscribes again, as a pusher-js client
# behind a least-connections load balancer does; a failed attempt tries again after a backoff with
# jitter (0.5 s doubling to 10 s, 30 attempts). The nodes are restarted one after the other, node 0
# (the API) last: SIGTERM, wait for the exit (the drain), start again on the same ports, wait for
# /ready, then wait until the nodes hold every connection again (herald_connections summed over the
# nodes, at least 99.9 % of what they held once set up, at most BACK_TIMEOUT) and SETTLE more seconds: the next
# drain begins once the last one's clients are back. Needs the jars
# (./mvnw -q -B -DskipTests package -pl server,bench -am) and what redis-cluster.sh needs.
set -u
ROOT=${MANY_NODE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ "${1:-}" != "--inside" ]; then
    if [ $# -lt 2 ]; then sed -n '2,43p' "$0"; exit 2; fi
    OUT=$(realpath -m "${3:-many-node-run}")
    mkdir -p "$OUT"
    export MANY_NODE_OUT=$OUT MANY_NODE_CONNECTIONS=$2 MANY_NODE_ROOT=$ROOT
    # bash reads a script as it runs it: the run uses a copy, which also stays with the results.
    cp "$0" "$OUT/many-node.sh"
    export NODE_EXTRA_OPTIONS="--set server.drain.window=${DRAIN_WINDOW:-15} --set server.drain.batches=${DRAIN_BATCHES:-15} --set server.drain.rate=${DRAIN_RATE:-0} --set server.max-connections=${MAX_CONNECTIONS:-19000}"
    exec "$ROOT/bench/scripts/redis-cluster.sh" "$1" "$OUT" -- bash "$OUT/many-node.sh" --inside
fi

# Inside redis-cluster.sh: HERALD_NODES and REDIS_SEEDS are set, nodes.txt lists the nodes.
OUT=$MANY_NODE_OUT; CONNECTIONS=$MANY_NODE_CONNECTIONS
RATE=${RATE:-10}; CHANNELS=${CHANNELS:-100}; CONNECT_RATE=${CONNECT_RATE:-1000}
PRESENCE_MEMBERS=${PRESENCE_MEMBERS:-500}; PRESENCE_RATE=${PRESENCE_RATE:-50}; SETTLE=${SETTLE:-10}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
read -r -a GENERATOR_JVM <<< "${GENERATOR_JAVA_OPTS:--Xmx1g -XX:CICompilerCount=2}"
BENCH=("$JAVA" "${GENERATOR_JVM[@]}" -jar "$ROOT/bench/target/herald-bench.jar")
BACK_TIMEOUT=${BACK_TIMEOUT:-180}
mapfile -t NODE_LINES < "$OUT/nodes.txt"
NODES=${#NODE_LINES[@]}
PER_NODE=$((CONNECTIONS / NODES))
IFS=, read -r -a URLS <<< "$HERALD_NODES"
API=$(echo "${URLS[0]}" | sed 's#^ws://#http://#')
API_OTHERS=$(IFS=,; echo "${URLS[*]:1}" | sed 's#ws://#http://#g')
SEED_PORT=$(echo "$REDIS_SEEDS" | sed 's#^redis://127.0.0.1:\([0-9]*\).*#\1#')
mapfile -t PRIMARIES < <(redis-cli -p "$SEED_PORT" CLUSTER NODES | awk '/master/ && !/fail/ {split($2, a, "[:@]"); print a[2]}')
DATA=$(mktemp -d)
RESTARTED=()
SAMPLER=
LOAD_SAMPLER=
finish() {
    [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null
    [ -n "$LOAD_SAMPLER" ] && kill "$LOAD_SAMPLER" 2>/dev/null
    for pid in "${RESTARTED[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${RESTARTED[@]}"; do for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done; done
    rm -rf "$DATA"
}
trap finish EXIT
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$OUT/summary.txt"; }
record() { echo "$*" >> "$OUT/commands.log"; }
node_pid() { ss -Hltnp "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
# WebSocket connections open on every node (herald_connections summed; a node restarting counts 0).
connections_held() {
    local total=0 line metrics n
    for line in "${NODE_LINES[@]}"; do
        metrics=${line##* }
        n=$(curl -sf --max-time 2 "http://127.0.0.1:$metrics/metrics" | awk '/^herald_connections[{ ]/ { s += $NF } END { printf "%d", s }')
        total=$((total + ${n:-0}))
    done
    echo "$total"
}

memory() { # PHASE
    for port in "${PRIMARIES[@]}"; do
        used=$(redis-cli -p "$port" INFO memory | tr -d '\r' | sed -n 's/^used_memory:\(.*\)/\1/p')
        keys=$(redis-cli -p "$port" DBSIZE | tr -d '\r')
        # What the keys themselves take (MEMORY USAGE of each), apart from buffers and scripts.
        key_bytes=$(redis-cli -p "$port" --scan | sed 's/^/MEMORY USAGE "/; s/$/"/' | redis-cli -p "$port" | awk '{ s += $1 } END { print s + 0 }')
        echo -e "$1\t$port\t$used\t$keys\t$key_bytes" >> "$OUT/redis-memory.tsv"
        # Each key: its type, its length (fields, members, entries or bytes) and its MEMORY USAGE, in
        # three pipelines of one redis-cli each.
        redis-cli -p "$port" --scan > "$DATA/keys"
        sed 's/^/TYPE "/; s/$/"/' "$DATA/keys" | redis-cli -p "$port" > "$DATA/types"
        paste "$DATA/types" "$DATA/keys" | awk -F'\t' '{ c = $1 == "hash" ? "HLEN" : $1 == "set" ? "SCARD" : $1 == "zset" ? "ZCARD" : \
            $1 == "list" ? "LLEN" : $1 == "stream" ? "XLEN" : "STRLEN"; print c " \"" $2 "\"" }' | redis-cli -p "$port" > "$DATA/lengths"
        sed 's/^/MEMORY USAGE "/; s/$/" SAMPLES 0/' "$DATA/keys" | redis-cli -p "$port" > "$DATA/bytes"
        paste "$DATA/keys" "$DATA/types" "$DATA/lengths" "$DATA/bytes" | sed "s/^/$port\t/" >> "$OUT/redis-keys-$1.tsv"
    done
}
echo -e "phase\tprimary\tused_memory\tkeys\tkey_bytes" > "$OUT/redis-memory.tsv"
# INFO commandstats of every primary each second: calls per second of the commands a subscribe,
# a presence change and a publish send, summed over the shards.
python3 "$ROOT/bench/scripts/redis-rates.py" "$OUT/redis-rates.tsv" "${PRIMARIES[@]}" & SAMPLER=$!
(while true; do echo -e "$(date -u +%H:%M:%S)\t$(cut -d' ' -f1-3 /proc/loadavg)"; sleep 5; done > "$OUT/load.tsv") & LOAD_SAMPLER=$!
memory empty
log "$NODES nodes, $CONNECTIONS connections ($PER_NODE a node), primaries ${PRIMARIES[*]}, load $(cut -d' ' -f1-3 /proc/loadavg)"

# Phase 1: the subscribers, one generator per node, publishing once its subscribers are set up;
# the measured part (after WARMUP seconds of publishing) covers the presence churn and the rolling
# restart. The phases wait for the subscribers, however long the setup takes on a loaded machine.
WARMUP=20
SETUP_TIMEOUT=$((PER_NODE * 10 / CONNECT_RATE + 120))
DRAIN_SECONDS=${DRAIN_WINDOW:-15}
if [ "${DRAIN_RATE:-0}" -gt 0 ] && [ $((PER_NODE * 3 / 2 / DRAIN_RATE)) -lt "$DRAIN_SECONDS" ]; then
    DRAIN_SECONDS=$((PER_NODE * 3 / 2 / DRAIN_RATE)) # the later nodes hold more than their share
fi
RESTART_SECONDS=$((NODES * (DRAIN_SECONDS + SETTLE + 30)))
DURATION=$((3 * SETTLE + 60 + RESTART_SECONDS))
GENERATORS=()
for i in $(seq 0 $((NODES - 1))); do
    cmd=("${BENCH[@]}" fanout --url "${URLS[$i]}" --api-url "$API" --subscribers "$PER_NODE" --channels "$CHANNELS"
        --channel-prefix "g$i-" --connect-rate "$CONNECT_RATE" --processes 1 --rate "$RATE" --warmup "$WARMUP"
        --duration "$DURATION" --drain 15 --setup-timeout 60 --deadline $((SETUP_TIMEOUT + WARMUP + DURATION + 300)) --reconnect-urls "$HERALD_NODES" --api-fallback-urls "$API_OTHERS"
        --out "$OUT/fanout-node-$i.json")
    record "${cmd[*]}"
    "${cmd[@]}" > "$OUT/fanout-node-$i.log" 2>&1 &
    GENERATORS+=($!)
done
# Set up: 99.9 % of the connections held, or no more coming for 10 s (a first connection that
# failed is not tried again). What is held then is what every restart waits to see back.
began=$(date +%s); last=0; still=0
for _ in $(seq 1 "$SETUP_TIMEOUT"); do
    held=$(connections_held)
    [ "$held" -ge $((CONNECTIONS - CONNECTIONS / 1000)) ] && break
    if [ "$held" -gt 0 ] && [ "$held" -le "$last" ]; then still=$((still + 1)); else still=0; fi
    [ "$still" -ge 10 ] && break
    last=$held
    sleep 1
done
BASELINE=$(connections_held)
log "subscribers set up: $BASELINE connections in $(($(date +%s) - began)) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
sleep $((WARMUP + 2))
memory subscribed

# Phase 2: presence churn on two nodes while the fan-out goes on.
PRESENCE=()
for i in 1 2; do
    node=$((i % NODES))
    cmd=("${BENCH[@]}" presence --url "${URLS[$node]}" --members "$PRESENCE_MEMBERS" --channels 10 --channel-prefix "presence-p$i-"
        --rate "$PRESENCE_RATE" --duration 30 --out "$OUT/presence-$i.json")
    record "${cmd[*]}"
    "${cmd[@]}" > "$OUT/presence-$i.log" 2>&1 &
    PRESENCE+=($!)
done
sleep 15
memory presence
for pid in "${PRESENCE[@]}"; do wait "$pid"; done
log "presence churn done; load $(cut -d' ' -f1-3 /proc/loadavg)"
sleep "$SETTLE"

# Phase 3: the rolling restart, node 0 (the API the generators publish through) last.
log "rolling restart begins"
for i in $(seq 1 $((NODES - 1))) 0; do
    read -r id port metrics <<< "${NODE_LINES[$i]}"
    pid=$(node_pid "$port")
    began=$(date +%s.%N)
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    drained=$(date +%s.%N)
    cmd=(env HERALD_JAVA_OPTS="$NODE_JAVA_OPTS" "$ROOT/herald" start
        --config "$ROOT/bench/config/perf-node.yaml" --port "$port" --metrics-port "$metrics" --set cluster.enabled=true
        --set "cluster.node-id=$id" --set cluster.redis.mode=cluster --set "cluster.redis.url=$REDIS_SEEDS"
        --set "webhooks.data-dir=$DATA/$id" $NODE_EXTRA_OPTIONS)
    record "${cmd[*]}"
    env -u HERALD_NODES "${cmd[@]}" > "$OUT/$id-restarted.log" 2>&1 &
    RESTARTED+=($!)
    until curl -sf "http://127.0.0.1:$metrics/ready" > /dev/null; do sleep 0.2; done
    ready=$(date +%s.%N)
    # The next drain waits for this one's clients: every connection open again somewhere.
    held=0
    for _ in $(seq 1 $((BACK_TIMEOUT * 2))); do
        held=$(connections_held)
        [ "$held" -ge $((BASELINE - BASELINE / 1000)) ] && break
        sleep 0.5
    done
    back=$(date +%s.%N)
    echo -e "$id\tdrain_s=$(echo "$drained - $began" | bc)\tstart_s=$(echo "$ready - $drained" | bc)\tback_s=$(echo "$back - $began" | bc)\theld=$held\tload=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/restarts.log"
    sleep "$SETTLE"
done
memory restarted
log "rolling restart done; load $(cut -d' ' -f1-3 /proc/loadavg)"

for pid in "${GENERATORS[@]}"; do wait "$pid"; done
memory end
log "generators done; load $(cut -d' ' -f1-3 /proc/loadavg)"

# The summary: per generator, and the reconnect wave at Redis.
python3 - "$OUT" "$NODES" <<'PY' | tee -a "$OUT/summary.txt"
import json, sys, glob, csv
out, nodes = sys.argv[1], int(sys.argv[2])
held = lost = expected = received = told = resub = gave_up = missed = gaps = dropped = failed = 0
p99s = []
for path in sorted(glob.glob(out + "/fanout-node-*.json")):
    r = json.load(open(path))
    c, f = r["connections"], r["fanout"]
    rec = c.get("reconnects") or {}
    held += c["subscribed"]; failed += c["failed"]; dropped += c["dropped"]
    expected += f["expectedDeliveries"]; received += f["receivedDeliveries"]; lost += f["lostDeliveries"]; gaps += f["gaps"]
    told += rec.get("told", 0); resub += rec.get("resubscribed", 0); gave_up += rec.get("gaveUp", 0); missed += rec.get("missedEvents", 0)
    t = rec.get("resubscribeMicros") or {}
    p99s.append(t.get("p99", 0))
    # Not received and in no gap: before a subscriber's first number or after its last. Only a subscriber
    # that gave up, dropped or was still away at the end explains that; otherwise its channel delivered
    # nothing for a while, a loss the gap count cannot see.
    outside = f["lostDeliveries"] - f["gaps"]
    left = c["dropped"] + rec.get("told", 0) - rec.get("resubscribed", 0) # dropped, gave up, or still away at the end
    if outside > 0 and left == 0:
        print(f"{path.split('/')[-1]}: LOSS OUTSIDE ANY GAP: {outside} deliveries not received before a subscriber's first "
              f"number or after its last, with no subscriber dropped, given up or away at the end: a subscription that "
              f"delivered nothing for a while (compare its timeline with the publishing)")
    print(f"{path.split('/')[-1]}: subscribed {c['subscribed']}, failed {c['failed']}, dropped {c['dropped']}, "
          f"deliveries {f['receivedDeliveries']}/{f['expectedDeliveries']} ({f['deliveriesPerSecond']}/s), lost {f['lostDeliveries']}, "
          f"outside any gap {f['lostDeliveries'] - f['gaps']}, "
          f"told to reconnect {rec.get('told', 0)}, resubscribed {rec.get('resubscribed', 0)}, missed while away {rec.get('missedEvents', 0)}, "
          f"time to resubscribed p50 {t.get('p50', 0) / 1000:.1f} ms p99 {t.get('p99', 0) / 1000:.1f} ms max {t.get('max', 0) / 1000:.1f} ms")
publish_failed = 0
attempts_failed = {}
for path in sorted(glob.glob(out + "/fanout-node-*.json")):
    r = json.load(open(path))
    publish_failed += sum(r["fanout"]["publishFailures"].values())
    for cause, n in ((r["connections"].get("reconnects") or {}).get("attemptsFailed") or {}).items():
        attempts_failed[cause] = attempts_failed.get(cause, 0) + n
away_at_end = told - resub - gave_up
print(f"total: {held} subscribed, {failed} failed, {dropped} dropped; deliveries {received} of {expected} "
      f"({expected - received} not received: {lost} by channel count); "
      f"sequence gaps {gaps}: {missed} missed at the moves between nodes (events published while a subscriber was away: "
      f"the Pusher protocol replays nothing), {gaps - missed} missed while subscribed between two numbers (loss, and the numbers of the "
      f"{publish_failed} publish calls that failed); {lost - gaps} not received outside any gap (before a subscriber's "
      f"first number or after its last: subscribers dropped, given up or away at the end, or else loss; see the lines above); "
      f"told to reconnect {told}, resubscribed {resub}, gave up {gave_up}, still away when the generators stopped {away_at_end}; "
      f"failed reconnection attempts {sum(attempts_failed.values())} {attempts_failed}; "
      f"p99 time to resubscribed, highest over the generators: {max(p99s or [0]) / 1000:.1f} ms")
rows = list(csv.DictReader(open(out + "/redis-rates.tsv"), delimiter="\t"))
if rows:
    peak = max(rows, key=lambda r: int(r["ssubscribe"]))
    print(f"Redis, summed over the primaries: peak SSUBSCRIBE {peak['ssubscribe']}/s at {peak['time']} "
          f"(EVALSHA {peak['evalsha']}/s, all commands {peak['all']}/s that second); "
          f"peak EVALSHA {max(int(r['evalsha']) for r in rows)}/s, peak all commands {max(int(r['all']) for r in rows)}/s")
PY
