# COFFE's stressful inputs and correctness calls, as perfjudge generators print them.
# `perfjudge import coffe` copies this file into every task's gen.py (after pjcodec, whose
# `encode` it uses there) and runs it, through coffe_probe.py, once at import to find the
# inputs it cannot turn into a perfjudge input.
import ast
import random


def function_args(text):
    """The argument list of a function-level stressful input: a Python literal of a list or
    tuple of arguments. Raises ValueError saying why it is not one."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as e:
        raise ValueError("not a Python literal (%s)" % type(e).__name__) from None
    if not isinstance(value, (list, tuple)):
        raise ValueError("not an argument list but a %s" % type(value).__name__)
    return list(value)


def check_calls(test):
    """The argument lists of the calls `candidate(...)` in a `check(candidate)` body whose
    arguments are all literals, in source order. The body is parsed, never run."""
    calls = []
    for node in ast.walk(ast.parse(test)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id != "candidate" or node.keywords:
            continue
        try:
            args = [ast.literal_eval(a) for a in node.args]
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        calls.append((node.lineno, node.col_offset, args))
    calls.sort(key=lambda c: (c[0], c[1]))  # ast.walk is breadth-first
    return [args for _, _, args in calls]


def file_source_problem(source):
    """Why a file-level stressful input (a source defining generate_input()) cannot run, or
    None. Compiled only: running every generator at import would cost minutes."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as e:
        return "does not parse (%s)" % type(e).__name__
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    return None if "generate_input" in names else "defines no generate_input()"


def file_input(source):
    """The stdin text a file-level stressful input generates: COFFE runs it after
    random.seed(1024)."""
    random.seed(1024)
    namespace = {"__name__": "__coffe_input__"}
    exec(compile(source, "<stressful input>", "exec"), namespace)
    text = namespace["generate_input"]()
    return text if isinstance(text, str) else str(text)


def main(kind, inputs, test):
    """gen.py SEED stress: the SEED-th stressful input (1-based); gen.py SEED test: the SEED-th
    literal call of the check body."""
    import sys

    seed, what = int(sys.argv[1]), sys.argv[2]
    if what == "test":
        sys.stdout.write(encode(check_calls(test)[seed - 1]) + "\n")
    elif kind == "function":
        sys.stdout.write(encode(function_args(inputs[seed - 1])) + "\n")
    else:
        sys.stdout.write(file_input(inputs[seed - 1]))
