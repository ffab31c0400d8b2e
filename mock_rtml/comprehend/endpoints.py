"""Endpoint operations of ComprehendBackend: create, describe, list, update, delete."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence

from ..core.lifecycle import Progress
from ..core.pagination import page
from ..core.state import Environment
from ..core.throughput import admit_all
from .exceptions import (
    InvalidRequestException,
    ResourceInUseException,
    ResourceLimitExceededException,
    ResourceNotFoundException,
    ResourceUnavailableException,
    TooManyRequestsException,
)
from .models import CHARACTERS_PER_UNIT, DOCUMENTS_PER_UNIT, ENDPOINT_MODEL, Endpoint, find, live
from .tags import QUOTA as TAGS_QUOTA
from .tags import tag_dict

if TYPE_CHECKING:
    from ..core.clock import Clock
    from .models import DocumentClassifier

class EndpointsMixin:
    """The endpoint operations; the backend provides the clock, ARNs and trained classifiers."""

    endpoints: Dict[str, Endpoint]
    clock: Clock
    environment: Environment
    _tokens: Dict[str, Any]

    def arn(self, kind: str, name: str) -> str:
        raise NotImplementedError

    def trained_classifier(self, model_arn: str) -> DocumentClassifier:
        raise NotImplementedError

    def _endpoint(self, arn: str, describe: bool = False) -> Endpoint:
        return find(self.endpoints, arn, self.clock.now(), describe)

    def _live_endpoints(self) -> List[Endpoint]:
        return live(self.endpoints, self.clock.now())

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

    def _check_units(self, units: int, replacing: Optional[Endpoint] = None) -> None:
        """Quotas: inference units per endpoint, and in all endpoints of the account and region."""
        quotas = self.environment.quotas
        per_endpoint = quotas["comprehend.inference_units_per_endpoint"]
        if units > per_endpoint:
            raise ResourceLimitExceededException(
                f"DesiredInferenceUnits {units} exceeds the limit of {per_endpoint} inference units per endpoint"
            )
        others = sum(
            max(e.inference_units, e.desired_inference_units) for e in self._live_endpoints() if e is not replacing
        )
        if others + units > quotas["comprehend.inference_units"]:
            raise ResourceLimitExceededException(
                f"{units} more inference units would exceed the account's limit of "
                f"{quotas['comprehend.inference_units']} in {getattr(self, 'region', '')} ({others} in use)"
            )

    def admit(self, endpoint: Endpoint, characters: int) -> None:
        """With throttling on, take a request's characters and one document from the endpoint's buckets."""
        if not self.environment.throttling:
            return
        now = self.clock.now()
        units = endpoint.inference_units
        chars, docs = endpoint.throughput(now)
        if not admit_all(((chars, characters), (docs, 1)), now):
            raise TooManyRequestsException(
                f"Rate exceeded: endpoint {endpoint.arn} serves {CHARACTERS_PER_UNIT * units} characters and "
                f"{DOCUMENTS_PER_UNIT * units} documents per second ({units} inference units)"
            )

    def create_endpoint(
        self,
        endpoint_name: str,
        desired_inference_units: int,
        model_arn: Optional[str] = None,
        client_request_token: Optional[str] = None,
        tags: Sequence[Mapping[str, str]] = (),
        data_access_role_arn: Optional[str] = None,
        flywheel_arn: Optional[str] = None,
    ) -> Dict[str, Any]:
        request = (endpoint_name, desired_inference_units, model_arn, data_access_role_arn, flywheel_arn)
        if client_request_token and self._tokens.get(client_request_token) == request:
            arn = self.arn("document-classifier-endpoint", endpoint_name)
            return {"EndpointArn": arn, "ModelArn": model_arn}
        if flywheel_arn:
            raise ResourceNotFoundException(f"RESOURCE_NOT_FOUND: Could not find specified resource {flywheel_arn} (flywheels are not simulated)")
        if model_arn is None:
            raise InvalidRequestException("Either ModelArn or FlywheelArn must be given")
        kind = "entity-recognizer-endpoint" if ":entity-recognizer/" in model_arn else "document-classifier-endpoint"
        arn = self.arn(kind, endpoint_name)
        live = self._live_endpoints()
        if any(e.name == endpoint_name for e in live):
            raise ResourceInUseException(f"Endpoint {endpoint_name} already exists in this account and region")
        self.trained_classifier(model_arn)
        limit = self.environment.quotas["comprehend.endpoints"]
        if len(live) >= limit:
            raise ResourceLimitExceededException(f"The account has reached its limit of {limit} endpoints in this region")
        self._check_units(desired_inference_units)
        new_tags = tag_dict(tags, self.environment.quotas[TAGS_QUOTA])
        now = self.clock.now()
        self.endpoints[arn] = Endpoint(
            arn, endpoint_name, model_arn, desired_inference_units, model_arn, desired_inference_units, now, now,
            Progress.start(ENDPOINT_MODEL, ("CREATING", "IN_SERVICE"), now), client_request_token,
            data_access_role_arn, data_access_role_arn, None, new_tags,
        )
        if client_request_token:
            self._tokens[client_request_token] = request
        return {"EndpointArn": arn, "ModelArn": model_arn}

    def add_endpoint(self, name: str, model_arn: str, inference_units: int) -> str:
        """The handle's shortcut: an IN_SERVICE endpoint."""
        if any(e.name == name for e in self._live_endpoints()):
            raise ValueError(f"an endpoint named {name} already exists")
        self.trained_classifier(model_arn)
        if not 1 <= inference_units <= self.environment.quotas["comprehend.inference_units_per_endpoint"]:
            raise ValueError("inference_units must be at least 1 and within the quota comprehend.inference_units_per_endpoint")
        arn = self.arn("document-classifier-endpoint", name)
        now = self.clock.now()
        self.endpoints[arn] = Endpoint(
            arn, name, model_arn, inference_units, model_arn, inference_units, now, now,
            Progress.start(ENDPOINT_MODEL, ("IN_SERVICE",), now), None,
        )
        return arn

    def describe_endpoint(self, endpoint_arn: str) -> Dict[str, Any]:
        return {"EndpointProperties": self._endpoint(endpoint_arn, describe=True).describe(self.clock.now())}

    def list_endpoints(
        self,
        filter: Optional[Mapping[str, Any]] = None,
        next_token: Optional[str] = None,
        max_results: int = 100,
    ) -> Dict[str, Any]:
        wanted = one_filter(filter)
        now = self.clock.now()
        found = []
        for e in sorted(self._live_endpoints(), key=lambda e: (e.creation_time, e.arn)):
            props = e.describe(now)
            if "ModelArn" in wanted and props["ModelArn"] != wanted["ModelArn"]:
                continue
            if "Status" in wanted and props["Status"] != wanted["Status"]:
                continue
            if "CreationTimeBefore" in wanted and not e.creation_time < wanted["CreationTimeBefore"]:
                continue
            if "CreationTimeAfter" in wanted and not e.creation_time > wanted["CreationTimeAfter"]:
                continue
            found.append(props)
        items, token = page(found, next_token, max_results, InvalidRequestException)
        reply: Dict[str, Any] = {"EndpointPropertiesList": items}
        if token:
            reply["NextToken"] = token
        return reply

    def update_endpoint(
        self,
        endpoint_arn: str,
        desired_model_arn: Optional[str] = None,
        desired_inference_units: Optional[int] = None,
        desired_data_access_role_arn: Optional[str] = None,
        flywheel_arn: Optional[str] = None,
    ) -> Dict[str, Any]:
        endpoint = self._endpoint(endpoint_arn)
        now = self.clock.now()
        status = endpoint.status(now)
        if status != "IN_SERVICE":
            raise ResourceInUseException(f"Endpoint {endpoint_arn} is {status}; it can be updated only when IN_SERVICE")
        if flywheel_arn:
            raise ResourceNotFoundException(f"RESOURCE_NOT_FOUND: Could not find specified resource {flywheel_arn} (flywheels are not simulated)")
        if desired_model_arn is not None:
            self.trained_classifier(desired_model_arn)
        if desired_inference_units is not None:
            self._check_units(desired_inference_units, replacing=endpoint)
        endpoint.desired_model_arn = desired_model_arn or endpoint.model_arn
        endpoint.desired_inference_units = desired_inference_units or endpoint.inference_units
        if desired_data_access_role_arn is not None:
            endpoint.desired_data_access_role_arn = desired_data_access_role_arn
        endpoint.last_modified_time = now
        endpoint.progress = Progress.start(ENDPOINT_MODEL, ("UPDATING", "IN_SERVICE"), now)
        reply: Dict[str, Any] = {}
        if desired_model_arn:
            reply["DesiredModelArn"] = desired_model_arn
        return reply

    def delete_endpoint(self, endpoint_arn: str) -> Dict[str, Any]:
        endpoint = self._endpoint(endpoint_arn)
        now = self.clock.now()
        status = endpoint.status(now)
        if status in ("CREATING", "UPDATING", "DELETING"):
            raise ResourceInUseException(f"Endpoint {endpoint_arn} is {status}; wait until it is IN_SERVICE or FAILED")
        endpoint.progress = Progress.start(ENDPOINT_MODEL, ("DELETING", "DELETED"), now)
        endpoint.last_modified_time = now
        return {}


def one_filter(filter: Optional[Mapping[str, Any]]) -> Mapping[str, Any]:
    """A list filter: absent, or exactly one member (AWS: "You can only set one filter at a time")."""
    if filter is None:
        return {}
    if len(filter) != 1:
        raise InvalidRequestException("Filters, if specified, must specify exactly 1 filter.")
    return filter
