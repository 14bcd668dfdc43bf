# Run by `perfjudge import coffe` in the sandbox: which stressful inputs of each task can become
# perfjudge inputs, and how many literal calls its check body holds. Reads on stdin
# {"tasks": [{"kind": "function"|"file", "stress": [...], "test": str|null}]}, writes
# {"tasks": [{"bad": [[index, reason], ...], "test_calls": N, "test_error": str|null}]}.
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "driver"))
sys.setrecursionlimit(100000)

import coffe_inputs  # noqa: E402
import pjcodec  # noqa: E402


def function_problem(text):
    try:
        pjcodec.encode(coffe_inputs.function_args(text))
    except ValueError as e:
        return str(e)
    except (TypeError, RecursionError) as e:
        return "not JSON-representable (%s)" % type(e).__name__
    return None


def probe(task):
    bad = []
    for i, item in enumerate(task["stress"]):
        if not isinstance(item, str):
            problem = "not a string"
        elif task["kind"] == "function":
            problem = function_problem(item)
        else:
            problem = coffe_inputs.file_source_problem(item)
        if problem:
            bad.append([i, problem])
    calls, error = 0, None
    if task.get("test"):
        try:
            calls = len(coffe_inputs.check_calls(task["test"]))
        except (SyntaxError, ValueError, RecursionError) as e:
            error = "the test body does not parse (%s)" % type(e).__name__
    return {"bad": bad, "test_calls": calls, "test_error": error}


def main():
    request = json.load(sys.stdin)
    json.dump({"tasks": [probe(t) for t in request["tasks"]]}, sys.stdout)


if __name__ == "__main__":
    main()
