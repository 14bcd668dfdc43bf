#!/usr/bin/env bash
# Precision of one function call of about 20 us (issue 14, "Precision"): perfjudge's per-call
# CPU time, net of its driver's no-op call, against the same call timed in one plain
# /usr/bin/python3 process outside perfjudge (the module loaded once, the input decoded
# once, then time.process_time_ns around batches of calls: the in-process timing ENAMEL and
# EvalPerf use). The task is the bundled max-subarray-sum (Kadane, O(n)) with its one level
# set to N elements, so a call does about 20 us of work; the sample is its own expert
# reference. Prints both per seed (and the call timed alone in a child forked from the loaded
# module, as perfjudge makes it) and PASS/FAIL of net / batch against +-BAND (default 0.20,
# env PJ_BAND); exit 1 on any FAIL.
# Usage: bench/call_precision.sh PERFJUDGE [N] [REPEATS]    (N 400, REPEATS 30;
#   PJ_PRECISION_DIR=DIR keeps the work there)
set -euo pipefail
exe=$(realpath "${1:?usage: call_precision.sh PERFJUDGE [N] [REPEATS]}")
root=$(cd "$(dirname "$0")/.." && pwd)
n=${2:-400}
repeats=${3:-30}
band=${PJ_BAND:-0.20}
if [[ -n ${PJ_PRECISION_DIR:-} ]]; then  # keep the work there
  work=$PJ_PRECISION_DIR
  rm -rf "$work" && mkdir -p "$work"
else
  work=$(mktemp -d /tmp/pj-precision.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi

task=$work/tasks/max-subarray-sum
mkdir -p "$work/tasks"
cp -r "$root/tasks/max-subarray-sum" "$task"
/usr/bin/python3 - "$task/task.toml" "$n" <<'PY'
import re, sys
path, n = sys.argv[1], sys.argv[2]
text = open(path).read()
head = text[:text.index("[[stress.levels]]")]
refs = text[text.index("[[references]]"):]
level = f'[[stress.levels]]\nargs = ["{n}"]\nseeds = [1, 2, 3]\nhardness = 1\n\n'
open(path, "w").write(head + level + refs)
PY
/usr/bin/python3 - "$task/ref/fast.py" "$work/samples.jsonl" <<'PY'
import json, sys
src = open(sys.argv[1]).read()
rec = {"task_id": "max-subarray-sum", "model": "reference", "sample_id": "fast-py",
       "language": "python", "solution": src}
open(sys.argv[2], "w").write(json.dumps(rec) + "\n")
PY

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$exe" run --tasks "$work/tasks" --samples "$work/samples.jsonl" --db "$work/r.sqlite" \
  --cache "$work/cache" --cost cpu_time --repeats "$repeats" --warmup 1 --jobs 1 --quiet
for seed in 1 2 3; do
  "$exe" tasks gen max-subarray-sum --tasks "$work/tasks" --cache "$work/cache" --level 0 \
    --seed "$seed" > "$work/in-$seed.json"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$work" "$task/ref/fast.py" "$band" "$root" <<'PY'
import importlib.util, json, sqlite3, statistics, sys, time
work, ref, band, root = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
spec = importlib.util.spec_from_file_location("ref", ref)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
db = sqlite3.connect(f"{work}/r.sqlite")
fails = 0
# The same call as perfjudge makes it: one call in a child forked from the loaded module, which
# settles and decodes the input itself as the driver does, its CPU timed there (cold: the
# interpreter's specialisations and the pages the call writes are the parent's, as in
# perfjudge's sessions). Printed beside the batch figure; the PASS/FAIL is against the batch.
sys.path.insert(0, f"{root}/share/driver")
import pjcodec
from function_session import SETTLE_REQUEST
def settle():
    pjcodec.decode(SETTLE_REQUEST)
    pjcodec.encode(None)
    list(range(2048))
def forked_call(fn, text):
    import os
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        settle()  # what the driver does before each call's window
        args = pjcodec.decode(text)
        t = time.process_time_ns()
        fn(*args)
        os.write(w, str(time.process_time_ns() - t).encode())
        os._exit(0)
    os.close(w)
    ns = int(os.read(r, 64))
    os.close(r)
    os.waitpid(pid, 0)
    return ns / 1e9
print(f"{'seed':>4} {'perfjudge net':>14} {'gross':>10} {'in-process':>11} {'forked':>11} "
      f"{'ratio':>7}")
for seed in (1, 2, 3):
    net, gross = db.execute(
        "SELECT sr.cpu_s, sr.gross_cpu_s FROM stress_results sr JOIN programs p ON "
        "p.id = sr.program_id WHERE p.role = 'sample' AND sr.seed = ?", (seed,)).fetchone()
    args = json.load(open(f"{work}/in-{seed}.json"))
    batch = 200
    per_call = []
    for _ in range(30):  # median of 30 batches of 200 calls
        t = time.process_time_ns()
        for _ in range(batch):
            mod.max_subarray_sum(*args)
        per_call.append((time.process_time_ns() - t) / batch / 1e9)
    inproc = statistics.median(per_call)
    text = open(f"{work}/in-{seed}.json").read()
    cold = statistics.median(forked_call(mod.max_subarray_sum, text) for _ in range(200))
    ratio = net / inproc
    ok = abs(ratio - 1) <= band
    fails += not ok
    print(f"{seed:>4} {net * 1e6:>12.2f}us {gross * 1e6:>8.2f}us {inproc * 1e6:>9.2f}us "
          f"{cold * 1e6:>9.2f}us {ratio:>7.3f} {'PASS' if ok else 'FAIL'} (band +-{band:.0%})")
sys.exit(1 if fails else 0)
PY
