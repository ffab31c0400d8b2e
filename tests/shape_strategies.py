"""Hypothesis strategies built from botocore input shapes: valid requests, and requests with one rule broken.

Both bad-input properties use it (``test_bad_input.py`` for Comprehend, ``test_ml_bad_input.py`` for
Amazon ML). Valid values honour type, length, range, enum and pattern. A broken request is a valid one
with exactly one thing wrong, anywhere in it: a member of the wrong JSON type, too long, too short,
off-pattern, out of the enum, below the minimum or above the maximum, a list with too few or too many
items or with bad items, a map with values of the wrong type, a required member left out, or an absent
optional member added with one of those faults. Only values botocore's serializer still sends are used
(it would reject a wrong-typed structure, blob, timestamp or float before the mock saw it).

What is useful for one service (known ids, ARNs, URLs) is passed in, never decided here::

    strategies = ShapeStrategies(by_shape={"EntityId": st.sampled_from(["ds", "m"])})
    strategies.requests(operation_model.input_shape)  # (what was broken, params)
"""
from __future__ import annotations

import base64
import datetime
import json
import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import regex
from hypothesis import strategies as st

Strategy = st.SearchStrategy[Any]
Path = Tuple[Union[str, int], ...]
Fault = Tuple[str, Path, Any]  # (kind, where, the broken value)
Place = Tuple[Path, List[Tuple[str, Any]]]  # where, and the (kind, bad values) that can go there

TEXT_MAX = 40  # valid strings without a pattern are at most this long
LIST_MAX = 3  # valid lists have at most this many items
# Longer maxima (Amazon ML's 16 MiB SQL queries) are not worth building a too-long string for.
TOO_LONG_LIMIT = 200_000
TOO_MANY_LIMIT = 200
# Python's re (hence hypothesis' from_regex) has no \p{...} classes; these stand in for generation, and
# the `regex` module checks the result against the real pattern.
_UNICODE_CLASSES = {r"\p{L}": "a-zA-Zé", r"\p{Z}": " ", r"\p{N}": "0-9"}
_OFF_PATTERN = ("!", " ", "-x-", "ü", "", "#!?")
_WRONG_TYPE: Dict[str, Strategy] = {
    "string": st.sampled_from([7, True, ["x"], {"a": "b"}]) | st.integers() | st.booleans(),
    "integer": st.sampled_from(["7", 1.5, 0.5, False, [1]]) | st.text(max_size=3),
    "boolean": st.sampled_from(["true", 1]) | st.text(max_size=3) | st.integers(),
    "float": st.booleans(),  # botocore's serializer sends only numbers (and bools) as floats
}
_WRONG_TYPE.update(long=_WRONG_TYPE["integer"], double=_WRONG_TYPE["float"])
_DELETE = object()


