"""Rtml: the handle a test steers the simulation with (returned by start(), `with`, and the fixture)."""
from __future__ import annotations

import math
import os
import re
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from .core.calls import CallList
from .core.clock import Clock
from .core.dispatch import Dispatcher, default_account_id
from .core.errors import ServiceError, excerpt
from .core.quotas import Quotas
from .core.validation import check_argument

_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]+")
_ACCOUNT = re.compile(r"[0-9]{12}")


def _region(region: Optional[str]) -> str:
    chosen: object = region or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    if not isinstance(chosen, str) or not _REGION.fullmatch(chosen):
        raise ValueError(f"region must be an AWS region name such as 'us-east-1', not {excerpt(chosen, quoted=True)}")
    return chosen


def _account(account_id: Optional[str]) -> str:
    chosen: object = account_id or default_account_id()
    if not isinstance(chosen, str) or not _ACCOUNT.fullmatch(chosen):
        raise ValueError(f"account_id must be 12 digits, not {excerpt(chosen, quoted=True)}")
    return chosen


def _string_lists(mapping: object, argument: str, key: str, items: str, item: str) -> Dict[str, List[str]]:
    """key -> items, each a list of non-empty strings; at least one item in all."""
    if not isinstance(mapping, Mapping):
        raise TypeError(f"{argument} must be a dict of {key} -> list of {items}, not {type(mapping).__name__}")
    checked: Dict[str, List[str]] = {}
    for name, values in mapping.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{argument}: every {key} must be a non-empty str, not {excerpt(name, quoted=True)}")
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise TypeError(f"{argument}[{name!r}] must be a list of {items}, not {type(values).__name__} {excerpt(values, quoted=True)}")
        for value in values:
            if not isinstance(value, str):
                raise TypeError(f"{argument}[{name!r}]: {items} must be str, not {type(value).__name__} {excerpt(value, quoted=True)}")
            if not value.strip():
                raise ValueError(f"{argument}[{name!r}]: {items} must be non-empty, not {value!r}")
        checked[name] = list(values)
    if not any(checked.values()):
        raise ValueError(f"{argument}: give at least one {item}")
    return checked


def _keywords(labels: object, argument: str = "labels") -> Dict[str, List[str]]:
    """label -> keywords, each a list of non-empty strings; at least one keyword in all (or every text
    would get the same scores)."""
    return _string_lists(labels, argument, "label", "keywords", "keyword")


def _surface_forms(entities: object) -> Dict[str, List[str]]:
    """entity type -> surface forms, the types named as CreateEntityRecognizer's EntityTypes name them."""
    checked = _string_lists(entities, "entities", "entity type", "surface forms", "surface form")
    for kind in checked:
        check_argument("comprehend", "CreateEntityRecognizer", "InputDataConfig.EntityTypes.Type", kind, "entities")
    return checked


