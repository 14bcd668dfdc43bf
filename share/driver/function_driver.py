"""perfjudge's driver for function tasks (docs/TASK_FORMAT.md, "Function tasks").

    python3 -S -B function_driver.py --entry NAME CANDIDATE.py   # call NAME(*args)
    python3 -S -B function_driver.py --entry NAME --baseline      # the same, minus the call

NAME is a function, or Class.method (the class is instantiated in every call). The task's
[python] settings come as --recursion-limit N and --int-max-str-digits N before the candidate.

stdin carries one JSON argument list (pjcodec's encoding); stdout receives the encoded return
value. The driver never sees expected outputs, so neither does the candidate. It measures
nothing: the sandbox counts the whole process, and the harness subtracts the cost of the
--baseline run on the same input, which does everything below except importing the candidate
and calling it. So a candidate that patches `time` or this module's globals changes nothing
that is measured; everything the driver needs after the candidate is loaded is held in local
variables of main(), out of the candidate's reach.

Exit status: 0 ok; 1 the candidate failed (its traceback on stderr); 2 driver usage error.
"""

import os
import sys
import threading

import pjcodec
from pjdriver import UsageError, apply_settings, load_candidate, parse_args

STACK_BYTES = 64 << 20  # deep recursion is legitimate in candidates
RECURSION_LIMIT = 100000


def main():
    # Everything used after the candidate is loaded is bound here, in locals and closures: a
    # candidate can rebind this module's globals or patch modules, and it changes nothing below.
    write, exit_now, dup, dup2 = os.write, os._exit, os.dup, os.dup2
    encode, decode = pjcodec.encode, pjcodec.decode
    err = sys.stderr
    Thread, stack_size = threading.Thread, threading.stack_size

    def fail(code, message):
        err.write(message + "\n")
        err.flush()
        exit_now(code)

    try:
        entry, baseline, candidate, settings = parse_args(sys.argv[1:], "function_driver")
    except UsageError as e:
        fail(2, str(e))
    apply_settings(settings, RECURSION_LIMIT)

    try:
        args = decode(sys.stdin.buffer.read().decode("utf-8"))
    except Exception as e:
        fail(2, "function_driver: the input is not a JSON argument list: %s" % e)
    if type(args) is not list:
        fail(2, "function_driver: the input is not a JSON argument list")

    # The result goes to a private copy of stdout; whatever the candidate prints goes to stderr
    # and cannot corrupt it.
    out_fd = dup(1)
    dup2(2, 1)
    sys.stdin = open(os.devnull)
    box = {}

    def load():
        return load_candidate(candidate, entry, __builtins__)

    def body():
        # The baseline does all of this except loading and calling the candidate.
        try:
            value = None if baseline else load()(*args)
            box["data"] = encode(value).encode("utf-8") + b"\n"
        except BaseException:
            import traceback

            box["error"] = traceback.format_exc()

    stack_size(STACK_BYTES)
    t = Thread(target=body)
    t.start()
    t.join()
    if "error" in box:
        fail(1, box["error"].rstrip())
    data = box["data"]
    while data:
        data = data[write(out_fd, data):]
    exit_now(0)  # skip interpreter teardown: atexit hooks a candidate may have registered


if __name__ == "__main__":
    main()
