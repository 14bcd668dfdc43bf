"""JSON encoding of Python values for perfjudge function tasks.

Plain JSON covers None, bool, int, float, str, list and dicts with string keys. Values JSON
cannot represent are written as one-key objects whose key starts with "$", so that a task's
inputs and outputs keep their exact Python types (ENAMEL's checkers compare type(output)):

    tuple       {"$tuple": [items]}
    set         {"$set": [items]}           frozenset: {"$frozenset": [items]}
    dict        {"$dict": [[key, value], ...]}  only when a key is not a string, or the dict
                                            has exactly one key that starts with "$"
    float       {"$float": "nan" | "inf" | "-inf"}
    bytes       {"$bytes": "<hex>"}
    complex     {"$complex": [real, imag]}

Anything else (a generator, a class instance) cannot be encoded: encode() raises TypeError.
decode() raises ValueError for text that is not one JSON value.

The codec drives CPython's C scanner and encoder (`_json`) itself rather than through the
`json` package: importing `json` pulls in `re`, `enum` and `functools`, about 10 ms of CPU at
every session's start, and a function task starts thousands of sessions. The output is what
json.dumps(..., ensure_ascii=False, allow_nan=False) writes; without `_json` (another Python
implementation) the codec falls back to `json`.
"""

import math
import sys

# Task values may hold huge integers (ENAMEL's HumanEval/8 has 100000-digit ones); the default
# limit of 4300 digits for int <-> str would make them unencodable.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)

_SCALARS = frozenset((type(None), bool, int, str))  # exact types: a subclass is converted
_FLOATS = frozenset((float,))
_TAGS = ("$tuple", "$set", "$frozenset", "$dict", "$float", "$bytes", "$complex")


def _float(x):
    if math.isnan(x):
        return {"$float": "nan"}
    if math.isinf(x):
        return {"$float": "inf" if x > 0 else "-inf"}
    return x


def to_plain(v):
    """The JSON-ready form of v (see the module docstring)."""
    t = type(v)
    if v is None or t is bool or t is int or t is str:
        return v
    if t is float:
        return _float(v)
    if t is list:
        # A list of plain scalars is already JSON (results of ENAMEL's tasks are often lists of
        # 10^4 to 10^5 ints): the set of its items' types, built in C, says so at a fraction of
        # a Python loop's cost (1 ms against 5 ms for 20,000 ints; the encoding is in every
        # call's window).
        types = set(map(type, v))
        if types <= _SCALARS or (types == _FLOATS and all(map(math.isfinite, v))):
            return v
        return [to_plain(x) for x in v]
    if t is tuple:
        return {"$tuple": [to_plain(x) for x in v]}
    if t is set or t is frozenset:
        items = [to_plain(x) for x in v]
        try:
            items.sort(key=_sort_key)
        except TypeError:
            pass
        return {"$set" if t is set else "$frozenset": items}
    if t is dict:
        if all(type(k) is str for k in v) and not (len(v) == 1 and next(iter(v)).startswith("$")):
            return {k: to_plain(x) for k, x in v.items()}
        return {"$dict": [[to_plain(k), to_plain(x)] for k, x in v.items()]}
    if t is bytes:
        return {"$bytes": v.hex()}
    if t is complex:
        return {"$complex": [_float(v.real), _float(v.imag)]}
    # Subclasses of the basic types (e.g. an IntEnum, a namedtuple) keep their value.
    for base in (bool, int, float, str, list, tuple, dict, set, frozenset, bytes):
        if isinstance(v, base):
            return to_plain(base(v))
    raise TypeError("a value of type %s is not JSON-representable" % t.__name__)


