"""What perfjudge's two function-task drivers share (function_driver.py, one call per process;
function_session.py, one process per level): their command line and loading the candidate.
Both call these before the candidate runs, and keep what they return in locals."""


class UsageError(Exception):
    pass


def parse_args(argv, name):
    """(entry, baseline, candidate) of `NAME --entry ENTRY (CANDIDATE.py | --baseline)`."""
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
            raise UsageError("%s: unexpected argument %r" % (name, a))
        i += 1
    if entry is None or (candidate is None) != baseline:
        raise UsageError("usage: %s.py --entry NAME (CANDIDATE.py | --baseline)" % name)
    return entry, baseline, candidate


def load_candidate(path, entry, builtins):
    """Runs the candidate's file as module __candidate__ and returns its function `entry`."""
    with open(path, "rb") as f:
        source = f.read()
    namespace = {"__name__": "__candidate__", "__file__": path, "__builtins__": builtins}
    exec(compile(source, path, "exec"), namespace)
    fn = namespace.get(entry)
    if not callable(fn):
        raise NameError("the program does not define a function %r" % entry)
    return fn
