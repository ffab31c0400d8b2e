"""Entity recognizers: the resource, its wire form, and Create/Describe/List/Stop/Delete (the steps
both kinds of trained model share are in `trained_models`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..core.errors import excerpt
from ..core.lifecycle import Progress
from ..core.state import Environment
from .base import wire_names
from .entity_matcher import EntityModel
from .exceptions import InvalidRequestException, UnsupportedLanguageException
from .recognizer_training import MAX_ENTRY_CHARACTERS, train_recognizer
from .trained_models import RECOGNIZER, CustomModel, TrainedModelsMixin, model_table, trained

_OPTIONAL = ("VolumeKmsKeyId", "VpcConfig", "ModelKmsKeyId")
MAX_ENTITY_TYPES = 25  # "Up to 25 entity types can be trained per model" (developer guide)
# CreateEntityRecognizer's LanguageCode documentation: "You can specify any of the following languages".
LANGUAGES = ("en", "es", "fr", "it", "de", "pt")


def _as_described(data: Mapping[str, Any]) -> Dict[str, Any]:
    """InputDataConfig as Describe shows it: DataFormat COMPREHEND_CSV and Documents.InputFormat
    ONE_DOC_PER_LINE when not given (the defaults the API documents)."""
    described = {"DataFormat": "COMPREHEND_CSV", **data}
    if "Documents" in described:
        described["Documents"] = {"InputFormat": "ONE_DOC_PER_LINE", **described["Documents"]}
    return described


def _check_input(data: Mapping[str, Any], language_code: str) -> None:
    """What CreateEntityRecognizer refuses before training (InvalidRequestException, unless said)."""
    if language_code not in LANGUAGES:
        raise UnsupportedLanguageException(
            f"Entity recognizers support these languages: {', '.join(LANGUAGES)}; not {language_code}"
        )
    types = data["EntityTypes"]
    if not 1 <= len(types) <= MAX_ENTITY_TYPES:
        raise InvalidRequestException(f"EntityTypes must list 1 to {MAX_ENTITY_TYPES} entity types, not {len(types)}")
    if data.get("DataFormat", "COMPREHEND_CSV") == "AUGMENTED_MANIFEST":
        if not data.get("AugmentedManifests"):
            raise InvalidRequestException("InputDataConfig.AugmentedManifests is required when DataFormat is AUGMENTED_MANIFEST")
        return
    # EntityRecognizerInputDataConfig docs: COMPREHEND_CSV needs Documents and either Annotations or EntityList.
    if "Documents" not in data:
        raise InvalidRequestException("InputDataConfig.Documents is required when DataFormat is COMPREHEND_CSV")
    if ("Annotations" in data) == ("EntityList" in data):
        raise InvalidRequestException("InputDataConfig needs exactly one of Annotations and EntityList when DataFormat is COMPREHEND_CSV")
    if "Annotations" in data and ("TestS3Uri" in data["Annotations"]) != ("TestS3Uri" in data["Documents"]):
        raise InvalidRequestException("Test documents need test annotations: give both Documents.TestS3Uri and Annotations.TestS3Uri, or neither")


@dataclass
class EntityRecognizer(CustomModel):
    kind = RECOGNIZER
    entities: Optional[EntityModel] = None

    def analyze(self, text: str) -> Dict[str, Any]:
        """DetectEntities' reply: the entities in the text, in order, offsets in characters."""
        entities = self.entities
        assert entities is not None  # only a TRAINED recognizer answers
        return {"Entities": [
            {"Score": score, "Type": kind, "Text": form, "BeginOffset": begin, "EndOffset": end}
            for begin, end, form, kind, score in entities.find(text)
        ]}


