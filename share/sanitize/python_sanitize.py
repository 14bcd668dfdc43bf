"""perfjudge's Python sanitize step. It runs inside the sandbox, started by
harness/samples/sanitize_python.cpp as `/usr/bin/python3 -S -B python_sanitize.py < request.json`.

Request (stdin, JSON):
  {"mode": "function" | "program", "entry_point": "name",
   "blocks": [{"code": "...", "line_offset": N, "fenced": true, "closed": true}, ...]}
  line_offset: response line number of the line before the block's first code line.

Reply (stdout, one JSON object):
  {"ok": bool, "program": str, "block_chosen": index into blocks or null,
   "lines_removed": [response line numbers], "kept_defs": [names], "merged": [...],
   "notes": [str], "reason": str}

Function mode keeps what a module needs when imported (imports, definitions, constants) and
drops what would run on import: example calls, prints, asserts, loops, `__main__` blocks.
It decides with Python's own parser (ast, symtable), never with regular expressions.
Program mode only repairs a truncated block (drops trailing lines until it parses).
"""

import ast
import builtins
import json
import re
import symtable
import sys

# Configuration calls a solution legitimately makes at import time.
SAFE_CALLS = {("sys", "setrecursionlimit"), ("threading", "stack_size")}
# Calls that read input, print, stop or escape: an assignment using them runs example code.
EFFECT_CALLS = {"input", "print", "open", "exit", "quit", "eval", "exec", "breakpoint", "help"}
IO_CHAINS = {("sys", "stdin"), ("sys", "stdout"), ("sys", "exit"), ("os", "system")}
BUILTINS = set(dir(builtins))
# Lines that may start Python code in a response without fences (everything before is prose).
CODE_START = re.compile(
    r"^(def |async def |class |import |from \S+ import |@|#!|if __name__|[A-Za-z_]\w*\s*=[^=])")
# Bounds the work spent repairing one hostile block (each attempt is one parse).
MAX_PARSE_ATTEMPTS = 1000
MAX_PROSE_STARTS = 50


class Parsed:
    """One block that parses: its statements and the response lines it came from."""

    def __init__(self, index, lines, start, end, tree, line_offset):
        self.index = index
        self.lines = lines  # all lines of the block
        self.start = start  # first kept line (0-based, inclusive)
        self.end = end  # last kept line (exclusive)
        self.tree = tree
        self.line_offset = line_offset

    def response_line(self, block_line0):
        return self.line_offset + block_line0 + 1

    def stmt_span(self, stmt):
        """0-based block lines [first, last] of a top-level statement, decorators included."""
        first = stmt.lineno
        for dec in getattr(stmt, "decorator_list", []):
            first = min(first, dec.lineno)
        return self.start + first - 1, self.start + stmt.end_lineno - 1


def try_parse(src):
    try:
        return ast.parse(src)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def parse_block(index, block, notes):
    """Parses a block, dropping prose before unfenced code and trailing lines of a truncated
    block until it parses. Returns None when no part parses."""
    lines = block["code"].split("\n")
    starts = [0]
    if not block.get("fenced", True):
        starts = [i for i, line in enumerate(lines) if CODE_START.match(line)][:MAX_PROSE_STARTS]
        starts = starts or [0]
    attempts = 0
    for start in starts:
        end = len(lines)
        while end > start and attempts < MAX_PARSE_ATTEMPTS:
            attempts += 1
            tree = try_parse("\n".join(lines[start:end]))
            if tree is not None and tree.body:
                parsed = Parsed(index, lines, start, end, tree, block.get("line_offset", 0))
                tail = [ln for ln in range(end, len(lines)) if lines[ln].strip()]
                if start > 0:
                    notes.append(f"block {index + 1}: dropped {start} line(s) of prose before the code")
                if tail:
                    why = "truncated block" if not block.get("closed", True) else "text after the code"
                    notes.append(
                        f"block {index + 1}: dropped {len(tail)} trailing line(s) that did not parse ({why})")
                return parsed
            end -= 1
    notes.append(f"block {index + 1}: no part of it parses as Python")
    return None


