"""The ENAMEL fidelity check's Python side (bench/enamel_fidelity.sh runs it).

    enamel_fidelity.py make TASKS OUT --perfjudge EXE --cache DIR [--problems N]
    enamel_fidelity.py time OUT --perfjudge EXE --cache DIR [--repeats R] [--warmup W] [--gc on|off]
    enamel_fidelity.py compare OUT MODELS.csv TASKS.csv [--band 0.05]

`make` picks N scored problems of an ENAMEL import (evenly spaced over the 142, so the choice
is deterministic), copies their task directories to OUT/tasks and writes OUT/samples.jsonl:
per problem, its own reference and four deliberately slowed, still correct, copies of it, each
kind its own model (KINDS below).

`time` is the timing outside perfjudge: plain /usr/bin/python3, no sandbox, no fork, one
process. Like ENAMEL's own harness (github.com/q-rz/enamel, enam/evaluate.py, Evaluator), it
execs each program's source afresh for every call (so every call runs freshly compiled code, as
each of perfjudge's forked calls does), disables the garbage collector around the call
(enam/execute.py, unsafe_execute), and times only the call itself. Unlike ENAMEL, which uses
time.time(), it times with time.process_time() (CPU time of the process), because perfjudge's
`--cost cpu_time` is CPU time (the session's task-clock). The inputs are exactly perfjudge's:
`perfjudge tasks gen` reads them from the run's input cache. Each input is called W + R times
round by round, every program once per round (the reference too, so that machine drift hits
all alike), and the R measured times are summarised per input by the Hodges-Lehmann estimate
(ENAMEL's calc_exec_time). Then ENAMEL's formula, as metrics/enamel.cpp implements it:

  T*_l = the reference's worst input (max over the level's seeds) on level l
  T    = alpha * max over the levels with h_l > 0 of T*_l            (enamel_time_limit)
  e_l  = max(0, T - t_l) / (T - T*_l), t_l the sample's worst input; 0 when h_l = 0
  a call slower than T censors its level and every later one (their e_l = 0), as ENAMEL's
  level_break does; a wrong answer anywhere scores 0
  e    = sum_l h_l e_l / sum_l h_l;  eff@1 of a model = the mean of e over the problems
         (one sample per problem, so eff_at_k(n=1, k=1) = e)

ENAMEL's time_correction (a factor for the machine's drift between generating its reference
times and timing samples) is 1 here: the reference is timed in the same rounds as the samples.

It also times encoding each result with perfjudge's codec (pjcodec.encode, net of encoding
None): perfjudge's measured window includes it and ENAMEL's does not, so `compare` can show
what a discrepancy owes to it. Writes OUT/inprocess.json.

`compare` reads `perfjudge report --format csv` (per model) and `--by task` and prints, per
model, the in-process eff@1, perfjudge's, the difference and PASS/FAIL against the band; then
the problems that differ most. Exit status 1 when any model is outside the band.
"""

import argparse
import csv
import gc
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time
import tomllib

# Constant factors call the reference k times and return the last result; the passes add work
# proportional to n or n^2 before the call, where n is the arguments' total length (len of
# each argument that has one, else 1).
KINDS = ("reference", "x2-calls", "x4-calls", "linear-pass", "quadratic-pass")

PRELUDE = '''
# A deliberately slowed copy of this problem's ENAMEL reference, made by
# bench/enamel_fidelity.py ({kind}). The reference runs in a namespace of its own, so that its
# recursive calls, which look up {entry} among its globals, reach the reference itself.
import copy as _pj_copy
_PJ_REFERENCE = {source!r}
_pj_ns = {{"__name__": "__pj_reference__"}}
exec(compile(_PJ_REFERENCE, "reference.py", "exec"), _pj_ns)
_pj_ref = _pj_ns[{entry!r}]


def _pj_n(args):
    n = 0
    for a in args:
        try:
            n += len(a)
        except TypeError:
            n += 1
    return n
'''

