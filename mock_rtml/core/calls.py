"""Every exchange the mock answered, as immutable records."""
from __future__ import annotations

from typing import List, Mapping, NamedTuple, Optional


class Call(NamedTuple):
    """One answered request, immutable: ``rtml.calls[-1].operation == "ClassifyDocument"``."""

    service: str
    operation: str
    params: Mapping[str, object]
    response: Optional[Mapping[str, object]] = None
    error: Optional[str] = None
    http_status: int = 200


class CallList(List[Call]):
    """The calls, oldest first, with a filter by operation."""

    def of(self, operation: str) -> list[Call]:
        return [c for c in self if c.operation == operation]
