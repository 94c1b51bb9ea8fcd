#!/usr/bin/env bash
# Start-up of the container image's entrypoint without a container: lays the image's files out
# under a scratch directory as the Dockerfile does (bin/herald, bin/record-aot-cache, herald.jar),
# records the AOT cache as the Dockerfile does, then times starts with and without the cache,
# alternating: milliseconds and CPU milliseconds from the launch to the first 200 from /ready.
#
#   bench/scripts/image-startup.sh [ROUNDS]      (java 25 on the PATH; server/target/herald.jar built)
set -euo pipefail

ROUNDS=${1:-3}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
ROOT=$(mktemp -d)
IMAGE=$ROOT/opt/herald
mkdir -p "$IMAGE/bin"
cp "$HERE/deploy/docker/herald" "$HERE/deploy/docker/record-aot-cache" "$IMAGE/bin/"
cp "$HERE/server/target/herald.jar" "$IMAGE/herald.jar"
NODE_PID=
trap '[ -z "$NODE_PID" ] || kill "$NODE_PID" 2>/dev/null; rm -rf "$ROOT"; true' EXIT
sh "$IMAGE/bin/record-aot-cache"

for round in $(seq 1 "$ROUNDS"); do
  for variant in cache nocache; do
    [ "$variant" = cache ] || mv "$IMAGE/herald.aot" "$IMAGE/herald.aot.off"
    start=$(date +%s%3N)
    (cd "$ROOT" && exec "$IMAGE/bin/herald" start --port 6202 --metrics-port 9802 > "$ROOT/node.log" 2>&1) &
    NODE_PID=$!
    until curl -fs -o /dev/null http://127.0.0.1:9802/ready; do sleep 0.01; done
    ready=$(( $(date +%s%3N) - start ))
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " "); print int((f[12] + f[13]) * 1000 / hz) }' \
      "/proc/$NODE_PID/stat")
    kill "$NODE_PID"
    wait "$NODE_PID" 2>/dev/null || true
    NODE_PID=
    [ "$variant" = cache ] || mv "$IMAGE/herald.aot.off" "$IMAGE/herald.aot"
    echo "$(date -u +%T) image entrypoint $variant ready_ms $ready cpu_ms $cpu load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
