"""BackendBase: the state every Comprehend resource module shares, and the lookups across kinds.

Each resource kind has its own module (classifiers, endpoints, real-time analysis, tags), a mixin
over this base; `backend.ComprehendBackend` composes them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Protocol, TypeVar

from ..core.state import Environment, ServiceBackend
from .exceptions import (
    InvalidRequestException,
    ResourceNotFoundException,
    ResourceUnavailableException,
)

if TYPE_CHECKING:
    from .classifiers import DocumentClassifier
    from .endpoints import Endpoint

# Model statuses (ModelStatus) that can serve an endpoint, and those of a training in progress.
TRAINED = ("TRAINED", "TRAINED_WITH_WARNING")
TRAINING = ("SUBMITTED", "TRAINING", "STOP_REQUESTED")


def not_found() -> ResourceNotFoundException:
    """AWS's documented text (CloudTrail sample in the developer guide): it does not name the resource."""
    return ResourceNotFoundException("RESOURCE_NOT_FOUND: Could not find specified resource.")


class _Resource(Protocol):
    def status(self, now: float, describe: bool = False) -> str: ...


R = TypeVar("R", bound=_Resource)


def find(table: Dict[str, R], arn: str, now: float, describe: bool = False) -> R:
    """The resource with this ARN; one whose delete has finished leaves the table. A describe counts
    towards a `manual` progression."""
    found = table.get(arn)
    if found is not None and found.status(now, describe) == "DELETED":
        del table[arn]
        found = None
    if found is None:
        raise not_found()
    return found


def live(table: Dict[str, R], now: float) -> List[R]:
    """Every resource in the table whose delete has not finished."""
    for arn, resource in list(table.items()):
        if resource.status(now) == "DELETED":
            del table[arn]
    return list(table.values())


class BackendBase(ServiceBackend):
    """Comprehend's state in one account and region."""

    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        super().__init__(account_id, region, environment)
        self.classifiers: Dict[str, DocumentClassifier] = {}
        self.endpoints: Dict[str, Endpoint] = {}
        self._tokens: Dict[str, Any] = {}  # ClientRequestToken -> what the create that used it asked for

    def arn(self, kind: str, name: str) -> str:
        return f"arn:aws:comprehend:{self.region}:{self.account_id}:{kind}/{name}"

    # -- lookups ---------------------------------------------------------------------------------
    def _classifier(self, arn: str, describe: bool = False) -> DocumentClassifier:
        return find(self.classifiers, arn, self.clock.now(), describe)

    def _live_classifiers(self) -> List[DocumentClassifier]:
        return live(self.classifiers, self.clock.now())

    def _endpoint(self, arn: str, describe: bool = False) -> Endpoint:
        return find(self.endpoints, arn, self.clock.now(), describe)

    def _live_endpoints(self) -> List[Endpoint]:
        return live(self.endpoints, self.clock.now())

    def trained_model(self, model_arn: str) -> DocumentClassifier:
        """The model an endpoint serves, which must exist and be trained."""
        if ":document-classifier/" not in model_arn:
            raise not_found()
        classifier = self._classifier(model_arn)
        status = classifier.status(self.clock.now())
        if status not in TRAINED:
            raise ResourceUnavailableException(f"Model {model_arn} is {status}; only a TRAINED model can serve an endpoint")
        return classifier

    def serving_endpoint(self, arn: str, kind: str) -> Endpoint:
        """An IN_SERVICE endpoint of the given kind, for real-time analysis."""
        if f":{kind}/" not in arn:
            raise InvalidRequestException(f"{arn} is not a {kind} ARN")
        endpoint = self.endpoints.get(arn)
        status = endpoint.status(self.clock.now()) if endpoint is not None else "DELETED"
        if endpoint is None or status == "DELETED":
            raise ResourceUnavailableException(f"Endpoint {arn} does not exist")
        if status != "IN_SERVICE":
            raise ResourceUnavailableException(f"Endpoint {arn} is {status}; it must be IN_SERVICE")
        return endpoint


def one_filter(filter: Optional[Mapping[str, Any]]) -> Mapping[str, Any]:
    """A list filter: absent, or exactly one member (AWS: "You can only set one filter at a time")."""
    if filter is None:
        return {}
    if len(filter) != 1:
        raise InvalidRequestException("Filters, if specified, must specify exactly 1 filter.")
    return filter


def with_token(reply: Dict[str, Any], token: Optional[str]) -> Dict[str, Any]:
    if token:
        reply["NextToken"] = token
    return reply


def wire_names(options: Mapping[str, Any]) -> Dict[str, Any]:
    """snake_case keyword options back to the wire's member names."""
    return {"".join(part.capitalize() for part in k.split("_")): v for k, v in options.items()}