class RecognizersMixin(TrainedModelsMixin):
    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        super().__init__(account_id, region, environment)
        self.recognizers = model_table(RECOGNIZER)

    def create_entity_recognizer(
        self,
        recognizer_name: str,
        data_access_role_arn: str,
        input_data_config: Mapping[str, Any],
        language_code: str,
        version_name: Optional[str] = None,
        tags: Sequence[Mapping[str, str]] = (),
        client_request_token: Optional[str] = None,
        model_policy: Optional[str] = None,
        **options: Any,
    ) -> Dict[str, Any]:
        request = {"DataAccessRoleArn": data_access_role_arn, "InputDataConfig": dict(input_data_config), **wire_names(options)}
        _check_input(input_data_config, language_code)
        described = {**{k: v for k, v in request.items() if k in _OPTIONAL}, "DataAccessRoleArn": data_access_role_arn,
                     "InputDataConfig": _as_described(input_data_config)}

        def make(arn: str, now: float, new_tags: Dict[str, str]) -> EntityRecognizer:
            steps, result, message = trained(lambda: train_recognizer(self.account_id, input_data_config))
            return EntityRecognizer(
                arn, recognizer_name, version_name, language_code, now, Progress.start(RECOGNIZER.state_model, steps, now),
                described, None if result is None else result.metadata, message, new_tags,
                None if result is None else result.model,
            )

        return self._create_model(RECOGNIZER, recognizer_name, version_name, client_request_token,
                                  {**request, "ModelPolicy": model_policy}, tags, make)

    def add_entity_recognizer(self, name: str, entities: Mapping[str, Sequence[str]], version_name: Optional[str]) -> str:
        """The handle's shortcut: a TRAINED recognizer finding the given surface forms of each entity
        type, each with score 1.0 (the handle has checked the arguments' types and the types' names):
        1 to 25 types, each form given for one type, as an entity list's Text would be."""
        if len(entities) > MAX_ENTITY_TYPES:
            raise ValueError(f"entities: a recognizer finds 1 to {MAX_ENTITY_TYPES} entity types, not {len(entities)}")
        labels: Dict[str, Tuple[str, float]] = {}
        for kind, forms in entities.items():
            for form in forms:
                if form != form.strip() or len(form) > MAX_ENTRY_CHARACTERS:
                    raise ValueError(f"entities[{kind!r}]: surface forms have 1 to {MAX_ENTRY_CHARACTERS:,} characters and "
                                     f"no whitespace at either end, not {excerpt(form, quoted=True)}")
                if labels.setdefault(form, (kind, 1.0))[0] != kind:
                    raise ValueError(f"entities: {form!r} is given for both {labels[form][0]} and {kind}")
        model = EntityModel.of(labels)
        types: List[Dict[str, Any]] = [{"Type": kind} for kind in entities]
        metadata = {
            "NumberOfTrainedDocuments": 0, "NumberOfTestDocuments": 0,
            "EntityTypes": [{**t, "NumberOfTrainMentions": 0} for t in types],
        }
        data = {"EntityTypes": types, "Documents": {"S3Uri": "s3://mock-rtml/documents"},
                "EntityList": {"S3Uri": "s3://mock-rtml/entities.csv"}}
        request = {"DataAccessRoleArn": f"arn:aws:iam::{self.account_id}:role/mock-rtml", "InputDataConfig": _as_described(data)}

        def make(arn: str, now: float) -> EntityRecognizer:
            progress = Progress.start(RECOGNIZER.state_model, ("TRAINED",), now)
            return EntityRecognizer(arn, name, version_name, "en", now, progress, request, metadata, entities=model)

        return self._add_ready_model(RECOGNIZER, name, version_name, make)

    def describe_entity_recognizer(self, entity_recognizer_arn: str) -> Dict[str, Any]:
        return self._describe_model(RECOGNIZER, entity_recognizer_arn)

    def list_entity_recognizers(
        self, filter: Optional[Mapping[str, Any]] = None, next_token: Optional[str] = None, max_results: int = 100
    ) -> Dict[str, Any]:
        return self._list_models(RECOGNIZER, filter, next_token, max_results)

    def list_entity_recognizer_summaries(self, next_token: Optional[str] = None, max_results: int = 100) -> Dict[str, Any]:
        return self._list_summaries(RECOGNIZER, next_token, max_results)

    def stop_training_entity_recognizer(self, entity_recognizer_arn: str) -> Dict[str, Any]:
        return self._stop_training(RECOGNIZER, entity_recognizer_arn)

    def delete_entity_recognizer(self, entity_recognizer_arn: str) -> Dict[str, Any]:
        return self._delete_model(RECOGNIZER, entity_recognizer_arn)
