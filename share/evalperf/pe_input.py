"""Python-literal argument lists of EvalPerf's pe_input, as perfjudge's JSON (pjcodec).

Run inside the sandbox by harness/samples/evalperf_import.cpp as
`/usr/bin/python3 -S -B pe_input.py DRIVER_DIR < request.json`, only for the pe_inputs that are
not JSON: a Python literal (tuples, sets, True/None, single quotes, huge integers) needs
Python's own parser, and its tuples and sets need the driver's codec to keep their types.
ast.literal_eval evaluates no code; the sandbox bounds what a hostile literal can cost.

Request (stdin, JSON): ["literal", ...]
Reply (stdout, JSON): [{"ok": true, "json": "[...]"} | {"ok": false, "error": "..."}, ...]
"""

import ast
import json
import sys

sys.path.insert(0, sys.argv[1])
import pjcodec  # noqa: E402  (share/driver, given as argv[1])


def convert(text):
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as e:
        return {"ok": False, "error": "not a Python literal: %s" % type(e).__name__}
    if type(value) not in (list, tuple):
        return {"ok": False, "error": "not a list of arguments (a %s)" % type(value).__name__}
    try:
        return {"ok": True, "json": pjcodec.encode(list(value))}
    except (TypeError, ValueError, RecursionError) as e:
        return {"ok": False, "error": "cannot be encoded: %s" % e}


def main():
    request = json.load(sys.stdin)
    json.dump([convert(t) for t in request], sys.stdout)


if __name__ == "__main__":
    main()
