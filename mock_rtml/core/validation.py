"""Server-side request checks compiled from botocore shapes, in AWS's message format.

One pass both checks and converts a wire value: blobs are base64-decoded, timestamps become
epoch seconds. Wrong JSON types raise SerializationException at once (as AWS does); constraint
failures (required, enum, length, range, pattern) are collected into one ValidationException:
"2 validation errors detected: Value ... at 'endpointName' failed to satisfy constraint: ...; ...",
or in the service's own form where it has one (Comprehend's).
"""
from __future__ import annotations

import base64
import binascii
import datetime
import re
from functools import lru_cache
from typing import Callable, Dict, List, Mapping

from botocore import xform_name

from .errors import SerializationException, ValidationException, excerpt
from .model import Shape, operation_model

Check = Callable[[object, str, List[str]], object]

_JSON_KIND = {str: "STRING_VALUE", bool: "BOOLEAN_VALUE", int: "NUMBER_VALUE", float: "NUMBER_VALUE",
              list: "START_ARRAY", dict: "START_OBJECT", type(None): "NULL_VALUE"}


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _show(value: object, sensitive: bool) -> str:
    """How a message quotes a value: at most errors.EXCERPT characters of it."""
    if sensitive:
        return "Value"
    if isinstance(value, str):
        return f"Value '{excerpt(value)}'"
    if value is None:
        return "Value null"
    if isinstance(value, bool):
        return f"Value {str(value).lower()}"
    return f"Value {excerpt(value)}"


def _fail(value: object, expected: str) -> SerializationException:
    kind = _JSON_KIND.get(type(value), "VALUE")
    return SerializationException(f"{kind} can not be converted to {expected}")


def _constraint(shape: Shape, path: str, errors: list[str], value: object, rule: str) -> None:
    sensitive = bool(shape.metadata.get("sensitive"))
    errors.append(f"{_show(value, sensitive)} at '{path}' failed to satisfy constraint: {rule}")


