"""The one before-send handler for comprehend and machine-learning, and the stack of open activations.

It is registered first in botocore's BUILTIN_HANDLERS as soon as both mock_rtml and botocore are
imported (core.botocore_hook), so every client created afterwards (before or during activation)
carries it, ahead of moto's handler. While no activation is open it returns None and costs one
attribute read. Importing this module imports neither moto nor mock_rtml's services.

botocore calls every before-send handler, not only until one answers, so on these clients moto's
handler is swapped for one that skips the requests we answered (see _SkipsMotoWhenAnswered).
"""
from __future__ import annotations

import os
import sys
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Dict, Generator, List, Optional, Tuple

from botocore.awsrequest import AWSResponse
from botocore.handlers import BUILTIN_HANDLERS, REGISTER_FIRST

from . import backoff
from .coexistence import moto_active, moto_handler
from .dispatch import Dispatcher, account_for
from .errors import NotSimulated
from .protocol import credential_scope

if TYPE_CHECKING:
    from .options import Layer

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
    """The open activations, innermost last, and what the outermost one changed in the process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.layers: List[Layer] = []
        self.dispatcher: Optional[Dispatcher] = None
        self.saved_environ: Dict[str, Optional[str]] = {}
        self.saved_session: object = None


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
            _resource_groups().enlist(account_for(access_key, moto))  # before moto makes its Comprehend backend
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


def _before_resource_groups(request: Any, **_: object) -> None:
    """Resource Groups Tagging goes to moto, which then lists our resources too (core.resource_groups)."""
    if _activation.dispatcher is not None and moto_active():
        _resource_groups().enlist(account_for(credential_scope(request.headers)[0], True))


def _resource_groups() -> Any:
    """core.resource_groups, imported when moto is active and first asked: it imports moto, which
    this module (imported as soon as botocore is) must not."""
    from . import resource_groups

    resource_groups.install(lambda: _activation.dispatcher.store if _activation.dispatcher else None)
    return resource_groups


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
BUILTIN_HANDLERS.append(("before-send.resource-groups-tagging-api", _before_resource_groups, REGISTER_FIRST))
backoff.install(lambda: _activation.dispatcher.store.environment.clock if _activation.dispatcher else None)


def patch_client(client: Any) -> None:
    """Intercept a client created before mock_rtml was imported."""
    for event in _EVENTS:
        client.meta.events.register_first(event, _before_send, unique_id=f"{_UNIQUE_ID}.{event}")
    backoff.patch_client(client)


# While any activation is open, botocore finds these credentials first (EnvProvider leads its chain),
# and nothing that could reach the network is configured: no profile (role assumption,
# credential_process, SSO), token, web identity or container credentials, no instance metadata.
_FAKE_ENVIRON = {"AWS_ACCESS_KEY_ID": "FOOBARKEY", "AWS_SECRET_ACCESS_KEY": "FOOBARSECRET", "AWS_EC2_METADATA_DISABLED": "true"}
_HIDDEN_ENVIRON = (
    "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
    "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
)


def _isolate() -> None:
    """Fake credentials in the environment, and no boto3 default session (it caches credentials).
    Only what differs is written (each write is a putenv)."""
    environ = os.environ
    saved = _activation.saved_environ = {}
    for key in _HIDDEN_ENVIRON:
        if key in environ:
            saved[key] = environ.pop(key)
    for key, value in _FAKE_ENVIRON.items():
        before = environ.get(key)
        if before != value:
            saved[key] = before
            environ[key] = value
    boto3 = sys.modules.get("boto3")
    _activation.saved_session = getattr(boto3, "DEFAULT_SESSION", None)
    if boto3 is not None:
        setattr(boto3, "DEFAULT_SESSION", None)


def _restore() -> None:
    for key, value in _activation.saved_environ.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    boto3 = sys.modules.get("boto3")
    if boto3 is not None:
        setattr(boto3, "DEFAULT_SESSION", _activation.saved_session)
    _activation.saved_environ, _activation.saved_session = {}, None


def enter(make: Callable[[], Dispatcher], layer: Layer) -> Dispatcher:
    """Open an activation: the first open one makes the dispatcher (fresh state) and isolates the
    process from real credentials; every one applies its options."""
    with _activation.lock:
        dispatcher = _activation.dispatcher
        if dispatcher is None:
            dispatcher = make()
            _isolate()
            _activation.dispatcher = dispatcher
        layer.apply(dispatcher.store.environment)
        _activation.layers.append(layer)
        return dispatcher


def leave(layer: Layer) -> bool:
    """Close an activation, in any order; True when it was the last one open (state and
    environment are then restored)."""
    with _activation.lock:
        if layer not in _activation.layers or _activation.dispatcher is None:
            raise RuntimeError("this mock_rtml activation is not open")
        index = _activation.layers.index(layer)
        layer.withdraw(_activation.dispatcher.store.environment, _activation.layers[index + 1 :])
        del _activation.layers[index]
        if _activation.layers:
            return False
        _activation.dispatcher = None
        _restore()
        return True


def innermost_owner() -> object:
    """The owner (the handle) of the most recently opened activation still open, or None."""
    with _activation.lock:
        return next((layer.owner for layer in reversed(_activation.layers) if layer.owner is not None), None)


def current() -> Optional[Dispatcher]:
    return _activation.dispatcher
