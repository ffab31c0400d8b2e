"""Timestamps on the wire: epoch seconds to the millisecond, as both services send them (1686688374.526).

The virtual clock is finer than that; every timestamp member of a reply, found from the operation's
output shape, is cut down to its millisecond (never rounded up, so no time lies after the call that
reports it). Operations whose replies hold no timestamp pay nothing.
"""
from __future__ import annotations

import functools
import math
from functools import lru_cache
from typing import Any, Callable, Dict, Optional

from .model import Shape, operation_model

Cut = Callable[[Any], Any]


def millisecond(seconds: float) -> float:
    return math.floor(seconds * 1000) / 1000


def _each(cut: Cut, items: Any) -> Any:
    return [cut(item) for item in items]


def _each_value(cut: Cut, items: Any) -> Any:
    return {key: cut(item) for key, item in items.items()}


def _cut(shape: Shape) -> Optional[Cut]:
    """A function giving a copy of a value of this shape with its timestamps cut; None if it holds none."""
    kind = shape.type_name
    if kind == "timestamp":
        return millisecond
    if kind == "list":
        inner = _cut(shape.member)  # type: ignore[attr-defined]
        return None if inner is None else functools.partial(_each, inner)
    if kind == "map":
        inner = _cut(shape.value)  # type: ignore[attr-defined]
        return None if inner is None else functools.partial(_each_value, inner)
    if kind != "structure":
        return None
    members: Dict[str, Cut] = {}
    for name, member_shape in shape.members.items():  # type: ignore[attr-defined]
        inner = _cut(member_shape)
        if inner is not None:
            members[name] = inner

    def structure(value: Any) -> Any:
        found = [name for name in members if name in value]
        if not found:
            return value
        copy = dict(value)
        for name in found:
            copy[name] = members[name](value[name])
        return copy

    return structure if members else None


@lru_cache(maxsize=None)
def reply_times(service: str, operation: str) -> Optional[Cut]:
    """What cuts the timestamps of this operation's replies to the millisecond; None when there are none."""
    shape = operation_model(service, operation).output_shape
    return _cut(shape) if shape is not None else None
