#!/bin/bash
# Starts a Redis Cluster (6 redis-server processes: 3 primaries, 3 replicas) and N Herald nodes on it,
# for the many-node runs of docs/clustering.md ("Redis Cluster"):
#
#   bench/scripts/redis-cluster.sh NODES [OUT_DIR] [-- COMMAND...]
#
#   NODES    Herald node processes (herald start), each with cluster.redis.mode=cluster, the bus on
#            sharded pub/sub and the state in hash-tagged partitions over the shards
#   OUT_DIR  where the logs, commands.log, nodes.txt (one "node-id port metrics-port" a line) and
#            commandstats-*.txt (INFO commandstats of each primary at the end) go (default ./redis-cluster-run)
#   COMMAND  run once every node is ready, with HERALD_NODES (the nodes' ws://127.0.0.1:PORT, comma-separated)
#            and REDIS_SEEDS in its environment; without it the script waits for Ctrl-C
#
# NODE_EXTRA_OPTIONS (environment, optional) adds options to every node's command line, e.g.
# "--set server.drain.window=15"; NODE_CONFIG replaces bench/config/perf-node.yaml. The nodes start through the launcher (./herald start): its JVM
# flags (the serial collector, a small young generation) and its start-up cache (recorded by the
# first node's start when the jar is new, so the first node starts alone), with NODE_JAVA_OPTS
# [-Xms512m -Xmx1g -Xmn128m -XX:CICompilerCount=2] as HERALD_JAVA_OPTS: six JVMs on two cores
# compile with the fewest compiler threads tiered compilation allows instead of one per core each,
# and a heap sized for 15,000 connections from the start (the launcher's 32 MB heap and 24 MB young
# generation suit an idle node; under a connection storm its young collections copied into an old
# generation of 8 MB, full at once).
#
# Every process listens on a free port of 127.0.0.1 and keeps its data in a temporary directory,
# never on the standard ports; everything is stopped on exit. Each Herald process gets the open-files
# limit of the shell (ulimit -n); run load generators in processes of their own. Needs the jar
# (./mvnw -q -B -pl server -am package -DskipTests), Java 25 (JAVA_HOME), redis-server and redis-cli 7.0 or
# later, curl, python3.
set -u
if [ $# -lt 1 ]; then sed -n '2,26p' "$0"; exit 2; fi
NODES=$1; shift
OUT=$(realpath -m "redis-cluster-run")
if [ $# -gt 0 ] && [ "$1" != "--" ]; then OUT=$(realpath -m "$1"); shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONFIG=${NODE_CONFIG:-$ROOT/bench/config/perf-node.yaml}
export NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xms512m -Xmx1g -Xmn128m -XX:CICompilerCount=2}
mkdir -p "$OUT"; : > "$OUT/commands.log"; : > "$OUT/nodes.txt"
WORK=$(mktemp -d)
# Free ports below the kernel's ephemeral range, so that no client socket of the run (a reconnect
# wave opens thousands) takes a node's port while the node restarts.
free_ports() { python3 -c '
import random, socket, sys
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
ports = []
while len(ports) < int(sys.argv[1]):
    port = random.randrange(10000, low)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    if port not in ports:
        ports.append(port)
print(*ports)' "$1"; }
PIDS=()
NODE_PIDS=()
PRIMARIES=()
stop_all() {
    for port in "${PRIMARIES[@]}"; do redis-cli -p "$port" INFO commandstats > "$OUT/commandstats-$port.txt" 2>/dev/null; done
    # Herald first (it leaves the cluster state cleanly while Redis still runs), then Redis.
    for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${NODE_PIDS[@]}"; do for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done; done
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    sleep 3
    for pid in "${PIDS[@]}" "${NODE_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    for log in "$WORK"/*.log; do [ -e "$log" ] && cp "$log" "$OUT/"; done
    rm -rf "$WORK"
}
trap stop_all EXIT
await_port() {
    for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
    echo "nothing listens on port $1 after 60 s" >&2; exit 1
}
await_ready() { # METRICS_PORT PID LOG
    for _ in $(seq 1 240); do
        curl -sf "http://127.0.0.1:$1/ready" >/dev/null && return 0
        kill -0 "$2" 2>/dev/null || { echo "the node on metrics port $1 exited:" >&2; tail -5 "$3" >&2; exit 1; }
        sleep 0.5
    done
    echo "http://127.0.0.1:$1/ready never answered" >&2; exit 1
}
start() { echo "$*" >> "$OUT/commands.log"; "$@" & } # $! is then the process itself

read -r -a REDIS_PORTS < <(free_ports 12)
ADDRESSES=(); SEEDS=()
for i in 0 1 2 3 4 5; do
    port=${REDIS_PORTS[$i]}; bus=${REDIS_PORTS[$((i + 6))]}
    mkdir -p "$WORK/redis-$port"
    start redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-port "$bus" \
        --cluster-config-file "$WORK/redis-$port/nodes.conf" --cluster-node-timeout 1000 --dir "$WORK/redis-$port" \
        --appendonly yes --save '' > "$WORK/redis-$port.log" 2>&1
    PIDS+=($!)
    ADDRESSES+=("127.0.0.1:$port"); SEEDS+=("redis://127.0.0.1:$port")
done
for port in "${REDIS_PORTS[@]:0:6}"; do await_port "$port"; done
echo "redis-cli --cluster create ${ADDRESSES[*]} --cluster-replicas 1 --cluster-yes" >> "$OUT/commands.log"
redis-cli --cluster create "${ADDRESSES[@]}" --cluster-replicas 1 --cluster-yes > "$WORK/cluster-create.log" 2>&1 || {
    cat "$WORK/cluster-create.log" >&2; exit 1; }
for _ in $(seq 1 120); do
    ok=0
    for port in "${REDIS_PORTS[@]:0:6}"; do redis-cli -p "$port" CLUSTER INFO | grep -q cluster_state:ok && ok=$((ok + 1)); done
    [ "$ok" = 6 ] && break; sleep 0.5
done
for port in "${REDIS_PORTS[@]:0:6}"; do
    redis-cli -p "$port" ROLE | head -1 | grep -q master && PRIMARIES+=("$port")
done
REDIS_SEEDS=$(IFS=,; echo "${SEEDS[*]}")
echo "Redis Cluster ready: primaries ${PRIMARIES[*]}, seeds $REDIS_SEEDS"

read -r -a NODE_PORTS < <(free_ports $((2 * NODES)))
URLS=()
for i in $(seq 0 $((NODES - 1))); do
    port=${NODE_PORTS[$i]}; metrics=${NODE_PORTS[$((i + NODES))]}
    # env, then the launcher, exec the JVM: $! is the node's own process.
    start env HERALD_JAVA_OPTS="$NODE_JAVA_OPTS" "$ROOT/herald" start --config "$CONFIG" \
        --port "$port" --metrics-port "$metrics" --set cluster.enabled=true --set "cluster.node-id=node-$i" \
        --set cluster.redis.mode=cluster --set "cluster.redis.url=$REDIS_SEEDS" \
        --set "webhooks.data-dir=$WORK/node-$i-data" ${NODE_EXTRA_OPTIONS:-} > "$WORK/node-$i.log" 2>&1
    NODE_PIDS+=($!)
    echo "node-$i $port $metrics" >> "$OUT/nodes.txt"
    URLS+=("ws://127.0.0.1:$port")
    # The first start may record the launcher's start-up cache; the others then use it.
    [ "$i" = 0 ] && await_ready "$metrics" "${NODE_PIDS[0]}" "$WORK/node-0.log"
done
for i in $(seq 0 $((NODES - 1))); do await_ready "${NODE_PORTS[$((i + NODES))]}" "${NODE_PIDS[$i]}" "$WORK/node-$i.log"; done
HERALD_NODES=$(IFS=,; echo "${URLS[*]}")
echo "$NODES Herald nodes ready: $HERALD_NODES"
export HERALD_NODES REDIS_SEEDS
if [ $# -gt 0 ]; then
    echo "$*" >> "$OUT/commands.log"
    "$@"
else
    echo "Ctrl-C stops everything"
    while true; do sleep 3600; done
fi
