"""perfjudge's runner for Python programs of program tasks whose task.toml has [python]
settings (docs/TASK_FORMAT.md, "[python]").

    python3 -S -B program_runner.py [--recursion-limit N] [--int-max-str-digits N] PROG.py

It applies the settings to the interpreter, then runs PROG.py as `__main__` with its own
sys.argv and sys.path[0], as `python3 -S -B PROG.py` would: the program's source is never
edited. Every Python program of such a task runs through it, references, samples and the
language's empty program alike, so the runner's own cost cancels in the net costs.
"""

import runpy
import sys

from pjdriver import SETTINGS, apply_settings

DEFAULT_RECURSION_LIMIT = sys.getrecursionlimit()


def main():
    argv, settings = sys.argv[1:], {}
    while len(argv) >= 2 and argv[0] in SETTINGS and argv[1].isdigit():
        settings[SETTINGS[argv[0]]] = int(argv[1])
        argv = argv[2:]
    if len(argv) != 1:
        sys.stderr.write("usage: program_runner.py [--recursion-limit N] "
                         "[--int-max-str-digits N] PROG.py\n")
        sys.exit(2)
    program = argv[0]
    sys.argv = [program]
    sys.path[0] = program.rpartition("/")[0] or "."
    apply_settings(settings, DEFAULT_RECURSION_LIMIT)
    runpy.run_path(program, run_name="__main__")


if __name__ == "__main__":
    main()
