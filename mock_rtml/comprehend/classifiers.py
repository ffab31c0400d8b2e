"""Document classifiers: the resource, its wire form, and Create/Describe/List/Stop/Delete."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence

from ..core.ids import stable_uuid
from ..core.lifecycle import Progress, Progressing, register
from ..core.pagination import cursor, token
from ..core.state import Environment
from ..core.table import Index, Table
from ..learning import KeywordModel, from_keywords
from .base import TRAINED, TRAINING, BackendBase, list_page, one_filter, wire_names, with_token
from .exceptions import (
    InvalidRequestException,
    ResourceInUseException,
    ResourceLimitExceededException,
    ResourceUnavailableException,
)
from .tags import QUOTA as TAGS_QUOTA
from .tags import tag_dict
from .training import TrainingFailed, train_classifier

CLASSIFIER_MODEL = "comprehend::document-classifier"
register(CLASSIFIER_MODEL)
_CLASSIFIER_OPTIONAL = ("InputDataConfig", "OutputDataConfig", "DataAccessRoleArn", "VolumeKmsKeyId", "VpcConfig", "ModelKmsKeyId")
FINISHED = (*TRAINED, "IN_ERROR", "STOPPED")  # statuses that end a training


def _as_described(request: Mapping[str, Any], mode: str, arn: str, account_id: str) -> Dict[str, Any]:
    """The optional members as Describe shows them, with AWS's defaults: InputDataConfig.DataFormat
    COMPREHEND_CSV, LabelDelimiter "|" for MULTI_LABEL, OutputDataConfig {} when none was given, and
    its S3Uri as the path of the training output (`<S3Uri>/<account>-CLR-<id>/output/output.tar.gz`)."""
    described = {k: v for k, v in request.items() if k in _CLASSIFIER_OPTIONAL}
    data = {"DataFormat": "COMPREHEND_CSV", **described["InputDataConfig"]}
    if mode == "MULTI_LABEL":
        data.setdefault("LabelDelimiter", "|")
    output = dict(described.get("OutputDataConfig") or {})
    if output.get("S3Uri"):
        job = f"{account_id}-CLR-{stable_uuid(arn).replace('-', '')}"
        output["S3Uri"] = f"{output['S3Uri'].rstrip('/')}/{job}/output/output.tar.gz"
    return {**described, "InputDataConfig": data, "OutputDataConfig": output}


@dataclass
class DocumentClassifier(Progressing):
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
        # The times of the progression's steps: training starts with TRAINING (a classifier made
        # TRAINED at once started then), and ends with the status that ended it.
        started = self.progress.began_at("TRAINING", *TRAINED)
        ended = self.progress.began_at(*FINISHED)
        if started is not None:
            props["TrainingStartTime"] = started
        if ended is not None:
            props["EndTime"] = ended
            if started is not None:
                props["TrainingEndTime"] = ended
        if status in TRAINED and self.metadata is not None:
            props["ClassifierMetadata"] = self.metadata
        if status in ("IN_ERROR", "STOPPED") and self.message:
            props["Message"] = self.message
        return props


class ClassifiersMixin(BackendBase):
    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        super().__init__(account_id, region, environment)
        # Listed by submit time, then ARN; indexed by the ListDocumentClassifiers filters.
        self.classifiers = Table(
            lambda c: c.arn, lambda c: (c.submit_time, c.arn),
            {"Status": Index(DocumentClassifier.status, moves=True), "DocumentClassifierName": Index(lambda c, now: c.name)},
            gone="DELETED",
        )

    def create_document_classifier(
        self,
        document_classifier_name: str,
        data_access_role_arn: str,
        input_data_config: Mapping[str, Any],
        language_code: str,
        version_name: Optional[str] = None,
        mode: str = "MULTI_CLASS",
        tags: Sequence[Mapping[str, str]] = (),
        client_request_token: Optional[str] = None,
        **options: Any,
    ) -> Dict[str, Any]:
        arn = self.arn("document-classifier", document_classifier_name)
        if version_name:
            arn += f"/version/{version_name}"
        request = {"DataAccessRoleArn": data_access_role_arn, "InputDataConfig": dict(input_data_config), **wire_names(options)}
        if client_request_token and self._tokens.get(client_request_token) == (arn, request):
            return {"DocumentClassifierArn": arn}
        now = self.clock.now()
        if self.classifiers.find(arn, now) is not None:  # a finished delete frees the name
            raise ResourceInUseException(f"Document classifier {arn} already exists")
        if input_data_config.get("LabelDelimiter") and mode != "MULTI_LABEL":
            raise InvalidRequestException("LabelDelimiter is only valid for MULTI_LABEL classifiers")
        # DocumentClassifierInputDataConfig docs: COMPREHEND_CSV (the default) "must provide the S3Uri
        # parameter", AUGMENTED_MANIFEST "must provide the AugmentedManifests parameter".
        data_format = input_data_config.get("DataFormat", "COMPREHEND_CSV")
        needed = "S3Uri" if data_format == "COMPREHEND_CSV" else "AugmentedManifests"
        if not input_data_config.get(needed):
            raise InvalidRequestException(f"InputDataConfig.{needed} is required when DataFormat is {data_format}")
        new_tags = tag_dict(tags, self.environment.quotas[TAGS_QUOTA])
        limit = self.environment.quotas["comprehend.document_classifiers"]
        if self.classifiers.size(now) >= limit:
            raise ResourceLimitExceededException(f"The account has reached its limit of {limit} document classifiers in {self.region}")
        try:
            trained = train_classifier(self.account_id, input_data_config, mode)
            steps, model, metadata, message = ("SUBMITTED", "TRAINING", "TRAINED"), trained.model, trained.metadata, None
        except TrainingFailed as failure:
            steps, model, metadata, message = ("SUBMITTED", "TRAINING", "IN_ERROR"), None, None, str(failure)
        self.classifiers.add(DocumentClassifier(
            arn, document_classifier_name, version_name, mode, language_code, now,
            Progress.start(CLASSIFIER_MODEL, steps, now),
            _as_described(request, mode, arn, self.account_id), model, metadata, message, new_tags,
        ), now)
        if client_request_token:
            self._tokens[client_request_token] = (arn, request)
        return {"DocumentClassifierArn": arn}

    def add_document_classifier(
        self, name: str, labels: Mapping[str, Sequence[str]], mode: str, version_name: Optional[str]
    ) -> str:
        """The handle's shortcut: a TRAINED classifier answering by the given keywords (the handle has
        checked the arguments' types and values)."""
        if len(labels) < 2:
            raise ValueError("labels: a classifier needs at least two labels")
        arn = self.arn("document-classifier", name) + (f"/version/{version_name}" if version_name else "")
        now = self.clock.now()
        if self.classifiers.find(arn, now) is not None:
            raise ValueError(f"name: a classifier {arn} already exists")
        model = from_keywords(labels, multi_label=mode == "MULTI_LABEL")
        metadata = {"NumberOfLabels": len(model.labels), "NumberOfTrainedDocuments": 0, "NumberOfTestDocuments": 0}
        self.classifiers.add(DocumentClassifier(
            arn, name, version_name, mode, "en", now, Progress.start(CLASSIFIER_MODEL, ("TRAINED",), now),
            _as_described({"DataAccessRoleArn": f"arn:aws:iam::{self.account_id}:role/mock-rtml",
                           "InputDataConfig": {"S3Uri": "s3://mock-rtml/keywords"}}, mode, arn, self.account_id),
            model, metadata,
        ), now)
        return arn

    def describe_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        classifier = self._classifier(document_classifier_arn, describe=True)
        return {"DocumentClassifierProperties": classifier.describe(self.clock.now())}

    def list_document_classifiers(
        self, filter: Optional[Mapping[str, Any]] = None, next_token: Optional[str] = None, max_results: int = 100
    ) -> Dict[str, Any]:
        wanted = one_filter(filter)
        now = self.clock.now()
        # SubmitTimeAfter lists newest first, everything else oldest first (DocumentClassifierFilter docs).
        items, following = list_page(self.classifiers, wanted, next_token, max_results, lambda c: c.describe(now), now,
                                     "ListDocumentClassifiers", newest_first="SubmitTimeAfter" in wanted)
        return with_token({"DocumentClassifierPropertiesList": items}, following)

    def list_document_classifier_summaries(self, next_token: Optional[str] = None, max_results: int = 100) -> Dict[str, Any]:
        """One summary per classifier name, by name; the latest version is the last submitted."""
        now = self.clock.now()
        scope = "ListDocumentClassifierSummaries"
        after = cursor(next_token, scope, InvalidRequestException)
        summaries: List[Dict[str, Any]] = []
        for name, versions in self.classifiers.groups("DocumentClassifierName", after[0] if after else None, now):
            if len(summaries) == max_results:
                following = token((summaries[-1]["DocumentClassifierName"],), scope)
                return {"DocumentClassifierSummariesList": summaries, "NextToken": following}
            latest = versions[-1]
            summary = {
                "DocumentClassifierName": name,
                "NumberOfVersions": len(versions),
                "LatestVersionCreatedAt": latest.submit_time,
                "LatestVersionStatus": latest.status(now),
            }
            if latest.version_name:
                summary["LatestVersionName"] = latest.version_name
            summaries.append(summary)
        return {"DocumentClassifierSummariesList": summaries}

    def stop_training_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        classifier = self._classifier(document_classifier_arn)
        now = self.clock.now()
        if classifier.status(now) in ("SUBMITTED", "TRAINING"):
            classifier.progress.divert(("STOP_REQUESTED", "STOPPED"), now)
            classifier.message = "Training was stopped by StopTrainingDocumentClassifier"
            classifier.model, classifier.metadata = None, None
            self.classifiers.changed(classifier, now)
        return {}

    def delete_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        classifier = self._classifier(document_classifier_arn)
        now = self.clock.now()
        users = sorted({e.arn for index in ("ModelArn", "DesiredModelArn")
                        for e in self.endpoints.having(index, document_classifier_arn, now)})
        if users:
            raise ResourceInUseException(
                f"Document classifier {document_classifier_arn} is in use by endpoint(s): {', '.join(users)}; delete them first"
            )
        jobs = self.running_jobs(document_classifier_arn)
        if jobs:
            raise ResourceInUseException(
                f"Document classifier {document_classifier_arn} is in use by running job(s): {', '.join(jobs)}"
            )
        status = classifier.status(now)
        if status in TRAINING:
            raise ResourceUnavailableException(f"Document classifier {document_classifier_arn} is {status}; stop its training first")
        if status == "DELETING":
            raise ResourceInUseException(f"Document classifier {document_classifier_arn} is already being deleted")
        classifier.progress.divert(("DELETING", "DELETED"), now)
        self.classifiers.changed(classifier, now)
        return {}
