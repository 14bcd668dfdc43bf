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
"""

import json
import math
import sys

# Task values may hold huge integers (ENAMEL's HumanEval/8 has 100000-digit ones); the default
# limit of 4300 digits for int <-> str would make them unencodable.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)

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
        # A list of plain scalars is already JSON: one pass of type checks, not a call per item
        # (results of ENAMEL's tasks are often lists of 10^4 to 10^5 ints).
        for x in v:
            tx = type(x)
            if not (x is None or tx is int or tx is str or tx is bool):
                return [to_plain(x) for x in v]
        return v
    if t is tuple:
        return {"$tuple": [to_plain(x) for x in v]}
    if t is set or t is frozenset:
        items = [to_plain(x) for x in v]
        try:
            items.sort(key=lambda x: json.dumps(x, sort_keys=True))
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


_DECODER = json.JSONDecoder(object_hook=_from_object)


def encode(v):
    """One line of strict JSON (no NaN/Infinity literals)."""
    return json.dumps(to_plain(v), ensure_ascii=False, allow_nan=False)


def decode(text):
    return _DECODER.decode(text)
