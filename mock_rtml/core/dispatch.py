"""Operation -> backend method, one table for every operation, driven by the service model."""
from __future__ import annotations

import itertools
import os
import sys
import threading
from functools import lru_cache
from typing import Callable, Dict, Mapping, NamedTuple, Optional, Tuple

from botocore import xform_name

from .calls import Call
from .errors import NotSimulated, SerializationException, ServiceError
from .ids import stable_uuid
from .protocol import Reply, decode_body, encode, error_reply, headers
from .state import Store, backend_class
from .timestamps import reply_times
from .validation import input_check

# Set by our own test suite: every reply is parsed by botocore and checked against the model.
CHECK_REPLIES = False


# Bodies over this many bytes are refused before they are read. AWS's front ends have such a limit;
# this one is ours, above the largest body any simulated operation admits (a 16 MiB SQL query).
MAX_BODY = 32 * 2**20
TooLarge = Callable[[int], ServiceError]  # the body's size -> the error to answer
_BODY_LIMITS: Dict[Tuple[str, str], Tuple[int, TooLarge]] = {}


def _too_large(size: int) -> ServiceError:
    return SerializationException(f"Request body of {size} bytes is over the {MAX_BODY} bytes that can be read")


def limit_body(service: str, operation: str, size: int, too_large: TooLarge) -> None:
    """A tighter limit on the raw body of one operation, and the error its model has for going over."""
    _BODY_LIMITS[service, operation] = (size, too_large)


class _Route(NamedTuple):
    """What answering one operation needs, computed once: the body limit, the request check and the
    backend method."""

    limit: int
    too_large: TooLarge
    check: Callable[[object], Dict[str, object]]  # parameters -> keyword arguments
    method: str
    times: Optional[Callable[[object], object]]  # the reply's timestamps to the millisecond


@lru_cache(maxsize=None)
def _route(service: str, operation: str) -> Optional[_Route]:
    name = xform_name(operation)
    if not callable(getattr(backend_class(service), name, None)):
        return None
    limit, too_large = _BODY_LIMITS.get((service, operation), (MAX_BODY, _too_large))
    return _Route(limit, too_large, input_check(service, operation), name, reply_times(service, operation))


DEFAULT_ACCOUNT_ID = "123456789012"  # moto's


def default_account_id() -> str:
    return os.environ.get("MOTO_ACCOUNT_ID", DEFAULT_ACCOUNT_ID)


def account_for(access_key: str, moto: bool) -> str:
    """The account of a request, read per request as moto reads it: MOTO_ACCOUNT_ID when set, else
    (while moto is active) the account moto's IAM/STS records give the access key, else the default."""
    chosen = os.environ.get("MOTO_ACCOUNT_ID")
    if chosen is not None:
        return chosen
    iam = sys.modules.get("moto.iam.models") if moto else None
    if iam is not None and access_key:
        return str(iam.get_account_id_from(access_key))
    return DEFAULT_ACCOUNT_ID


def simulates(service: str, operation: str) -> bool:
    return _route(service, operation) is not None


class Dispatcher:
    """Answers every request of one outermost activation."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls = store.environment.calls
        self.lock = threading.Lock()  # one request (or handle call) at a time changes the backends
        self._counter = itertools.count(1)
        self._request_prefix = stable_uuid("mock_rtml")[:24]  # request ids: a fixed prefix and a counter

    def answer(
        self, service: str, operation: str, body: object, region: str, access_key: str = "", moto: bool = False
    ) -> Reply:
        """The reply to one request, in the account `account_for` names."""
        route = _route(service, operation)
        if route is None:
            raise NotSimulated(f"{service} {operation}")
        request_id = self._request_prefix + str(next(self._counter)).zfill(12)
        params: Mapping[str, object] = {}
        environment = self.store.environment
        try:
            raw = decode_body(body, route.limit, route.too_large)
            params = raw if isinstance(raw, dict) else {}
            if environment.faults.armed:
                latency, fault = environment.faults.draw(service, operation)
                if latency:
                    environment.clock.advance(latency)
                if fault is not None:
                    raise fault
            backend = self.store.backend(service, account_for(access_key, moto), region)
            if moto and backend.moto_owns(operation, params):
                raise NotSimulated(f"{service} {operation} about a resource of moto's")
            kwargs = route.check(raw)
            with self.lock:
                try:
                    result = getattr(backend, route.method)(**kwargs)
                except NotSimulated as leave:
                    if moto or leave.otherwise is None:
                        raise
                    raise leave.otherwise from None
            if route.times is not None:
                result = route.times(result)
        except ServiceError as error:
            reply = error_reply(service, error, request_id)
            self.calls.append(Call(service, operation, params, None, error.code, reply[0]))
        else:
            data = encode(result)
            reply = (200, headers(request_id, data), data)
            self.calls.append(Call(service, operation, params, result))
        if CHECK_REPLIES:
            from ._replycheck import check_reply

            check_reply(service, operation, reply)
        return reply


__all__ = ["MAX_BODY", "Dispatcher", "account_for", "default_account_id", "limit_body", "simulates"]
