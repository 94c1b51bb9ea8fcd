#!/usr/bin/env bash
# The presence runs of docs/performance.md ("3. Presence") with the node on a core of its own, on
# a machine whose other cores (or other users) are busy: the node is pinned to CPU 0 and the
# generator to CPU 1 (taskset). With PRIORITY=threads (the default) every thread of both JVMs but
# the JIT compilers runs at SCHED_FIFO 10 (chrt), so that nothing else on the machine delays them.
# The JIT compiler threads run one above (SCHED_FIFO 11): left at the normal priority, a compiler
# starves behind the real-time threads of its core, and a thread that needs its work (the event
# loop stalled while the method it runs was compiled) spins until the kernel's real-time
# throttling (sched_rt_runtime_us, 0.95 s of every 1 s) lets the compiler run: one-second stalls.
# Above, a compilation holds the core while it runs (tens to a few hundred milliseconds; with the
# 10 s warm-up it shows in the 20 joins/s tail, with WARMUP=40 it does not). Raising only the event loops is not enough: a loop can
# then wait at a safepoint for the node's other threads, which wait behind the machine's load.
# PRIORITY=none only pins. Two checkouts alternate (A, B, A, B...), each node started fresh with
# `./herald start`.
#
#   bench/scripts/presence-pinned.sh OUT HOME_A [HOME_B]
#
# HOME_A, HOME_B: checkouts with server/target/herald.jar built. Environment: ROUNDS (2), PRIORITY
# (threads or none), COMPILERS (above, or normal: the compilers' priority before 2026-12-08), STEPS ("20 500": joins/s of the runs), PORT (6377), METRICS_PORT (9977), BENCH_JAR (this checkout's), JAVA_HOME (a JDK 25),
# WARMUP (10: seconds of actions before the measured ones), BENCH_JAVA_OPTS (extra JVM options of the generator, e.g. a flight recording; none by default).
# Needs the right to raise a thread's priority (root, or CAP_SYS_NICE) for PRIORITY=threads.
set -euo pipefail

OUT=${1:?usage: presence-pinned.sh OUT HOME_A [HOME_B]}
shift
HOMES=("$@")
ROUNDS=${ROUNDS:-2}
PRIORITY=${PRIORITY:-threads}
COMPILERS=${COMPILERS:-above}
WARMUP=${WARMUP:-10}
STEPS=${STEPS:-20 500}
PORT=${PORT:-6377}
METRICS_PORT=${METRICS_PORT:-9977}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_JAR=${BENCH_JAR:-$HERE/bench/target/herald-bench.jar}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mkdir -p "$OUT"
NODE_PID=
BENCH_PID=
trap '[ -z "$BENCH_PID" ] || kill "$BENCH_PID" 2>/dev/null; [ -z "$NODE_PID" ] || kill "$NODE_PID" 2>/dev/null; true' EXIT

log_load() {
  echo "$(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) $*" | tee -a "$OUT/load.log" >&2
}

# realtime PID: SCHED_FIFO 10 for the threads of PID; its JIT compiler threads one above
# (COMPILERS=above) or at the normal priority (COMPILERS=normal).
realtime() {
  [ "$PRIORITY" = threads ] || return 0
  local task
  for task in /proc/"$1"/task/*; do
    if ! grep -q "CompilerThre" "$task/comm" 2>/dev/null; then
      chrt -f -p 10 "${task##*/}" 2>/dev/null || true
    elif [ "$COMPILERS" = above ]; then
      chrt -f -p 11 "${task##*/}" 2>/dev/null || true
    fi
  done
}

start_node() {
  taskset -c 0 "$1/herald" start --port "$PORT" --metrics-port "$METRICS_PORT" > "$OUT/$2-node.log" 2>&1 &
  NODE_PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/ready"; do
    kill -0 "$NODE_PID" 2>/dev/null || { echo "node $2 exited; see $OUT/$2-node.log" >&2; exit 1; }
    sleep 0.05
  done
  realtime "$NODE_PID"
}

stop_node() {
  kill "$NODE_PID" 2>/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=
}

# bench NAME ARGS...: the generator on CPU 1; its loops start with its connections, so the
# priority of its threads is raised again while it sets up and warms up.
bench() {
  local name=$1
  shift
  log_load "start $name"
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
  taskset -c 1 "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" presence "$@" --url "ws://127.0.0.1:$PORT" --server-pid "$NODE_PID" \
    --out "$OUT/$name.json" > /dev/null 2> "$OUT/$name.progress.txt" &
  BENCH_PID=$!
  for _ in $(seq 1 40); do
    sleep 0.5
    realtime "$BENCH_PID"
  done
  wait "$BENCH_PID" || true
  BENCH_PID=
  log_load "end $name"
}

# A first start of each build records its start-up cache (once per build); not measured.
for home in "${HOMES[@]}"; do
  start_node "$home" prime
  stop_node
done
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!HOMES[@]}"; do
    home=${HOMES[$i]}
    side=$([ "$i" = 0 ] && echo a || echo b)
    for step in $STEPS; do
      name=presence-$step-$side-$round
      start_node "$home" "$name"
      if [ "$step" = 20 ]; then
        bench "$name" --members 100 --channels 1 --observers 20 --rate 40 --warmup "$WARMUP" --duration 30
      else
        bench "$name" --members 2000 --channels 40 --observers 2 --rate 1000 --warmup "$WARMUP" --duration 20
      fi
      stop_node
    done
  done
done
