"""botocore's retry sleeps for our services advance the virtual clock instead of waiting.

botocore's endpoint sleeps with `time.sleep(delay)` after the `needs-retry.<service>` event says a
request must be retried. Our handler on that event marks the current thread; the endpoint module's
`time` is replaced by a shim whose `sleep` advances the active mock's clock for a marked thread and
really sleeps otherwise. Installed once at import, inert while no mock is active.
"""
from __future__ import annotations

import threading
import time
import types
from typing import Any, Callable, Optional

import botocore.endpoint
from botocore.handlers import BUILTIN_HANDLERS, REGISTER_LAST

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
        botocore.endpoint.time = _TimeShim()  # type: ignore[attr-defined]
        BUILTIN_HANDLERS.append(("needs-retry", _mark, REGISTER_LAST))


class _TimeShim(types.SimpleNamespace):
    """`time` as botocore.endpoint sees it: everything real but sleep."""

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @staticmethod
    def sleep(seconds: float) -> None:
        _sleep(seconds)
