"""botocore's waits for our services (retry backoff and waiters) advance the virtual clock instead of waiting.

Three places wait. (1) The endpoint sleeps with `time.sleep(delay)` after the `needs-retry` event says
a request must be retried, and (2) a waiter sleeps with `time.sleep(delay)` between polls, each of
which ran `needs-retry` too: our handler on that event marks the thread when the request is ours,
and the `time` of both modules is replaced by a shim whose `sleep` advances the active mock's clock
for a marked thread and really sleeps otherwise. (3) Adaptive mode's client-side rate limiter reads a
clock and blocks on a token bucket: clients of our services get a limiter built the same way on the
virtual clock. Installed once at import; inert while no mock is active. aiobotocore waits in the same
two places, asynchronously: `aio_backoff` does the same there, installed when the first aiobotocore
client of our services is created.
"""
from __future__ import annotations

import threading
import time
import types
from typing import Any, Callable, Optional, Sequence

import botocore.endpoint
import botocore.waiter
from botocore.exceptions import CapacityNotAvailableError
from botocore.handlers import BUILTIN_HANDLERS, REGISTER_LAST
from botocore.retries import adaptive, bucket, standard, throttling

from .clock import Clock

_OURS = ("comprehend", "machinelearning")
_SERVICE_IDS = ("comprehend", "machine-learning")  # the same services, as event names spell them
_marked = threading.local()
_clock_source: Callable[[], Optional[Clock]] = lambda: None


def _mark(operation: Any = None, **_: Any) -> None:
    """Runs after every attempt of every client: is the sleep that may follow one of ours?"""
    _marked.ours = operation is not None and operation.service_model.service_name in _OURS


def marked_clock() -> Optional[Clock]:
    """The active mock's clock if the wait about to happen follows an attempt of ours, else None."""
    clock = _clock_source() if getattr(_marked, "ours", False) else None
    _marked.ours = False
    return clock


def active_clock() -> Optional[Clock]:
    return _clock_source()


def _sleep(seconds: float) -> None:
    clock = marked_clock()
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
        BUILTIN_HANDLERS.extend((f"creating-client-class.{service}", client_class_created) for service in _SERVICE_IDS)
        adaptive.register_retry_handler = AdaptiveRegistration(
            adaptive.register_retry_handler, adaptive.ClientRateLimiter, _VirtualTokenBucket
        )


def patch_client(client: Any) -> None:
    """Route the retry waits of a client created before install (before mock_rtml was imported)."""
    client.meta.events.register_last("needs-retry", _mark, unique_id="mock_rtml.backoff.mark")
    client_class_created(base_classes=type(client).__mro__)


def client_class_created(base_classes: Sequence[type] = (), **_: Any) -> None:
    """A client class of our services is made: an aiobotocore one needs aiobotocore's waits routed too."""
    if any(base.__module__.startswith("aiobotocore.") for base in base_classes):
        from . import aio_backoff  # aiobotocore is in use, so importing it costs nothing more

        aio_backoff.install()


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
        clock = _clock_source()
        if clock is None:
            return self._acquire_for_real(amount, block)
        return acquire_virtually(self, clock, amount, block)

    def _acquire_for_real(self, amount: float, block: bool) -> bool:
        return bool(getattr(bucket.TokenBucket, "_acquire")(self, amount, block))


def acquire_virtually(token_bucket: Any, clock: Clock, amount: float, block: bool) -> bool:
    """botocore's token-bucket acquire (and aiobotocore's, the same steps), waiting on `clock` by advancing it.
    The stubs do not describe the buckets' private members, so `token_bucket` is untyped."""
    token_bucket._refill()
    if amount > token_bucket._current_capacity:
        if not block:
            raise CapacityNotAvailableError()
        clock.advance(token_bucket._sleep_amount(amount))
        token_bucket._refill()
    token_bucket._current_capacity -= amount
    return True


class AdaptiveRegistration:
    """A register_retry_handler of adaptive mode (botocore's or aiobotocore's), giving our services'
    clients a limiter of the same classes whose clock and token bucket are virtual."""

    def __init__(self, original: Callable[[Any], Any], limiter: Callable[..., Any], token_bucket: Callable[..., Any]) -> None:
        self.original = original
        self.limiter = limiter
        self.token_bucket = token_bucket

    def __call__(self, client: Any) -> Any:
        if client.meta.service_model.service_name not in _OURS:
            return self.original(client)
        clock = _VirtualClock()
        limiter = self.limiter(
            rate_adjustor=throttling.CubicCalculator(starting_max_rate=0, start_time=clock.current_time()),
            rate_clocker=adaptive.RateClocker(clock),
            token_bucket=self.token_bucket(max_rate=1, clock=clock),
            throttling_detector=standard.ThrottlingErrorDetector(retry_event_adapter=standard.RetryEventAdapter()),
            clock=clock,
        )
        client.meta.events.register("before-send", limiter.on_sending_request)
        client.meta.events.register("needs-retry", limiter.on_receiving_response)
        return limiter