def _from_object(v):
    # json calls this for each JSON object, innermost first, so a tag's body is already
    # decoded: only objects cost a Python call, and lists of scalars none at all.
    if len(v) == 1:
        (tag, body), = v.items()
        if tag == "$tuple":
            return tuple(body)
        if tag == "$set":
            return set(body)
        if tag == "$frozenset":
            return frozenset(body)
        if tag == "$dict":
            return {k: x for k, x in body}
        if tag == "$float":
            return float(body)
        if tag == "$bytes":
            return bytes.fromhex(body)
        if tag == "$complex":
            return complex(body[0], body[1])
    return v


def _unencodable(v):
    raise TypeError("Object of type %s is not JSON serializable" % type(v).__name__)


class _ScanContext:
    # The attributes the C scanner reads once, when it is made (json.decoder.JSONDecoder's).
    strict = True
    object_hook = staticmethod(_from_object)
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": -math.inf, "Infinity": math.inf, "NaN": math.nan}.__getitem__
    memo = {}


def _make_codec():
    """(dumps, sort_key, scanner): the encoder, the key sets are sorted by, and a function of
    an object hook that makes a scanner calling it."""
    try:
        from _json import encode_basestring, make_encoder, make_scanner

        def c_encoder(sort_keys):
            one = make_encoder({}, _unencodable, encode_basestring, None, ": ", ", ", sort_keys,
                               False, False)
            return lambda v: "".join(one(v, 0))

        def scanner(hook):
            context = _ScanContext()
            context.object_hook = hook
            return make_scanner(context)

        return c_encoder(False), c_encoder(True), scanner
    except (ImportError, TypeError):
        import json

        def dumps(v):
            return json.dumps(v, ensure_ascii=False, allow_nan=False)

        def sort_key(v):
            return json.dumps(v, sort_keys=True)

        def scanner(hook):
            return json.JSONDecoder(object_hook=hook).scan_once

        return dumps, sort_key, scanner


_dumps, _sort_key, _scanner = _make_codec()
_scan_once = _scanner(_from_object)
_SPACE = " \t\n\r"
# Tags whose value marshal would not rebuild as decode() builds it: a set's order of iteration
# depends on the order its items went in, which marshal does not keep (a program that returns
# list(s) would answer differently).
_UNMARSHALLED = frozenset(("$set", "$frozenset"))


def encode(v):
    """One line of strict JSON (no NaN/Infinity literals)."""
    return _dumps(to_plain(v))


def decode(text):
    return _decode(text, _scan_once)


def marshalled(text):
    """(decode(text), its marshal): bytes that marshal.loads turns back into an equal value
    built alike (its dicts' order, its shared keys), running no Python code; None when the
    value holds a set or a frozenset (_UNMARSHALLED) or nests deeper than marshal goes. Raises
    as decode() does. The function session decodes its calls' inputs from these: marshal, built
    into the interpreter, reads a list of 10^5 ints in a tenth of the JSON scanner's time, and
    ENAMEL's inputs in a quarter, inside every call's window (docs/PERFORMANCE.md). Not
    pickle: importing _pickle costs every session 2.6 ms (it imports functools), and it names
    builtins.complex to import where marshal has a type code."""
    import marshal

    kept = [True]

    def hook(v):
        if len(v) == 1 and next(iter(v)) in _UNMARSHALLED:
            kept[0] = False
        return _from_object(v)

    value = _decode(text, _scanner(hook))
    if not kept[0]:
        return value, None
    try:
        return value, marshal.dumps(value)
    except ValueError:  # deeper than marshal's own limit
        return value, None


def _decode(text, scan_once):
    n, i = len(text), 0
    while i < n and text[i] in _SPACE:
        i += 1
    try:
        value, end = scan_once(text, i)
    except Exception:
        # The C scanner raises json's JSONDecodeError (a ValueError) only when json.decoder is
        # loaded, and SystemError or a bare StopIteration otherwise: the json package's own
        # decoder gives the message.
        import json

        json.loads(text)
        raise ValueError("not a JSON value") from None
    while end < n and text[end] in _SPACE:
        end += 1
    if end != n:
        raise ValueError("not one JSON value: extra data at character %d" % end)
    return value
