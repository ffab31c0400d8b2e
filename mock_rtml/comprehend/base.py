"""BackendBase: the state every Comprehend resource module shares, and the lookups across kinds; the
List helpers and the output archive (jobs' and training's) they share too.

Each resource kind has its own module (classifiers, recognizers, endpoints, real-time analysis, tags),
a mixin over this base that makes its `core.table.Table` (indexes, totals) in `__init__`;
`backend.ComprehendBackend` composes them.
"""
from __future__ import annotations

import gzip
import io
import json
import tarfile
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, TypeVar

from ..core.pagination import Tail, page
from ..core.state import Environment, ServiceBackend
from ..core.table import R, Range, Table
from .exceptions import (
    InvalidRequestException,
    ResourceNotFoundException,
    ResourceUnavailableException,
)

if TYPE_CHECKING:
    from .classifiers import DocumentClassifier
    from .endpoints import Endpoint
    from .jobs import Job
    from .recognizers import EntityRecognizer
    from .trained_models import CustomModel, Kind

# Model statuses (ModelStatus) that can serve an endpoint, and those of a training in progress.
TRAINED = ("TRAINED", "TRAINED_WITH_WARNING")
TRAINING = ("SUBMITTED", "TRAINING", "STOP_REQUESTED")
RUNNING_JOB = ("SUBMITTED", "IN_PROGRESS")  # job statuses (JobStatus) before it ends or is asked to stop
MODEL_RESOURCES = ("document-classifier", "entity-recognizer")


def resource_type(arn: str) -> str:
    """The resource type of a Comprehend ARN: `document-classifier` in `...:document-classifier/news`."""
    return arn.split(":", 5)[-1].split("/", 1)[0]


def not_found() -> ResourceNotFoundException:
    """AWS's documented text (CloudTrail sample in the developer guide): it does not name the resource."""
    return ResourceNotFoundException("RESOURCE_NOT_FOUND: Could not find specified resource.")


class BackendBase(ServiceBackend):
    """Comprehend's state in one account and region."""

    classifiers: Table[DocumentClassifier]
    recognizers: Table[EntityRecognizer]
    endpoints: Table[Endpoint]
    jobs: Dict[str, Table[Job]]  # by the job ARN's resource type (document-classification-job, ...)

    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        super().__init__(account_id, region, environment)
        self._tokens: Dict[str, Any] = {}  # ClientRequestToken -> what the create that used it asked for

    def arn(self, kind: str, name: str) -> str:
        return f"arn:aws:comprehend:{self.region}:{self.account_id}:{kind}/{name}"

    # -- lookups ---------------------------------------------------------------------------------
    # A resource whose delete has finished is gone; a describe counts towards a `manual` progression.
    def models_of(self, kind: Kind) -> Table[Any]:
        """The table of a kind of trained model (classifiers, recognizers)."""
        return self._models(kind.resource)

    def _models(self, resource: str) -> Table[Any]:
        return self.classifiers if resource == "document-classifier" else self.recognizers

    def model(self, arn: str, kind: Optional[Kind] = None, describe: bool = False) -> CustomModel:
        """The classifier or recognizer (of `kind`, when given) an ARN names."""
        resource = resource_type(arn)
        if resource not in MODEL_RESOURCES or (kind is not None and kind.resource != resource):
            raise not_found()
        found: Optional[CustomModel] = self._models(resource).find(arn, self.clock.now(), describe)
        if found is None:
            raise not_found()
        return found

    def _endpoint(self, arn: str, describe: bool = False) -> Endpoint:
        found = self.endpoints.find(arn, self.clock.now(), describe)
        if found is None:
            raise not_found()
        return found

    def job_at(self, arn: str) -> Optional[Job]:
        """One of our jobs, by ARN (None: unknown, or a job of moto's)."""
        kind, _, job_id = arn.split(":", 5)[-1].partition("/")
        table = self.jobs.get(kind)
        return None if table is None else table.find(job_id, self.clock.now())

    def running_jobs(self, model_arn: str) -> List[str]:
        """The ARNs of the SUBMITTED or IN_PROGRESS jobs of a model."""
        now = self.clock.now()
        return sorted(job.arn for table in self.jobs.values() for job in table.having("ModelArn", model_arn, now)
                      if job.status(now) in RUNNING_JOB)

    def trained_model(self, model_arn: str) -> CustomModel:
        """The classifier or recognizer an ARN names, which must exist and be trained: what an endpoint
        (or an analysis job) may use. `trained_model(arn).analyze(text)` answers as its endpoint would."""
        model = self.model(model_arn)
        status = model.status(self.clock.now())
        if status not in TRAINED:
            raise ResourceUnavailableException(f"Model {model_arn} is {status}; only a TRAINED model can serve an endpoint")
        return model

    def serving_model(self, endpoint: Endpoint) -> CustomModel:
        """The model an endpoint in service answers with: it was TRAINED when the endpoint took it, and
        cannot be deleted while the endpoint uses it."""
        served: CustomModel = self._models(resource_type(endpoint.model_arn))[endpoint.model_arn]
        return served

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


W = TypeVar("W")


def selection(wanted: Mapping[str, Any]) -> Tuple[Optional[str], Range]:
    """What a List operation's one filter member selects: `...Before` / `...After` bound the listing
    order (submit or creation time, then ARN), so the index is None; any other member selects by
    equality on the table's index of the same name."""
    index: Optional[str] = None
    where = Range()
    for member, value in wanted.items():
        if member.endswith("Before"):
            where = Range(high=value, high_open=True)
        elif member.endswith("After"):
            where = Range(low=value, low_open=True)
        else:
            index, where = member, Range.equal(value)
    return index, where


def list_page(
    table: Table[R], wanted: Mapping[str, Any], next_token: Optional[str], max_results: int, read: Callable[[R], W],
    now: float, operation: str, newest_first: bool = False, tail: Optional[Callable[[], Tail[W]]] = None,
) -> Tuple[List[W], Optional[str]]:
    """A page of a List operation under its one filter member (see `selection`), then of the items
    `tail()` gives (see `core.pagination.page`)."""
    index, where = selection(wanted)
    scope = f"{operation} {sorted(wanted.items())!r}"
    return page(table, index, where, next_token, max_results, read, now, scope, InvalidRequestException, newest_first, tail)


def with_token(reply: Dict[str, Any], token: Optional[str]) -> Dict[str, Any]:
    if token:
        reply["NextToken"] = token
    return reply


def wire_names(options: Mapping[str, Any]) -> Dict[str, Any]:
    """snake_case keyword options back to the wire's member names."""
    return {"".join(part.capitalize() for part in k.split("_")): v for k, v in options.items()}


def output_archive(member: str, lines: Sequence[Dict[str, Any]]) -> bytes:
    """output.tar.gz holding one file of JSON lines (of one JSON document: [document]); the same bytes
    for the same lines (no times, owners). Jobs' output, and a classifier's training output."""
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
    info = tarfile.TarInfo(member)
    info.size, info.mode, info.mtime = len(data), 0o644, 0
    tar = io.BytesIO()
    with tarfile.open(fileobj=tar, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        archive.addfile(info, io.BytesIO(data))
    return gzip.compress(tar.getvalue(), mtime=0)
