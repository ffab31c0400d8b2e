"""Store: service -> account -> region -> backend, one per outermost activation."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, Mapping, Tuple

from .calls import CallList
from .clock import Clock
from .faults import Faults
from .quotas import Quotas


@dataclass
class Environment:
    """What every backend of one activation shares, and what the options of its activations set."""

    clock: Clock
    throttling: bool = False
    quotas: Quotas = field(default_factory=Quotas)
    faults: Faults = field(default_factory=Faults)
    calls: CallList = field(default_factory=CallList)  # the answered requests, up to a limit


class ServiceBackend:
    """One service's state in one account and region; subclasses add their resources."""

    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        self.account_id = account_id
        self.region = region
        self.environment = environment
        self.clock = environment.clock

    def moto_owns(self, operation: str, params: Mapping[str, object]) -> bool:
        """Whether a request (not yet checked) is about a resource of moto's: with moto's mock_aws
        active it goes to moto as it is, since moto's ids need not fit AWS's constraints."""
        return False


BackendFactory = Callable[[str, str, Environment], Any]
_FACTORIES: Dict[str, BackendFactory] = {}


def register_backend(service: str, factory: BackendFactory) -> None:
    _FACTORIES[service] = factory


def backend_class(service: str) -> Any:
    return _FACTORIES.get(service)


class Store:
    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self._backends: Dict[Tuple[str, str, str], Any] = {}
        self._lock = threading.Lock()

    def backend(self, service: str, account_id: str, region: str) -> Any:
        key = (service, account_id, region)
        found = self._backends.get(key)
        if found is None:
            with self._lock:
                found = self._backends.get(key)
                if found is None:
                    found = self._backends[key] = _FACTORIES[service](account_id, region, self.environment)
        return found

    def backends(self, service: str) -> Iterator[Any]:
        return (b for (s, _, _), b in list(self._backends.items()) if s == service)

    def reset(self) -> None:
        with self._lock:
            self._backends.clear()
