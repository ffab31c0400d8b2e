"""Every exchange the mock answered, as immutable records: the most recent ones, up to a limit."""
from __future__ import annotations

from collections import deque
from typing import Deque, Iterator, List, Mapping, NamedTuple, Optional, Sequence, Union, overload

# How many calls `rtml.calls` keeps by default (the oldest go first): about 2.5 MB with 1 KB texts.
DEFAULT_CALLS_LIMIT = 1000


class Call(NamedTuple):
    """One answered request, immutable: ``rtml.calls[-1].operation == "ClassifyDocument"``."""

    service: str
    operation: str
    params: Mapping[str, object]
    response: Optional[Mapping[str, object]] = None
    error: Optional[str] = None
    http_status: int = 200


def check_limit(limit: Optional[int]) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
        raise TypeError(f"calls_limit must be an int or None, not {limit!r}")
    if limit is not None and limit < 0:
        raise ValueError(f"calls_limit must be >= 0 (or None to keep every call), not {limit}")


class CallList(Sequence[Call]):
    """The most recent calls, oldest first (all of them when `limit` is None), with a filter by operation."""

    def __init__(self, limit: Optional[int] = DEFAULT_CALLS_LIMIT) -> None:
        check_limit(limit)
        self._calls: Deque[Call] = deque(maxlen=limit)

    @property
    def limit(self) -> Optional[int]:
        return self._calls.maxlen

    @limit.setter
    def limit(self, limit: Optional[int]) -> None:
        """A new limit keeps the most recent calls that fit in it."""
        check_limit(limit)
        self._calls = deque(self._calls, maxlen=limit)

    def append(self, call: Call) -> None:
        self._calls.append(call)  # the oldest goes when the limit is reached

    def clear(self) -> None:
        self._calls.clear()

    def of(self, operation: str) -> List[Call]:
        return [c for c in self._calls if c.operation == operation]

    @overload
    def __getitem__(self, index: int) -> Call: ...
    @overload
    def __getitem__(self, index: slice) -> List[Call]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Call, List[Call]]:
        if isinstance(index, slice):
            return list(self._calls)[index]
        return self._calls[index]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(self._calls)

    def __reversed__(self) -> Iterator[Call]:
        return reversed(self._calls)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (CallList, list, tuple)):
            return list(self._calls) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"CallList({list(self._calls)!r}, limit={self.limit})"
