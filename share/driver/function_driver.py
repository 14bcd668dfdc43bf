"""perfjudge's driver for function tasks (docs/TASK_FORMAT.md, "Function tasks").

    python3 -S -B function_driver.py --entry NAME CANDIDATE.py   # call NAME(*args)
    python3 -S -B function_driver.py --entry NAME --baseline      # the same, minus the call

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

STACK_BYTES = 64 << 20  # deep recursion is legitimate in candidates
RECURSION_LIMIT = 100000


def _fail(code, message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    os._exit(code)


def _parse_args(argv):
    entry, baseline, candidate = None, False, None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--entry" and i + 1 < len(argv):
            entry = argv[i + 1]
            i += 2
            continue
        if a == "--baseline":
            baseline = True
        elif candidate is None and not a.startswith("--"):
            candidate = a
        else:
            _fail(2, "function_driver: unexpected argument %r" % a)
        i += 1
    if entry is None or (candidate is None) != baseline:
        _fail(2, "usage: function_driver.py --entry NAME (CANDIDATE.py | --baseline)")
    return entry, baseline, candidate


def _load(path, entry):
    with open(path, "rb") as f:
        source = f.read()
    namespace = {"__name__": "__candidate__", "__file__": path, "__builtins__": __builtins__}
    exec(compile(source, path, "exec"), namespace)
    fn = namespace.get(entry)
    if not callable(fn):
        raise NameError("the program does not define a function %r" % entry)
    return fn


def _in_big_stack(fn):
    box = {}

    def body():
        try:
            box["value"] = fn()
        except BaseException as e:  # re-raised in the main thread
            box["error"] = e

    threading.stack_size(STACK_BYTES)
    t = threading.Thread(target=body)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def main():
    entry, baseline, candidate = _parse_args(sys.argv[1:])
    encode, decode, write, traceback_text = pjcodec.encode, pjcodec.decode, os.write, None
    try:
        args = decode(sys.stdin.buffer.read().decode("utf-8"))
    except Exception as e:
        _fail(2, "function_driver: the input is not a JSON argument list: %s" % e)
    if type(args) is not list:
        _fail(2, "function_driver: the input is not a JSON argument list")
    # The result goes to a private copy of stdout; whatever the candidate prints goes to stderr
    # and cannot corrupt it.
    out_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull)
    sys.setrecursionlimit(RECURSION_LIMIT)
    try:
        if baseline:
            result = _in_big_stack(lambda: None)
        else:
            fn = _load(candidate, entry)
            result = _in_big_stack(lambda: fn(*args))
        data = encode(result).encode("utf-8") + b"\n"
    except BaseException:
        import traceback

        traceback_text = traceback.format_exc()
    if traceback_text is not None:
        _fail(1, traceback_text.rstrip())
    while data:
        data = data[write(out_fd, data):]
    os._exit(0)  # skip interpreter teardown: atexit hooks a candidate may have registered


if __name__ == "__main__":
    main()
