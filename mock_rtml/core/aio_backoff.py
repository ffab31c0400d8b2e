"""aiobotocore's retry waits for our services advance the virtual clock, as botocore's do (see backoff).

aiobotocore waits in the same places as botocore, asynchronously: its endpoint awaits
`asyncio.sleep(delay)` after `needs-retry` and its waiters between polls (backoff's mark says whether
the last attempt was ours), and adaptive mode's limiter awaits capacity in an async token bucket. Imported, and installed once, when
the first aiobotocore client of Comprehend or Amazon ML is created: mock_rtml never imports
aiobotocore itself. aiobotocore is untyped; its names stay inside this module.
"""
from __future__ import annotations

import asyncio
import types
from typing import Any

import aiobotocore.endpoint
import aiobotocore.waiter
from aiobotocore.retries import adaptive, bucket

from .backoff import AdaptiveRegistration, acquire_virtually, active_clock, marked_clock


class _AsyncioShim(types.SimpleNamespace):
    """`asyncio` as aiobotocore.endpoint and aiobotocore.waiter see it: everything real but sleep."""

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        clock = marked_clock()
        if clock is None:
            return await asyncio.sleep(delay, result)
        clock.advance(max(0.0, float(delay)))
        return await asyncio.sleep(0, result)  # still lets other tasks run, as the real wait would


class _VirtualAsyncTokenBucket(bucket.AsyncTokenBucket):  # type: ignore[misc]  # aiobotocore is untyped
    """aiobotocore's async token bucket; while a mock is active, waiting for capacity advances its clock."""

    async def _acquire(self, amount: float, block: bool) -> bool:  # aiobotocore's own method, under its lock
        clock = active_clock()
        if clock is None:
            return bool(await super()._acquire(amount, block))
        return acquire_virtually(self, clock, amount, block)


def install() -> None:
    if not isinstance(aiobotocore.endpoint.asyncio, _AsyncioShim):
        aiobotocore.endpoint.asyncio = aiobotocore.waiter.asyncio = _AsyncioShim()
        adaptive.register_retry_handler = AdaptiveRegistration(
            adaptive.register_retry_handler, adaptive.AsyncClientRateLimiter, _VirtualAsyncTokenBucket
        )