BODIES = {
    "x2-calls": '''
def {entry}(*args):
    _pj_ref(*{copy})
    return _pj_ref(*args)
''',
    "x4-calls": '''
def {entry}(*args):
    for _ in range(3):
        _pj_ref(*{copy})
    return _pj_ref(*args)
''',
    "linear-pass": '''
def {entry}(*args):
    acc = 0
    for i in range(4 * _pj_n(args)):
        acc += i
    return _pj_ref(*args)
''',
    "quadratic-pass": '''
def {entry}(*args):
    m = _pj_n(args) // 32
    acc = 0
    for i in range(m):
        for j in range(m):
            acc += j
    return _pj_ref(*args)
''',
}


def driver_dir():
    return pathlib.Path(__file__).resolve().parent.parent / "share" / "driver"


sys.path.insert(0, str(driver_dir()))
import pjcodec  # noqa: E402  (perfjudge's own codec: the inputs decode exactly as in a session)


def load_task(task_dir):
    with open(task_dir / "task.toml", "rb") as f:
        t = tomllib.load(f)
    levels = [
        {"seeds": [int(s) for s in l["seeds"]], "hardness": float(l.get("hardness", 0))}
        for l in t["stress"]["levels"]
    ]
    return {
        "id": t["id"],
        "entry": t["entry_point"],
        "alpha": float(t.get("limits", {}).get("alpha", 2.0)),
        "excluded": bool(t.get("excluded", False)),
        "levels": levels,
    }


