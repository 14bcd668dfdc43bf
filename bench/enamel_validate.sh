#!/usr/bin/env bash
# Imports ENAMEL's 164 problems and validates them in quick mode (what CI runs); prints the
# wall time. Usage: bench/enamel_validate.sh PERFJUDGE [CSV]
set -euo pipefail
exe=${1:?usage: enamel_validate.sh PERFJUDGE [CSV]}
csv=${2:-$(cd "$(dirname "$0")/.." && pwd)/../shared/data/enamel/enamel.csv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$exe" import enamel "$csv" --out "$work/tasks" >/dev/null
start=$(date +%s.%N)
"$exe" tasks validate "$work/tasks" --quick --cost cpu_time -j "$(nproc)" --cache "$work/cache" | tail -1
end=$(date +%s.%N)
printf 'enamel quick validate (164 tasks, cold cache, -j %s): %.1f s\n' "$(nproc)" "$(echo "$end - $start" | bc)"
