"""botocore's waits for our services (retry backoff and waiters) advance the virtual clock instead of waiting.

Three places wait. (1) The endpoint sleeps with `time.sleep(delay)` after the `needs-retry` event says
a request must be retried, and (2) a waiter sleeps with `time.sleep(delay)` between polls, each of
which ran `needs-retry` too: our handler on that event marks the thread when the request is ours,
and the `time` of both modules is replaced by a shim whose `sleep` advances the active mock's clock
for a marked thread and really sleeps otherwise. (3) Adaptive mode's client-side rate limiter reads a
clock and blocks on a token bucket: clients of our services get a limiter built the same way on the
virtual clock. Installed once at import; inert while no mock is active.
"""
from __future__ import annotations

import threading
import time
import types
from typing import Any, Callable, Optional

import botocore.endpoint
import botocore.waiter
from botocore.exceptions import CapacityNotAvailableError
from botocore.handlers import BUILTIN_HANDLERS, REGISTER_LAST
from botocore.retries import adaptive, bucket, standard, throttling

from .clock import Clock

_OURS = ("comprehend", "machinelearning")
_marked = threading.local()
_clock_source: Callable[[], Optional[Clock]] = lambda: None


def _mark(operation: Any = None, **_: Any) -> None:
    """Runs after every attempt of every client: is the sleep that may follow one of ours?"""
    _marked.ours = operation is not None and operation.service_model.service_name in _OURS


def _sleep(seconds: float) -> None:
    clock = _clock_source() if getattr(_marked, "ours", False) else None
    _marked.ours = False
    if clock is None:
        time.sleep(seconds)
    else:
        clock.advance(max(0.0, float(seconds)))


def install(clock_source: Callable[[], Optional[Clock]]) -> None:
    """Route marked retry sleeps to the clock that `clock_source` returns (None: sleep for real)."""
    global _clock_source
    _clock_source = clock_source
    if not isinstance(getattr(botocore.endpoint, "time", None), _TimeShim):
        botocore.endpoint.time = botocore.waiter.time = _TimeShim()  # type: ignore[attr-defined]
        BUILTIN_HANDLERS.append(("needs-retry", _mark, REGISTER_LAST))
        adaptive.register_retry_handler = _AdaptiveRegistration(adaptive.register_retry_handler)


class _TimeShim(types.SimpleNamespace):
    """`time` as botocore.endpoint and botocore.waiter see it: everything real but sleep."""

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @staticmethod
    def sleep(seconds: float) -> None:
        _sleep(seconds)


class _VirtualClock(bucket.Clock):
    """Adaptive mode's clock for our clients: the active mock's clock, else real time."""

    def sleep(self, amount: float) -> None:
        clock = _clock_source()
        if clock is None:
            time.sleep(amount)
        else:
            clock.advance(max(0.0, amount))

    def current_time(self) -> float:
        clock = _clock_source()
        return time.time() if clock is None else clock.now()


class _VirtualTokenBucket(bucket.TokenBucket):
    """botocore's client-side token bucket; while a mock is active, waiting for capacity advances its clock."""

    def _acquire(self, amount: float, block: bool) -> bool:  # botocore's own method, called under its lock
        # The stubs do not describe botocore's private members; `me` reaches them untyped.
        me: Any = self
        clock = _clock_source()
        if clock is None:
            return bool(me._acquire_for_real(amount, block))
        me._refill()
        if amount > me._current_capacity:
            if not block:
                raise CapacityNotAvailableError()
            clock.advance(me._sleep_amount(amount))
            me._refill()
        me._current_capacity -= amount
        return True

    def _acquire_for_real(self, amount: float, block: bool) -> bool:
        return bool(getattr(bucket.TokenBucket, "_acquire")(self, amount, block))


class _AdaptiveRegistration:
    """botocore.retries.adaptive.register_retry_handler, with the virtual clock for our services."""

    def __init__(self, original: Callable[[Any], Any]) -> None:
        self.original = original

    def __call__(self, client: Any) -> Any:
        if client.meta.service_model.service_name not in _OURS:
            return self.original(client)
        clock = _VirtualClock()
        limiter = adaptive.ClientRateLimiter(
            rate_adjustor=throttling.CubicCalculator(starting_max_rate=0, start_time=clock.current_time()),
            rate_clocker=adaptive.RateClocker(clock),
            token_bucket=_VirtualTokenBucket(max_rate=1, clock=clock),
            throttling_detector=standard.ThrottlingErrorDetector(retry_event_adapter=standard.RetryEventAdapter()),
            clock=clock,
        )
        client.meta.events.register("before-send", limiter.on_sending_request)
        client.meta.events.register("needs-retry", limiter.on_receiving_response)
        return limiter
