"""Injected faults: errors (a fixed number of times, or by seeded chance) and latency, per operation."""
from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from botocore import xform_name

from .errors import SERVICE_WIDE_CODES, ServiceError
from .model import SERVICES, operation_model, service_model

# Codes any operation may answer although its model does not list them.
GENERIC_CODES = ("ThrottlingException", "ServiceUnavailable", "InternalServerException")


def resolve(operation: str, service: Optional[str] = None) -> Tuple[str, str]:
    """(service, Operation) from a boto3 name (`classify_document`) or an API name (`ClassifyDocument`)."""
    found = []
    for name in (service,) if service else SERVICES:
        if name not in SERVICES:
            raise ValueError(f"service must be one of {SERVICES}, not {name!r}")
        for api in service_model(name).operation_names:
            if operation in (api, xform_name(api)):
                found.append((name, api))
    if not found:
        raise ValueError(f"{operation!r} is not an operation of {service or ' or '.join(SERVICES)}")
    if len(found) > 1:
        raise ValueError(f"{operation!r} is ambiguous: pass service= one of {[s for s, _ in found]}")
    return found[0]


def check_code(service: str, operation: str, code: str) -> None:
    modeled = sorted({shape.name for shape in operation_model(service, operation).error_shapes} | SERVICE_WIDE_CODES[service])
    if code not in modeled and code not in GENERIC_CODES:
        allowed = modeled + [c for c in GENERIC_CODES if c not in modeled]
        raise ValueError(f"{operation} cannot return {code}; it can return {', '.join(allowed)}")


@dataclass
class _Rule:
    code: Optional[str]
    message: str
    times: Optional[int]  # None: no limit (with rate)
    rate: float
    rng: Optional[random.Random]
    latency: float = 0.0

    def fires(self) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.rng is not None and self.rng.random() >= self.rate:
            return False
        if self.times is not None:
            self.times -= 1
        return True


@dataclass
class Faults:
    _rules: Dict[Tuple[str, str], List[_Rule]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    armed: bool = False  # any rule added since the last clear: requests consult draw() only then

    def add_error(
        self, operation: str, code: str, times: Optional[int], message: Optional[str],
        rate: Optional[float], seed: Optional[int], service: Optional[str],
    ) -> None:
        key = resolve(operation, service)
        check_code(*key, code)
        rng, times = self._chance(times, rate, seed)
        text = message or f"Injected {code} for {key[1]} by mock_rtml"
        with self._lock:
            self._rules.setdefault(key, []).append(_Rule(code, text, times, rate or 1.0, rng))
            self.armed = True

    def add_latency(self, operation: str, seconds: float, times: Optional[int], service: Optional[str]) -> None:
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        key = resolve(operation, service)
        with self._lock:
            self._rules.setdefault(key, []).append(_Rule(None, "", times, 1.0, None, seconds))
            self.armed = True

    @staticmethod
    def _chance(times: Optional[int], rate: Optional[float], seed: Optional[int]) -> Tuple[Optional[random.Random], Optional[int]]:
        if rate is None:
            if seed is not None:
                raise ValueError("seed is only meaningful with rate")
            if times is None or times < 1:
                raise ValueError("times must be an int >= 1 (or give rate= for a probabilistic fault)")
            return None, times
        if not 0.0 < rate <= 1.0:
            raise ValueError("rate must be in (0, 1]")
        return random.Random(0 if seed is None else seed), times

    def draw(self, service: str, operation: str) -> Tuple[float, Optional[ServiceError]]:
        """(latency to add, error to answer) for one request; consumes the rules that fire."""
        rules = self._rules.get((service, operation))
        if not rules:
            return 0.0, None
        latency, error = 0.0, None
        with self._lock:
            for rule in rules:
                if rule.code is None:
                    if rule.fires():
                        latency += rule.latency
                elif error is None and rule.fires():
                    error = ServiceError(rule.message, code=rule.code)
        return latency, error

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self.armed = False
