#!/usr/bin/env bash
# Validity benchmark 3, reproducibility (issue 15): two independent runs of the same samples
# (each with its own cache and database) must give identical verdicts, eff@1 per model whose
# bootstrap intervals overlap, and, by instruction counts (valgrind where there is no
# PMU), every instruction-based score exactly equal. The samples are samples/demo on the
# bundled tasks; the instruction runs take one task and its first level, since valgrind makes
# every execution cost seconds. Prints each comparison; exits 1 if one fails.
# Usage: bench/validity/reproducibility.sh PERFJUDGE [REPEATS]   (REPEATS 3)
set -euo pipefail
exe=$(realpath "${1:?usage: reproducibility.sh PERFJUDGE [REPEATS]}")
root=$(cd "$(dirname "$0")/../.." && pwd)
repeats=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "reproducibility: $(date -u '+%F %T UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

run() {  # NAME COST [options...]
  local name=$1 cost=$2
  shift 2
  # The b runs' caches are deeper: counts must not depend on where the builds live.
  local cache=$work/cache-$name
  [[ $name == *-b ]] && cache=$work/a-longer-path/to-the-cache-of/$name
  "$exe" run --tasks "$root/tasks" --samples "$root/samples/demo" --db "$work/$name.sqlite" \
    --cache "$cache" --cost "$cost" --quiet "$@" >/dev/null
  "$exe" report --db "$work/$name.sqlite" --format json --k 1 --cost "$cost" >"$work/$name.json"
}
run time-a cpu_time --repeats "$repeats"
run time-b cpu_time --repeats "$repeats"
run count-a instructions --only distinct-count --levels 0 --repeats 1 --warmup 0
run count-b instructions --only distinct-count --levels 0 --repeats 1 --warmup 0

/usr/bin/python3 - "$work" <<'PY'
import json, sqlite3, sys
work = sys.argv[1]
failed = False

def verdicts(name):
    db = sqlite3.connect(f"{work}/{name}.sqlite")
    return dict(((m, t, s), v) for m, t, s, v in db.execute(
        "SELECT p.model, p.task_id, p.sample_id, coalesce(r.verdict, '-') FROM programs p "
        "LEFT JOIN program_results r ON r.program_id = p.id WHERE p.role = 'sample'"))

def models(name):
    return {m["model"]: m["metrics"] for m in json.load(open(f"{work}/{name}.json"))["models"]}

def check(ok, what):
    global failed
    failed |= not ok
    print(f"{'PASS' if ok else 'FAIL'}  {what}")

for a, b in (("time-a", "time-b"), ("count-a", "count-b")):
    va, vb = verdicts(a), verdicts(b)
    diff = sorted(k for k in va.keys() | vb.keys() if va.get(k) != vb.get(k))
    check(not diff, f"verdicts of {a} and {b}: {len(va)} samples" +
          ("" if not diff else f", differ on {diff}"))

ta, tb = models("time-a"), models("time-b")
for model in sorted(ta.keys() | tb.keys()):
    x, y = ta.get(model, {}).get("eff@1", {}), tb.get(model, {}).get("eff@1", {})
    if x.get("value") is None or y.get("value") is None:
        check(x.get("value") == y.get("value"), f"eff@1 {model}: unavailable in both")
        continue
    # The intervals must overlap: one containing the other's value is too strict when an
    # interval over a couple of tasks is a few thousandths wide.
    cx, cy = x.get("ci"), y.get("ci")
    overlap = cx is not None and cy is not None and cx[0] <= cy[1] and cy[0] <= cx[1]
    check(overlap, f"eff@1 {model}: {x['value']:.3f} [{cx[0]:.3f}, {cx[1]:.3f}] and "
                   f"{y['value']:.3f} [{cy[0]:.3f}, {cy[1]:.3f}]: the intervals overlap")

memory = ("nmu", "nmu_ratio_of_sums", "ntmu", "ntmu_ratio_of_sums")  # peak memory: not a count
ca, cb = models("count-a"), models("count-b")
for model in sorted(ca.keys() | cb.keys()):
    x = {k: v for k, v in ca.get(model, {}).items() if k not in memory}
    y = {k: v for k, v in cb.get(model, {}).items() if k not in memory}
    diff = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
    check(not diff, f"instruction scores {model}: {len(x)} scores" +
          ("" if not diff else f", differ on {diff}"))
sys.exit(1 if failed else 0)
PY
