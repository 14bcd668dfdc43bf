#!/usr/bin/env bash
# Validity benchmark 2, discrimination (issue 15): on every bundled task and every ENAMEL task
# with more than one reference tier, the measured order of the reference ladder on the largest
# level must match the declared order (Kendall tau = 1). `perfjudge tasks validate -v` measures
# the ladder; its note per task lists the ratio of every pair (lower tier / higher tier, same
# language), from which tau = (concordant - discordant) / pairs, a pair concordant when the
# lower tier costs more. Prints tau per suite, lists every task where it is below 1, and exits
# 1 if there is one.
# Usage: bench/validity/discrimination.sh PERFJUDGE [CSV] [COST]   (COST cpu_time by default;
#   every seed of the bundled suite, the first seed of ENAMEL's (--quick); PJ_ENAMEL=0 skips it)
set -euo pipefail
exe=$(realpath "${1:?usage: discrimination.sh PERFJUDGE [CSV] [COST]}")
root=$(cd "$(dirname "$0")/../.." && pwd)
csv=${2:-$root/../shared/data/enamel/enamel.csv}
cost=${3:-cpu_time}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "discrimination: $(date -u '+%F %T UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), cost $cost"

suites=("bundled:$root/tasks:")
if [[ ${PJ_ENAMEL:-1} != 0 ]]; then
  "$exe" import enamel "$csv" --out "$work/enamel" >/dev/null
  # Only problems with more than one reference have a ladder; validating all 164 takes ~11 min.
  tiered=0
  for t in "$work"/enamel/*/task.toml; do
    if (($(grep -c '^\[\[references\]\]' "$t") > 1)); then tiered=$((tiered + 1)); fi
  done
  if ((tiered > 0)); then
    suites+=("enamel:$work/enamel:--quick")
  else
    echo "enamel: 0 tasks with more than one tier (each imported problem has one reference): nothing to order"
  fi
fi
failed=0
for suite in "${suites[@]}"; do
  IFS=: read -r name dir quick <<<"$suite"
  start=$(date +%s)
  # A ladder error is a finding of this benchmark, not a failure of the script.
  "$exe" tasks validate "$dir" -v $quick --cost "$cost" -j "$(nproc)" --cache "$work/cache-$name" \
    >"$work/$name.out" 2>/dev/null || true
  /usr/bin/python3 - "$name" "$work/$name.out" "$(($(date +%s) - start))" <<'PY' || failed=1
import re, sys
name, path, secs = sys.argv[1], sys.argv[2], sys.argv[3]
taus, below = {}, []
for line in open(path):
    m = re.match(r"note: (\S+): .* ratios: (.*)$", line.strip())
    if not m or m.group(2) == "none":
        continue
    ratios = [float(x) for x in re.findall(r"=([0-9.eE+-]+)x", m.group(2))]
    if not ratios:
        continue
    concordant = sum(r > 1 for r in ratios)
    tau = (concordant - (len(ratios) - concordant)) / len(ratios)
    taus[m.group(1)] = tau
    if tau < 1:
        below.append((m.group(1), tau, m.group(2)))
errors = sum(line.startswith("error:") for line in open(path))
summary = next((l.strip() for l in open(path) if l.startswith("validated ")), "no summary")
print(f"{name}: {len(taus)} tasks with more than one tier, tau = 1 on {len(taus) - len(below)}; "
      f"{summary} ({secs} s)")
for task, tau, ratios in below:
    print(f"  {task}: tau {tau:.2f}: {ratios}")
sys.exit(1 if below else 0)
PY
done
exit $failed
