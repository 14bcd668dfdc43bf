#!/usr/bin/env bash
# Input preparation of the ENAMEL import: every stress input of the first N imported problems
# (8/4/4/4 seeds over four levels; the generated tests are level 0's inputs), generated one
# sandboxed process per input as before batching, and in one generator batch per (problem,
# level) as `run` and `tasks prepare` do now; interleaved problem by problem, outputs compared
# (pj_gen_batch_bench). Then the wall time of `perfjudge tasks prepare` on the same problems
# into an empty cache.
# Usage: bench/gen_batch.sh PERFJUDGE [CSV] [N]   (N: problems, default 40)
set -euo pipefail
exe=$(realpath "${1:?usage: gen_batch.sh PERFJUDGE [CSV] [N]}")
csv=${2:-$(cd "$(dirname "$0")/.." && pwd)/../shared/data/enamel/enamel.csv}
n=${3:-40}
bench=$(dirname "$exe")/bench/pj_gen_batch_bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$exe" import enamel "$csv" --out "$work/all" >/dev/null
mkdir "$work/tasks"
for d in $(ls -d "$work"/all/*/ | sort -V | head -n "$n"); do cp -r "$d" "$work/tasks/"; done
"$bench" "$work/tasks" "$work/scratch"
start=$(date +%s.%N)
"$exe" tasks prepare --tasks "$work/tasks" --cache "$work/cache" -j 1 | tail -1
printf 'perfjudge tasks prepare -j 1, empty cache: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc -l)"
