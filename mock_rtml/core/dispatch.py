"""Operation -> backend method, one table for every operation, driven by the service model."""
from __future__ import annotations

import itertools
import os
import sys
import threading
from functools import lru_cache
from typing import Mapping, Optional, Tuple

from botocore import xform_name

from .calls import Call, CallList
from .errors import NotSimulated, SerializationException, ServiceError
from .ids import stable_uuid
from .protocol import Reply, decode_body, encode, error_reply, headers
from .state import Store, backend_class
from .validation import validate_input

# Set by our own test suite: every reply is parsed by botocore and checked against the model.
CHECK_REPLIES = False


@lru_cache(maxsize=None)
def _method(service: str, operation: str) -> Optional[str]:
    name = xform_name(operation)
    return name if callable(getattr(backend_class(service), name, None)) else None


@lru_cache(maxsize=4096)
def _kwarg(member: str) -> str:
    return xform_name(member)


def default_account_id() -> str:
    return os.environ.get("MOTO_ACCOUNT_ID", "123456789012")


def account_for(access_key: str) -> str:
    """The account an access key belongs to: moto's IAM/STS records when loaded, else the default."""
    iam = sys.modules.get("moto.iam.models")
    if iam is not None and access_key:
        return str(iam.get_account_id_from(access_key))
    return default_account_id()


def simulates(service: str, operation: str) -> bool:
    return _method(service, operation) is not None


class Dispatcher:
    """Answers every request of one outermost activation."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls = CallList()
        self._lock = threading.RLock()
        self._counter = itertools.count(1)

    def answer(self, service: str, operation: str, body: object, access_key: str, region: str) -> Reply:
        method = _method(service, operation)
        if method is None:
            raise NotSimulated(f"{service} {operation}")
        request_id = stable_uuid(service, next(self._counter))
        params: Mapping[str, object] = {}
        environment = self.store.environment
        try:
            raw = decode_body(body)
            params = raw if isinstance(raw, dict) else {}
            latency, fault = environment.faults.draw(service, operation)
            if latency:
                environment.clock.advance(latency)
            if fault is not None:
                raise fault
            checked = validate_input(service, operation, raw)
            backend = self.store.backend(service, account_for(access_key), region)
            kwargs = {_kwarg(k): v for k, v in checked.items()}
            with self._lock:
                result = getattr(backend, method)(**kwargs)
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


__all__ = ["Dispatcher", "NotSimulated", "SerializationException", "simulates", "account_for", "Tuple"]
