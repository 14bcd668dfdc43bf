#!/usr/bin/env bash
# Harness cost per execution: wall time of `perfjudge run` over N trivial samples divided by
# the executions it stored, minus the cost of sandboxing the same compiled sample on the same
# input through the in-process call the harness makes (pj_sandbox_bench, built beside
# perfjudge). A sandboxed /bin/true is printed next to it.
# Usage: bench/run_overhead.sh PERFJUDGE [N]
set -euo pipefail
exe=$(realpath "$1")
n=${2:-300}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/run_common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
make_trivial_task "$work"
make_trivial_samples "$work/s.jsonl" "$n"
# Warm the build cache so that compiling is not counted.
make_trivial_samples "$work/warm.jsonl" 1
"$exe" run --tasks "$work/tasks" --samples "$work/warm.jsonl" --db "$work/warm.sqlite" \
  --cost cpu_time --quiet --cache "$work/cache" >/dev/null 2>&1

bench="$(dirname "$exe")/bench/pj_sandbox_bench"
[[ -x $bench ]] || { echo "run_overhead: $bench not built" >&2; exit 2; }
prog=$(find "$work/cache/builds" -name prog -type f | head -n 1)
# Means, as the run's figure is a mean too.
"$bench" 100 "$exe" "$prog" "$work/tasks/echo/tests/a.in" > "$work/sandbox.txt"
true_ms=$(awk '/^in-process pj::sandbox::run\(\/bin\/true\)/ { print $(NF-2) }' "$work/sandbox.txt")
sandbox_ms=$(awk '/^in-process pj::sandbox::run\(prog\)/ { print $(NF-2) }' "$work/sandbox.txt")

t0=$(date +%s.%N)
"$exe" run --tasks "$work/tasks" --samples "$work/s.jsonl" --db "$work/r.sqlite" \
  --cost cpu_time --quiet --cache "$work/cache" 2>/dev/null
t1=$(date +%s.%N)
execs=$(sqlite3 "$work/r.sqlite" "SELECT count(*) FROM executions")
per_ms=$(echo "($t1 - $t0) * 1000 / $execs" | bc -l)
printf 'run: %d executions in %.2f s: %.2f ms per execution\n' "$execs" "$(echo "$t1 - $t0" | bc -l)" "$per_ms"
printf 'in-process sandboxed /bin/true (mean of 100): %.2f ms\n' "$true_ms"
printf 'in-process sandboxed sample on its test input (mean of 100): %.2f ms\n' "$sandbox_ms"
printf 'harness cost beyond the sandbox: %.2f ms per execution (target < 2 ms)\n' \
  "$(echo "$per_ms - $sandbox_ms" | bc -l)"
