#!/usr/bin/env bash
# Peak RSS of `perfjudge run` as the number of trivial samples grows (target: flat, < 200 MiB).
# Usage: bench/run_memory.sh PERFJUDGE [N...]   (default 1000 20000)
set -euo pipefail
exe=$(realpath "$1")
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 20000)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/run_common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
make_trivial_task "$work"
for n in "${sizes[@]}"; do
  make_trivial_samples "$work/s$n.jsonl" "$n"
  /usr/bin/time -f '%M %e' -o "$work/time$n" "$exe" run --tasks "$work/tasks" \
    --samples "$work/s$n.jsonl" --db "$work/r$n.sqlite" --cost cpu_time --quiet \
    --cache "$work/cache" 2>/dev/null
  read -r kib secs < "$work/time$n"
  printf 'run: %6d samples: peak RSS %.1f MiB (%.0f s)\n' "$n" "$(echo "$kib / 1024" | bc -l)" "$secs"
done
