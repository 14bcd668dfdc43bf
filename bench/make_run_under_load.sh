#!/usr/bin/env bash
# `make run` RUNS times in a row from a clean state (a new PERFJUDGE_CACHE and no database
# each time) with one busy loop per core throughout (issue 11: it must pass every time).
# Prints each run's exit status and wall time; exit 1 if any run failed. The first run also
# builds if build/release is not there yet.
# Usage: bench/make_run_under_load.sh [PERFJUDGE] [RUNS]   (RUNS 3; PERFJUDGE is ignored, as
#   `make run` builds and uses build/release/perfjudge: the argument is what `make bench` passes)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${2:-3}
work=$(mktemp -d /tmp/pj-make-run.XXXXXX)
hogs=()
cleanup() {
  ((${#hogs[@]})) && kill "${hogs[@]}" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq "$(nproc)"); do
  bash -c 'while :; do :; done' </dev/null >/dev/null 2>&1 &
  hogs+=($!)
done
failed=0
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  PERFJUDGE_CACHE=$work/cache-$i make -C "$root" run DB="$work/run-$i.sqlite" >"$work/run-$i.log" 2>&1
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  printf 'run %d: exit %d, %d.%03d s, load average %s\n' "$i" "$rc" $((ms / 1000)) $((ms % 1000)) \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  if ((rc != 0)); then
    failed=1
    tail -5 "$work/run-$i.log"
  fi
done
exit $failed
