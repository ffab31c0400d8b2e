"""NextToken pagination shared by every List/Describe operation: a page of a Table from a cursor.

A NextToken is opaque to callers: it holds the sort key of the last item returned, and a digest tying
it to the query that returned it. A token that was not made for the same query (other operation,
filter or order; the page size may change) is refused with the operation's "Invalid NextToken" error.
Resources created or deleted between pages shift no other item: each page starts just after the key
where the last one stopped.
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import Callable, List, Optional, Tuple, Type, TypeVar

from .errors import ServiceError
from .table import Key, R, Range, Table

W = TypeVar("W")
_DIGEST = 16  # hex digits of the digest that opens a token


def _digest(scope: str, payload: str) -> str:
    return hashlib.sha256(f"{scope}\n{payload}".encode()).hexdigest()[:_DIGEST]


def token(key: Key, scope: str) -> str:
    payload = json.dumps(list(key), separators=(",", ":"))
    return base64.urlsafe_b64encode((_digest(scope, payload) + payload).encode()).decode()


def cursor(next_token: Optional[str], scope: str, invalid: Type[ServiceError]) -> Optional[Key]:
    """The key a NextToken resumes after (None: from the start); a token of another query is invalid."""
    if not next_token:
        return None
    try:
        text = base64.urlsafe_b64decode(next_token.encode("ascii")).decode()
        digest, payload = text[:_DIGEST], text[_DIGEST:]
        key = json.loads(payload) if digest == _digest(scope, payload) else None
    except ValueError:  # not base64, not UTF-8, not JSON
        key = None
    if not isinstance(key, list):
        raise invalid("Invalid NextToken")
    return tuple(key)


def page(
    table: Table[R], index: Optional[str], where: Range, next_token: Optional[str], limit: int,
    read: Callable[[R], W], now: float, scope: str, invalid: Type[ServiceError], descending: bool = False,
) -> Tuple[List[W], Optional[str]]:
    """One page of the table's resources selected by `where` on `index` (None: the table's order), read,
    and the NextToken of the next page (None on the last)."""
    items, last = table.page(index, where, cursor(next_token, scope, invalid), descending, limit, read, now)
    return items, None if last is None else token(last, scope)
