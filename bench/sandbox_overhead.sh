#!/usr/bin/env bash
# Overhead of the sandbox per run of /bin/true, on this machine, in one run:
# bare fork+exec, `perfjudge sandbox`, the in-process library call, and bubblewrap.
# Usage: bench/sandbox_overhead.sh PERFJUDGE_EXE [RUNS]   (RUNS defaults to 200)
set -euo pipefail
exe=$(realpath "${1:?usage: $0 PERFJUDGE_EXE [RUNS]}")
runs=${2:-200}
bench="$(dirname "$exe")/bench/pj_sandbox_bench"
if [[ ! -x $bench ]]; then
  echo "sandbox_overhead: $bench not built (build the pj_sandbox_bench target)" >&2
  exit 2
fi
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bench" "$runs" "$exe"
