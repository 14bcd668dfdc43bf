#!/usr/bin/env bash
# Validity benchmark 1 (issue 15): stability. Evaluates the bundled suite's references as
# samples (bench/validity/refs_to_samples.py) with REPEATS measured repeats per stress input
# and prints the coefficient of variation per cost over benchmarks (program x level x seed):
# median and p90 of CPU time and wall time, and instructions by valgrind on a few cheap tasks
# at the smallest level (~50x slower), whose CV must be exactly 0.
# Usage: bench/validity/stability.sh PERFJUDGE [REPEATS] [LEVELS] [--hog]
#   REPEATS  measured repeats per input (default 10)
#   LEVELS   comma-separated stress levels, as run --levels (default: all)
#   --hog    also run it again with a CPU hog (`while :; do :; done`) pinned to the other core
# Environment: ONLY="task ..." limits the time part to these tasks (default: every task);
#   VG_TASKS="task ..." the valgrind part (default: two cheap ones; VG_TASKS=none skips it);
#   TARGET the idle median CPU-time CV target (default 0.02). KEEP=DIR keeps the work there.
# Everything runs pinned to CPU 0 with --jobs 1, so that the hog's core is the other one and
# the idle and hog figures are comparable. Exit 1 when the instruction CV is not exactly 0 or
# the idle median CPU-time CV is above TARGET.
set -euo pipefail
usage='usage: stability.sh PERFJUDGE [REPEATS] [LEVELS] [--hog]'
hog=0
args=()
for a in "$@"; do
  if [[ $a == --hog ]]; then hog=1; else args+=("$a"); fi
done
exe=$(realpath "${args[0]:?$usage}")
repeats=${args[1]:-10}
levels=${args[2]:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${TARGET:-0.02}
read -r -a only <<< "${ONLY:-}"
read -r -a vg_tasks <<< "${VG_TASKS:-max-subarray-sum next-greater}"
if [[ -n ${KEEP:-} ]]; then
  work=$KEEP && rm -rf "$work" && mkdir -p "$work"
else
  work=$(mktemp -d)
fi
hog_pid=
cleanup() {
  [[ -n $hog_pid ]] && kill "$hog_pid" 2>/dev/null || true
  [[ -z ${KEEP:-} ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT
other_cpu=$(( $(nproc) > 1 ? 1 : 0 ))

echo "stability: load at start: $(uptime | sed 's/.*load average: //')"
/usr/bin/python3 "$here/refs_to_samples.py" "$root/tasks" "$work/refs.jsonl" "${only[@]}"

# One timed evaluation into DB; prints the CV table and leaves the summary in DB.sum.
timed() {  # NAME
  local db=$work/$1.sqlite
  local lv=()
  [[ -n $levels ]] && lv=(--levels "$levels")
  local on=()
  [[ ${#only[@]} -gt 0 ]] && on=(--only "${only[@]}")
  local t0=$SECONDS
  taskset -c 0 "$exe" run --tasks "$root/tasks" --samples "$work/refs.jsonl" --db "$db" \
    --cost cpu_time --repeats "$repeats" --warmup 1 --jobs 1 --quiet --cache "$work/cache" \
    "${lv[@]}" "${on[@]}" >/dev/null
  echo "$1: --cost cpu_time, $repeats repeats, levels ${levels:-all}, $(( SECONDS - t0 )) s," \
    "load now $(uptime | sed 's/.*load average: //')"
  /usr/bin/python3 "$here/cv.py" "$db" "$db.sum"
}
field() { awk -v c="$2" -v f="$3" '$1 == c { print $f }' "$work/$1.sqlite.sum"; }

status=0
timed idle
cpu_median=$(field idle cpu_time 2)
if awk -v m="$cpu_median" -v t="$target" 'BEGIN { exit !(m <= t) }'; then
  echo "idle: median CPU-time CV $cpu_median <= target $target: ok"
else
  echo "idle: median CPU-time CV $cpu_median above target $target: MISSED (load above)"
  status=1
fi

if [[ $hog -eq 1 ]]; then
  taskset -c "$other_cpu" bash -c 'while :; do :; done' &
  hog_pid=$!
  echo "hog: pid $hog_pid spinning on CPU $other_cpu"
  timed hog
  kill "$hog_pid" && wait "$hog_pid" 2>/dev/null || true
  hog_pid=
fi

if [[ ${vg_tasks[0]:-none} != none ]]; then
  /usr/bin/python3 "$here/refs_to_samples.py" "$root/tasks" "$work/vg.jsonl" "${vg_tasks[@]}"
  vg_repeats=$(( repeats < 3 ? repeats : 3 ))
  t0=$SECONDS
  taskset -c 0 "$exe" run --tasks "$root/tasks" --samples "$work/vg.jsonl" \
    --db "$work/vg.sqlite" --cost instructions --repeats "$vg_repeats" --warmup 0 --jobs 1 \
    --levels 0 --timeout-scale 50 --only "${vg_tasks[@]}" --quiet --cache "$work/cache" \
    >/dev/null
  echo "valgrind: --cost instructions, $vg_repeats repeats, level 0, ${vg_tasks[*]}," \
    "$(( SECONDS - t0 )) s"
  /usr/bin/python3 "$here/cv.py" "$work/vg.sqlite" "$work/vg.sqlite.sum"
  backend=$(sqlite3 "$work/vg.sqlite" "SELECT group_concat(DISTINCT backend) FROM counters")
  instr_max=$(field vg instructions 4)
  if [[ -n $instr_max && $instr_max == 0 ]]; then
    echo "valgrind ($backend): every benchmark's instruction CV is exactly 0: ok"
  else
    echo "valgrind ($backend): instruction CV max '${instr_max:-none recorded}', not 0: FAILED"
    status=1
  fi
fi
echo "stability: load at end: $(uptime | sed 's/.*load average: //')"
exit $status
