"""Endpoints: the resource (with its provisioned throughput), its wire form, and Create/Describe/List/
Update/Delete."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

from ..core.lifecycle import Progress, register
from ..core.state import Environment
from ..core.table import Index, Table
from ..core.throughput import TokenBucket, admit_all
from .base import BackendBase, list_page, not_found, one_filter, resource_type, with_token
from .exceptions import (
    InvalidRequestException,
    ResourceInUseException,
    ResourceLimitExceededException,
    TooManyRequestsException,
)
from .tags import QUOTA as TAGS_QUOTA
from .tags import tag_dict

ENDPOINT_MODEL = "comprehend::endpoint"
register(ENDPOINT_MODEL)
# Provisioned throughput of one inference unit ("100 characters per second for up to 2 documents
# per second", developer guide, "Creating an endpoint").
CHARACTERS_PER_UNIT = 100
DOCUMENTS_PER_UNIT = 2


def endpoint_kind(model_arn: str) -> str:
    """The resource type of an endpoint serving the model: `entity-recognizer-endpoint` for a recognizer."""
    return f"{resource_type(model_arn)}-endpoint"


@dataclass
class Endpoint:
    arn: str
    name: str
    model_arn: str
    inference_units: int  # what serves now (CurrentInferenceUnits)
    desired_model_arn: str
    desired_inference_units: int
    creation_time: float
    last_modified_time: float
    progress: Progress
    request_token: Optional[str]
    data_access_role_arn: Optional[str] = None
    desired_data_access_role_arn: Optional[str] = None
    flywheel_arn: Optional[str] = None
    tags: Dict[str, str] = field(default_factory=dict)
    buckets: Optional[Tuple[TokenBucket, TokenBucket]] = None  # characters, documents (with throttling on)

    def progressions(self) -> Tuple[Progress]:
        return (self.progress,)

    def status(self, now: float, describe: bool = False) -> str:
        status = self.progress.status(now, describe)
        if status == "IN_SERVICE":
            # An update takes effect when the endpoint is in service again.
            self.model_arn = self.desired_model_arn
            if self.inference_units != self.desired_inference_units:
                self.inference_units = self.desired_inference_units
                if self.buckets is not None:
                    self.throughput(self.progress.since if self.progress.done else now)
            self.data_access_role_arn = self.desired_data_access_role_arn
        return status

    def throughput(self, now: float) -> Tuple[TokenBucket, TokenBucket]:
        """The (characters, documents) buckets of the inference units in service."""
        chars_rate, docs_rate = CHARACTERS_PER_UNIT * self.inference_units, DOCUMENTS_PER_UNIT * self.inference_units
        if self.buckets is None:
            self.buckets = (TokenBucket.full(chars_rate, now), TokenBucket.full(docs_rate, now))
        elif self.buckets[0].rate != chars_rate:
            self.buckets[0].resize(chars_rate, now)
            self.buckets[1].resize(docs_rate, now)
        return self.buckets

    def admit(self, characters: int, now: float) -> None:
        """Take a request's characters and one document from the buckets of the units in service."""
        units = self.inference_units
        chars, docs = self.throughput(now)
        if not admit_all(((chars, characters), (docs, 1)), now):
            raise TooManyRequestsException(
                f"Rate exceeded: endpoint {self.arn} serves {CHARACTERS_PER_UNIT * units} characters and "
                f"{DOCUMENTS_PER_UNIT * units} documents per second ({units} inference units)"
            )

    def describe(self, now: float, describe: bool = False) -> Dict[str, Any]:
        status = self.status(now, describe)
        props: Dict[str, Any] = {
            "EndpointArn": self.arn,
            "Status": status,
            "ModelArn": self.model_arn,
            "DesiredModelArn": self.desired_model_arn,
            "DesiredInferenceUnits": self.desired_inference_units,
            "CreationTime": self.creation_time,
            "LastModifiedTime": self.last_modified_time,
        }
        if status != "CREATING":
            props["CurrentInferenceUnits"] = self.inference_units
        optional = {
            "DataAccessRoleArn": self.data_access_role_arn,
            "DesiredDataAccessRoleArn": self.desired_data_access_role_arn,
            "FlywheelArn": self.flywheel_arn,
        }
        props.update({k: v for k, v in optional.items() if v})
        return props


def _serving_model(endpoint: Endpoint, now: float) -> str:
    endpoint.status(now)  # a finished update switches the model
    return endpoint.model_arn


