"""Document classifiers: the resource, its wire form, and Create/Describe/List/Stop/Delete (the steps
both kinds of trained model share are in `trained_models`).

A classifier created with an OutputDataConfig.S3Uri writes its training output, `output.tar.gz`
holding `confusion_matrix.json`, at the path Describe reports, as a job writes its output: at the
first read that sees it TRAINED; an output bucket missing then ends the training IN_ERROR."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Sequence

from ..core.coexistence import output_on_completion
from ..core.ids import stable_uuid
from ..core.lifecycle import Progress
from ..core.state import Environment
from ..learning import KeywordModel, from_keywords, words
from .base import output_archive, wire_names
from .classifier_training import train_classifier
from .exceptions import InvalidRequestException
from .trained_models import CLASSIFIER, CustomModel, TrainedModelsMixin, model_table, trained

_CLASSIFIER_OPTIONAL = ("InputDataConfig", "OutputDataConfig", "DataAccessRoleArn", "VolumeKmsKeyId", "VpcConfig", "ModelKmsKeyId")


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
class DocumentClassifier(CustomModel):
    kind = CLASSIFIER
    mode: str = "MULTI_CLASS"
    model: Optional[KeywordModel] = None

    def members(self) -> Dict[str, Any]:
        return {"Mode": self.mode}

    def analyze(self, text: str) -> Dict[str, Any]:
        """ClassifyDocument's reply: every label with its score, best first (Classes, or Labels for MULTI_LABEL)."""
        model = self.model
        assert model is not None  # only a TRAINED classifier answers
        tokens = words(text)
        if self.mode == "MULTI_LABEL":
            return {"Labels": [{"Name": n, "Score": s} for n, s in model.label_scores(tokens)]}
        return {"Classes": [{"Name": n, "Score": s} for n, s in model.classes(tokens)]}


class ClassifiersMixin(TrainedModelsMixin):
    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        super().__init__(account_id, region, environment)
        self.classifiers = model_table(CLASSIFIER)

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
        request = {"DataAccessRoleArn": data_access_role_arn, "InputDataConfig": dict(input_data_config), **wire_names(options)}
        if input_data_config.get("LabelDelimiter") and mode != "MULTI_LABEL":
            raise InvalidRequestException("LabelDelimiter is only valid for MULTI_LABEL classifiers")
        # DocumentClassifierInputDataConfig docs: COMPREHEND_CSV (the default) "must provide the S3Uri
        # parameter", AUGMENTED_MANIFEST "must provide the AugmentedManifests parameter".
        data_format = input_data_config.get("DataFormat", "COMPREHEND_CSV")
        needed = "S3Uri" if data_format == "COMPREHEND_CSV" else "AugmentedManifests"
        if not input_data_config.get(needed):
            raise InvalidRequestException(f"InputDataConfig.{needed} is required when DataFormat is {data_format}")

        def make(arn: str, now: float, new_tags: Dict[str, str]) -> DocumentClassifier:
            steps, result, message = trained(lambda: train_classifier(self.account_id, input_data_config, mode))
            classifier = DocumentClassifier(
                arn, document_classifier_name, version_name, language_code, now, Progress.start(CLASSIFIER.state_model, steps, now),
                _as_described(request, mode, arn, self.account_id), None if result is None else result.metadata, message,
                new_tags, mode, None if result is None else result.model,
            )
            output = classifier.request["OutputDataConfig"].get("S3Uri")
            if result is not None and output:
                written = [(output, output_archive("confusion_matrix.json", [result.confusion_matrix]))]
                classifier.progress.on_done = output_on_completion(self.account_id, written, classifier.fail, "IN_ERROR")
            return classifier

        return self._create_model(CLASSIFIER, document_classifier_name, version_name, client_request_token, request, tags, make)

    def add_document_classifier(
        self, name: str, labels: Mapping[str, Sequence[str]], mode: str, version_name: Optional[str]
    ) -> str:
        """The handle's shortcut: a TRAINED classifier answering by the given keywords (the handle has
        checked the arguments' types and values)."""
        if len(labels) < 2:
            raise ValueError("labels: a classifier needs at least two labels")
        model = from_keywords(labels, multi_label=mode == "MULTI_LABEL")
        metadata = {"NumberOfLabels": len(model.labels), "NumberOfTrainedDocuments": 0, "NumberOfTestDocuments": 0}
        request = {"DataAccessRoleArn": f"arn:aws:iam::{self.account_id}:role/mock-rtml",
                   "InputDataConfig": {"S3Uri": "s3://mock-rtml/keywords"}}

        def make(arn: str, now: float) -> DocumentClassifier:
            return DocumentClassifier(
                arn, name, version_name, "en", now, Progress.start(CLASSIFIER.state_model, ("TRAINED",), now),
                _as_described(request, mode, arn, self.account_id), metadata, mode=mode, model=model,
            )

        return self._add_ready_model(CLASSIFIER, name, version_name, make)

    def describe_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        return self._describe_model(CLASSIFIER, document_classifier_arn)

    def list_document_classifiers(
        self, filter: Optional[Mapping[str, Any]] = None, next_token: Optional[str] = None, max_results: int = 100
    ) -> Dict[str, Any]:
        return self._list_models(CLASSIFIER, filter, next_token, max_results)

    def list_document_classifier_summaries(self, next_token: Optional[str] = None, max_results: int = 100) -> Dict[str, Any]:
        return self._list_summaries(CLASSIFIER, next_token, max_results)

    def stop_training_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        return self._stop_training(CLASSIFIER, document_classifier_arn)

    def delete_document_classifier(self, document_classifier_arn: str) -> Dict[str, Any]:
        return self._delete_model(CLASSIFIER, document_classifier_arn)
