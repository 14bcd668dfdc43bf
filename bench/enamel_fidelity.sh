#!/usr/bin/env bash
# Fidelity of perfjudge's ENAMEL eff@1 (issue 14): samples truly slower than the reference must
# score lower in proportion, as ENAMEL's own harness scores them. Takes PROBLEMS of ENAMEL's
# scored problems (evenly spaced, so always the same ones), their references and four slowed
# copies of each (two and four calls, an extra O(n) pass, an extra O(n^2) pass: one model
# each), runs them through perfjudge (--cost cpu_time, the import's ENAMEL settings), then
# times the same programs on the same inputs in one plain /usr/bin/python3 process, as ENAMEL
# does, and scores those times by ENAMEL's formula (bench/enamel_fidelity.py says how).
# Prints both eff@1 per model and PASS/FAIL against +-BAND; exit status 1 on any FAIL.
# Usage: bench/enamel_fidelity.sh PERFJUDGE [CSV] [PROBLEMS] [REPEATS] [JOBS]
#   PROBLEMS 36, REPEATS 6 (ENAMEL's; no warm-up, as ENAMEL), JOBS 1 (ENAMEL advises against
#   timing in parallel), BAND 0.05 (env PJ_BAND). PJ_FIDELITY_DIR=DIR keeps the work there.
#   PJ_COST=instructions scores perfjudge's side by instructions (valgrind without a PMU)
#   against the same in-process timings.
set -euo pipefail
exe=$(realpath "${1:?usage: enamel_fidelity.sh PERFJUDGE [CSV] [PROBLEMS] [REPEATS] [JOBS]}")
root=$(cd "$(dirname "$0")/.." && pwd)
csv=${2:-$root/../shared/data/enamel/enamel.csv}
problems=${3:-36}
repeats=${4:-6}
jobs=${5:-1}
band=${PJ_BAND:-0.05}
cost=${PJ_COST:-cpu_time}
py=/usr/bin/python3
helper=$root/bench/enamel_fidelity.py
if [[ -n ${PJ_FIDELITY_DIR:-} ]]; then
  work=$PJ_FIDELITY_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
echo "fidelity: $(date -u '+%F %T UTC'), load: $(uptime | sed 's/.*load average/load average/')"
"$exe" import enamel "$csv" --out "$work/import" >/dev/null
$py "$helper" make "$work/import" "$work" --problems "$problems" --perfjudge "$exe" \
  --cache "$work/cache"
start=$(date +%s)
"$exe" run --tasks "$work/tasks" --samples "$work/samples.jsonl" --db "$work/r.sqlite" \
  --cost "$cost" --repeats "$repeats" --warmup 0 --jobs "$jobs" --quiet --cache "$work/cache"
echo "perfjudge run: $(($(date +%s) - start)) s, load: $(uptime | sed 's/.*load average/load average/')"
"$exe" report --db "$work/r.sqlite" --cost "$cost" --format csv >"$work/models.csv"
"$exe" report --db "$work/r.sqlite" --cost "$cost" --format csv --by task >"$work/tasks.csv"
start=$(date +%s)
PYTHONHASHSEED=0 $py -S -B "$helper" time "$work" --perfjudge "$exe" --cache "$work/cache" --repeats "$repeats" \
  --warmup 0
echo "in-process timing: $(($(date +%s) - start)) s, load: $(uptime | sed 's/.*load average/load average/')"
# The per-call ratios compare CPU times, so only a CPU-time run prints them.
db_arg=()
[[ $cost == cpu_time ]] && db_arg=(--db "$work/r.sqlite")
$py "$helper" compare "$work" "$work/models.csv" "$work/tasks.csv" --band "$band" "${db_arg[@]}"
