#!/usr/bin/env bash
# COUNT back-to-back sandbox starts of /bin/true through the in-process API (pj::sandbox::run),
# once with every core busy (one busy loop per core) and once under heavy disk I/O (a writer
# that writes and fsyncs large files in a temporary directory). Prints, for each, the count of
# IE verdicts (must be 0) and the median, p99 and maximum latency of a start.
# Usage: bench/sandbox_starts.sh PERFJUDGE_EXE [COUNT]   (COUNT defaults to 3000;
# PJ_IO_FILE_MIB, default 256, sets the size of each file the disk writer fsyncs)
set -euo pipefail
exe=$(realpath "${1:?usage: $0 PERFJUDGE_EXE [COUNT]}")
count=${2:-3000}
file_mib=${PJ_IO_FILE_MIB:-256}
bench="$(dirname "$exe")/bench/pj_sandbox_bench"
if [[ ! -x $bench ]]; then
  echo "sandbox_starts: $bench not built (build the pj_sandbox_bench target)" >&2
  exit 2
fi

load_pids=()
scratch=$(mktemp -d "${TMPDIR:-/tmp}/pj-starts.XXXXXX")
stop_load() {
  local pid
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${load_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  load_pids=()
}
cleanup() {
  stop_load
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_load() {
  local i
  for ((i = 0; i < $(nproc); ++i)); do
    bash -c 'while :; do :; done' &
    load_pids+=($!)
  done
}
disk_load() {
  # Each pass writes a new file and fsyncs it (conv=fsync), so the disk never idles.
  bash -c 'i=0; while :; do
             dd if=/dev/zero of="$1/f$((i % 2))" bs=1M count="$2" conv=fsync status=none
             i=$((i + 1)); done' _ "$scratch" "$file_mib" &
  load_pids+=($!)
}

status=0
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
for load in cpu disk; do
  "${load}_load"
  sleep 1  # let the load reach its steady state
  echo -n "$load load ($(cut -d' ' -f1 /proc/loadavg)): "
  "$bench" starts "$count" || status=1
  stop_load
done
exit $status
