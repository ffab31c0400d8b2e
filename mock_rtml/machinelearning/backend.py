"""MachineLearningBackend: Amazon ML (2014-12-12) for one account and region.

The operations live in mixins by resource (datasources, mlmodels, jobs) over BackendBase (state and
shared lookups); this module adds the tag operations and the handle's shortcut.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Mapping, Optional, Sequence

from ..core.lifecycle import Progress
from ..core.table import Table
from .datasources import DataSourcesMixin
from .exceptions import InvalidTagException, TagLimitExceededException
from .jobs import JobsMixin
from .mlmodels import MLModelsMixin
from .entities import DEFAULT_SCORE_THRESHOLD, ML_MODEL_MODEL, Entity, MLModel, Record
from .training import coefficient_regressor, keyword_classifier

_ENTITY_ID = re.compile(r"[a-zA-Z0-9_.-]{1,64}")


class MachineLearningBackend(DataSourcesMixin, MLModelsMixin, JobsMixin):
    """Every simulated Amazon ML operation, as a method named after it (create_ml_model, predict, ...)."""

    # -- tags ------------------------------------------------------------------------------------
    def _tagged(self, resource_id: str, resource_type: str) -> Record:
        tables: Mapping[str, Table[Any]] = {
            "DataSource": self.data_sources,
            "MLModel": self.ml_models,
            "Evaluation": self.evaluations,
            "BatchPrediction": self.batch_predictions,
        }
        entity: Entity = self.found(tables[resource_type], resource_id, resource_type)
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
        """A COMPLETED model without S3 (and a READY realtime endpoint when asked)."""
        if not _ENTITY_ID.fullmatch(str(model_id)):
            raise ValueError(f"model_id must match [a-zA-Z0-9_.-]{{1,64}}, not {model_id!r}")
        if model_id in self.ml_models:
            raise ValueError(f"an MLModel {model_id} already exists")
        if model_type == "REGRESSION":
            if labels is not None or coefficients is None:
                raise TypeError("a REGRESSION model takes coefficients (attribute -> weight) and intercept, not labels")
            predictor: Any = coefficient_regressor(coefficients, intercept)
        elif model_type in ("BINARY", "MULTICLASS"):
            if coefficients is not None or not labels:
                raise TypeError(f"a {model_type} model takes labels (label -> keywords), not coefficients")
            keywords = dict(labels)
            if model_type == "BINARY":
                if set(keywords) - {"0", "1"}:
                    raise ValueError(f"a BINARY model's labels are '0' and '1', not {sorted(keywords)}")
                keywords = {"0": [], "1": [], **keywords}
            elif len(keywords) < 2:
                raise ValueError("a MULTICLASS model needs at least two labels")
            predictor = keyword_classifier(model_type, keywords)
        else:
            raise ValueError(f"model_type must be 'BINARY', 'MULTICLASS' or 'REGRESSION', not {model_type!r}")
        now = self.clock.now()
        record = Record(model_id, None, self.iam_user, now, Progress.start(ML_MODEL_MODEL, ("COMPLETED",), now),
                        {"handle": True}, last_updated_at=now, started_at=now, finished_at=now)
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
