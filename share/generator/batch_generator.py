"""perfjudge's generator batch driver (docs/TASK_FORMAT.md, "Generators").

    python3 -S -B batch_generator.py --script GEN.py --seeds 1,2,3 -- ARG...
    python3 -S -B batch_generator.py --exec GEN --seeds 1,2,3 -- ARG...
    python3 -S -B batch_generator.py --script GEN.py --run SEED ARGC ARG... [--run ...]

Runs the task's generator once per seed (the second form: once per `--run`, each with its own
arguments, so that one process serves every level of a task), in this one process (a Python generator) or as a
child of it (a built one), exactly as `gen SEED ARG...` would run alone: sys.argv, fd 1,
sys.stdout, `__main__` and the recursion limit are set up afresh for every seed, and the
modules a seed imported from outside the standard library are forgotten afterwards, so no
input depends on the seeds before it (validate also runs every batch in reverse order and
compares). One interpreter start-up and one sandbox then serve a whole level.

stdout carries, for each seed in order, the line `pj-input SEED BYTES` followed by exactly
BYTES bytes: what that seed's run wrote to its stdout. When a seed's run fails, its stderr is
passed through and the driver ends with that run's exit status (killed by its signal, for a
built generator killed by one), so the harness reports it as it would a single run; the
frames before it are valid. Exit status 2 with a line on stderr: bad usage of this driver.
"""

# Only modules the interpreter has loaded anyway, or nearly: this driver's own start-up is paid
# once per batch, but a batch of one seed (`tasks gen`) should cost what a lone run costs.
import builtins
import io
import os
import sys
import types


def usage(message):
    sys.stderr.write("batch_generator.py: " + message + "\n")
    sys.exit(2)


def parse(argv):
    """(kind, path, runs): runs is a list of (seed, args), in order."""
    kind = path = seeds = None
    runs = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--script", "--exec") and i + 1 < len(argv):
            kind, path = a[2:], argv[i + 1]
            i += 2
        elif a == "--seeds" and i + 1 < len(argv):
            seeds = argv[i + 1].split(",")
            i += 2
        elif a == "--run" and i + 2 < len(argv) and argv[i + 2].isdigit():
            argc = int(argv[i + 2])
            if i + 3 + argc > len(argv):
                usage("--run %s wants %d arguments" % (argv[i + 1], argc))
            runs.append((argv[i + 1], argv[i + 3:i + 3 + argc]))
            i += 3 + argc
        elif a == "--":
            if seeds is None:
                usage("-- without --seeds")
            runs.extend((seed, argv[i + 1:]) for seed in seeds)
            return kind, path, runs
        else:
            usage("unexpected argument %r" % a)
    if seeds is not None:
        runs.extend((seed, []) for seed in seeds)
    return kind, path, runs


def run_script(path, code_object, argv):
    """Runs a Python generator as `python3 -S -B path ARG...` would; returns its exit code."""
    stdlib = os.path.dirname(os.__file__)
    before = set(sys.modules)
    limit = sys.getrecursionlimit()
    digits = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    sys.argv = [path] + argv
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    # A fresh text stdout on fd 1, as the interpreter makes it (PYTHONIOENCODING=utf-8).
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)),
                                  encoding="utf-8")
    # A fresh __main__ module every time, as a new interpreter would have.
    main_module = types.ModuleType("__main__")
    main_module.__file__ = path
    main_module.__builtins__ = builtins
    saved_main = sys.modules["__main__"]
    sys.modules["__main__"] = main_module
    code = 0
    try:
        exec(code_object, main_module.__dict__)
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:  # sys.exit("message"): printed, status 1, as the interpreter does
            sys.stderr.write(str(e.code) + "\n")
            code = 1
    except BaseException as e:  # noqa: BLE001 - a generator's failure, as the interpreter reports it
        import traceback

        # Without this driver's own frame: the traceback starts in the generator.
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        code = 1
    finally:
        try:
            sys.stdout.flush()
        except Exception:  # noqa: BLE001 - a closed or broken stdout: what was written stands
            pass
        sys.stdout = sys.__stdout__
        sys.modules["__main__"] = saved_main
        sys.setrecursionlimit(limit)
        if digits is not None:
            sys.set_int_max_str_digits(digits)
        for name in set(sys.modules) - before:
            f = getattr(sys.modules[name], "__file__", None) or ""
            if not f.startswith(stdlib):
                del sys.modules[name]
    return code & 0xFF  # the status the process would end with (sys.exit(256) is 0)


def run_exec(path, argv):
    """Runs a built generator as `path ARG...`, stdout on fd 1; returns its exit status
    (minus the signal that killed it)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.execv(path, [path] + argv)
        finally:
            os._exit(127)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def main():
    kind, path, runs = parse(sys.argv[1:])
    if kind is None or not runs or not all(seed.isdigit() for seed, _ in runs):
        usage("need --script PATH or --exec PATH, and --seeds N,N,... or --run SEED ARGC ARG...")
    code_object = None
    if kind == "script":
        try:
            with open(path, "rb") as f:
                code_object = compile(f.read(), path, "exec")
        except SyntaxError:  # reported as the interpreter would, for the first seed
            import traceback

            traceback.print_exc(limit=0)
            sys.exit(1)
    frames = os.dup(1)  # the real stdout; fd 1 is each seed's own file
    for seed, args in runs:
        out = os.open("/tmp", os.O_TMPFILE | os.O_RDWR, 0o600)  # gone when closed
        os.dup2(out, 1)
        if kind == "script":
            code = run_script(path, code_object, [seed] + args)
        else:
            code = run_exec(path, [seed] + args)
        sys.__stdout__.flush()  # a generator may have written to it directly
        sys.stderr.flush()
        if code != 0:
            if code < 0:  # killed by a signal: end the same way
                import signal

                signal.signal(-code, signal.SIG_DFL)
                os.kill(os.getpid(), -code)
            os._exit(code)
        size = os.fstat(out).st_size
        write_all(frames, b"pj-input %s %d\n" % (seed.encode(), size))
        offset = 0
        while offset < size:
            sent = os.sendfile(frames, out, offset, size - offset)
            if sent == 0:
                break
            offset += sent
        os.close(out)
    os._exit(0)


if __name__ == "__main__":
    main()
