#!/usr/bin/env bash
# How much two pinned workers distort each other's CPU-time figures. The same ENAMEL problems
# (each with its own reference as the sample) are run three times with --cost cpu_time: twice
# with --jobs 1 (their difference is the noise of a rerun) and once with --jobs 2. Prints, per
# pair of runs, the median and 90th percentile of |cpu_s(a) / cpu_s(b) - 1| over every
# (sample, level, seed), and the median ratio (a bias shows there).
# Usage: bench/jobs_distortion.sh PERFJUDGE [CSV] [PROBLEMS (default 40)] [REPEATS (default 6)]
set -euo pipefail
exe=$(realpath "${1:?usage: jobs_distortion.sh PERFJUDGE [CSV] [PROBLEMS] [REPEATS]}")
csv=${2:-$(cd "$(dirname "$0")/.." && pwd)/../shared/data/enamel/enamel.csv}
problems=${3:-40}
repeats=${4:-6}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$exe" import enamel "$csv" --out "$work/tasks" >/dev/null
/usr/bin/python3 - "$work/tasks" "$work/samples.jsonl" "$problems" <<'PY'
import json, pathlib, sys
n = int(sys.argv[3])
with open(sys.argv[2], "w") as f:
    for toml in sorted(pathlib.Path(sys.argv[1]).glob("*/task.toml")):
        if "excluded = true" in toml.read_text():
            continue
        if n == 0:
            break
        n -= 1
        ref = toml.parent / "ref" / "reference.py"
        f.write(json.dumps({"task_id": toml.parent.name, "model": "enamel-reference",
                            "solution": ref.read_text()}) + "\n")
PY
for run in j1a j1b j2; do
  jobs=1
  [ "$run" = j2 ] && jobs=2
  "$exe" run --tasks "$work/tasks" --samples "$work/samples.jsonl" --db "$work/$run.sqlite" \
    --cost cpu_time --repeats "$repeats" --warmup 0 --jobs "$jobs" --quiet \
    --cache "$work/cache" >/dev/null 2>&1
done
/usr/bin/python3 - "$work" <<'PY'
import sqlite3, statistics, sys
def costs(db):
    q = ("SELECT p.task_id, r.level, r.seed, r.cpu_s FROM stress_results r JOIN programs p "
         "ON p.id = r.program_id WHERE p.role = 'sample' AND r.cpu_s IS NOT NULL")
    return {(t, l, s): c for t, l, s, c in sqlite3.connect(db).execute(q)}
runs = {r: costs(f"{sys.argv[1]}/{r}.sqlite") for r in ("j1a", "j1b", "j2")}
for a, b, what in (("j1b", "j1a", "rerun, --jobs 1 twice"), ("j2", "j1a", "--jobs 2 vs --jobs 1")):
    keys = sorted(set(runs[a]) & set(runs[b]))
    ratios = [runs[a][k] / runs[b][k] for k in keys if runs[b][k] > 0]
    dev = sorted(abs(r - 1) for r in ratios)
    print(f"{what}: {len(ratios)} figures, median |ratio-1| {statistics.median(dev):.3f}, "
          f"p90 {dev[int(0.9 * (len(dev) - 1))]:.3f}, median ratio {statistics.median(ratios):.3f}")
PY
