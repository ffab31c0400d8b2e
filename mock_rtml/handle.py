"""Rtml: the handle a test steers the simulation with (returned by start(), `with`, and the fixture)."""
from __future__ import annotations

import os
from typing import Mapping, Optional, Sequence

from .core.calls import CallList
from .core.clock import Clock
from .core.dispatch import Dispatcher, default_account_id
from .core.quotas import Quotas


def _region(region: Optional[str]) -> str:
    return region or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


class Rtml:
    """The state of one activation.

    >>> with mock_rtml() as rtml:  # doctest: +SKIP
    ...     arn = rtml.add_document_classifier("news", labels={"SPORTS": ["goal"], "WORLD": ["war"]})
    ...     rtml.add_endpoint("news-ep", arn)
    """

    def __init__(self, dispatcher: Dispatcher) -> None:
        self._dispatcher = dispatcher

    @property
    def calls(self) -> CallList:
        """The requests answered so far, oldest first (service, operation, params, response or error code):
        the most recent 1,000 unless ``mock_rtml(calls_limit=...)`` says otherwise (None: all)."""
        return self._dispatcher.calls

    @property
    def clock(self) -> Clock:
        """The virtual clock: ``rtml.clock.now()``, ``rtml.clock.advance(30)``, ``rtml.clock.freeze()``."""
        return self._dispatcher.store.environment.clock

    @property
    def throttling(self) -> bool:
        """Whether provisioned throughput is enforced (TooManyRequestsException / LimitExceededException)."""
        return self._dispatcher.store.environment.throttling

    @throttling.setter
    def throttling(self, on: bool) -> None:
        if not isinstance(on, bool):
            raise TypeError(f"throttling must be True or False, not {on!r}")
        self._dispatcher.store.environment.throttling = on

    @property
    def quotas(self) -> Quotas:
        """Service quotas, changeable per test: ``rtml.quotas["comprehend.endpoints"] = 1``."""
        return self._dispatcher.store.environment.quotas

    def inject_error(
        self,
        operation: str,
        code: str,
        times: Optional[int] = 1,
        message: Optional[str] = None,
        *,
        rate: Optional[float] = None,
        seed: Optional[int] = None,
        service: Optional[str] = None,
    ) -> None:
        """Answer the next `times` calls of an operation (boto3 or API name) with an AWS error.

        With ``rate=0.1, seed=7`` (and ``times=None`` for no limit) each call fails by seeded chance.
        The code must be one the operation can return, or ThrottlingException, ServiceUnavailable or
        InternalServerException.
        """
        if rate is not None and times == 1:
            times = None
        self._dispatcher.store.environment.faults.add_error(operation, code, times, message, rate, seed, service)

    def inject_latency(self, operation: str, seconds: float, times: Optional[int] = None, *, service: Optional[str] = None) -> None:
        """Each call of the operation (the next `times`, or all) advances the virtual clock by `seconds`."""
        self._dispatcher.store.environment.faults.add_latency(operation, seconds, times, service)

    def clear_faults(self) -> None:
        """Forget every injected error and latency."""
        self._dispatcher.store.environment.faults.clear()

    def reset(self) -> None:
        """Drop every resource and recorded call; the activation stays on."""
        self._dispatcher.store.reset()
        self._dispatcher.calls.clear()

    def _backend(self, service: str, region: Optional[str], account_id: Optional[str]) -> object:
        return self._dispatcher.store.backend(service, account_id or default_account_id(), _region(region))

    def add_document_classifier(
        self,
        name: str,
        labels: Mapping[str, Sequence[str]],
        mode: str = "MULTI_CLASS",
        *,
        version_name: Optional[str] = None,
        region: Optional[str] = None,
        account_id: Optional[str] = None,
    ) -> str:
        """Create a TRAINED classifier from keywords per label, without S3; returns its ARN."""
        backend = self._backend("comprehend", region, account_id)
        return backend.add_document_classifier(name, labels, mode, version_name)  # type: ignore[attr-defined, no-any-return]

    def add_endpoint(self, name: str, model_arn: str, inference_units: int = 1) -> str:
        """Create an IN_SERVICE endpoint for a model ARN (same account and region); returns its ARN."""
        parts = model_arn.split(":")
        if len(parts) < 6 or parts[2] != "comprehend":
            raise ValueError(f"not a Comprehend model ARN: {model_arn!r}")
        backend = self._backend("comprehend", parts[3], parts[4])
        return backend.add_endpoint(name, model_arn, inference_units)  # type: ignore[attr-defined, no-any-return]

    def add_ml_model(
        self,
        model_id: str,
        model_type: str = "MULTICLASS",
        labels: Optional[Mapping[str, Sequence[str]]] = None,
        *,
        coefficients: Optional[Mapping[str, float]] = None,
        intercept: float = 0.0,
        endpoint: bool = False,
        region: Optional[str] = None,
        account_id: Optional[str] = None,
    ) -> str:
        """Create a COMPLETED Amazon ML model without S3 (and a READY realtime endpoint); returns its id.

        BINARY/MULTICLASS models answer by keywords per label (every Record value is read as text; a
        BINARY record without "1" keywords is "0"):
        ``rtml.add_ml_model("spam", "BINARY", {"1": ["winner", "prize"]}, endpoint=True)``.
        REGRESSION models are linear: ``rtml.add_ml_model("price", "REGRESSION", coefficients={"rooms": 2.5}, intercept=10)``.
        """
        backend = self._backend("machinelearning", region, account_id)
        return backend.add_ml_model(model_id, model_type, labels, coefficients, intercept, endpoint)  # type: ignore[attr-defined, no-any-return]
