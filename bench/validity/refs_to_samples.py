#!/usr/bin/python3
"""Turn every task's [[references]] into sample records (README "Samples", EvalPlus JSONL).

Usage: refs_to_samples.py TASKS_DIR OUT.jsonl [TASK ...]
One record per reference: model "references", sample_id the reference's name, the language
from its file's extension (as the task format does). Excluded tasks are skipped unless named.
"""
import json
import pathlib
import sys
import tomllib

EXT = {".c": "c", ".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp", ".py": "python", ".rs": "rust",
       ".java": "java", ".js": "javascript"}


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: refs_to_samples.py TASKS_DIR OUT.jsonl [TASK ...]")
    root, out, only = pathlib.Path(sys.argv[1]), sys.argv[2], set(sys.argv[3:])
    n = 0
    with open(out, "w") as f:
        for toml in sorted(root.glob("**/task.toml")):
            with open(toml, "rb") as t:
                task = tomllib.load(t)
            tid = task["id"]
            if only and tid not in only:
                continue
            if task.get("excluded", False) and not only:
                continue
            for ref in task.get("references", []):
                path = toml.parent / ref["file"]
                lang = EXT.get(path.suffix)
                if lang is None:  # an executable or unknown extension: not a sample
                    continue
                f.write(json.dumps({"task_id": tid, "model": "references",
                                    "sample_id": ref["name"], "language": lang,
                                    "solution": path.read_text()}) + "\n")
                n += 1
    print(f"{n} reference samples written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