def _length_checks(shape: Shape) -> Callable[[object, int, str, List[str]], bool]:
    """A check that adds the length errors of a value and says whether it had any."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")

    def check(value: object, length: int, path: str, errors: list[str]) -> bool:
        if low is not None and length < low:
            _constraint(shape, path, errors, value, f"Member must have length greater than or equal to {low}")
            return True
        if high is not None and length > high:
            _constraint(shape, path, errors, value, f"Member must have length less than or equal to {high}")
            return True
        return False

    return check


def _compile(pattern: str) -> "re.Pattern[str]":
    """AWS patterns are Java regular expressions: `re` reads most (and is faster), `regex` the \\p{...} classes."""
    if "\\p{" not in pattern and "\\P{" not in pattern:
        try:
            return re.compile(pattern)
        except re.error:
            pass
    import regex  # here only: importing it costs more than the rest of mock_rtml's core

    return regex.compile(pattern)  # type: ignore[no-any-return]


_REMEMBERED = 1024


def _any_string(value: object, path: str, errors: list[str]) -> object:
    if not isinstance(value, str):
        raise _fail(value, "String")
    return value


def _string(shape: Shape) -> Check:
    enum = shape.metadata.get("enum")
    pattern = shape.metadata.get("pattern")
    if not (enum or pattern or "min" in shape.metadata or "max" in shape.metadata):
        return _any_string  # a string without constraints (Record values, tag values, ...)
    lengths = _length_checks(shape)
    matcher = _compile(pattern).fullmatch if pattern else None
    enum_rule = f"Member must satisfy enum value set: [{', '.join(enum)}]" if enum else ""
    good: set[str] = set()  # values that passed: ARNs and names come back call after call

    def check(value: object, path: str, errors: list[str]) -> object:
        if not isinstance(value, str):
            raise _fail(value, "String")
        if value in good:
            return value
        before = len(errors)
        if lengths(value, len(value), path, errors):
            return value  # neither the enum nor the pattern is tried on a value of the wrong length
        if enum and value not in enum:
            _constraint(shape, path, errors, value, enum_rule)
        if matcher is not None and matcher(value) is None:
            _constraint(shape, path, errors, value, f"Member must satisfy regular expression pattern: {pattern}")
        if len(errors) == before and len(good) < _REMEMBERED and len(value) <= 256:
            good.add(value)
        return value

    return check


# The Java types behind the shapes: a number outside them cannot be read (floats from the wire are
# finite: protocol.parse_json refuses NaN, Infinity and 1e999).
_INTEGRAL_BITS = {"integer": 31, "long": 63}


def _number(shape: Shape, integral: bool) -> Check:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    name = {"integer": "Integer", "long": "Long"}.get(shape.type_name, "Double")
    bound = 2 ** _INTEGRAL_BITS.get(shape.type_name, 63)

    def check(value: object, path: str, errors: list[str]) -> object:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integral and isinstance(value, float)):
            raise _fail(value, name)
        if integral and not -bound <= value < bound:
            raise SerializationException(f"NUMBER_VALUE {excerpt(value)} can not be converted to {name}: out of range")
        if low is not None and value < low:
            _constraint(shape, path, errors, value, f"Member must have value greater than or equal to {low}")
        if high is not None and value > high:
            _constraint(shape, path, errors, value, f"Member must have value less than or equal to {high}")
        return value

    return check


def _boolean(shape: Shape) -> Check:
    def check(value: object, path: str, errors: list[str]) -> object:
        if not isinstance(value, bool):
            raise _fail(value, "Boolean")
        return value

    return check


def _timestamp(shape: Shape) -> Check:
    def check(value: object, path: str, errors: list[str]) -> object:
        if isinstance(value, bool):
            raise _fail(value, "Date")
        try:
            if isinstance(value, (int, float)):
                return float(value)
            if isinstance(value, str):
                return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except (ValueError, OverflowError):
            pass
        raise _fail(value, "Date")

    return check


def _blob(shape: Shape) -> Check:
    lengths = _length_checks(shape)

    def check(value: object, path: str, errors: list[str]) -> object:
        if not isinstance(value, str):
            raise _fail(value, "ByteBuffer")
        try:
            data = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise SerializationException("Base64 encoded value is not valid") from None
        lengths(value if not shape.metadata.get("sensitive") else None, len(data), path, errors)
        return data

    return check


def _list(shape: Shape) -> Check:
    lengths = _length_checks(shape)
    member = compile_shape(shape.member)  # type: ignore[attr-defined]

    def check(value: object, path: str, errors: list[str]) -> object:
        if not isinstance(value, list):
            raise _fail(value, "List")
        lengths(value, len(value), path, errors)
        return [member(item, f"{path}.{i}.member", errors) for i, item in enumerate(value, 1)]

    return check


def _map(shape: Shape) -> Check:
    lengths = _length_checks(shape)
    key_check = compile_shape(shape.key)  # type: ignore[attr-defined]
    value_check = compile_shape(shape.value)  # type: ignore[attr-defined]

    strings = key_check is _any_string and value_check is _any_string  # Predict's Record, for one

    def check(value: object, path: str, errors: list[str]) -> object:
        if not isinstance(value, dict):
            raise _fail(value, "Map")
        lengths(value, len(value), path, errors)
        # JSON object keys are strings; are all values? (isinstance(v, str), mapped in C)
        if strings and all(map(str.__instancecheck__, value.values())):
            return dict(value)
        key_path, value_path = f"{path}.key", f"{path}.value"
        return {key_check(k, key_path, errors): value_check(v, value_path, errors) for k, v in value.items()}

    return check


def _structure(shape: Shape, key: Callable[[str], str] = str) -> Check:
    """Checks a structure; the checked members come out under `key(member name)`."""
    members = {name: (compile_shape(member), _camel(name), key(name)) for name, member in shape.members.items()}  # type: ignore[attr-defined]
    required = [(key(name), _camel(name)) for name in shape.required_members]

    def check(value: object, path: str, errors: list[str]) -> object:
        if not isinstance(value, dict):
            raise _fail(value, "Structure")
        prefix = f"{path}." if path else ""
        out: dict[str, object] = {}
        for name, item in value.items():
            entry = members.get(name)
            if entry is None:
                continue  # AWS ignores members it does not know
            if item is None:
                continue  # an explicit null is an absent member
            out[entry[2]] = entry[0](item, prefix + entry[1], errors)
        for name, camel in required:
            if name not in out:
                errors.append(f"Value null at '{prefix}{camel}' failed to satisfy constraint: Member must not be null")
        return out

    return check


_BUILDERS: Mapping[str, Callable[[Shape], Check]] = {
    "string": _string,
    "integer": lambda s: _number(s, True),
    "long": lambda s: _number(s, True),
    "float": lambda s: _number(s, False),
    "double": lambda s: _number(s, False),
    "boolean": _boolean,
    "timestamp": _timestamp,
    "blob": _blob,
    "list": _list,
    "map": _map,
    "structure": _structure,
}


@lru_cache(maxsize=None)
def compile_shape(shape: Shape) -> Check:
    return _BUILDERS[shape.type_name](shape)


@lru_cache(maxsize=None)
def input_check(service: str, operation: str) -> Callable[[object], Dict[str, object]]:
    """The request check of one operation: the checked and converted parameters under their Python
    names (EndpointArn -> endpoint_arn), or AWS's error."""
    shape = operation_model(service, operation).input_shape
    check: Check = _structure(shape, xform_name) if shape is not None else (lambda value, path, errors: {})

    message = _MESSAGES.get(service, _counted)

    def validate(params: object) -> Dict[str, object]:
        errors: List[str] = []
        checked = check(params, "", errors)
        if errors:
            raise ValidationException(message(errors))
        assert isinstance(checked, dict)
        return checked

    return validate


