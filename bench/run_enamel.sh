#!/usr/bin/env bash
# The whole ENAMEL import evaluated end to end, each problem's own reference as its sample:
# import, judge, every stress level and seed. Prints the wall time and the rates.
# Usage: bench/run_enamel.sh PERFJUDGE [CSV] [COST] [REPEATS]   (COST: cpu_time (default) or
# instructions; REPEATS: 6 by default, ENAMEL's own; warm-ups 0; the run's default --jobs)
set -euo pipefail
exe=$(realpath "${1:?usage: run_enamel.sh PERFJUDGE [CSV] [COST]}")
csv=${2:-$(cd "$(dirname "$0")/.." && pwd)/../shared/data/enamel/enamel.csv}
cost=${3:-cpu_time}
repeats=${4:-6}
# KEEP=DIR keeps the imported tasks, the samples and the store there for inspection.
if [[ -n ${KEEP:-} ]]; then
  work=$KEEP && rm -rf "$work" && mkdir -p "$work"
else
  work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
fi
"$exe" import enamel "$csv" --out "$work/tasks" >/dev/null
/usr/bin/python3 - "$work/tasks" "$work/samples.jsonl" <<'PY'
import json, pathlib, sys
with open(sys.argv[2], "w") as f:
    for toml in sorted(pathlib.Path(sys.argv[1]).glob("*/task.toml")):
        if "excluded = true" in toml.read_text():  # ENAMEL does not score these 22
            continue
        ref = toml.parent / "ref" / "reference.py"
        f.write(json.dumps({"task_id": toml.parent.name, "model": "enamel-reference",
                            "solution": ref.read_text()}) + "\n")
PY
# The machine's busy CPU over the run (all cores, every process: /proc/stat's jiffies), and the
# supervisor's resident memory sampled once a second: each sandbox start copies its page tables.
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
busy0=$(busy)
start=$(date +%s.%N)
"$exe" run --tasks "$work/tasks" --samples "$work/samples.jsonl" --db "$work/r.sqlite" \
  --cost "$cost" --repeats "$repeats" --warmup 0 --quiet --cache "$work/cache" >"$work/run.log" 2>&1 &
pid=$!
rss_sum=0 rss_n=0 rss_max=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
  if [[ -n $rss ]]; then
    rss_sum=$((rss_sum + rss)) rss_n=$((rss_n + 1))
    ((rss > rss_max)) && rss_max=$rss
  fi
  sleep 1
done
wait "$pid" || { tail -5 "$work/run.log"; exit 1; }
end=$(date +%s.%N)
tail -1 "$work/run.log"
secs=$(echo "$end - $start" | bc -l)
busy_s=$(( ($(busy) - busy0) / $(getconf CLK_TCK) ))
printf 'busy CPU %s s on %s cores; the supervisor resident: mean %s MiB, max %s MiB\n' "$busy_s" \
  "$(nproc)" "$((rss_sum / (rss_n > 0 ? rss_n : 1) / 1024))" "$((rss_max / 1024))"
q() { sqlite3 "$work/r.sqlite" "$1"; }
samples=$(q "SELECT count(*) FROM programs WHERE role = 'sample'")
passed=$(q "SELECT count(*) FROM program_results r JOIN programs p ON p.id = r.program_id WHERE p.role = 'sample' AND r.passed = 1")
units=$(q "SELECT count(*) FROM units_done WHERE unit LIKE 'stress:%'")
execs=$(q "SELECT count(*) FROM executions")
printf 'enamel run (--cost %s, %s repeats): %s samples (%s passed), %s stress units, %s executions in %.0f s: %.3f samples/s, %.2f executions/s\n' \
  "$cost" "$repeats" "$samples" "$passed" "$units" "$execs" "$secs" "$(echo "$samples / $secs" | bc -l)" \
  "$(echo "$execs / $secs" | bc -l)"
"$exe" report --db "$work/r.sqlite" --format csv | head -n 2