def gen_input(args, tasks, task_id, level, seed):
    cmd = [args.perfjudge, "tasks", "gen", task_id, "--level", str(level), "--seed", str(seed),
           "--tasks", str(tasks), "--cache", str(args.cache)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def load_program(source, entry):
    ns = {"__name__": "__candidate__"}
    exec(compile(source, "candidate.py", "exec"), ns)
    return ns[entry]


# ---- make -------------------------------------------------------------------------------------


def mutates_arguments(args, tasks, task, source):
    """Whether the reference changes its arguments, on the first input of each level: the
    constant-factor copies then give the extra calls a deep copy, so that the last call sees
    exactly the input."""
    fn = load_program(source, task["entry"])
    for level, l in enumerate(task["levels"]):
        text = gen_input(args, tasks, task["id"], level, l["seeds"][0])
        call_args = pjcodec.decode(text)
        before = pjcodec.encode(call_args)
        fn(*call_args)
        if pjcodec.encode(call_args) != before:
            return True
    return False


def make(args):
    src = pathlib.Path(args.tasks)
    out = pathlib.Path(args.out)
    scored = []
    for toml in src.glob("*/task.toml"):
        t = load_task(toml.parent)
        if not t["excluded"]:
            scored.append((int(t["id"].rsplit("-", 1)[1]), toml.parent, t))
    scored.sort(key=lambda x: x[0])
    n = min(args.problems, len(scored))
    chosen = [scored[(i * len(scored)) // n] for i in range(n)]
    (out / "tasks").mkdir(parents=True, exist_ok=True)
    selection = []
    with open(out / "samples.jsonl", "w") as f:
        for _, d, t in chosen:
            shutil.copytree(d, out / "tasks" / d.name, dirs_exist_ok=True)
            source = (d / "ref" / "reference.py").read_text()
            mut = mutates_arguments(args, out / "tasks", t, source)
            copy = "_pj_copy.deepcopy(args)" if mut else "args"
            selection.append({"task": t["id"], "mutates_arguments": mut})
            for kind in KINDS:
                if kind == "reference":
                    program = source
                else:
                    program = (PRELUDE.format(kind=kind, entry=t["entry"], source=source)
                               + BODIES[kind].format(entry=t["entry"], copy=copy))
                f.write(json.dumps({"task_id": t["id"], "model": kind, "solution": program})
                        + "\n")
    (out / "selection.json").write_text(json.dumps(selection, indent=1) + "\n")
    print("fidelity: %d problems, %d samples (%d copy-on-call because the reference mutates "
          "its arguments)" % (n, n * len(KINDS), sum(s["mutates_arguments"] for s in selection)))


# ---- time -------------------------------------------------------------------------------------


def hodges_lehmann(xs):
    """ENAMEL's calc_exec_time (and metrics::hodges_lehmann): the median of the pairwise
    means, the diagonal included."""
    w = sorted((xs[i] + xs[j]) / 2 for i in range(len(xs)) for j in range(i, len(xs)))
    m = len(w)
    return w[m // 2] if m % 2 else (w[m // 2 - 1] + w[m // 2]) / 2


def enamel_score(levels, ref_times, times, censored_from, alpha):
    """metrics/enamel.cpp, enamel_sample_score, for a sample that answered correctly."""
    weighted = [l["hardness"] for l in levels]
    limit = alpha * max(t for t, h in zip(ref_times, weighted) if h > 0)
    total = 0.0
    for l, h in enumerate(weighted):
        if h == 0 or (censored_from is not None and l >= censored_from):
            continue
        total += h * max(0.0, limit - times[l]) / (limit - ref_times[l])
    return total / sum(weighted)


def timed_call(source, entry, text, gc_off):
    """One call, as ENAMEL times it: the program exec'd afresh, a fresh copy of the input,
    the collector off during the call; the call alone is timed (CPU time)."""
    fn = load_program(source, entry)
    call_args = pjcodec.decode(text)
    gc.collect()
    if gc_off:
        gc.disable()
    t0 = time.process_time()
    result = fn(*call_args)
    t1 = time.process_time()
    gc.enable()
    return t1 - t0, result


def encode_time(result, reps):
    """CPU time of pjcodec.encode(result) beyond encoding None (what perfjudge's window adds
    to the call, net of its baseline session's)."""
    xs = []
    for _ in range(reps):
        t0 = time.process_time()
        pjcodec.encode(result)
        t1 = time.process_time()
        pjcodec.encode(None)
        t2 = time.process_time()
        xs.append(max(0.0, (t1 - t0) - (t2 - t1)))
    return hodges_lehmann(xs)


def time_problem(args, task, sources, inputs):
    """Times every program of one problem on every input; returns per model its per-level
    worst-input times (ENAMEL's t_l), with and without the result's encoding."""
    models = list(sources)
    levels = task["levels"]
    # A probe of the reference (its first call on each input, as perfjudge's references run
    # once before their measured rounds) sets ENAMEL's timeout T before the samples run.
    probe = []
    for level, l in enumerate(levels):
        for seed in l["seeds"] if l["hardness"] > 0 else []:
            probe.append(timed_call(sources["__reference__"], task["entry"],
                                    inputs[level][seed], args.gc == "off")[0])
    per = {m: {"times": [], "enc": [], "censored_from": None, "wrong": None} for m in models}
    answers = {}
    for level, l in enumerate(levels):
        worst = {m: 0.0 for m in models}
        worst_enc = {m: 0.0 for m in models}
        for seed in l["seeds"]:
            text = inputs[level][seed]
            runs = {m: [] for m in models}
            for rnd in range(args.warmup + args.repeats):
                for m in models:
                    if per[m]["censored_from"] is not None or per[m]["wrong"]:
                        continue
                    t, result = timed_call(sources[m], task["entry"], text, args.gc == "off")
                    if rnd == 0:
                        enc = pjcodec.encode(result)
                        if m == "__reference__":
                            answers[level, seed] = enc
                            runs[m + "/enc"] = encode_time(result, args.repeats)
                        elif enc != answers[level, seed]:
                            per[m]["wrong"] = "level %d seed %d" % (level, seed)
                    if rnd >= args.warmup:
                        runs[m].append(t)
            # ENAMEL's timeout T = alpha * T*_max; T*_max is known only once every level ran,
            # so the probe's slowest call stands in for it here. Censoring changes a score only
            # through the levels after the censored one: at t_l >= T, e_l is 0 anyway.
            limit = task["alpha"] * max(probe)
            for m in models:
                if not runs[m]:
                    continue
                hl = hodges_lehmann(runs[m])
                worst[m] = max(worst[m], hl)
                worst_enc[m] = max(worst_enc[m], hl + runs["__reference__/enc"])
                if m != "__reference__" and l["hardness"] > 0 and max(runs[m]) > limit:
                    per[m]["censored_from"] = level
        for m in models:
            per[m]["times"].append(worst[m])
            per[m]["enc"].append(worst_enc[m])
    ref = per.pop("__reference__")
    out = {}
    for m, p in per.items():
        if p["wrong"]:
            out[m] = {"score": 0.0, "score_with_encode": 0.0, "wrong": p["wrong"]}
            continue
        out[m] = {
            "score": enamel_score(levels, ref["times"], p["times"], p["censored_from"],
                                  task["alpha"]),
            "score_with_encode": enamel_score(levels, ref["enc"], p["enc"], p["censored_from"],
                                              task["alpha"]),
            "times": p["times"],
            "censored_from": p["censored_from"],
        }
    return {"reference_times": ref["times"], "reference_times_with_encode": ref["enc"],
            "models": out}


def time_all(args):
    out = pathlib.Path(args.out)
    tasks = out / "tasks"
    samples = {}
    for line in open(out / "samples.jsonl"):
        r = json.loads(line)
        samples.setdefault(r["task_id"], {})[r["model"]] = r["solution"]
    result = {"settings": {"repeats": args.repeats, "warmup": args.warmup, "gc": args.gc,
                           "timer": "time.process_time"}, "problems": {}}
    start = time.time()
    for task_id in sorted(samples, key=lambda s: int(s.rsplit("-", 1)[1])):
        task = load_task(tasks / task_id)
        inputs = [{seed: gen_input(args, tasks, task_id, level, seed) for seed in l["seeds"]}
                  for level, l in enumerate(task["levels"])]
        sources = {"__reference__": (tasks / task_id / "ref" / "reference.py").read_text()}
        sources.update(samples[task_id])
        result["problems"][task_id] = time_problem(args, task, sources, inputs)
        r = result["problems"][task_id]
        print("in-process %-14s T*_l %s  e: %s  (%.0f s)" % (
            task_id, " ".join("%.2e" % t for t in r["reference_times"]),
            " ".join("%s=%.2f" % (m, v["score"]) for m, v in r["models"].items()),
            time.time() - start), flush=True)
    (out / "inprocess.json").write_text(json.dumps(result, indent=1) + "\n")


# ---- compare ----------------------------------------------------------------------------------


def compare(args):
    out = pathlib.Path(args.out)
    ip = json.loads((out / "inprocess.json").read_text())["problems"]
    with open(args.models_csv) as f:
        pj = {r["model"]: r for r in csv.DictReader(f)}
    with open(args.tasks_csv) as f:
        pj_task = {(r["model"], r["task"]): r for r in csv.DictReader(f)}
    failed = False
    print("\n%-15s %9s %9s %9s %8s  %s" % ("model", "in-proc", "+encode", "perfjudge", "diff",
                                          "verdict (band ±%.2f)" % args.band))
    rows = []
    for kind in KINDS:
        scores = [p["models"][kind]["score"] for p in ip.values()]
        with_enc = [p["models"][kind]["score_with_encode"] for p in ip.values()]
        mine = sum(scores) / len(scores)
        mine_enc = sum(with_enc) / len(with_enc)
        r = pj.get(kind)
        if r is None or r.get("eff@1", "") == "":
            why = r.get("eff@1_unavailable", "") if r else "no such model in the report"
            print("%-15s %9.3f %9.3f %9s %8s  FAIL (%s)" % (kind, mine, mine_enc, "n/a", "", why))
            failed = True
            continue
        theirs = float(r["eff@1"])
        ok = abs(theirs - mine) <= args.band
        failed = failed or not ok
        print("%-15s %9.3f %9.3f %9.3f %+8.3f  %s" % (kind, mine, mine_enc, theirs,
                                                       theirs - mine, "PASS" if ok else "FAIL"))
        for task_id, p in ip.items():
            t = pj_task.get((kind, task_id))
            if t and t.get("eff", "") != "":
                rows.append((float(t["eff"]) - p["models"][kind]["score"], kind, task_id,
                             p["models"][kind]["score"], p["models"][kind]["score_with_encode"],
                             float(t["eff"])))
    if args.db:
        time_ratios(args.db, ip)
    rows.sort(key=lambda r: -abs(r[0]))
    print("\nlargest per-problem differences (perfjudge - in-process):")
    print("%-15s %-14s %8s %8s %9s %8s" % ("model", "task", "in-proc", "+encode", "perfjudge",
                                          "diff"))
    for d, kind, task_id, mine, mine_enc, theirs in rows[:args.show]:
        print("%-15s %-14s %8.3f %8.3f %9.3f %+8.3f" % (kind, task_id, mine, mine_enc, theirs, d))
    return 1 if failed else 0


def time_ratios(db, ip):
    """Per model: perfjudge's worst-seed net cost over the in-process worst-seed time, median
    and quartiles over every (problem, weighted level) both measured. 1 means both clocks
    saw the same cost; an offset common to the reference and its copies shows up as ratios
    above 1 that shrink as the calls grow."""
    import sqlite3
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT p.task_id, CASE WHEN p.role = 'reference' THEN '__reference__' ELSE p.model "
        "END, s.level, max(s.cpu_s) FROM stress_results s JOIN programs p "
        "ON p.id = s.program_id WHERE p.role IN ('reference', 'sample') AND s.verdict = 'OK' "
        "AND s.cpu_s IS NOT NULL GROUP BY p.id, s.level").fetchall()
    ratios = {}
    for task_id, model, level, cost in rows:
        p = ip.get(task_id)
        if p is None or level == 0:
            continue
        if model == "__reference__":
            mine = p["reference_times"][level]
        else:
            m = p["models"].get(model)
            if not m or "times" not in m or (m["censored_from"] is not None
                                             and level >= m["censored_from"]):
                continue
            mine = m["times"][level]
        if mine > 0:
            ratios.setdefault(model, []).append((mine, cost / mine))
    print("\nperfjudge net cost / in-process time, per (problem, level 1-3), by call length:")
    print("%-15s %5s %28s %28s" % ("program", "n", "calls < 1 ms: q1 median q3",
                                    "calls >= 1 ms: q1 median q3"))
    for model in ["__reference__"] + list(KINDS):
        xs = ratios.get(model, [])
        cells = []
        for short in (True, False):
            r = sorted(x for t, x in xs if (t < 1e-3) == short)
            cells.append("%8.2f %8.2f %8.2f" % (r[len(r) // 4], r[len(r) // 2],
                                                r[(3 * len(r)) // 4]) if r else "%28s" % "-")
        print("%-15s %5d %28s %28s" % (model, len(xs), cells[0], cells[1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("tasks")
    m.add_argument("out")
    m.add_argument("--problems", type=int, default=36)
    t = sub.add_parser("time")
    t.add_argument("out")
    t.add_argument("--repeats", type=int, default=6)
    t.add_argument("--warmup", type=int, default=0)
    t.add_argument("--gc", choices=("on", "off"), default="off")
    for p in (m, t):
        p.add_argument("--perfjudge", required=True)
        p.add_argument("--cache", required=True)
    c = sub.add_parser("compare")
    c.add_argument("out")
    c.add_argument("models_csv")
    c.add_argument("tasks_csv")
    c.add_argument("--band", type=float, default=0.05)
    c.add_argument("--show", type=int, default=12)
    c.add_argument("--db", help="the run's store: also print perfjudge's costs over the "
                   "in-process times")
    args = ap.parse_args()
    if args.cmd == "make":
        make(args)
        return 0
    if args.cmd == "compare":
        return compare(args)
    # Deep recursion is legitimate in references: room for it, as perfjudge's session gives.
    sys.setrecursionlimit(100000)
    threading.stack_size(64 << 20)
    status = []
    th = threading.Thread(target=lambda: status.append(time_all(args)))
    th.start()
    th.join()
    return 0 if status else 1


if __name__ == "__main__":
    sys.exit(main())
