#!/usr/bin/python3
"""Coefficient of variation per benchmark from a perfjudge store.

Usage: cv.py DB [SUMMARY]   (SUMMARY: also write "cost median p90 max" lines there)
A benchmark is one program (sample or reference; baselines left out) on one stress (level,
seed) with at least two measured OK executions. CV = sample standard deviation / mean, as
`report --task` computes it. Prints one line per cost: benchmarks, median, p90 and max CV,
and the share above 5 % (EvalPerf's unstable rule). Instructions come from the `counters`
table (name 'instructions') when the run recorded them.
"""
import sqlite3
import statistics
import sys


def cv(xs):
    m = statistics.fmean(xs)
    return statistics.stdev(xs) / m if m > 0 else 0.0


def quantile(xs, q):  # nearest rank, so p90 is a measured value
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, int(round(q * len(s) + 0.5)) - 1))]


def main():
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    rows = db.execute("""
        SELECT e.program_id, e.level, e.seed, e.cpu_user_ns + e.cpu_sys_ns, e.wall_ns,
               (SELECT c.value FROM counters c WHERE c.execution_id = e.id
                AND c.name = 'instructions')
        FROM executions e JOIN programs p ON p.id = e.program_id
        WHERE e.phase = 'stress' AND e.verdict = 'OK' AND p.role != 'baseline'""").fetchall()
    groups = {}
    for pid, level, seed, cpu, wall, instr in rows:
        g = groups.setdefault((pid, level, seed), ([], [], []))
        g[0].append(cpu)
        g[1].append(wall)
        if instr is not None:
            g[2].append(instr)
    print(f"{'cost':<14}{'benchmarks':>11}{'median CV':>11}{'p90 CV':>9}{'max CV':>9}"
          f"{'>5%':>7}")
    summary = []
    for i, name in enumerate(["cpu_time", "wall_time", "instructions"]):
        cvs = [cv(g[i]) for g in groups.values() if len(g[i]) >= 2]
        if not cvs:
            continue
        unstable = sum(c > 0.05 for c in cvs)
        print(f"{name:<14}{len(cvs):>11}{statistics.median(cvs):>10.2%}"
              f"{quantile(cvs, 0.9):>9.2%}{max(cvs):>9.2%}{unstable / len(cvs):>7.0%}")
        summary.append(f"{name} {statistics.median(cvs):.6g} {quantile(cvs, 0.9):.6g} "
                       f"{max(cvs):.6g}\n")
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.writelines(summary)


if __name__ == "__main__":
    main()
