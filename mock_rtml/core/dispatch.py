"""Operation -> backend method, one table for every operation, driven by the service model."""
from __future__ import annotations

import itertools
import os
import sys
import threading
from functools import lru_cache
from typing import Callable, Dict, Mapping, NamedTuple, Optional

from botocore import xform_name

from .calls import DEFAULT_CALLS_LIMIT, Call, CallList
from .errors import NotSimulated, ServiceError
from .ids import stable_uuid
from .protocol import Reply, decode_body, encode, error_reply, headers
from .state import Store, backend_class
from .validation import input_check

# Set by our own test suite: every reply is parsed by botocore and checked against the model.
CHECK_REPLIES = False


class _Route(NamedTuple):
    """What answering one operation needs, computed once: the request check and the backend method."""

    check: Callable[[object], Dict[str, object]]  # parameters -> keyword arguments
    method: str


@lru_cache(maxsize=None)
def _route(service: str, operation: str) -> Optional[_Route]:
    name = xform_name(operation)
    if not callable(getattr(backend_class(service), name, None)):
        return None
    return _Route(input_check(service, operation), name)


def default_account_id() -> str:
    return os.environ.get("MOTO_ACCOUNT_ID", "123456789012")


def account_for(access_key: str, default: str) -> str:
    """The account an access key belongs to in moto's IAM/STS records (asked while moto is active)."""
    iam = sys.modules.get("moto.iam.models")
    if iam is not None and access_key:
        account = str(iam.get_account_id_from(access_key))
        return default if account == iam.DEFAULT_ACCOUNT_ID else account
    return default


def simulates(service: str, operation: str) -> bool:
    return _route(service, operation) is not None


class Dispatcher:
    """Answers every request of one outermost activation."""

    def __init__(self, store: Store, calls_limit: Optional[int] = DEFAULT_CALLS_LIMIT) -> None:
        self.store = store
        self.calls = CallList(calls_limit)
        self._lock = threading.Lock()  # one request at a time changes the backends
        self._counter = itertools.count(1)
        self._request_prefix = stable_uuid("mock_rtml")[:24]  # request ids: a fixed prefix and a counter
        self._default_account = default_account_id()

    def answer(
        self, service: str, operation: str, body: object, region: str, access_key: str = "", moto: bool = False
    ) -> Reply:
        """The reply to one request. The account is the default one unless moto is active: then moto's
        IAM/STS records say whose access key signed it."""
        route = _route(service, operation)
        if route is None:
            raise NotSimulated(f"{service} {operation}")
        request_id = self._request_prefix + str(next(self._counter)).zfill(12)
        params: Mapping[str, object] = {}
        environment = self.store.environment
        try:
            raw = decode_body(body)
            params = raw if isinstance(raw, dict) else {}
            if environment.faults.armed:
                latency, fault = environment.faults.draw(service, operation)
                if latency:
                    environment.clock.advance(latency)
                if fault is not None:
                    raise fault
            kwargs = route.check(raw)
            account = account_for(access_key, self._default_account) if moto else self._default_account
            backend = self.store.backend(service, account, region)
            with self._lock:
                result = getattr(backend, route.method)(**kwargs)
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


__all__ = ["Dispatcher", "account_for", "default_account_id", "simulates"]