def _counted(errors: List[str]) -> str:
    """AWS JSON services' form: "2 validation errors detected: <e1>; <e2>"."""
    noun = "error" if len(errors) == 1 else "errors"
    return f"{len(errors)} validation {noun} detected: " + "; ".join(errors)


def _comprehend(errors: List[str]) -> str:
    """Comprehend's form (spec, section 3.4): no count, and no space between the member and "failed":
    "Value 'blah' at 'languageCode'failed to satisfy constraint: ...". Several are joined by "; "."""
    glued = []
    for error in errors:
        before, sep, after = error.rpartition("' failed to satisfy constraint: ")
        glued.append(f"{before}'failed to satisfy constraint: {after}" if sep else error)
    return "; ".join(glued)


_MESSAGES: Mapping[str, Callable[[List[str]], str]] = {"comprehend": _comprehend}


def check_argument(service: str, operation: str, member: str, value: object, argument: str) -> None:
    """Check a value the handle takes against the shape of the API member it stands for, as a request
    would be checked: TypeError for the wrong type, ValueError for a broken constraint (length,
    pattern, enum, range); both name `argument`. A nested member is a dotted path through structures
    and the items of lists: "InputDataConfig.EntityTypes.Type"."""
    shape: Shape = operation_model(service, operation).input_shape  # type: ignore[assignment]  # the handle's operations have one
    for name in member.split("."):
        while shape.type_name == "list":
            shape = shape.member  # type: ignore[attr-defined]
        shape = shape.members[name]  # type: ignore[attr-defined]
    errors: List[str] = []
    try:
        compile_shape(shape)(value, argument, errors)
    except SerializationException:
        kind = {"string": "a str", "integer": "an int", "long": "an int"}.get(shape.type_name, shape.type_name)
        raise TypeError(f"{argument} must be {kind}, not {type(value).__name__} {excerpt(value)}") from None
    if errors:
        raise ValueError("; ".join(errors))
