"""CPU per thread in each quarter second of a bench run, from thread-cpu-sampler.py's samples.

Times are seconds from the run's startedAt (in RESULT.json), so they line up with its timeline.

    python3 bench/scripts/thread-cpu-summary.py SAMPLES RESULT.json > summary.txt
"""
import collections, datetime, json, sys
res=json.load(open(sys.argv[2])); 
t0=datetime.datetime.fromisoformat(res['startedAt'][:26]+'+00:00').timestamp()
prev={}; b=collections.defaultdict(collections.Counter)
for l in open(sys.argv[1]):
    r=l.split(); k=r[3]; ns=int(r[6]); ts=float(r[0])
    if k in prev and ns>prev[k]:
        b[int((ts-t0)*4)/4][('node ' if r[1]=='node' else 'generator ')+r[4]+(' FIFO' if r[5]=='1' else ' normal')]+=(ns-prev[k])/1e6
    prev[k]=ns
print('# CPU ms per thread in each quarter second (from /proc/PID/task/TID/schedstat every 50 ms), t from the run start;')
print('# the generator\'s progress lines (timeline) at the same t in', sys.argv[2].split('/')[-1])
for t in [x for x in sorted(b) if x >= 0]:
    print('%6.2f  '%t + ' | '.join('%s %d'%(k,round(v)) for k,v in b[t].most_common(4) if v>=1))
