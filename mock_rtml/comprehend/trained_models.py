"""What document classifiers and entity recognizers share: their kinds, the resource's common fields
and wire form, and the Create/Describe/List/Summaries/StopTraining/Delete steps, by kind.

`classifiers.py` and `recognizers.py` hold what differs (the request's checks, the training, the
answers) and call these steps with their `Kind`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Dict, List, Mapping, Optional, Sequence, Tuple, TypeVar

from ..core.lifecycle import Progress, Progressing, register
from ..core.pagination import cursor, token
from ..core.table import Index, Table
from .base import TRAINED, TRAINING, BackendBase, list_page, one_filter, with_token
from .exceptions import (
    InvalidRequestException,
    ResourceInUseException,
    ResourceLimitExceededException,
    ResourceUnavailableException,
)
from .tags import QUOTA as TAGS_QUOTA
from .tags import tag_dict

FINISHED = (*TRAINED, "IN_ERROR", "STOPPED")  # statuses that end a training
SUCCEEDS = ("SUBMITTED", "TRAINING", "TRAINED")
FAILS = ("SUBMITTED", "TRAINING", "IN_ERROR")


@dataclass(frozen=True)
class Kind:
    """A kind of trained model, as the API names its members and operations."""

    resource: str  # the ARN's resource type
    wire: str  # the operations' and members' stem: DocumentClassifier -> DocumentClassifierArn, ...
    name_member: str  # the name's member: also a ListX filter member, and the table's index of it
    metadata_member: str
    newest_first: str  # the ListX filter member that lists newest first
    quota: str  # the quota on how many the account may have

    @property
    def state_model(self) -> str:
        """The model name its status progressions have in moto's state manager."""
        return f"comprehend::{self.resource}"


# The filter docs: DocumentClassifierFilter lists SubmitTimeAfter newest first; EntityRecognizerFilter
# lists SubmitTimeBefore newest first ("Jobs are returned in descending order, newest to oldest").
CLASSIFIER = Kind("document-classifier", "DocumentClassifier", "DocumentClassifierName", "ClassifierMetadata",
                  "SubmitTimeAfter", "comprehend.document_classifiers")
RECOGNIZER = Kind("entity-recognizer", "EntityRecognizer", "RecognizerName", "RecognizerMetadata",
                  "SubmitTimeBefore", "comprehend.entity_recognizers")
for _kind in (CLASSIFIER, RECOGNIZER):
    register(_kind.state_model)


class TrainingFailed(Exception):
    """Training ends IN_ERROR; str() is the model's Message."""


def split_digest(text: str, position: int) -> int:
    """The hash of a document (its text and its position in the data) that decides whether it is held
    out for testing."""
    digest = hashlib.sha256(position.to_bytes(8, "big"))
    digest.update(text.encode("utf-8", "surrogatepass"))
    return int.from_bytes(digest.digest()[:4], "big")


def is_held_out(text: str, position: int, percent: int = 10) -> bool:
    """Whether the document at `position` belongs to the test split: AWS keeps 10% of the training
    documents for testing. A deterministic choice by a hash of the document and its position, so that
    copies of one text are split as independently as different texts."""
    return split_digest(text, position) % 100 < percent


T = TypeVar("T")


def trained(train: Callable[[], T]) -> Tuple[Tuple[str, ...], Optional[T], Optional[str]]:
    """Train: the statuses the model will pass, what training made (None if it failed), and its Message."""
    try:
        return SUCCEEDS, train(), None
    except TrainingFailed as failure:
        return FAILS, None, str(failure)


@dataclass
class CustomModel(Progressing):
    """A classifier or a recognizer: what Describe shows of either."""

    kind: ClassVar[Kind]
    arn: str
    name: str
    version_name: Optional[str]
    language_code: str
    submit_time: float
    progress: Progress
    request: Dict[str, Any]  # the optional members as Describe shows them (InputDataConfig, VpcConfig, ...)
    metadata: Optional[Dict[str, Any]] = None
    message: Optional[str] = None
    tags: Dict[str, str] = field(default_factory=dict)

    def fail(self, message: str) -> None:
        """Training ends IN_ERROR with this Message (its output cannot be written)."""
        self.message = message

    def members(self) -> Dict[str, Any]:
        """The kind's own members of Describe (a classifier's Mode)."""
        return {}

    def analyze(self, text: str) -> Dict[str, Any]:
        """The reply of real-time analysis (ClassifyDocument, DetectEntities) to a text, once TRAINED."""
        raise NotImplementedError

    def describe(self, now: float, describe: bool = False) -> Dict[str, Any]:
        status = self.status(now, describe)
        props: Dict[str, Any] = {
            f"{self.kind.wire}Arn": self.arn,
            "LanguageCode": self.language_code,
            "Status": status,
            "SubmitTime": self.submit_time,
            **self.members(),
            **self.request,
        }
        if self.version_name:
            props["VersionName"] = self.version_name
        # The times of the progression's steps: training starts with TRAINING (a model made TRAINED
        # at once started then), and ends with the status that ended it.
        started = self.progress.began_at("TRAINING", *TRAINED)
        ended = self.progress.began_at(*FINISHED)
        if started is not None:
            props["TrainingStartTime"] = started
        if ended is not None:
            props["EndTime"] = ended
            if started is not None:
                props["TrainingEndTime"] = ended
        if status in TRAINED and self.metadata is not None:
            props[self.kind.metadata_member] = self.metadata
        if status in ("IN_ERROR", "STOPPED") and self.message:
            props["Message"] = self.message
        return props