class EndpointsMixin(BackendBase):
    """The endpoint operations."""

    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        super().__init__(account_id, region, environment)
        # Listed by creation time, then ARN; indexed by the ListEndpoints filters, the name (unique per
        # account and region) and the model an update moves to; the inference units held are totalled.
        self.endpoints = Table(
            lambda e: e.arn, lambda e: (e.creation_time, e.arn),
            {
                "Status": Index(Endpoint.status, moves=True),
                "ModelArn": Index(_serving_model, moves=True),
                "DesiredModelArn": Index(lambda e, now: e.desired_model_arn),
                "EndpointName": Index(lambda e, now: e.name),
            },
            totals={"units": lambda e: max(e.inference_units, e.desired_inference_units)},
            gone="DELETED",
        )

    def _check_units(self, units: int, replacing: Optional[Endpoint] = None) -> None:
        """Quotas: inference units per endpoint, and in all endpoints of the account and region."""
        quotas = self.environment.quotas
        per_endpoint = quotas["comprehend.inference_units_per_endpoint"]
        if units > per_endpoint:
            raise ResourceLimitExceededException(
                f"DesiredInferenceUnits {units} exceeds the limit of {per_endpoint} inference units per endpoint"
            )
        others = self.endpoints.total("units", self.clock.now(), excluding=replacing)
        if others + units > quotas["comprehend.inference_units"]:
            raise ResourceLimitExceededException(
                f"{units} more inference units would exceed the account's limit of "
                f"{quotas['comprehend.inference_units']} in {self.region} ({others} in use)"
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
        if client_request_token and model_arn and self._tokens.get(client_request_token) == request:
            return {"EndpointArn": self.arn(endpoint_kind(model_arn), endpoint_name), "ModelArn": model_arn}
        if flywheel_arn:
            raise not_found()  # flywheels are not simulated
        if model_arn is None:
            raise InvalidRequestException("Either ModelArn or FlywheelArn must be given")
        arn = self.arn(endpoint_kind(model_arn), endpoint_name)
        now = self.clock.now()
        if self.endpoints.having("EndpointName", endpoint_name, now):
            raise ResourceInUseException(f"Endpoint {endpoint_name} already exists in this account and region")
        self.trained_model(model_arn)
        limit = self.environment.quotas["comprehend.endpoints"]
        if self.endpoints.size(now) >= limit:
            raise ResourceLimitExceededException(f"The account has reached its limit of {limit} endpoints in this region")
        self._check_units(desired_inference_units)
        new_tags = tag_dict(tags, self.environment.quotas[TAGS_QUOTA])
        self.endpoints.add(Endpoint(
            arn, endpoint_name, model_arn, desired_inference_units, model_arn, desired_inference_units, now, now,
            Progress.start(ENDPOINT_MODEL, ("CREATING", "IN_SERVICE"), now), client_request_token,
            data_access_role_arn, data_access_role_arn, None, new_tags,
        ), now)
        if client_request_token:
            self._tokens[client_request_token] = request
        return {"EndpointArn": arn, "ModelArn": model_arn}

    def add_endpoint(self, name: str, model_arn: str, inference_units: int) -> str:
        """The handle's shortcut: an IN_SERVICE endpoint of a classifier or recognizer (the handle has
        checked the arguments' types and values; a model that cannot serve is a ServiceError, which it
        reports as ValueError)."""
        now = self.clock.now()
        if self.endpoints.having("EndpointName", name, now):
            raise ValueError(f"name: an endpoint named {name} already exists")
        self.trained_model(model_arn)
        self._check_units(inference_units)
        arn = self.arn(endpoint_kind(model_arn), name)
        self.endpoints.add(Endpoint(
            arn, name, model_arn, inference_units, model_arn, inference_units, now, now,
            Progress.start(ENDPOINT_MODEL, ("IN_SERVICE",), now), None,
        ), now)
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
        items, following = list_page(self.endpoints, wanted, next_token, max_results, lambda e: e.describe(now), now,
                                     "ListEndpoints")
        return with_token({"EndpointPropertiesList": items}, following)

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
            raise not_found()  # flywheels are not simulated
        if desired_model_arn is not None:
            if endpoint_kind(desired_model_arn) != resource_type(endpoint_arn):
                # Our inference: an endpoint's ARN names the kind of model it serves, so AWS refuses
                # a model of the other kind as an invalid request.
                raise InvalidRequestException(
                    f"DesiredModelArn {desired_model_arn} is not a model of the kind endpoint {endpoint_arn} serves"
                )
            self.trained_model(desired_model_arn)
        if desired_inference_units is not None:
            self._check_units(desired_inference_units, replacing=endpoint)
        endpoint.desired_model_arn = desired_model_arn or endpoint.model_arn
        endpoint.desired_inference_units = desired_inference_units or endpoint.inference_units
        if desired_data_access_role_arn is not None:
            endpoint.desired_data_access_role_arn = desired_data_access_role_arn
        endpoint.last_modified_time = now
        endpoint.progress = Progress.start(ENDPOINT_MODEL, ("UPDATING", "IN_SERVICE"), now)
        self.endpoints.changed(endpoint, now)
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
        self.endpoints.changed(endpoint, now)
        return {}