class ShapeStrategies:
    """Strategies for one service's input shapes.

    ``by_shape`` and ``by_member`` replace the generated valid values of a shape name or a structure
    member name (a member name wins); ``bad_by_member`` replaces every fault of a member with the
    values given (for a member botocore itself needs to stay well-formed, as Predict's endpoint URL).
    """

    def __init__(self, by_shape: Optional[Mapping[str, Strategy]] = None,
                 by_member: Optional[Mapping[str, Strategy]] = None,
                 bad_by_member: Optional[Mapping[str, Strategy]] = None) -> None:
        self.by_shape = dict(by_shape or {})
        self.by_member = dict(by_member or {})
        self.bad_by_member = dict(bad_by_member or {})
        self._valid: Dict[str, Strategy] = {}
        self._faults: Dict[Tuple[str, str], List[Tuple[str, Strategy]]] = {}
        self._bad: Dict[Tuple[str, str], st.SearchStrategy[Fault]] = {}

    # -- valid ---------------------------------------------------------------------------------
    def valid(self, shape: Any, member: str = "") -> Strategy:
        """Values that satisfy the shape's constraints (mostly: a pattern and a length can disagree)."""
        if member in self.by_member:
            return self.by_member[member]
        if shape.name in self.by_shape:
            return self.by_shape[shape.name]
        if shape.name not in self._valid:
            self._valid[shape.name] = self._build(shape)
        return self._valid[shape.name]

    def _build(self, shape: Any) -> Strategy:
        meta, kind = shape.metadata, shape.type_name
        if kind == "string":
            if meta.get("enum"):
                return st.sampled_from(meta["enum"])
            low, high = meta.get("min", 0), min(meta.get("max", TEXT_MAX), TEXT_MAX)
            if meta.get("pattern"):
                checker = regex.compile(meta["pattern"])
                values = st.from_regex(re.compile(_python_pattern(meta["pattern"])), fullmatch=True)
                return values.filter(lambda s: low <= len(s) <= high and checker.fullmatch(s) is not None)
            return st.text(min_size=low, max_size=max(low, high))
        if kind in ("integer", "long"):
            low = meta.get("min", 0)
            return st.integers(low, meta.get("max", max(low, 12)))
        if kind in ("float", "double"):
            return st.floats(-2.0, 2.0, allow_nan=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "timestamp":
            return st.datetimes(datetime.datetime(2020, 1, 1), datetime.datetime(2035, 1, 1),
                                timezones=st.just(datetime.timezone.utc))
        if kind == "blob":
            return st.binary(min_size=max(meta.get("min", 0), 1), max_size=40)
        if kind == "list":
            low, high = meta.get("min", 0), min(meta.get("max", LIST_MAX), LIST_MAX)
            return st.lists(self.valid(shape.member), min_size=low, max_size=max(low, high))
        if kind == "map":
            return st.dictionaries(self.valid(shape.key), self.valid(shape.value), max_size=3)
        required = set(shape.required_members)
        return st.fixed_dictionaries(
            {n: self.valid(m, n) for n, m in shape.members.items() if n in required},
            optional={n: self.valid(m, n) for n, m in shape.members.items() if n not in required},
        )

    # -- broken --------------------------------------------------------------------------------
    def faults(self, shape: Any, member: str = "") -> List[Tuple[str, Strategy]]:
        """(kind, bad values) that break a rule of the value itself, not of anything inside it."""
        key = (shape.name, member)
        if key not in self._faults:
            if member in self.bad_by_member:
                self._faults[key] = [("steered", self.bad_by_member[member])]
            else:
                self._faults[key] = self._own_faults(shape)
        return self._faults[key]

    def _own_faults(self, shape: Any) -> List[Tuple[str, Strategy]]:
        meta, kind = shape.metadata, shape.type_name
        out: List[Tuple[str, Strategy]] = []
        if kind == "string":
            if "max" in meta and meta["max"] < TOO_LONG_LIMIT:
                out.append(("too-long", st.just("x" * (meta["max"] + 1))))
            if meta.get("min", 0) > 0:
                out.append(("too-short", st.just("")))
            if meta.get("pattern"):
                off = [v for v in _OFF_PATTERN if regex.fullmatch(meta["pattern"], v) is None]
                if off:
                    out.append(("off-pattern", st.sampled_from(off)))
            if meta.get("enum"):
                out.append(("out-of-enum", st.sampled_from(["NOT_IN_ENUM", meta["enum"][0].lower() + "x"])))
        elif kind in ("integer", "long"):
            if "min" in meta:
                out.append(("below-min", st.just(meta["min"] - 1)))
            if "max" in meta:
                out.append(("above-max", st.just(meta["max"] + 1)))
        elif kind == "list":
            if meta.get("min", 0) > 0:
                out.append(("too-few", st.just([])))
            if "max" in meta and meta["max"] <= TOO_MANY_LIMIT:
                size = meta["max"] + 1
                out.append(("too-many", st.lists(self.valid(shape.member), min_size=size, max_size=size)))
            if self.breakable(shape.member):
                items = self.bad(shape.member).map(lambda fault: fault[2])
                out.append(("bad-items", st.lists(items, min_size=1, max_size=2)))
        elif kind == "map":
            wrong_values = st.dictionaries(self.valid(shape.key), st.integers(), min_size=1, max_size=2)
            out.append(("wrong-value-type", wrong_values))
        elif kind == "blob" and meta.get("min", 0) > 0:
            out.append(("too-short", st.just(b"")))
        if kind in _WRONG_TYPE:
            out.append(("wrong-type", _WRONG_TYPE[kind]))
        return out

    def _breaks_inside(self, shape: Any, member: str) -> bool:
        return shape.type_name in ("structure", "list") and member not in self.bad_by_member

    def breakable(self, shape: Any, member: str = "") -> bool:
        """Whether `bad` has anything to draw (a timestamp, for one, has no fault botocore would send)."""
        return bool(self.faults(shape, member)) or self._breaks_inside(shape, member)

    def bad(self, shape: Any, member: str = "") -> st.SearchStrategy[Fault]:
        """A value of `shape` with one rule broken: of the value itself, or of something inside it."""
        key = (shape.name, member)
        if key not in self._bad:
            options = [values.map(_at_top(kind)) for kind, values in self.faults(shape, member)]
            if self._breaks_inside(shape, member):
                options.append(self.valid(shape, member).flatmap(lambda value: self.break_one(shape, value)))
            self._bad[key] = st.one_of(options)
        return self._bad[key]

    def break_one(self, shape: Any, value: Any, keep: Sequence[str] = ()) -> st.SearchStrategy[Fault]:
        """`value` (valid for `shape`) with one thing broken: a place in it (a member or list item, at
        any depth, present or not; all equally likely) drawn first, then one of that place's faults.
        A required member is left out as often as it is broken.

        Members named in `keep` are never left out. Without any place to break, the value is unchanged
        and the kind is "valid-ish".
        """
        places = self._places(shape, value, (), frozenset(keep))
        if not places:
            return st.just(("valid-ish", (), value))
        return st.sampled_from(places).flatmap(
            lambda place: st.sampled_from(place[1]).flatmap(
                lambda fault: fault[1].map(lambda drawn: _fault(value, place[0], fault[0], drawn))))

    def _places(self, shape: Any, value: Any, path: Path, keep: frozenset[str]) -> List[Place]:
        """Every place in `value` with its faults (an absent member's come from `bad`, with kind "")."""
        found: List[Place] = []
        if shape.type_name == "structure":
            required = set(shape.required_members)
            for name, member in shape.members.items():
                here = path + (name,)
                if name not in value:  # an optional member: add it, broken
                    if self.breakable(member, name):
                        found.append((here, [("", self.bad(member, name))]))
                    continue
                if name in required and name not in keep:
                    found.append((here, [("missing-required", st.just(_DELETE))]))
                if self.faults(member, name):
                    found.append((here, self.faults(member, name)))
                if name not in self.bad_by_member:
                    found += self._places(member, value[name], here, keep)
        elif shape.type_name == "list":
            faults = self.faults(shape.member)
            for i, item in enumerate(value):
                if faults:
                    found.append((path + (i,), faults))
                found += self._places(shape.member, item, path + (i,), keep)
        return found

    def requests(self, shape: Any, always_sent: Sequence[str] = (),
                 valid_one_in: int = 10) -> st.SearchStrategy[Tuple[str, Dict[str, Any]]]:
        """(what was broken, params) for an operation's input shape.

        About one request in `valid_one_in` is left valid(-ish) (a few more in short runs: hypothesis
        starts from zeros). Members named in `always_sent` are sent although the model has them
        optional, and never left out.
        """
        forced = {n: self.valid(shape.members[n], n) for n in always_sent}
        base = st.tuples(self.valid(shape), st.fixed_dictionaries(forced)).map(lambda pair: {**pair[0], **pair[1]})

        @st.composite
        def request(draw: Callable[..., Any]) -> Tuple[str, Dict[str, Any]]:
            value = draw(base)
            if draw(st.integers(0, valid_one_in - 1)) == 0:
                return "valid-ish", value
            kind, path, broken = draw(self.break_one(shape, value, always_sent))
            return f"{kind} {'.'.join(map(str, path))}".strip(), broken

        return request()


    def raw_bodies(self, shape: Any) -> st.SearchStrategy[Tuple[str, bytes]]:
        """(what was done, body bytes): a request from `requests`, then made hard to read in one way:
        bytes that are not JSON; a number that overflows or is not one (1e999, NaN, 5,000 digits, past
        the Java integer types); a value nested thousands deep; a string of hundreds of thousands of
        characters; or a string with lone surrogates and characters beyond the basic plane."""

        @st.composite
        def body(draw: Callable[..., Any]) -> Tuple[str, bytes]:
            what, params = draw(self.requests(shape))
            kind = draw(st.sampled_from(sorted(_RAW)))
            if kind == "garbage":
                return kind, draw(_GARBAGE)
            leaves = [path for path, leaf in _leaves(params) if isinstance(leaf, _RAW_AT[kind])]
            path = draw(st.sampled_from(leaves)) if leaves else ("Unknown",)
            text = json.dumps(_put(params, path, _SENTINEL), default=_wire).replace(json.dumps(_SENTINEL), draw(_RAW[kind]))
            return f"{kind} at {'.'.join(map(str, path))} of {what}", text.encode()

        return body()


_SENTINEL = "\x00mock-rtml-raw\x00"
_GARBAGE = st.binary(max_size=64) | st.sampled_from([b"{", b"[]", b"null", b"\xef\xbb\xbf{}", b'{"a": 1}{"b": 2}', b"\xff"])
_UNICODE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.characters(min_codepoint=0x10000) | st.characters()
_RAW: Dict[str, Strategy] = {
    "garbage": st.nothing(),
    "number": st.sampled_from(["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "1e-400", "-0", "9" * 5000,
                               "2147483648", "-2147483649", "9223372036854775808", "1.5e308"]),
    "deep": st.integers(500, 20_000).flatmap(lambda n: st.sampled_from(["[" * n + "]" * n, '{"a":' * n + "1" + "}" * n])),
    "huge": st.sampled_from([70_000, 300_000]).flatmap(lambda n: st.sampled_from(["x", " ", "é", "\U0001F600"]).map(lambda c: json.dumps(c * n))),
    "unicode": st.text(_UNICODE, min_size=1, max_size=30).map(json.dumps),
}
# Which leaves each kind replaces (none of that type: it goes in as an unknown member).
_RAW_AT: Dict[str, Any] = {"number": (int, float), "deep": object, "huge": str, "unicode": str}


def _wire(value: Any) -> Any:
    """What botocore's serializer sends for values JSON has no type for."""
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(type(value).__name__)


def _leaves(value: Any, path: Path = ()) -> List[Tuple[Path, Any]]:
    """(path, value) of every member and item, at any depth (bools are not numbers here)."""
    found: List[Tuple[Path, Any]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if not isinstance(item, bool):
            found.append((path + (key,), item))
        found += _leaves(item, path + (key,))
    return found


def _python_pattern(pattern: str) -> str:
    for unicode_class, plain in _UNICODE_CLASSES.items():
        pattern = pattern.replace(unicode_class, plain)
    return pattern


def _at_top(kind: str) -> Callable[[Any], Fault]:
    return lambda value: (kind, (), value)


def _fault(value: Any, path: Path, kind: str, drawn: Any) -> Fault:
    """`value` with `drawn` put at `path` (a fault drawn from `bad` has no kind here: it names its own)."""
    if not kind:  # drawn by bad(): (kind, path inside the member, the broken member)
        kind, inner, drawn = drawn
        return kind, path + inner, _put(value, path, drawn)
    return kind, path, _put(value, path, drawn)


def _put(value: Any, path: Path, new: Any) -> Any:
    """A copy of `value` with `new` at `path` (or the member removed, for _DELETE); shares the rest."""
    step, rest = path[0], path[1:]
    copied: Any = dict(value) if isinstance(value, dict) else list(value)
    if rest:
        copied[step] = _put(copied[step], rest, new)
    elif new is _DELETE:
        del copied[step]
    else:
        copied[step] = new
    return copied
