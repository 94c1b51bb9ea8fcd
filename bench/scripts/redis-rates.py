#!/usr/bin/env python3
"""Commands per second at a Redis Cluster, from INFO commandstats of its primaries sampled each second.

    bench/scripts/redis-rates.py OUT.tsv PORT [PORT...]

Writes one line a second: the time, then the calls per second (the difference of two samples over
the time between them) of SSUBSCRIBE, SUNSUBSCRIBE, EVALSHA plus EVAL (the state scripts: a
subscribe, a presence change, a renewal), SPUBLISH, and of every command, summed over the ports.
Runs until killed. Used by many-node.sh for the reconnect wave of a rolling restart.
"""
import socket
import sys
import time

NAMES = ["ssubscribe", "sunsubscribe", "evalsha", "spublish"]


def commandstats(port):
    with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
        s.sendall(b"INFO commandstats\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            if data.startswith(b"$"):
                header, _, body = data.partition(b"\r\n")
                if len(body) >= int(header[1:]) + 2:
                    break
    calls = {}
    for line in data.decode().splitlines():
        if line.startswith("cmdstat_"):
            name, _, rest = line[len("cmdstat_"):].partition(":")
            calls[name] = int(rest.split(",")[0].split("=")[1])
    return calls


def totals(ports):
    out = {}
    for port in ports:
        try:
            for name, n in commandstats(port).items():
                out[name] = out.get(name, 0) + n
        except OSError:
            pass
    out["evalsha"] = out.get("evalsha", 0) + out.pop("eval", 0)
    return out


def main():
    path, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
    with open(path, "w", buffering=1) as out:
        out.write("time\t" + "\t".join(NAMES) + "\tall\n")
        last, last_at = totals(ports), time.monotonic()
        while True:
            time.sleep(max(0.0, 1.0 - (time.monotonic() - last_at)))
            now, at = totals(ports), time.monotonic()
            seconds = at - last_at
            rate = lambda name: round((now.get(name, 0) - last.get(name, 0)) / seconds)
            every = round((sum(now.values()) - sum(last.values())) / seconds)
            out.write(time.strftime("%H:%M:%S", time.gmtime()) + "\t" + "\t".join(str(rate(n)) for n in NAMES) + f"\t{every}\n")
            last, last_at = now, at


if __name__ == "__main__":
    main()
