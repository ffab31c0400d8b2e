"""ComprehendBackend: one method per simulated operation, for one account and region."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from ..core.errors import NotSimulated
from ..core.lifecycle import Progress
from ..core.pagination import page
from ..core.state import Environment
from ..learning import from_keywords, words
from .endpoints import EndpointsMixin, one_filter
from .exceptions import (
    InvalidRequestException,
    ResourceInUseException,
    ResourceLimitExceededException,
    ResourceNotFoundException,
    ResourceUnavailableException,
    TextSizeLimitExceededException,
)
from .models import CLASSIFIER_MODEL, TRAINED, TRAINING, DocumentClassifier, Endpoint, find, live
from .tags import QUOTA as TAGS_QUOTA
from .tags import TagsMixin, tag_dict
from .training import TrainingFailed, train_classifier

MAX_TEXT_BYTES = 10_000  # real-time custom classification: 10 KB of UTF-8 text
_CLASSIFIER_OPTIONAL = ("InputDataConfig", "OutputDataConfig", "DataAccessRoleArn", "VolumeKmsKeyId", "VpcConfig", "ModelKmsKeyId")


class ComprehendBackend(EndpointsMixin, TagsMixin):
    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        self.account_id = account_id
        self.region = region
        self.environment = environment
        self.clock = environment.clock
        self.classifiers: Dict[str, DocumentClassifier] = {}
        self.endpoints: Dict[str, Endpoint] = {}
        self._tokens: Dict[str, Any] = {}

    def arn(self, kind: str, name: str) -> str:
        return f"arn:aws:comprehend:{self.region}:{self.account_id}:{kind}/{name}"

    # -- lookups ---------------------------------------------------------------------------------
    def _classifier(self, arn: str, describe: bool = False) -> DocumentClassifier:
        return find(self.classifiers, arn, self.clock.now(), describe)

    def _live_classifiers(self) -> List[DocumentClassifier]:
        return live(self.classifiers, self.clock.now())

    def _tagged(self, arn: str) -> Dict[str, str]:
        if ":document-classifier-endpoint/" in arn or ":entity-recognizer-endpoint/" in arn:
            return self._endpoint(arn).tags
        return self._classifier(arn).tags

    # -- document classifiers --------------------------------------------------------------------
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
        request = {"DataAccessRoleArn": data_access_role_arn, "InputDataConfig": dict(input_data_config), **_wire(options)}
        if client_request_token and self._tokens.get(client_request_token) == (arn, request):
            return {"DocumentClassifierArn": arn}
        if arn in self.classifiers:
            self._classifier(arn)  # a finished delete frees the name
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
        if len(self._live_classifiers()) >= limit:
            raise ResourceLimitExceededException(f"The account has reached its limit of {limit} document classifiers in {self.region}")
        now = self.clock.now()
        try:
            trained = train_classifier(self.account_id, input_data_config, mode)
            steps, model, metadata, message = ("SUBMITTED", "TRAINING", "TRAINED"), trained.model, trained.metadata, None
        except TrainingFailed as failure:
            steps, model, metadata, message = ("SUBMITTED", "TRAINING", "IN_ERROR"), None, None, str(failure)
        self.classifiers[arn] = DocumentClassifier(
            arn, document_classifier_name, version_name, mode, language_code, now,
            Progress.start(CLASSIFIER_MODEL, steps, now),
            {k: v for k, v in request.items() if k in _CLASSIFIER_OPTIONAL},
            model, metadata, message, new_tags,
        )
        if client_request_token:
            self._tokens[client_request_token] = (arn, request)
        return {"DocumentClassifierArn": arn}

    def add_document_classifier(
        self, name: str, labels: Mapping[str, Sequence[str]], mode: str, version_name: Optional[str]
    ) -> str:
        """The handle's shortcut: a TRAINED classifier answering by the given keywords."""
        if mode not in ("MULTI_CLASS", "MULTI_LABEL"):
            raise ValueError(f"mode must be 'MULTI_CLASS' or 'MULTI_LABEL', not {mode!r}")
        if len(labels) < 2:
            raise ValueError("a classifier needs at least two labels")
        arn = self.arn("document-classifier", name) + (f"/version/{version_name}" if version_name else "")
        if arn in self.classifiers:
            raise ValueError(f"a classifier {arn} already exists")
        model = from_keywords(labels, multi_label=mode == "MULTI_LABEL")
        now = self.clock.now()
        metadata = {"NumberOfLabels": len(model.labels), "NumberOfTrainedDocuments": 0, "NumberOfTestDocuments": 0}
        self.classifiers[arn] = DocumentClassifier(
            arn, name, version_name, mode, "en", now, Progress.start(CLASSIFIER_MODEL, ("TRAINED",), now),
            {"DataAccessRoleArn": f"arn:aws:iam::{self.account_id}:role/mock-rtml",
             "InputDataConfig": {"DataFormat": "COMPREHEND_CSV", "S3Uri": "s3://mock-rtml/keywords"}},
            model, metadata,
        )
        return arn

    def describe_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        classifier = self._classifier(document_classifier_arn, describe=True)
        return {"DocumentClassifierProperties": classifier.describe(self.clock.now())}

    def list_document_classifiers(
        self, filter: Optional[Mapping[str, Any]] = None, next_token: Optional[str] = None, max_results: int = 100
    ) -> Dict[str, Any]:
        wanted = one_filter(filter)
        now = self.clock.now()
        found = []
        # SubmitTimeAfter lists newest first, everything else oldest first (DocumentClassifierFilter docs).
        newest_first = "SubmitTimeAfter" in wanted
        for c in sorted(self._live_classifiers(), key=lambda c: (c.submit_time, c.arn), reverse=newest_first):
            status = c.status(now)
            if "Status" in wanted and status != wanted["Status"]:
                continue
            if "DocumentClassifierName" in wanted and c.name != wanted["DocumentClassifierName"]:
                continue
            if "SubmitTimeBefore" in wanted and not c.submit_time < wanted["SubmitTimeBefore"]:
                continue
            if "SubmitTimeAfter" in wanted and not c.submit_time > wanted["SubmitTimeAfter"]:
                continue
            found.append(c.describe(now))
        items, token = page(found, next_token, max_results, InvalidRequestException)
        return _with_token({"DocumentClassifierPropertiesList": items}, token)

    def list_document_classifier_summaries(self, next_token: Optional[str] = None, max_results: int = 100) -> Dict[str, Any]:
        now = self.clock.now()
        groups: Dict[str, List[DocumentClassifier]] = {}
        for c in sorted(self._live_classifiers(), key=lambda c: (c.submit_time, c.arn)):
            groups.setdefault(c.name, []).append(c)
        summaries = []
        for name in sorted(groups):
            latest = groups[name][-1]
            summary = {
                "DocumentClassifierName": name,
                "NumberOfVersions": len(groups[name]),
                "LatestVersionCreatedAt": latest.submit_time,
                "LatestVersionStatus": latest.status(now),
            }
            if latest.version_name:
                summary["LatestVersionName"] = latest.version_name
            summaries.append(summary)
        items, token = page(summaries, next_token, max_results, InvalidRequestException)
        return _with_token({"DocumentClassifierSummariesList": items}, token)

    def stop_training_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        classifier = self._classifier(document_classifier_arn)
        now = self.clock.now()
        if classifier.status(now) in ("SUBMITTED", "TRAINING"):
            classifier.progress = Progress.start(CLASSIFIER_MODEL, ("STOP_REQUESTED", "STOPPED"), now)
            classifier.message = "Training was stopped by StopTrainingDocumentClassifier"
            classifier.model, classifier.metadata = None, None
        return {}

    def delete_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        classifier = self._classifier(document_classifier_arn)
        now = self.clock.now()
        users = sorted(e.arn for e in self._live_endpoints() if document_classifier_arn in (e.model_arn, e.desired_model_arn))
        if users:
            raise ResourceInUseException(
                f"Document classifier {document_classifier_arn} is in use by endpoint(s): {', '.join(users)}; delete them first"
            )
        status = classifier.status(now)
        if status in TRAINING:
            raise ResourceUnavailableException(f"Document classifier {document_classifier_arn} is {status}; stop its training first")
        if status == "DELETING":
            raise ResourceInUseException(f"Document classifier {document_classifier_arn} is already being deleted")
        classifier.deleting = Progress.start(CLASSIFIER_MODEL, ("DELETING", "DELETED"), now)
        return {}

    def trained_classifier(self, model_arn: str) -> DocumentClassifier:
        """The classifier behind an endpoint's model ARN, which must exist and be trained."""
        if ":document-classifier/" not in model_arn:
            raise ResourceNotFoundException(f"RESOURCE_NOT_FOUND: Could not find specified resource {model_arn}")
        classifier = self._classifier(model_arn)
        status = classifier.status(self.clock.now())
        if status not in TRAINED:
            raise ResourceUnavailableException(f"Model {model_arn} is {status}; only a TRAINED model can serve an endpoint")
        return classifier

    # -- real-time analysis ----------------------------------------------------------------------
    def classify_document(
        self, endpoint_arn: str, text: Optional[str] = None, bytes: Optional[bytes] = None, **_: Any
    ) -> Dict[str, Any]:
        text = _document_text(text, bytes)
        endpoint = self.serving_endpoint(endpoint_arn, "document-classifier-endpoint")
        self.admit(endpoint, len(text))
        # The endpoint's model was TRAINED when it was attached and cannot be deleted while in use.
        classifier = self.classifiers[endpoint.model_arn]
        model = classifier.model
        assert model is not None
        tokens = words(text)
        if classifier.mode == "MULTI_LABEL":
            return {"Labels": [{"Name": n, "Score": s} for n, s in model.label_scores(tokens)]}
        return {"Classes": [{"Name": n, "Score": s} for n, s in model.classes(tokens)]}

    def detect_entities(
        self, text: Optional[str] = None, endpoint_arn: Optional[str] = None, bytes: Optional[bytes] = None, **_: Any
    ) -> Dict[str, Any]:
        if endpoint_arn is None:
            raise NotSimulated("DetectEntities without an EndpointArn is a built-in model")
        _document_text(text, bytes)
        self.serving_endpoint(endpoint_arn, "entity-recognizer-endpoint")
        raise ResourceUnavailableException(f"Endpoint {endpoint_arn} is not available")  # unreachable: no recognizers


