"""Samples the CPU time of every thread of the Herald node and the bench generator, every 50 ms.

Finds the two java processes whose command line contains MATCH (a checkout path) and herald.jar or
herald-bench.jar, and appends one line per thread per sample to OUT:
    epoch_seconds role pid tid comm policy cpu_ns
policy is the scheduling policy (0 normal, 1 SCHED_FIFO); cpu_ns comes from /proc/PID/task/TID/schedstat.
thread-cpu-summary.py turns it into CPU per thread per quarter second of a run.

    python3 bench/scripts/thread-cpu-sampler.py OUT MATCH SECONDS
"""
import os, sys, time, glob
out = open(sys.argv[1], 'w')
pat = sys.argv[2]  # substring of cmdline to match (worktree path)
end = time.time() + float(sys.argv[3])
def procs():
    r = {}
    for p in glob.glob('/proc/[0-9]*'):
        try:
            c = open(p + '/cmdline', 'rb').read().replace(b'\0', b' ').decode()
        except Exception:
            continue
        if pat in c and 'java' in c and ('herald.jar' in c or 'herald-bench.jar' in c):
            r[p[6:]] = 'bench' if 'bench' in c else 'node'
    return r
ps = {}
last_scan = 0
while time.time() < end:
    now = time.time()
    if now - last_scan > 1:
        ps = procs(); last_scan = now
    for pid, role in ps.items():
        for t in glob.glob('/proc/%s/task/*' % pid):
            try:
                ns = open(t + '/schedstat').read().split()[0]
                comm = open(t + '/comm').read().strip()
                st = open(t + '/stat').read()
                f = st[st.rindex(')') + 2:].split()
                pol = f[38]; cpu = f[36]
            except Exception:
                continue
            out.write('%.3f %s %s %s %s %s %s\n' % (now, role, pid, t.split('/')[-1], comm.replace(' ', '_'), pol, ns))
    out.flush()
    time.sleep(0.05)