def attr_chain(node):
    """('sys', 'setrecursionlimit') for sys.setrecursionlimit; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return tuple(reversed(parts))
    return None


def calls_in(node):
    """Calls evaluated when `node` runs; lambda bodies are not evaluated."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, ast.Lambda):
            stack.extend(cur.args.defaults + [d for d in cur.args.kw_defaults if d is not None])
            continue
        if isinstance(cur, ast.Call):
            yield cur
        stack.extend(ast.iter_child_nodes(cur))


def runs_code(value, user_names):
    """True when evaluating `value` calls the candidate's own code or does I/O."""
    for call in calls_in(value):
        chain = attr_chain(call.func)
        if chain is None:
            continue
        if chain[0] in user_names or is_io(chain):
            return True
    return False


def is_io(chain):
    return chain[0] in EFFECT_CALLS or chain[:2] in IO_CHAINS


def is_main_guard(test):
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    consts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return bool(names and consts)


def keep_reason(stmt, user_names):
    """None when the statement is kept; otherwise why it is dropped."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                         ast.ClassDef)):
        return None
    if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        if stmt.value is not None and runs_code(stmt.value, user_names):
            return "assignment runs example code"
        return None
    if isinstance(stmt, ast.Expr):
        if isinstance(stmt.value, ast.Call) and attr_chain(stmt.value.func) in SAFE_CALLS:
            return None
        return "top-level expression (example call, print or docstring)"
    if isinstance(stmt, ast.If):
        if is_main_guard(stmt.test):
            return "`if __name__ == \"__main__\"` block"
        if not runs_code(stmt.test, user_names) and all(
                keep_reason(s, user_names) is None for s in stmt.body + stmt.orelse):
            return None
        return "top-level `if` that runs code"
    if isinstance(stmt, ast.Try):
        inner = stmt.body + stmt.orelse + stmt.finalbody
        for handler in stmt.handlers:
            inner += handler.body
        if all(isinstance(s, ast.Pass) or keep_reason(s, user_names) is None for s in inner):
            return None
        return "top-level `try` that runs code"
    kinds = {ast.For: "loop", ast.While: "loop", ast.AsyncFor: "loop", ast.Assert: "assert",
             ast.With: "`with` block", ast.Raise: "raise"}
    return "top-level " + kinds.get(type(stmt), type(stmt).__name__.lower())


def root_name(node):
    """FACT for FACT[i], FACT.x[j] or FACT.append; None when the base is not a name."""
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def globals_written_by(fn):
    """Names a function declares `global` (and so may fill when called)."""
    return {name for node in ast.walk(fn) if isinstance(node, ast.Global) for name in node.names}


def written_names(stmt, functions):
    """Module-level names a statement binds or fills: assignment and loop targets, the objects
    behind subscript and attribute stores (FACT[i] = ...), receivers of method calls
    (TABLE.append(x)), and the globals of the candidate's functions it calls. Nested function
    and class bodies do not run, so they are not searched."""
    names = set(defined_names(stmt))
    stack = [stmt]
    while stack:
        node = stack.pop()
        if node is not stmt and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                  ast.ClassDef, ast.Lambda)):
            continue
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
            targets = [node.target]
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                targets = [node.func.value]
            elif isinstance(node.func, ast.Name) and node.func.id in functions:
                names |= globals_written_by(functions[node.func.id])
        for target in targets:
            for part in (target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]):
                name = root_name(part)
                if name:
                    names.add(name)
        stack.extend(ast.iter_child_nodes(node))
    return names


def does_io(stmt):
    """Reads input, prints, stops or escapes: never kept as precomputation."""
    return any((chain := attr_chain(call.func)) and is_io(chain) for call in calls_in(stmt))


def rescue_precomputation(body, keep):
    """A dropped statement that fills a name the kept code reads (PRIMES = sieve(10**6), a
    loop filling FACT) is precomputation, not example usage: keep it unless it does I/O or is
    a `__main__` block, an assert or a raise. Returns {index kept this way: names it fills}."""
    functions = {s.name: s for s in body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    needed = set()
    for stmt, kept in zip(body, keep):
        if kept:
            needed |= global_refs(stmt)
    rescued = {}
    changed = True
    while changed:
        changed = False
        for i, stmt in enumerate(body):
            if keep[i] or isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                            ast.Assert, ast.Raise)):
                continue
            if isinstance(stmt, ast.If) and is_main_guard(stmt.test):
                continue
            fills = written_names(stmt, functions) & needed
            if does_io(stmt) or not fills:
                continue
            keep[i] = True
            needed |= global_refs(stmt)
            rescued[i] = sorted(fills)
            changed = True
    return rescued


def defined_names(stmt):
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names if a.name != "*"}
    names = set()
    targets = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        targets = [stmt.target]
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                names.add(node.id)
    return names


def global_refs(stmt):
    """Module-level names a statement reads, from Python's own symbol tables."""
    try:
        table = symtable.symtable(ast.unparse(stmt), "<stmt>", "exec")
    except (SyntaxError, ValueError, RecursionError):
        return set()
    refs = {s.get_name() for s in table.get_symbols() if s.is_referenced()}
    stack = list(table.get_children())
    while stack:
        child = stack.pop()
        refs |= {s.get_name() for s in child.get_symbols() if s.is_global()}
        stack.extend(child.get_children())
    return refs


