"""The one before-send handler for comprehend and machine-learning, and the activation counter.

It is registered first in botocore's BUILTIN_HANDLERS when mock_rtml is imported, so every client
created afterwards (before or during activation) carries it, ahead of moto's handler. While no
activation is open it returns None and costs one attribute read.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any, Callable, Dict, Generator, List, Optional, Tuple

from botocore.awsrequest import AWSResponse
from botocore.handlers import BUILTIN_HANDLERS, REGISTER_FIRST

from . import backoff, resource_groups
from .coexistence import moto_active
from .dispatch import Dispatcher, account_for
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
            resource_groups.enlist(account_for(access_key, moto))  # before moto makes its Comprehend backend
            return None  # moto's own handler answers it
        raise NotImplementedError(
            f"mock_rtml does not simulate {service} {operation}; activate moto's mock_aws as well to "
            "have moto answer it (nothing was sent to AWS)"
        ) from None
    response = _Reply(request.url, status, head, body)
    if moto:
        # botocore calls every before-send handler, not just the first that answers, so moto's
        # generic one would still process this request (and raise NotImplementedError for
        # operations moto lacks). Each retry builds a new request, so pointing this one at an
        # address no moto backend claims changes nothing else.
        request.url = _ANSWERED_URL
    return response


def _before_resource_groups(request: Any, **_: object) -> None:
    """Resource Groups Tagging goes to moto, which then lists our resources too (core.resource_groups)."""
    if _activation.dispatcher is not None and moto_active():
        resource_groups.enlist(account_for(credential_scope(request.headers)[0], True))


for _event in _EVENTS:
    BUILTIN_HANDLERS.append((_event, _before_send, REGISTER_FIRST))
BUILTIN_HANDLERS.append(("before-send.resource-groups-tagging-api", _before_resource_groups, REGISTER_FIRST))
backoff.install(lambda: _activation.dispatcher.store.environment.clock if _activation.dispatcher else None)
resource_groups.install(lambda: _activation.dispatcher.store if _activation.dispatcher else None)


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
