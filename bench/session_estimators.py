#!/usr/bin/env python3
# Re-summarises the stored stress calls of a function-task run (a store of bench/run_enamel.sh kept
# with KEEP=DIR, each sample a copy of its reference) by several per-cell estimators, and prints how
# far reference/sample is from 1 under each. Usage: bench/session_estimators.py DIR/r.sqlite
import sqlite3, sys, statistics as st, math, itertools, collections
db = sqlite3.connect(sys.argv[1])
rows = db.execute("""select p.task_id, p.role, e.level, e.seed, e.session, e.cpu_user_ns+e.cpu_sys_ns
 from executions e join programs p on p.id=e.program_id where e.phase='stress' and e.verdict='OK'""").fetchall()
d = collections.defaultdict(lambda: collections.defaultdict(list))
for t, role, lv, seed, sess, c in rows:
    d[(t, lv, seed)][(role, sess)].append(c)
def hl(x):
    w = [(a+b)/2 for a, b in itertools.combinations_with_replacement(sorted(x), 2)]
    return st.median(w)
ests = {
 'hl_all': lambda s: hl([v for vs in s.values() for v in vs]),
 'med_of_sess_med': lambda s: st.median([st.median(v) for v in s.values()]),
 'min_of_sess_med': lambda s: min(st.median(v) for v in s.values()),
 'min_all': lambda s: min(v for vs in s.values() for v in vs),
 'mean_all': lambda s: st.mean([v for vs in s.values() for v in vs]),
}
for name, f in ests.items():
    pertask = collections.defaultdict(lambda: [0.0, 0.0])
    ratios = []
    for (t, lv, seed), g in d.items():
        base = [v for (r, s), vs in g.items() if r == 'baseline' for v in vs]
        b = st.median(base) if base else 0
        ref = {s: vs for (r, s), vs in g.items() if r == 'reference'}
        smp = {s: vs for (r, s), vs in g.items() if r == 'sample'}
        if not ref or not smp: continue
        rr, ss = max(f(ref) - b, 1e3), max(f(smp) - b, 1e3)
        ratios.append(math.log(rr/ss))
        pertask[(t, lv)][0] += rr; pertask[(t, lv)][1] += ss
    bytask = collections.defaultdict(dict)
    for (t, lv), (r, s) in pertask.items(): bytask[t][lv] = r / s
    top = [v[max(v)] for t, v in bytask.items() if pertask[(t, max(v))][0] > 4e6]
    pie = st.mean(max(1, x) for x in top)
    print(f"{name:18s} per-seed sd(log r/s)={st.pstdev(ratios):.3f}  top-level ratio: mean {st.mean(top):.3f} median|log| {st.median(abs(math.log(x)) for x in top):.3f} PIE-like mean(max(1,r)) {pie:.3f}")