def defines_entry(stmt, entry):
    """A top-level `def entry`, or for `Class.method` (LeetCode's `Solution.twoSum`) a
    `class Class` whose body defines `method`."""
    owner, _, method = entry.rpartition(".")
    if not owner:
        return isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == entry
    return isinstance(stmt, ast.ClassDef) and stmt.name == owner and any(
        isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == method
        for s in stmt.body)


def user_names_of(stmts):
    return {s.name for s in stmts
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def render(parsed, keep, replace):
    """The block's kept lines; a dropped statement takes the comment lines right above it."""
    lines = parsed.lines
    drop = set(range(parsed.start)) | set(range(parsed.end, len(lines)))
    for stmt, kept in zip(parsed.tree.body, keep):
        if kept:
            continue
        first, last = parsed.stmt_span(stmt)
        drop.update(range(first, last + 1))
        above = first - 1
        while above >= parsed.start and lines[above].lstrip().startswith("#"):
            drop.add(above)
            above -= 1
    out = []
    for i in range(parsed.start, parsed.end):
        if i in replace:
            if replace[i] is not None:
                out.append(replace[i])
        elif i not in drop:
            out.append(lines[i])
    removed = sorted(parsed.response_line(i) for i in drop if lines[i].strip() and i not in replace)
    return out, removed


def shared_line_fixups(parsed, keep):
    """Statements sharing a line (`x = 1; print(x)`) cannot be cut by lines: a group of such
    statements is rewritten from its kept statements alone."""
    groups = []  # [first, last, [(stmt, kept)]]
    for stmt, kept in zip(parsed.tree.body, keep):
        first, last = parsed.stmt_span(stmt)
        if groups and first <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], last)
            groups[-1][2].append((stmt, kept))
        else:
            groups.append([first, last, [(stmt, kept)]])
    replace = {}
    for first, last, owners in groups:
        if len(owners) > 1 and not all(k for _, k in owners):
            for ln in range(first, last + 1):
                replace[ln] = None
            replace[first] = "\n".join(ast.unparse(s) for s, k in owners if k)
    return replace


def tidy(lines):
    out = []
    for line in lines:
        if not line.strip() and len(out) >= 2 and not out[-1].strip() and not out[-2].strip():
            continue
        out.append(line.rstrip())
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return "\n".join(out) + "\n" if out else ""


