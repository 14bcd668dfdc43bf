#!/usr/bin/env bash
# Throughput of `perfjudge run --jobs 2 --cost instructions` (valgrind on a machine without a
# PMU): on the bundled suite's demo samples, and on the whole ENAMEL import evaluated with its
# own references as samples (stopped after LIMIT seconds; how far it got and the rate).
# One measured repeat and no warm-up: valgrind's counts are exact, repeating them measures
# nothing new (with a hardware PMU, pass more repeats through PJ_REPEATS).
# Usage: bench/run_throughput.sh PERFJUDGE [LIMIT_SECONDS] [ENAMEL_CSV]
set -euo pipefail
exe=$(realpath "$1")
limit=${2:-600}
csv=${3:-${ENAMEL_CSV:-/work/shared/data/enamel/enamel.csv}}
root=$(cd "$(dirname "$0")/.." && pwd)
repeats=(--repeats "${PJ_REPEATS:-1}" --warmup 0)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rate() {  # DB SECONDS LABEL
  local judged passed units
  judged=$(sqlite3 "$1" "SELECT count(*) FROM program_results r JOIN programs p ON p.id = r.program_id WHERE p.role = 'sample'")
  units=$(sqlite3 "$1" "SELECT count(*) FROM units_done WHERE unit LIKE 'stress:%'")
  total=$(sqlite3 "$1" "SELECT count(*) FROM programs WHERE role = 'sample'")
  printf 'run: %s: %s/%s samples judged, %s stress units, in %.0f s: %.3f samples/s\n' \
    "$3" "$judged" "$total" "$units" "$2" "$(echo "$judged / $2" | bc -l)"
}

t0=$(date +%s.%N)
"$exe" run --tasks "$root/tasks" --samples "$root/samples/demo" --db "$work/demo.sqlite" \
  --jobs 2 --cost instructions "${repeats[@]}" --levels 0,1 --quiet --cache "$work/cache" 2>/dev/null || true
t1=$(date +%s.%N)
rate "$work/demo.sqlite" "$(echo "$t1 - $t0" | bc -l)" "bundled demo samples, levels 0-1"

[ -f "$csv" ] || { echo "run: no enamel.csv at $csv; ENAMEL part skipped"; exit 0; }
"$exe" import enamel "$csv" --out "$work/enamel" >/dev/null 2>&1 || { echo "run: ENAMEL import unavailable"; exit 0; }
/usr/bin/python3 - "$work/enamel" "$work/enamel.jsonl" <<'PY'
import json, pathlib, sys
with open(sys.argv[2], "w") as f:
    for toml in sorted(pathlib.Path(sys.argv[1]).glob("*/task.toml")):
        ref = toml.parent / "ref" / "reference.py"
        if ref.exists():
            f.write(json.dumps({"task_id": toml.parent.name, "model": "enamel-reference",
                                "solution": ref.read_text()}) + "\n")
PY
t0=$(date +%s.%N)
timeout -s INT "$limit" "$exe" run --tasks "$work/enamel" --samples "$work/enamel.jsonl" \
  --db "$work/enamel.sqlite" --jobs 2 --cost instructions "${repeats[@]}" --quiet --cache "$work/cache" \
  2>/dev/null || true
t1=$(date +%s.%N)
rate "$work/enamel.sqlite" "$(echo "$t1 - $t0" | bc -l)" "ENAMEL import, references as samples (stopped after ${limit}s)"
