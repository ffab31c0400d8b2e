"""Table: the resources of one kind, by id, with sorted indexes and totals kept as they change.

What a List/Describe page, a create, a quota or a name check costs does not grow with the number of
resources:

- An index keeps entries (value, *order key) sorted, in a list searched by bisection; it is built at
  its first use and kept as resources are added, changed and removed. A query walks the range of
  values it selects, from just after a cursor (the key of the last entry it returned).
- A resource *moves* while one of its status progressions is unfinished: its status, and what follows
  from it, changes with the virtual clock without any call. An index whose values can change that way
  (`Index(moves=True)`) holds only resources at rest; a query over it reads the moving ones and merges
  them in. Moving resources wait in a heap ordered by when their progressions are done
  (`Progress.due`), so the ones that came to rest (or are gone: deleted) are settled without a scan,
  in O(1) amortized per call, and the totals stay exact.

A resource kind gives its resources `status(now, describe)` and `progressions()`, makes its Table
with its listing order and the indexes its filters name, calls `add` when one is made and `changed`
after a call changes one, and pages with `core.pagination.page` (Comprehend's `list_page` maps a
List filter member to the index of the same name).
"""
from __future__ import annotations

import heapq
import itertools
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import (
    Any, Callable, Dict, FrozenSet, Generic, Iterable, Iterator, List, Mapping, Optional, Protocol, Tuple, TypeVar,
)

from .lifecycle import Progress, transition

Key = Tuple[Any, ...]


class Tracked(Protocol):
    def status(self, now: float, describe: bool = False) -> str: ...

    def progressions(self) -> Iterable[Progress]: ...


R = TypeVar("R", bound=Tracked)
W = TypeVar("W")


@dataclass(frozen=True)
class Index(Generic[R]):
    """A value of each resource to select and sort by; `moves` when it can change with the clock."""

    value: Callable[[R, float], Any]
    moves: bool = False


@dataclass(frozen=True)
class Range:
    """The values a query selects: between bounds (closed or open; None: unbounded), with a prefix,
    without some. Values and bounds of one index are all strings or all numbers."""

    low: Any = None
    low_open: bool = False
    high: Any = None
    high_open: bool = False
    prefix: Optional[str] = None
    without: FrozenSet[Any] = frozenset()

    @classmethod
    def equal(cls, value: Any) -> Range:
        return cls(value, False, value, False)

    def narrowed(self, op: str, value: Any) -> Range:
        """This range with one more condition: EQ, NE, GT, GE, LT, LE or PREFIX."""
        if op == "NE":
            return replace(self, without=self.without | {value})
        if op == "PREFIX":
            return replace(self, prefix=value)
        narrowed = self
        if op in ("EQ", "GT", "GE") and (self.low is None or value > self.low or (value == self.low and op == "GT")):
            narrowed = replace(narrowed, low=value, low_open=op == "GT")
        if op in ("EQ", "LT", "LE") and (self.high is None or value < self.high or (value == self.high and op == "LT")):
            narrowed = replace(narrowed, high=value, high_open=op == "LT")
        return narrowed

    def contains(self, value: Any) -> bool:
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        if self.high is not None and (value > self.high or (self.high_open and value == self.high)):
            return False
        return value not in self.without and (self.prefix is None or str(value).startswith(self.prefix))


class _Sorted(Generic[R]):
    """Entries sorted by key; `values` holds each key's first member, for bisection by value."""

    def __init__(self, entries: List[Tuple[Key, str, R]]) -> None:
        entries.sort(key=itemgetter(0))
        self.keys: List[Key] = [key for key, _, _ in entries]
        self.values: List[Any] = [key[0] for key in self.keys]
        self.items: List[R] = [item for _, _, item in entries]
        self.key_of: Dict[str, Key] = {ident: key for key, ident, _ in entries}

    def put(self, ident: str, key: Key, item: R) -> None:
        at = bisect_left(self.keys, key)
        self.keys.insert(at, key)
        self.values.insert(at, key[0])
        self.items.insert(at, item)
        self.key_of[ident] = key

    def drop(self, ident: str) -> None:
        key = self.key_of.pop(ident, None)
        if key is not None:
            at = bisect_left(self.keys, key)
            del self.keys[at], self.values[at], self.items[at]

    def span(self, where: Range) -> Tuple[int, int]:
        values = self.values
        lo, hi = 0, len(values)
        if where.low is not None:
            lo = (bisect_right if where.low_open else bisect_left)(values, where.low)
        if where.high is not None:
            hi = (bisect_left if where.high_open else bisect_right)(values, where.high)
        prefix = where.prefix
        if prefix and values and isinstance(values[0], str):
            lo = max(lo, bisect_left(values, prefix))
            if ord(prefix[-1]) < 0x10FFFF:  # the strings with the prefix sort before its successor
                hi = min(hi, bisect_left(values, prefix[:-1] + chr(ord(prefix[-1]) + 1)))
        return lo, hi

    def walk(self, where: Range, after: Optional[Key], descending: bool) -> Iterator[Tuple[Key, R]]:
        """The entries in `where`, in key order (or reversed), from just after the key `after`."""
        lo, hi = self.span(where)
        if after is not None:
            if descending:
                hi = min(hi, bisect_left(self.keys, after))
            else:
                lo = max(lo, bisect_right(self.keys, after))
        values, check = self.values, where.prefix is not None or bool(where.without)
        at, step = (hi - 1, -1) if descending else (lo, 1)
        while lo <= at < hi:
            value = values[at]
            if value in where.without:  # skip the whole run of that value
                at = bisect_left(values, value, lo, at) - 1 if descending else bisect_right(values, value, at, hi)
                continue
            if not check or where.contains(value):
                yield self.keys[at], self.items[at]
            at += step