def sanitize_function(blocks, entry):
    notes = []
    parsed = [p for p in (parse_block(i, b, notes) for i, b in enumerate(blocks)) if p]
    holders = [p for p in parsed if any(defines_entry(s, entry) for s in p.tree.body)]
    if not holders:
        reason = f"no code block defines the entry point `{entry}`"
        if not parsed:
            reason = "no Python code parses"
        return {"ok": False, "reason": reason, "notes": notes, "block_chosen": None}
    chosen = holders[-1]  # the last definition wins, as if the blocks ran in order
    if len(holders) > 1:
        notes.append(f"{len(holders)} blocks define `{entry}`; chose the last (block {chosen.index + 1})")
    body = chosen.tree.body
    user = user_names_of(s for p in parsed for s in p.tree.body)
    keep = [keep_reason(s, user) is None for s in body]
    defs = [i for i, s in enumerate(body) if defines_entry(s, entry)]
    for i in defs[:-1]:
        keep[i] = False
        first, _ = chosen.stmt_span(body[i])
        notes.append(f"line {chosen.response_line(first)}: dropped an earlier definition of "
                     f"`{entry}` (the last one wins)")
    rescued = rescue_precomputation(body, keep)
    for i, (stmt, kept) in enumerate(zip(body, keep)):
        first, _ = chosen.stmt_span(stmt)
        if i in rescued:
            names = ", ".join(f"`{n}`" for n in rescued[i])
            notes.append(f"line {chosen.response_line(first)}: kept precomputation: it fills "
                         f"{names}, which the kept code reads")
        elif not kept and i not in defs:
            notes.append(f"line {chosen.response_line(first)}: dropped {keep_reason(stmt, user)}")

    kept_stmts = [s for s, k in zip(body, keep) if k]
    merged = merge_helpers(parsed, chosen, kept_stmts, user)
    lines, removed = render(chosen, keep, shared_line_fixups(chosen, keep))
    head = []
    for p, stmt in merged["imports"]:
        first, last = p.stmt_span(stmt)
        head.extend(p.lines[first:last + 1])
    for p, stmt in merged["defs"]:
        first, last = p.stmt_span(stmt)
        head.extend(["", ""] + p.lines[first:last + 1])
    if head:
        head.extend(["", ""])
    kept_defs = sorted({n for s in kept_stmts for n in defined_names(s)
                        if not isinstance(s, (ast.Import, ast.ImportFrom))})
    return {
        "ok": True,
        "program": tidy(head + lines),
        "block_chosen": chosen.index,
        "lines_removed": removed,
        "kept_defs": kept_defs,
        "merged": merged["report"],
        "notes": notes,
        "reason": "",
    }


def merge_helpers(parsed, chosen, kept_stmts, user):
    """Imports and definitions the chosen block uses but only other blocks provide."""
    pool = {}
    for p in parsed:
        if p is chosen:
            continue
        for stmt in p.tree.body:
            if keep_reason(stmt, user) is None:
                for name in defined_names(stmt):
                    pool[name] = (p, stmt)  # a later block's definition wins
    have = set()
    for stmt in kept_stmts:
        have |= defined_names(stmt)
    wanted = set()
    for stmt in kept_stmts:
        wanted |= global_refs(stmt)
    added = []
    todo = sorted(wanted - have - BUILTINS)
    while todo:
        name = todo.pop()
        if name in have or name not in pool:
            continue
        p, stmt = pool[name]
        if any(stmt is s for _, s in added):
            continue
        added.append((p, stmt))
        have |= defined_names(stmt)
        todo.extend(sorted(global_refs(stmt) - have - BUILTINS))
    added.sort(key=lambda ps: (ps[0].index, ps[1].lineno))
    imports = [(p, s) for p, s in added if isinstance(s, (ast.Import, ast.ImportFrom))]
    defs = [(p, s) for p, s in added if not isinstance(s, (ast.Import, ast.ImportFrom))]
    report = []
    for p, stmt in added:
        first, last = p.stmt_span(stmt)
        report.append({"block": p.index, "names": sorted(defined_names(stmt)),
                       "lines": [p.response_line(first), p.response_line(last)]})
    return {"imports": imports, "defs": defs, "report": report}


def sanitize_program(blocks):
    notes = []
    if not blocks:
        return {"ok": False, "reason": "no block given", "notes": notes, "block_chosen": None}
    p = parse_block(0, blocks[0], notes)
    if p is None:
        return {"ok": False, "reason": "the Python code does not parse", "notes": notes,
                "block_chosen": None}
    lines, removed = render(p, [True] * len(p.tree.body), {})
    return {"ok": True, "program": tidy(lines), "block_chosen": 0, "lines_removed": removed,
            "kept_defs": [], "merged": [], "notes": notes, "reason": ""}


def main():
    sys.setrecursionlimit(10000)
    request = json.load(sys.stdin)
    if request.get("mode") == "program":
        reply = sanitize_program(request.get("blocks", []))
    else:
        reply = sanitize_function(request.get("blocks", []), request.get("entry_point", ""))
    json.dump(reply, sys.stdout)


if __name__ == "__main__":
    main()
