#!/usr/bin/env bash
# Idle CPU of a fresh node pinned to CPU 0 (./herald start, ports 6378 and 9978): its CPU ticks over 60 s
# after 10 s at rest, then its system calls over 10 s (strace -c -f) and CPU per thread. Files go to OUT (/tmp).
set -u
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
taskset -c 0 ./herald start --port 6378 --metrics-port 9978 > "${OUT:-/tmp}/idle-node.log" 2>&1 &
PID=$!
until curl -fs -o /dev/null http://127.0.0.1:9978/ready; do sleep 0.1; done
sleep 10
tick() { awk '{print $14+$15}' /proc/$PID/stat; }
echo "$(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
a=$(tick); sleep 60; b=$(tick)
echo "idle CPU over 60 s: $(( b - a )) ticks of 10 ms"
timeout 12 strace -c -f -p $PID -o "${OUT:-/tmp}/idle-strace.txt" & sleep 11; kill -INT %2 2>/dev/null; sleep 1
for t in /proc/$PID/task/*; do echo "$(cat $t/comm) $(awk '{print $1/1e6}' $t/schedstat)"; done | sort -k2 -n -r | head -12 > "${OUT:-/tmp}/idle-threads.txt"
echo "$(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
kill $PID; wait $PID
