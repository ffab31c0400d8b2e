"""NextToken pagination shared by every List/Describe operation."""
from __future__ import annotations

import base64
from typing import List, Optional, Sequence, Tuple, Type, TypeVar

from .errors import ServiceError

T = TypeVar("T")


def page(
    items: Sequence[T], next_token: Optional[str], limit: int, invalid: Type[ServiceError]
) -> Tuple[List[T], Optional[str]]:
    """The page of `items` that starts at `next_token`, and the token of the next page (or None)."""
    start = 0
    if next_token:
        try:
            start = int(base64.urlsafe_b64decode(next_token.encode()).decode().removeprefix("offset:"))
        except ValueError:
            raise invalid("Invalid NextToken") from None
        if start < 0 or start > len(items):
            raise invalid("Invalid NextToken")
    end = start + limit
    token = base64.urlsafe_b64encode(f"offset:{end}".encode()).decode() if end < len(items) else None
    return list(items[start:end]), token
