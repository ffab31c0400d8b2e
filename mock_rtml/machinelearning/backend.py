"""MachineLearningBackend: Amazon ML (2014-12-12) for one account and region.

The operations live in mixins by resource (datasources, mlmodels, jobs) over BackendBase (state and
shared lookups); this module adds the tag operations and the handle's shortcut.
"""
from __future__ import annotations

from typing import Any, Dict, Iterator, Mapping, Optional, Sequence, Tuple

from ..core.lifecycle import Progress
from ..core.table import Table
from .datasources import DataSourcesMixin
from .entities import DEFAULT_SCORE_THRESHOLD, ML_MODEL_MODEL, Entity, MLModel, Record
from .exceptions import InvalidTagException, TagLimitExceededException
from .jobs import JobsMixin
from .mlmodels import MLModelsMixin
from .training import coefficient_regressor, keyword_classifier

class MachineLearningBackend(DataSourcesMixin, MLModelsMixin, JobsMixin):
    """Every simulated Amazon ML operation, as a method named after it (create_ml_model, predict, ...)."""

    # -- tags ------------------------------------------------------------------------------------
    def _tables(self) -> Mapping[str, Table[Any]]:
        return {
            "DataSource": self.data_sources,
            "MLModel": self.ml_models,
            "Evaluation": self.evaluations,
            "BatchPrediction": self.batch_predictions,
        }

    def _tagged(self, resource_id: str, resource_type: str) -> Record:
        entity: Entity = self.found(self._tables()[resource_type], resource_id, resource_type)
        return entity.record

    def add_tags(self, tags: Sequence[Mapping[str, str]], resource_id: str, resource_type: str) -> Dict[str, Any]:
        record = self._tagged(resource_id, resource_type)
        new: Dict[str, Optional[str]] = {}
        for tag in tags:
            key = tag.get("Key")
            if not key:
                raise InvalidTagException("Every tag needs a Key")
            _check_key(key)
            new[key] = tag.get("Value")
        merged = {**record.tags, **new}
        limit = self.environment.quotas["machinelearning.tags_per_resource"]
        if len(merged) > limit:
            raise TagLimitExceededException(
                f"A resource can have at most {limit} tags; this request would give {resource_id} {len(merged)}"
            )
        record.tags = merged
        return {"ResourceId": resource_id, "ResourceType": resource_type}

    def describe_tags(self, resource_id: str, resource_type: str) -> Dict[str, Any]:
        record = self._tagged(resource_id, resource_type)
        tags = [{"Key": k} if v is None else {"Key": k, "Value": v} for k, v in sorted(record.tags.items())]
        return {"ResourceId": resource_id, "ResourceType": resource_type, "Tags": tags}

    def delete_tags(self, tag_keys: Sequence[str], resource_id: str, resource_type: str) -> Dict[str, Any]:
        record = self._tagged(resource_id, resource_type)
        for key in tag_keys:
            _check_key(key)
        record.tags = {k: v for k, v in record.tags.items() if k not in set(tag_keys)}
        return {"ResourceId": resource_id, "ResourceType": resource_type}

    # -- for moto's Resource Groups Tagging API (core.resource_groups) ----------------------------
    # Amazon ML's ARNs (IAM's resource types): arn:aws:machinelearning:<region>:<account>:mlmodel/<id>.
    def tagged_resources(self) -> Iterator[Tuple[str, str, Dict[str, str]]]:
        for resource_type, table in self._tables().items():
            kind = resource_type.lower()
            for entity in table.live(self.clock.now()):
                if not entity.record.deleted:
                    arn = f"arn:aws:machinelearning:{self.region}:{self.account_id}:{kind}/{entity.record.entity_id}"
                    yield arn, kind, {k: v or "" for k, v in entity.record.tags.items()}

    def retag(self, arn: str, add: Mapping[str, str], remove: Sequence[str]) -> None:
        kind, _, entity_id = arn.split(":", 5)[5].partition("/")
        resource_type = next(t for t in self._tables() if t.lower() == kind)
        if add:
            self.add_tags([{"Key": k, "Value": v} for k, v in add.items()], entity_id, resource_type)
        if remove:
            self.delete_tags(remove, entity_id, resource_type)

    # -- the handle's shortcut -------------------------------------------------------------------
    def add_ml_model(
        self,
        model_id: str,
        model_type: str,
        labels: Optional[Mapping[str, Sequence[str]]],
        coefficients: Optional[Mapping[str, float]],
        intercept: float,
        endpoint: bool,
    ) -> str:
        """A COMPLETED model without S3 (and a READY realtime endpoint when asked); the handle has
        checked the arguments' types and values."""
        if model_id in self.ml_models:
            raise ValueError(f"model_id: an MLModel {model_id} already exists")
        if model_type == "REGRESSION":
            assert coefficients is not None
            predictor: Any = coefficient_regressor(coefficients, intercept)
        else:
            assert labels is not None
            keywords = dict(labels)
            if model_type == "BINARY":
                if set(keywords) - {"0", "1"}:
                    raise ValueError(f"labels: a BINARY model's labels are '0' and '1', not {sorted(keywords)}")
                keywords = {"0": [], "1": [], **keywords}
            elif len(keywords) < 2:
                raise ValueError("labels: a MULTICLASS model needs at least two labels")
            predictor = keyword_classifier(model_type, keywords)
        now = self.clock.now()
        record = Record(model_id, None, self.iam_user, now, Progress.start(ML_MODEL_MODEL, ("COMPLETED",), now),
                        {"handle": True}, last_updated_at=now)
        model = MLModel(record, model_type, None, None, self.training_parameters(None), None, None, predictor,
                        DEFAULT_SCORE_THRESHOLD if model_type == "BINARY" else None)
        model.size_in_bytes = len(repr(predictor).encode())
        if endpoint:
            model.endpoint = self.new_endpoint(("READY",), now)
        self.ml_models.add(model, now)
        return model_id


def _check_key(key: str) -> None:
    if key.lower().startswith("aws:"):
        raise InvalidTagException(f"Tag key '{key}' is invalid: keys starting with 'aws:' are reserved for AWS use")
