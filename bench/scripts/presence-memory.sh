#!/bin/bash
# What a presence member costs in Redis: on redis-cluster.sh's Redis Cluster with one Herald node,
# MEMBERS members join one presence channel (apps[].max-presence-members raised to MEMBERS), RATE a second, and every second the channel's member
# keys (the members hash and the user-info hash, on the channel's shard) are read: their lengths
# and MEMORY USAGE, from 0 members to MEMBERS. Redis keeps a small hash compact (listpack) up to
# hash-max-listpack-entries fields (128 by default) and as a hash table above, so the cost per
# member is given for both.
#
#   bench/scripts/presence-memory.sh [MEMBERS] [OUT_DIR]
#
#   MEMBERS  members joining (default 1000)
#   OUT_DIR  results (default ./presence-memory-run): member-keys.tsv (each second: members, each key's
#            length and MEMORY USAGE), summary.txt, and redis-cluster.sh's logs
#
# RATE joins a second (default 100). Needs what redis-cluster.sh needs and the bench jar.
set -u
ROOT=${PRESENCE_MEMORY_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ "${1:-}" != "--inside" ]; then
    MEMBERS=${1:-1000}
    OUT=$(realpath -m "${2:-presence-memory-run}")
    mkdir -p "$OUT"
    export PRESENCE_MEMORY_OUT=$OUT PRESENCE_MEMORY_MEMBERS=$MEMBERS PRESENCE_MEMORY_ROOT=$ROOT
    cp "$0" "$OUT/presence-memory.sh"
    # Pusher's limit of 100 members a channel, raised so that the hashes outgrow their compact encoding.
    sed "s/max-batch-size: 100/max-batch-size: 100\n    max-presence-members: $MEMBERS/" "$ROOT/bench/config/perf-node.yaml" > "$OUT/node.yaml"
    export NODE_CONFIG=$OUT/node.yaml
    exec "$ROOT/bench/scripts/redis-cluster.sh" 1 "$OUT" -- bash "$OUT/presence-memory.sh" --inside
fi

OUT=$PRESENCE_MEMORY_OUT; MEMBERS=$PRESENCE_MEMORY_MEMBERS; RATE=${RATE:-100}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CHANNEL=presence-memory-0
SEED_PORT=$(echo "$REDIS_SEEDS" | sed 's#^redis://127.0.0.1:\([0-9]*\).*#\1#')
JOIN_SECONDS=$(( (MEMBERS + RATE - 1) / RATE ))
cmd=("$JAVA" -Xmx512m -jar "$ROOT/bench/target/herald-bench.jar" presence --url "${HERALD_NODES%%,*}" --members "$MEMBERS"
    --channels 1 --channel-prefix presence-memory- --observers 1 --rate "$RATE" --warmup 0 --duration "$((JOIN_SECONDS + 5))"
    --out "$OUT/presence.json")
echo "${cmd[*]}" >> "$OUT/commands.log"
"${cmd[@]}" > "$OUT/presence.log" 2>&1 &
BENCH=$!
PRIMARY_PORTS=$(redis-cli -p "$SEED_PORT" CLUSTER NODES | awk '/master/ {split($2, a, "[:@]"); print a[2]}')
key_on() { # KIND: "PORT KEY" of the channel's key of that kind
    for port in $PRIMARY_PORTS; do
        found=$(redis-cli -p "$port" --scan --pattern "*:state:app:app-id:$1:$CHANNEL" | head -1)
        [ -n "$found" ] && { echo "$port $found"; return; }
    done
}
# Each second: the members (fields of the channel's members hash), its encoding, what the members
# hash and the user-info hash take, and what every key of the cluster takes (the node's own entries
# per member included), by MEMORY USAGE.
echo -e "time\tmembers\tencoding\tmembers_hash\tinfo_hash\tall_keys" > "$OUT/member-keys.tsv"
while kill -0 "$BENCH" 2>/dev/null; do
    read -r pport pkey <<< "$(key_on presence)"
    read -r iport ikey <<< "$(key_on info)"
    all=0
    for port in $PRIMARY_PORTS; do
        n=$(redis-cli -p "$port" --scan | sed 's/^/MEMORY USAGE "/; s/$/" SAMPLES 0/' | redis-cli -p "$port" | awk '{ s += $1 } END { print s + 0 }')
        all=$((all + n))
    done
    if [ -n "${pkey:-}" ] && [ -n "${ikey:-}" ]; then
        echo -e "$(date -u +%H:%M:%S)\t$(redis-cli -p "$pport" HLEN "$pkey")\t$(redis-cli -p "$pport" OBJECT ENCODING "$pkey")\t$(redis-cli -p "$pport" MEMORY USAGE "$pkey" SAMPLES 0)\t$(redis-cli -p "$iport" MEMORY USAGE "$ikey" SAMPLES 0)\t$all" | tr -d '\r' >> "$OUT/member-keys.tsv"
    else
        echo -e "$(date -u +%H:%M:%S)\t0\tnone\t0\t0\t$all" >> "$OUT/member-keys.tsv"
    fi
    sleep 0.5
done
wait "$BENCH"
# Bytes per member: the slope of MEMORY USAGE over the members, for each encoding of the hashes.
python3 - "$OUT" <<'PY' | tee "$OUT/summary.txt"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1] + "/member-keys.tsv"), delimiter="\t")]
empty = [int(r["all_keys"]) for r in rows if r["members"] == "0"]
print(f"every key, no member: {min(empty) if empty else 'not sampled'} B")
for encoding in sorted({r["encoding"] for r in rows if r["encoding"] != "none"}):
    pts = sorted((int(r["members"]), int(r["members_hash"]), int(r["info_hash"]), int(r["all_keys"])) for r in rows if r["encoding"] == encoding)
    lo, hi = pts[0], pts[-1]
    if hi[0] == lo[0]:
        continue
    d = hi[0] - lo[0]
    print(f"{encoding}, {lo[0]} to {hi[0]} members: per member {(hi[1] - lo[1]) / d:.0f} B in the members hash, "
          f"{(hi[2] - lo[2]) / d:.0f} B in the user-info hash, {(hi[3] - lo[3]) / d:.0f} B over every key")
last = max(rows, key=lambda r: int(r["members"]))
if empty and int(last["members"]):
    print(f"at {last['members']} members ({last['encoding']}): {(int(last['all_keys']) - min(empty)) / int(last['members']):.0f} B per member "
          f"over every key, against no member")
PY