M = TypeVar("M", bound=CustomModel)


def model_table(kind: Kind) -> Table[M]:
    """Listed by submit time, then ARN; indexed by the ListX filters."""
    return Table(
        lambda m: m.arn, lambda m: (m.submit_time, m.arn),
        {"Status": Index(CustomModel.status, moves=True), kind.name_member: Index(lambda m, now: m.name)},
        gone="DELETED",
    )


class TrainedModelsMixin(BackendBase):
    """The steps of the model operations; each kind's module supplies what is its own."""

    def _create_model(
        self, kind: Kind, name: str, version_name: Optional[str], client_request_token: Optional[str],
        request: Mapping[str, Any], tags: Sequence[Mapping[str, str]], make: Callable[[str, float, Dict[str, str]], CustomModel],
    ) -> Dict[str, Any]:
        """CreateX once the kind checked its request: `make(arn, now, tags)` trains the model."""
        arn = self._versioned_arn(kind, name, version_name)
        reply = {f"{kind.wire}Arn": arn}
        if client_request_token and self._tokens.get(client_request_token) == (arn, request):
            return reply
        now = self.clock.now()
        table = self.models_of(kind)
        if table.find(arn, now) is not None:  # a finished delete frees the name
            raise ResourceInUseException(f"{kind.wire} {arn} already exists")
        new_tags = tag_dict(tags, self.environment.quotas[TAGS_QUOTA])
        limit = self.environment.quotas[kind.quota]
        if table.size(now) >= limit:
            raise ResourceLimitExceededException(f"The account has reached its limit of {limit} {kind.resource}s in {self.region}")
        table.add(make(arn, now, new_tags), now)
        if client_request_token:
            self._tokens[client_request_token] = (arn, request)
        return reply

    def _add_ready_model(self, kind: Kind, name: str, version_name: Optional[str], make: Callable[[str, float], CustomModel]) -> str:
        """The handle's shortcut: a model TRAINED at once (the handle has checked the arguments)."""
        arn = self._versioned_arn(kind, name, version_name)
        now = self.clock.now()
        table = self.models_of(kind)
        if table.find(arn, now) is not None:
            raise ValueError(f"name: a {kind.resource} {arn} already exists")
        table.add(make(arn, now), now)
        return arn

    def _versioned_arn(self, kind: Kind, name: str, version_name: Optional[str]) -> str:
        return self.arn(kind.resource, name) + (f"/version/{version_name}" if version_name else "")

    def _describe_model(self, kind: Kind, arn: str) -> Dict[str, Any]:
        model = self.model(arn, kind, describe=True)
        return {f"{kind.wire}Properties": model.describe(self.clock.now())}

    def _list_models(
        self, kind: Kind, filter: Optional[Mapping[str, Any]], next_token: Optional[str], max_results: int
    ) -> Dict[str, Any]:
        wanted = one_filter(filter)
        now = self.clock.now()
        items, following = list_page(self.models_of(kind), wanted, next_token, max_results, lambda m: m.describe(now), now,
                                     f"List{kind.wire}s", newest_first=kind.newest_first in wanted)
        return with_token({f"{kind.wire}PropertiesList": items}, following)

    def _list_summaries(self, kind: Kind, next_token: Optional[str], max_results: int) -> Dict[str, Any]:
        """One summary per name, by name; the latest version is the last submitted."""
        now = self.clock.now()
        scope = f"List{kind.wire}Summaries"
        key = f"{kind.wire}SummariesList"
        after = cursor(next_token, scope, InvalidRequestException)
        summaries: List[Dict[str, Any]] = []
        for name, versions in self.models_of(kind).groups(kind.name_member, after[0] if after else None, now):
            if len(summaries) == max_results:
                return {key: summaries, "NextToken": token((summaries[-1][kind.name_member],), scope)}
            latest = versions[-1]
            summary = {
                kind.name_member: name,
                "NumberOfVersions": len(versions),
                "LatestVersionCreatedAt": latest.submit_time,
                "LatestVersionStatus": latest.status(now),
            }
            if latest.version_name:
                summary["LatestVersionName"] = latest.version_name
            summaries.append(summary)
        return {key: summaries}

    def _stop_training(self, kind: Kind, arn: str) -> Dict[str, Any]:
        model = self.model(arn, kind)
        now = self.clock.now()
        if model.status(now) in ("SUBMITTED", "TRAINING"):
            model.progress.divert(("STOP_REQUESTED", "STOPPED"), now)
            model.message = f"Training was stopped by StopTraining{kind.wire}"
            self.models_of(kind).changed(model, now)
        return {}

    def _delete_model(self, kind: Kind, arn: str) -> Dict[str, Any]:
        model = self.model(arn, kind)
        now = self.clock.now()
        users = sorted({e.arn for index in ("ModelArn", "DesiredModelArn") for e in self.endpoints.having(index, arn, now)})
        if users:
            raise ResourceInUseException(f"{kind.wire} {arn} is in use by endpoint(s): {', '.join(users)}; delete them first")
        jobs = self.running_jobs(arn)
        if jobs:
            raise ResourceInUseException(f"{kind.wire} {arn} is in use by running job(s): {', '.join(jobs)}")
        status = model.status(now)
        if status in TRAINING:
            raise ResourceUnavailableException(f"{kind.wire} {arn} is {status}; stop its training first")
        if status == "DELETING":
            raise ResourceInUseException(f"{kind.wire} {arn} is already being deleted")
        model.progress.divert(("DELETING", "DELETED"), now)
        self.models_of(kind).changed(model, now)
        return {}