def _finite(value: object, argument: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{argument} must be a number, not {type(value).__name__} {excerpt(value, quoted=True)}")
    if not math.isfinite(value):
        raise ValueError(f"{argument} must be a finite number, not {value!r}")
    return float(value)


class Rtml:
    """The state of one activation.

    >>> with mock_rtml() as rtml:  # doctest: +SKIP
    ...     arn = rtml.add_document_classifier("news", labels={"SPORTS": ["goal"], "WORLD": ["war"]})
    ...     rtml.add_endpoint("news-ep", arn)
    """

    def __init__(self, dispatcher: Dispatcher) -> None:
        self._open: Optional[Dispatcher] = dispatcher  # None once its activation stopped

    def _close(self) -> None:
        self._open = None

    @property
    def _dispatcher(self) -> Dispatcher:
        dispatcher = self._open
        if dispatcher is None:
            raise RuntimeError("this rtml handle's mock_rtml() was stopped; use the handle of an open activation")
        return dispatcher

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
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
        if not 0 <= seconds < math.inf:
            raise ValueError(f"seconds must be a finite number >= 0, not {seconds!r}")
        self._dispatcher.store.environment.faults.add_latency(operation, seconds, times, service)

    def clear_faults(self) -> None:
        """Forget every injected error and latency."""
        self._dispatcher.store.environment.faults.clear()

    def reset(self) -> None:
        """Drop every resource and recorded call; the activation stays on."""
        dispatcher = self._dispatcher
        with dispatcher.lock:
            dispatcher.store.reset()
            dispatcher.calls.clear()

    def _add(self, service: str, region: str, account_id: str, method: str, *args: Any) -> str:
        """Run a backend's shortcut under the dispatcher's lock (as a request runs); what the backend
        refuses is the caller's ValueError."""
        dispatcher = self._dispatcher
        with dispatcher.lock:
            backend = dispatcher.store.backend(service, account_id, region)
            try:
                return str(getattr(backend, method)(*args))
            except ServiceError as error:
                raise ValueError(error.message) from None

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
        """Create a TRAINED classifier from keywords per label, without S3; returns its ARN.

        `name`, `version_name` and `mode` are checked as CreateDocumentClassifier checks them; each
        label needs a list of keywords (at least one keyword in all)."""
        check_argument("comprehend", "CreateDocumentClassifier", "DocumentClassifierName", name, "name")
        check_argument("comprehend", "CreateDocumentClassifier", "Mode", mode, "mode")
        if version_name is not None:
            check_argument("comprehend", "CreateDocumentClassifier", "VersionName", version_name, "version_name")
        keywords = _keywords(labels)
        return self._add("comprehend", _region(region), _account(account_id), "add_document_classifier",
                         name, keywords, mode, version_name)

    def add_entity_recognizer(
        self,
        name: str,
        entities: Mapping[str, Sequence[str]],
        version_name: Optional[str] = None,
        *,
        region: Optional[str] = None,
        account_id: Optional[str] = None,
    ) -> str:
        """Create a TRAINED entity recognizer from surface forms per entity type, without S3; returns its
        ARN. It finds the forms as a recognizer trained from S3 does (case-sensitive whole words, the
        longest first), each with score 1.0:
        ``rtml.add_entity_recognizer("parts", {"PART": ["flux capacitor", "warp coil"]})``.

        `name` and `version_name` are checked as CreateEntityRecognizer checks them, the entity types
        as its EntityTypes (1 to 25); each form belongs to one type."""
        check_argument("comprehend", "CreateEntityRecognizer", "RecognizerName", name, "name")
        if version_name is not None:
            check_argument("comprehend", "CreateEntityRecognizer", "VersionName", version_name, "version_name")
        forms = _surface_forms(entities)
        return self._add("comprehend", _region(region), _account(account_id), "add_entity_recognizer", name, forms, version_name)

    def add_endpoint(self, name: str, model_arn: str, inference_units: int = 1) -> str:
        """Create an IN_SERVICE endpoint for a classifier or recognizer ARN (its account and region);
        returns its ARN: `...:document-classifier-endpoint/NAME` or `...:entity-recognizer-endpoint/NAME`.

        `name`, `model_arn` and `inference_units` are checked as CreateEndpoint checks them."""
        check_argument("comprehend", "CreateEndpoint", "EndpointName", name, "name")
        check_argument("comprehend", "CreateEndpoint", "ModelArn", model_arn, "model_arn")
        check_argument("comprehend", "CreateEndpoint", "DesiredInferenceUnits", inference_units, "inference_units")
        _, _, _, region, account_id, _ = model_arn.split(":", 5)
        return self._add("comprehend", region, account_id, "add_endpoint", name, model_arn, inference_units)

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
        check_argument("machinelearning", "CreateMLModel", "MLModelId", model_id, "model_id")
        check_argument("machinelearning", "CreateMLModel", "MLModelType", model_type, "model_type")
        if not isinstance(endpoint, bool):
            raise TypeError(f"endpoint must be True or False, not {endpoint!r}")
        weights: Optional[Dict[str, float]] = None
        if model_type == "REGRESSION":
            if labels is not None or coefficients is None:
                raise TypeError("a REGRESSION model takes coefficients (attribute -> weight) and intercept, not labels")
            if not isinstance(coefficients, Mapping):
                raise TypeError(f"coefficients must be a dict of attribute -> number, not {type(coefficients).__name__}")
            weights = {}
            given: List[Tuple[object, object]] = list(coefficients.items())
            for attribute, weight in given:
                if not isinstance(attribute, str) or not attribute:
                    raise ValueError(f"coefficients: attribute names must be non-empty str, not {excerpt(attribute, quoted=True)}")
                weights[attribute] = _finite(weight, f"coefficients[{attribute!r}]")
            keywords = None
        else:
            if coefficients is not None or labels is None:
                raise TypeError(f"a {model_type} model takes labels (label -> keywords), not coefficients")
            keywords = _keywords(labels)
        return self._add("machinelearning", _region(region), _account(account_id), "add_ml_model",
                         model_id, model_type, keywords, weights, _finite(intercept, "intercept"), endpoint)
