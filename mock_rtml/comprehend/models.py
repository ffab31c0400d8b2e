"""Comprehend resources and how each shows itself on the wire."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple, TypeVar, Union

from ..core.lifecycle import Progress, register
from ..core.throughput import TokenBucket
from ..learning import KeywordModel
from .exceptions import ResourceNotFoundException

CLASSIFIER_MODEL = "comprehend::document-classifier"
ENDPOINT_MODEL = "comprehend::endpoint"
register(CLASSIFIER_MODEL)
register(ENDPOINT_MODEL)

TRAINED = ("TRAINED", "TRAINED_WITH_WARNING")
# Provisioned throughput of one inference unit ("100 characters per second for up to 2 documents
# per second", developer guide, "Creating an endpoint").
CHARACTERS_PER_UNIT = 100
DOCUMENTS_PER_UNIT = 2
TRAINING = ("SUBMITTED", "TRAINING", "STOP_REQUESTED")


@dataclass
class DocumentClassifier:
    arn: str
    name: str
    version_name: Optional[str]
    mode: str
    language_code: str
    submit_time: float
    progress: Progress
    request: Dict[str, Any]  # the optional members as sent (InputDataConfig, VpcConfig, ...)
    model: Optional[KeywordModel] = None
    metadata: Optional[Dict[str, Any]] = None
    message: Optional[str] = None
    tags: Dict[str, str] = field(default_factory=dict)
    deleting: Optional[Progress] = None

    def status(self, now: float, describe: bool = False) -> str:
        if self.deleting is not None:
            return self.deleting.status(now, describe)
        return self.progress.status(now, describe)

    def describe(self, now: float, describe: bool = False) -> Dict[str, Any]:
        status = self.status(now, describe)
        props: Dict[str, Any] = {
            "DocumentClassifierArn": self.arn,
            "LanguageCode": self.language_code,
            "Status": status,
            "SubmitTime": self.submit_time,
            "Mode": self.mode,
            **self.request,
        }
        if self.version_name:
            props["VersionName"] = self.version_name
        # One virtual second per step, so the times are ordered as on AWS.
        if status != "SUBMITTED":
            props["TrainingStartTime"] = self.submit_time + 1
        if status in TRAINED or status in ("IN_ERROR", "STOPPED", "DELETING"):
            props["TrainingEndTime"] = props["EndTime"] = self.submit_time + 2
        if status in TRAINED and self.metadata is not None:
            props["ClassifierMetadata"] = self.metadata
        if status in ("IN_ERROR", "STOPPED") and self.message:
            props["Message"] = self.message
        return props


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


Resource = TypeVar("Resource", bound=Union[DocumentClassifier, Endpoint])


def find(table: Dict[str, Resource], arn: str, now: float, describe: bool = False) -> Resource:
    """The resource with this ARN; one whose delete has finished leaves the table. A describe counts
    towards a `manual` progression."""
    found = table.get(arn)
    if found is not None and found.status(now, describe) == "DELETED":
        del table[arn]
        found = None
    if found is None:
        raise ResourceNotFoundException(f"RESOURCE_NOT_FOUND: Could not find specified resource {arn}")
    return found


def live(table: Dict[str, Resource], now: float) -> List[Resource]:
    """Every resource in the table whose delete has not finished."""
    for arn, resource in list(table.items()):
        if resource.status(now) == "DELETED":
            del table[arn]
    return list(table.values())
