"""The one before-send handler for comprehend and machine-learning, and the activation counter.

It is registered first in botocore's BUILTIN_HANDLERS when mock_rtml is imported, so every client
created afterwards (before or during activation) carries it, ahead of moto's handler. While no
activation is open it returns None and costs one attribute read.

botocore calls every before-send handler, not only until one answers, so on these clients moto's
handler is swapped for one that skips the requests we answered (see _SkipsMotoWhenAnswered).
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any, Callable, Dict, Generator, List, Optional, Tuple

from botocore.awsrequest import AWSResponse
from botocore.handlers import BUILTIN_HANDLERS, REGISTER_FIRST

from . import backoff
from .coexistence import moto_active, moto_handler
from .dispatch import Dispatcher
from .errors import NotSimulated
from .protocol import credential_scope

_EVENTS = ("before-send.comprehend", "before-send.machine-learning")
_UNIQUE_ID = "mock_rtml.interceptor"
_ANSWERED_URL = "mock-rtml://answered"  # matches none of moto's URL patterns


class _Content(bytes):
    """A reply's body: bytes to botocore, and awaitable to aiobotocore, whose endpoint awaits
    `response.content`. So one reply serves both clients, whichever sent the request."""

    __slots__ = ()

    def __await__(self) -> Generator[None, None, bytes]:
        yield from ()
        return self


class _Raw:
    """The raw response: aiobotocore before 2.20 reads the headers from aiohttp's `raw_headers`."""

    __slots__ = ("_headers",)

    def __init__(self, headers: Dict[str, str]) -> None:
        self._headers = headers

    @property
    def raw_headers(self) -> List[Tuple[bytes, bytes]]:
        return [(key.encode(), value.encode()) for key, value in self._headers.items()]


class _Reply(AWSResponse):
    """The HTTP response botocore and aiobotocore parse, with the body already in hand."""

    def __init__(self, url: str, status: int, headers: Dict[str, str], body: bytes) -> None:
        super().__init__(url, status, headers, _Raw(headers))  # type: ignore[arg-type]
        self._body = _Content(body)

    @property
    def content(self) -> bytes:
        return self._body


class _Activation:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.dispatcher: Optional[Dispatcher] = None


_activation = _Activation()


# botocore's service ids in event names -> our service (folder) names.
_SERVICES = {"comprehend": "comprehend", "machine-learning": "machinelearning"}


@lru_cache(maxsize=None)
def _operation(event_name: str) -> Tuple[str, str]:
    """"before-send.<service id>.<Operation>" -> (service, Operation): the operation the X-Amz-Target
    header names, and the same for any host (Predict goes to the PredictEndpoint the caller passed)."""
    service_id, operation = event_name.split(".", 2)[1:]
    return _SERVICES[service_id], operation


def _before_send(request: Any, event_name: str = "", **_: object) -> Optional[AWSResponse]:
    dispatcher = _activation.dispatcher
    if dispatcher is None:
        return None
    service, operation = _operation(event_name)
    access_key, region = credential_scope(request.headers)
    moto = moto_active()
    try:
        status, head, body = dispatcher.answer(service, operation, request.body, region, access_key, moto)
    except NotSimulated:
        if moto:
            return None  # moto's own handler answers it
        raise NotImplementedError(
            f"mock_rtml does not simulate {service} {operation}; activate moto's mock_aws as well to "
            "have moto answer it (nothing was sent to AWS)"
        ) from None
    response = _Reply(request.url, status, head, body)
    if moto:
        # botocore calls every before-send handler, not just the first that answers: this marks the
        # request answered for moto's (swapped) handler, and points it at an address no moto backend
        # claims for a client that kept moto's own. Each retry builds a new request, so this changes
        # nothing else.
        request.url = _ANSWERED_URL
    return response


def _moto_unless_answered(request: Any, **kwargs: Any) -> Optional[AWSResponse]:
    """moto's before-send handler, for requests mock_rtml did not answer."""
    moto = moto_handler()
    if moto is None or request.url == _ANSWERED_URL:
        return None
    return moto(request=request, **kwargs)  # type: ignore[no-any-return]


class _SkipsMotoWhenAnswered:
    """A base class of comprehend and machine-learning clients (added through botocore's
    creating-client-class event): the client carries _moto_unless_answered instead of moto's handler,
    so a call mock_rtml answers costs no more with moto's mock_aws active than without."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        moto = moto_handler()
        if moto is not None:
            events = self.meta.events  # type: ignore[attr-defined]
            events.unregister("before-send", moto)
            events.register("before-send", _moto_unless_answered, unique_id=f"{_UNIQUE_ID}.moto")


def _add_base(base_classes: List[type], **_: object) -> None:
    base_classes.insert(0, _SkipsMotoWhenAnswered)


for _event in _EVENTS:
    BUILTIN_HANDLERS.append((_event, _before_send, REGISTER_FIRST))
    BUILTIN_HANDLERS.append((_event.replace("before-send", "creating-client-class"), _add_base))
backoff.install(lambda: _activation.dispatcher.store.environment.clock if _activation.dispatcher else None)


def patch_client(client: Any) -> None:
    """Intercept a client created before mock_rtml was imported."""
    for event in _EVENTS:
        client.meta.events.register_first(event, _before_send, unique_id=f"{_UNIQUE_ID}.{event}")
    backoff.patch_client(client)


def enter(make: Callable[[], Dispatcher]) -> Dispatcher:
    """Open an activation; the outermost one makes the dispatcher (fresh state)."""
    with _activation.lock:
        if _activation.dispatcher is None:
            _activation.dispatcher = make()
        _activation.depth += 1
        return _activation.dispatcher


def leave() -> bool:
    """Close an activation; True when it was the outermost."""
    with _activation.lock:
        if _activation.depth == 0:
            raise RuntimeError("mock_rtml was stopped more often than it was started")
        _activation.depth -= 1
        if _activation.depth == 0:
            _activation.dispatcher = None
            return True
        return False


def current() -> Optional[Dispatcher]:
    return _activation.dispatcher
