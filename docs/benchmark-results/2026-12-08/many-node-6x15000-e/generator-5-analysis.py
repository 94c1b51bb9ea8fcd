#!/usr/bin/env python3
"""Run E, generator 5: which of its channels delivered nothing on node 5, from the saved files.

Every generator publishes 10 events a second on its 100 channels in turn (g5-0, g5-1, ...), 150
subscribers each, so a one-second sample of deliveries is 150 times the number of the 10 channels
of that second that reached the subscribers. The bus channel of g5-N is herald:bus:app-id:c:g5-N,
its slot CRC16(name) mod 16384; cluster-create.log gives the three slot ranges.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))

def crc16(data):
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc

def slot(name):
    return crc16(name.encode()) % 16384

ranges = {"0-5460 (31422)": (0, 5460), "5461-10922 (14457)": (5461, 10922), "10923-16383 (18121)": (10923, 16383)}
by_range = {r: [n for n in range(100) if lo <= slot("herald:bus:app-id:c:g5-%d" % n) <= hi] for r, (lo, hi) in ranges.items()}
for r, channels in by_range.items():
    print("slots %s: %d channels: %s" % (r, len(channels), channels))

result = json.load(open(os.path.join(HERE, "fanout-node-5.json")))
samples = [s for s in result["timeline"]["samples"] if s["phase"] == "measure"]
# A quiet stretch before node 5's drain (SIGTERM at 01:11:09): 01:10:25 to 01:11:05, t = 434..474 s.
quiet = [s for s in samples if 434 <= s["t"] < 474]
missing = [round(10 - s["perSecond"] / 150) for s in quiet]
print("channels of each second that delivered nothing, 01:10:25-01:11:05:", missing)
period = missing[:10]
for r, channels in by_range.items():
    wanted = set(channels)
    for offset in range(10):
        windows = [sum(1 for c in range(offset + 10 * j, offset + 10 * j + 10) if c % 100 in wanted) for j in range(10)]
        for turn in range(10):
            if windows[turn:] + windows[:turn] == period:
                print("matches the channels of slots %s (publishing offset %d)" % (r, offset))
f = result["fanout"]
away = result["connections"]["reconnects"]["missedEvents"]
print("not received %d, sequence gaps %d (%d at the moves), neither: %d = %.1f events per subscriber of the %d channels"
      % (f["lostDeliveries"], f["gaps"], away, f["lostDeliveries"] - f["gaps"],
         (f["lostDeliveries"] - f["gaps"]) / (len(by_range["0-5460 (31422)"]) * 150), len(by_range["0-5460 (31422)"])))
