"""NextToken pagination shared by every List/Describe operation: a page of a Table from a cursor.

A NextToken is opaque to callers: it holds the sort key of the last item returned, and a digest tying
it to the query that returned it. A token that was not made for the same query (other operation,
filter or order; the page size may change) is refused with the operation's "Invalid NextToken" error.
Resources created or deleted between pages shift no other item: each page starts just after the key
where the last one stopped.

A listing may go on past its table with a *tail*: items held elsewhere (moto's, for a listing that
shows both), listed after the table's in the tail's order. The tail is asked for only once the
table's items are done, and its pages scan it; the table's pages stay O(page). A key in the tail
starts with None, which no table key does: (None,) is the tail's start, (None, id) resumes after
that item (after an item gone since, the tail has ended).
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import Callable, List, Optional, Sequence, Tuple, Type, TypeVar

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


Tail = Sequence[Tuple[str, Callable[[], W]]]  # (id, reader) of each item after the table's


def _resume(tail: Tail[W], after: Key) -> int:
    """Where in the tail a key of the tail resumes."""
    if len(after) == 1:
        return 0
    for at, (ident, _) in enumerate(tail):
        if ident == after[1]:
            return at + 1
    return len(tail)


def page(
    table: Table[R], index: Optional[str], where: Range, next_token: Optional[str], limit: int,
    read: Callable[[R], W], now: float, scope: str, invalid: Type[ServiceError], descending: bool = False,
    tail: Optional[Callable[[], Tail[W]]] = None,
) -> Tuple[List[W], Optional[str]]:
    """One page of the table's resources selected by `where` on `index` (None: the table's order), read,
    then of the items `tail()` gives ((id, reader) pairs; asked only once the table's are done), and
    the NextToken of the next page (None on the last)."""
    after = cursor(next_token, scope, invalid)
    in_tail = after if after is not None and after[0] is None else None
    items: List[W] = []
    if in_tail is None:
        items, last = table.page(index, where, after, descending, limit, read, now)
        if last is not None:
            return items, token(last, scope)
    following = tail() if tail is not None else ()
    start = 0 if in_tail is None else _resume(following, in_tail)
    end = min(len(following), start + limit - len(items))
    items += [reader() for _, reader in following[start:end]]
    if end == len(following):
        return items, None
    return items, token((None, following[end - 1][0]) if end else (None,), scope)