class Table(Generic[R]):
    """Resources by id. `order` gives each a unique, unchanging sort key (the listing order, and the
    tie-break within an index value); `gone` is the status at which a resource leaves the table."""

    def __init__(
        self,
        ident: Callable[[R], str],
        order: Callable[[R], Key],
        indexes: Optional[Mapping[str, Index[R]]] = None,
        totals: Optional[Mapping[str, Callable[[R], int]]] = None,
        gone: Optional[str] = None,
    ) -> None:
        self._ident, self._order, self._gone = ident, order, gone
        self._specs: Dict[str, Index[R]] = dict(indexes or {})
        self._share_of = list((totals or {}).values())
        self._total_names = list(totals or {})
        self._rows: Dict[str, R] = {}
        self._built: Dict[Optional[str], _Sorted[R]] = {}  # None: the order itself
        self._shares: Dict[str, Tuple[int, ...]] = {}
        self._sums = [0] * len(self._share_of)
        self._moving: Dict[str, int] = {}  # id -> the sequence number of its current heap entry
        self._heap: List[Tuple[float, int, str]] = []  # (due, sequence number, id)
        self._seen: Dict[str, Dict[str, Any]] = {}  # the transitions the heap's due times were computed under
        self._sequence = itertools.count()

    # -- plain access (no status is read) -------------------------------------------------------
    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, ident: object) -> bool:
        return ident in self._rows

    def __getitem__(self, ident: str) -> R:
        return self._rows[ident]

    def get(self, ident: str) -> Optional[R]:
        return self._rows.get(ident)

    # -- changes ----------------------------------------------------------------------------------
    def add(self, item: R, now: float) -> None:
        ident = self._ident(item)
        if ident in self._rows:  # a resource that left (or is leaving) the service under the same id
            self._remove(ident)
        self._rows[ident] = item
        self._track(ident, item)
        self._place(ident, item, now)

    def changed(self, item: R, now: float) -> None:
        """Re-index a resource after a call changed it (a new progression, a rename, new units...)."""
        ident = self._ident(item)
        for index in self._built.values():
            index.drop(ident)
        self._track(ident, item)
        self._place(ident, item, now)

    # -- reads --------------------------------------------------------------------------------------
    def find(self, ident: str, now: float, describe: bool = False) -> Optional[R]:
        """The resource, its status read at `now` (a describe counts towards a "manual" progression);
        None when unknown or gone."""
        item = self._rows.get(ident)
        if item is not None and ident in self._moving:
            item.status(now, describe)
            if not self._in_motion(item):
                self._settle(ident, item, now)
                return self._rows.get(ident)
        return item

    def size(self, now: float) -> int:
        self.sweep(now)
        return len(self._rows)

    def live(self, now: float) -> List[R]:
        """Every resource not gone by `now`, in the order they were added."""
        self.sweep(now)
        return list(self._rows.values())

    def total(self, name: str, now: float, excluding: Optional[R] = None) -> int:
        self.sweep(now)
        position = self._total_names.index(name)
        total = self._sums[position]
        if excluding is not None:
            total -= self._shares[self._ident(excluding)][position]
        return total

    def having(self, index: str, value: Any, now: float) -> List[R]:
        """The resources whose `index` value is `value` now."""
        self.sweep(now)
        found = [item for _, item in self._index(index, now).walk(Range.equal(value), None, False)]
        spec = self._specs[index]
        if spec.moves:
            found += [self._rows[i] for i in list(self._moving) if spec.value(self._rows[i], now) == value]
        return found

    def groups(self, index: str, after: Any, now: float) -> Iterator[Tuple[Any, List[R]]]:
        """(value, its resources in order) for each value of an index that does not move, from just
        after the value `after` (None: the first)."""
        self.sweep(now)
        entries = self._index(index, now)
        at = 0 if after is None else bisect_right(entries.values, after)
        while at < len(entries.values):
            end = bisect_right(entries.values, entries.values[at], at)
            yield entries.values[at], entries.items[at:end]
            at = end

    def page(
        self, index: Optional[str], where: Range, after: Optional[Key], descending: bool, limit: int,
        read: Callable[[R], W], now: float,
    ) -> Tuple[List[W], Optional[Key]]:
        """Up to `limit` resources whose `index` value (None: the order) is in `where`, in key order
        (or reversed) from just after the key `after`, each read; and the key to resume after when
        more follow, else None."""
        self.sweep(now)
        entries: Iterator[Tuple[Key, R, Optional[W]]] = (
            (key, item, None) for key, item in self._index(index, now).walk(where, after, descending)
        )
        touched: List[Tuple[str, R]] = []
        spec = self._specs[index] if index is not None else None
        if spec is not None and spec.moves and self._moving:
            merged: List[Tuple[Key, R, Optional[W]]] = []
            for ident in list(self._moving):
                item = self._rows[ident]
                read_now = read(item)  # read first: a describe can move it on
                touched.append((ident, item))
                value = spec.value(item, now)
                key = (value, *self._order(item))
                if where.contains(value) and (after is None or (key < after if descending else key > after)):
                    merged.append((key, item, read_now))
            merged.sort(key=itemgetter(0), reverse=descending)
            entries = heapq.merge(entries, merged, key=itemgetter(0), reverse=descending)
        found: List[W] = []
        last: Optional[Key] = None
        more = False
        for key, item, done in entries:
            if len(found) == limit:
                more = True
                break
            if done is None:
                done = read(item)
                if self._ident(item) in self._moving:
                    touched.append((self._ident(item), item))
            found.append(done)
            last = key
        for ident, item in touched:
            if ident in self._moving and not self._in_motion(item):
                self._settle(ident, item, now)
        return found, last if more else None

    # -- moving resources ---------------------------------------------------------------------------
    def sweep(self, now: float) -> None:
        """Settle the resources whose progressions are done by `now`."""
        if any(transition(name) != seen for name, seen in self._seen.items()):
            self._reheap()
        again = []
        while self._heap and self._heap[0][0] <= now:
            entry = heapq.heappop(self._heap)
            ident = entry[2]
            if self._moving.get(ident) != entry[1]:
                continue  # superseded by a later change, or settled already
            item = self._rows[ident]
            item.status(now)
            if self._in_motion(item):  # not quite (float rounding): look again next time
                again.append((self._due(item), entry[1], ident))
            else:
                self._settle(ident, item, now)
        for entry in again:
            heapq.heappush(self._heap, entry)
        if len(self._heap) > 2 * len(self._moving) + 64:
            self._reheap()

    @staticmethod
    def _in_motion(item: R) -> bool:
        return any(not p.done for p in item.progressions())

    def _due(self, item: R) -> float:
        due = -math.inf
        for progress in item.progressions():
            if not progress.done:
                if progress.model_name not in self._seen:
                    self._seen[progress.model_name] = transition(progress.model_name)
                due = max(due, progress.due())
        return due

    def _reheap(self) -> None:
        self._seen = {}
        self._heap = [(self._due(self._rows[ident]), seq, ident) for ident, seq in self._moving.items()]
        heapq.heapify(self._heap)

    def _track(self, ident: str, item: R) -> None:
        if self._in_motion(item):
            seq = next(self._sequence)
            self._moving[ident] = seq
            heapq.heappush(self._heap, (self._due(item), seq, ident))
        else:
            self._moving.pop(ident, None)

    def _settle(self, ident: str, item: R, now: float) -> None:
        del self._moving[ident]
        if self._gone is not None and item.status(now) == self._gone:
            self._remove(ident)
            return
        for name, index in self._built.items():
            if name is not None and self._specs[name].moves:
                index.put(ident, self._key(name, item, now), item)
        self._count(ident, item)

    # -- indexes and totals ------------------------------------------------------------------------
    def _key(self, name: Optional[str], item: R, now: float) -> Key:
        order = self._order(item)
        return order if name is None else (self._specs[name].value(item, now), *order)

    def _holds(self, name: Optional[str], ident: str) -> bool:
        return name is None or not self._specs[name].moves or ident not in self._moving

    def _index(self, name: Optional[str], now: float) -> _Sorted[R]:
        index = self._built.get(name)
        if index is None:
            entries = [(self._key(name, item, now), ident, item) for ident, item in self._rows.items() if self._holds(name, ident)]
            index = self._built[name] = _Sorted(entries)
        return index

    def _place(self, ident: str, item: R, now: float) -> None:
        for name, index in self._built.items():
            if self._holds(name, ident):
                index.put(ident, self._key(name, item, now), item)
        self._count(ident, item)

    def _count(self, ident: str, item: R) -> None:
        shares = tuple(share(item) for share in self._share_of)
        old = self._shares.get(ident, (0,) * len(shares))
        self._sums = [total + new - before for total, new, before in zip(self._sums, shares, old)]
        self._shares[ident] = shares

    def _remove(self, ident: str) -> None:
        del self._rows[ident]
        self._moving.pop(ident, None)
        for index in self._built.values():
            index.drop(ident)
        shares = self._shares.pop(ident, ())
        self._sums = [total - share for total, share in zip(self._sums, shares)]
