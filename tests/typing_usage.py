"""Checked by mypy, not collected by pytest: @mock_rtml keeps signatures and return types.

Only for the type checker: importing this module would run the calls below.
"""
from __future__ import annotations

import asyncio
import unittest
from typing import AsyncIterator, Iterator

from typing_extensions import assert_type

from mock_rtml import Rtml, RtmlMock, current_handle, mock_rtml


@mock_rtml
def sync_function(name: str, *, times: int = 1) -> list[str]:
    return [name] * times


assert_type(sync_function("a", times=2), list[str])
# The parameters survive too: strict mypy warns about unused ignores, so each of these errors must be seen.
sync_function(1)  # type: ignore[arg-type]
sync_function("a", 2)  # type: ignore[call-arg]
sync_function("a", repeat=2)  # type: ignore[call-arg]


@mock_rtml(clock="manual")
def configured(value: int) -> int:
    return value


assert_type(configured(1), int)


@mock_rtml
async def coroutine_function(count: int) -> dict[str, int]:
    return {"count": count}


async def use_coroutine() -> None:
    assert_type(await coroutine_function(3), dict[str, int])


assert_type(asyncio.run(coroutine_function(3)), dict[str, int])  # still a coroutine, not an Awaitable


@mock_rtml(clock="manual")
async def configured_coroutine() -> str:
    return "done"


assert_type(asyncio.run(configured_coroutine()), str)


@mock_rtml
def generator(limit: int) -> Iterator[int]:
    yield from range(limit)


assert_type(generator(3), Iterator[int])


@mock_rtml(transitions={"comprehend::endpoint": {"progression": "manual", "times": 2}})
async def async_generator() -> AsyncIterator[str]:
    yield current_handle().clock.now().hex()


assert_type(async_generator(), AsyncIterator[str])
assert_type(current_handle(), Rtml)


@mock_rtml
class Case(unittest.TestCase):
    def test_it(self) -> None:
        pass


assert_type(Case, type[Case])
assert_type(Case("test_it"), Case)


@mock_rtml
class Plain:
    def test_it(self) -> int:
        return 1


assert_type(Plain().test_it(), int)


class Service:
    @mock_rtml
    def method(self, arn: str) -> bool:
        return bool(arn)


assert_type(Service().method("arn"), bool)

mock = mock_rtml()
assert_type(mock, RtmlMock)
assert_type(mock.start(), Rtml)
assert_type(mock.stop(), None)
assert_type(mock_rtml(clock="system"), RtmlMock)

with mock_rtml() as handle:
    assert_type(handle, Rtml)


async def use_async_with() -> None:
    async with mock_rtml(clock="manual") as async_handle:
        assert_type(async_handle, Rtml)