def _document_text(text: Optional[str], data: Optional[bytes]) -> str:
    """The plain text of a real-time request (Text, or Bytes holding UTF-8), within the size limit."""
    if (text is None) == (data is None):
        raise InvalidRequestException("Exactly one of Text and Bytes must be given", Reason="INVALID_DOCUMENT")
    if text is None:
        try:
            text = (data or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRequestException(
                "mock_rtml reads Bytes as UTF-8 plain text; this document is not UTF-8",
                Reason="INVALID_DOCUMENT", Detail={"Reason": "UNSUPPORTED_DOC_TYPE"},
            ) from None
    size = len(text) if len(text) * 4 <= MAX_TEXT_BYTES else len(text.encode("utf-8"))  # at most 4 bytes a character
    if size > MAX_TEXT_BYTES:
        raise TextSizeLimitExceededException(
            f"Input text size exceeds limit. Max length of request text allowed is {MAX_TEXT_BYTES} bytes "
            f"while in this request the text size is {size} bytes"
        )
    return text


def _wire(options: Mapping[str, Any]) -> Dict[str, Any]:
    """snake_case keyword options back to the wire's member names."""
    return {"".join(part.capitalize() for part in k.split("_")): v for k, v in options.items()}


def _with_token(reply: Dict[str, Any], token: Optional[str]) -> Dict[str, Any]:
    if token:
        reply["NextToken"] = token
    return reply
