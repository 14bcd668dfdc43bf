"""What perfjudge's two function-task drivers share (function_driver.py, one call per process;
function_session.py, one process per level): their command line and loading the candidate.
Both call these before the candidate runs, and keep what they return in locals."""


class UsageError(Exception):
    pass


SETTINGS = {"--recursion-limit": "recursion_limit", "--int-max-str-digits": "int_max_str_digits"}


def parse_args(argv, name):
    """(entry, baseline, candidate, settings) of
    `NAME --entry ENTRY [SETTING N]... (CANDIDATE.py | --baseline)`; settings maps the task's
    [python] keys given (--recursion-limit, --int-max-str-digits) to their integers."""
    entry, baseline, candidate, settings = None, False, None, {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--entry" and i + 1 < len(argv):
            entry = argv[i + 1]
            i += 2
            continue
        if a in SETTINGS and i + 1 < len(argv) and argv[i + 1].isdigit():
            settings[SETTINGS[a]] = int(argv[i + 1])
            i += 2
            continue
        if a == "--baseline":
            baseline = True
        elif candidate is None and not a.startswith("--"):
            candidate = a
        else:
            raise UsageError("%s: unexpected argument %r" % (name, a))
        i += 1
    if entry is None or (candidate is None) != baseline:
        raise UsageError("usage: %s.py --entry NAME [--recursion-limit N] "
                         "[--int-max-str-digits N] (CANDIDATE.py | --baseline)" % name)
    return entry, baseline, candidate, settings


def apply_settings(settings, default_recursion_limit):
    """The task's [python] settings, applied to this interpreter before any input is decoded
    (the int-to-string limit also bounds parsing big integers) and before the candidate runs."""
    import sys

    sys.setrecursionlimit(settings.get("recursion_limit", default_recursion_limit))
    if "int_max_str_digits" in settings:
        sys.set_int_max_str_digits(settings["int_max_str_digits"])


def load_candidate(path, entry, builtins):
    """Runs the candidate's file as module __candidate__ and returns what a call invokes:
    its function `entry`, or for `Class.method` (LeetCode's `Solution.twoSum`) a function that
    instantiates the class and calls the method, so each call, inside its measured window,
    gets an instance of its own."""
    with open(path, "rb") as f:
        source = f.read()
    namespace = {"__name__": "__candidate__", "__file__": path, "__builtins__": builtins}
    exec(compile(source, path, "exec"), namespace)
    owner, _, method = entry.rpartition(".")
    if not owner:
        fn = namespace.get(entry)
        if not callable(fn):
            raise NameError("the program does not define a function %r" % entry)
        return fn
    cls = namespace.get(owner)
    if not isinstance(cls, type):
        raise NameError("the program does not define a class %r" % owner)
    if not callable(getattr(cls, method, None)):
        raise NameError("class %r has no method %r" % (owner, method))

    def call(*args):
        return getattr(cls(), method)(*args)

    return call
