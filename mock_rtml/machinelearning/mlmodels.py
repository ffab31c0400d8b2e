"""ML model operations of MachineLearningBackend: models, realtime endpoints and Predict (the MLModel
entity itself is in entities.py)."""
from __future__ import annotations

import json
import math
from typing import Any, Dict, Mapping, Optional, Tuple

from ..core.coexistence import DataUnavailable
from ..core.dispatch import limit_body
from ..core.errors import excerpt
from ..core.lifecycle import Progress
from ..core.protocol import JSONError, json_size, parse_json
from ..core.throughput import TokenBucket
from .base import BackendBase
from .datasources import read_text
from .exceptions import (
    InvalidInputException,
    LimitExceededException,
    PredictorNotMountedException,
    ResourceNotFoundException,
)
from .listing import describe
from .entities import DEFAULT_SCORE_THRESHOLD, ENDPOINT_MODEL, ML_MODEL_MODEL, MLModel, RealtimeEndpoint, Record
from .schema import SchemaError
from .training import Classifier, NotFinite, Predictor, train_predictor

# The documented defaults of the SGD training parameters.
_DEFAULT_PARAMETERS = {"sgd.maxMLModelSizeInBytes": "33554432", "sgd.maxPasses": "10", "sgd.shuffleType": "none"}
# "Size of each observation: 100 KB" (system limits), read as 100,000 UTF-8 bytes of names and values,
# as Comprehend's "10 KB" is 10,000 bytes. A body too large to hold such a record is refused unread.
MAX_OBSERVATION_BYTES = 100_000
_OTHER_MEMBERS = json_size(2048 + 64) + 4096  # PredictEndpoint, MLModelId, the JSON around them


def _observation_too_large(size: int, what: str = "the request body alone") -> InvalidInputException:
    return InvalidInputException(
        f"The Record is too large: an observation is at most {MAX_OBSERVATION_BYTES} bytes, and {what} is {size} bytes"
    )


limit_body("machinelearning", "Predict", json_size(MAX_OBSERVATION_BYTES) + _OTHER_MEMBERS, _observation_too_large)
_DEFAULT_RECIPE = json.dumps(
    {"groups": {}, "assignments": {}, "outputs": ["ALL_BINARY", "ALL_CATEGORICAL", "ALL_NUMERIC", "ALL_TEXT"]}
)


def _check_parameter(key: str, value: str) -> None:
    def number(low: float, high: float, integral: bool) -> None:
        try:
            parsed = int(value) if integral and value.isascii() else float(value)
        except ValueError:
            parsed = None
        if parsed is None or not low <= parsed <= high or not math.isfinite(parsed) or (integral and isinstance(parsed, float)):
            kind = "an integer" if integral else "a finite number"
            raise InvalidInputException(
                f"Training parameter {key} must be {kind} from {low:g} to {high:g}, not '{excerpt(value)}'"
            )

    if key == "sgd.maxMLModelSizeInBytes":
        number(100000, 2147483648, True)
    elif key == "sgd.maxPasses":
        number(1, 10000, True)
    elif key == "sgd.shuffleType":
        if value not in ("auto", "none"):
            raise InvalidInputException(f"Training parameter sgd.shuffleType must be 'auto' or 'none', not '{excerpt(value)}'")
    elif key in ("sgd.l1RegularizationAmount", "sgd.l2RegularizationAmount"):
        number(0, float("inf"), False)
    else:
        known = ", ".join(sorted([*_DEFAULT_PARAMETERS, "sgd.l1RegularizationAmount", "sgd.l2RegularizationAmount"]))
        raise InvalidInputException(f"Unknown training parameter '{excerpt(key)}'; the parameters are {known}")


class MLModelsMixin(BackendBase):
    @staticmethod
    def training_parameters(parameters: Optional[Mapping[str, str]]) -> Dict[str, str]:
        given = dict(parameters or {})
        for key in sorted(given):
            _check_parameter(key, given[key])
        if "sgd.l1RegularizationAmount" in given and "sgd.l2RegularizationAmount" in given:
            raise InvalidInputException("sgd.l1RegularizationAmount and sgd.l2RegularizationAmount cannot be used together")
        return {**_DEFAULT_PARAMETERS, **given}

    def create_ml_model(
        self,
        ml_model_id: str,
        ml_model_type: str,
        training_data_source_id: str,
        ml_model_name: Optional[str] = None,
        parameters: Optional[Mapping[str, str]] = None,
        recipe: Optional[str] = None,
        recipe_uri: Optional[str] = None,
    ) -> Dict[str, Any]:
        request = {"Type": ml_model_type, "Source": training_data_source_id, "Name": ml_model_name,
                   "Parameters": dict(parameters or {}), "Recipe": recipe, "RecipeUri": recipe_uri}
        if self.retried("MLModel", ml_model_id, self.ml_models.get(ml_model_id), request):
            return {"MLModelId": ml_model_id}
        training_parameters = self.training_parameters(parameters)
        if recipe is not None and recipe_uri is not None:
            raise InvalidInputException("Give at most one of Recipe and RecipeUri")
        if recipe is not None:
            _check_recipe(recipe, "Recipe")
        source = self.usable(self.data_sources, training_data_source_id, "DataSource")
        predictor: Optional[Predictor] = None
        failure: Optional[str] = None
        try:
            if recipe_uri is not None:
                recipe = read_text(self.account_id, recipe_uri, "recipe")
                _check_recipe(recipe, f"The recipe at {recipe_uri}")
            if source.record.failed or source.schema is None:
                raise SchemaError(f"The training DataSource {training_data_source_id} FAILED: {source.record.message}")
            if not source.compute_statistics:
                raise SchemaError(
                    f"The training DataSource {training_data_source_id} was created with ComputeStatistics false; "
                    "Amazon ML needs its statistics to train a model"
                )
            predictor = train_predictor(source.schema, ml_model_type, source.observations)
        except (DataUnavailable, SchemaError, InvalidInputException) as error:
            failure = str(error)
        record = Record.start(ML_MODEL_MODEL, ml_model_id, ml_model_name, self.iam_user, self.clock.now(), request,
                              failure, compute_time=10 * source.records)
        model = MLModel(
            record, ml_model_type, training_data_source_id, source.location, training_parameters, recipe,
            source.schema_text, predictor, DEFAULT_SCORE_THRESHOLD if ml_model_type == "BINARY" else None,
        )
        model.size_in_bytes = len(repr(predictor).encode()) if predictor is not None else 0
        self.ml_models.add(model, record.created_at)
        return {"MLModelId": ml_model_id}

    def get_ml_model(self, ml_model_id: str, verbose: bool = False) -> Dict[str, Any]:
        model = self.found(self.ml_models, ml_model_id, "MLModel", deleted=True)
        reply = model.wire(self.clock.now(), describe=True)
        del reply["Algorithm"]  # only the Describe form carries it
        if verbose:
            reply["Recipe"] = model.recipe if model.recipe is not None else _DEFAULT_RECIPE
            if model.schema_text is not None:
                reply["Schema"] = model.schema_text
        return reply

    def describe_ml_models(self, **query: Any) -> Dict[str, Any]:
        now = self.clock.now()
        return describe(self.ml_models, lambda model: model.wire(now, describe=True), now, "MLModel", **query)

    def update_ml_model(
        self, ml_model_id: str, ml_model_name: Optional[str] = None,
        score_threshold: Optional[float] = None,
    ) -> Dict[str, Any]:
        model = self.found(self.ml_models, ml_model_id, "MLModel")
        now = self.clock.now()
        if score_threshold is not None:
            if model.model_type != "BINARY":
                raise InvalidInputException(f"ScoreThreshold applies to BINARY models; {ml_model_id} is {model.model_type}")
            if not 0.0 <= score_threshold <= 1.0:
                raise InvalidInputException(f"ScoreThreshold must be from 0 to 1, not {score_threshold}")
            model.score_threshold, model.score_threshold_updated_at = float(score_threshold), now
        model.record.rename(model.record.name if ml_model_name is None else ml_model_name, now)
        self.ml_models.changed(model, now)
        return {"MLModelId": ml_model_id}

    def delete_ml_model(self, ml_model_id: str) -> Dict[str, Any]:
        model = self.found(self.ml_models, ml_model_id, "MLModel")
        model.record.delete(self.clock.now())
        model.endpoint = None
        self.ml_models.changed(model, self.clock.now())
        return {"MLModelId": ml_model_id}

    # -- realtime endpoints ----------------------------------------------------------------------
    def create_realtime_endpoint(self, ml_model_id: str) -> Dict[str, Any]:
        model = self.found(self.ml_models, ml_model_id, "MLModel")
        now = self.clock.now()
        if model.endpoint is None:
            status = model.record.status(now)
            if status != "COMPLETED":
                raise InvalidInputException(
                    f"MLModel {ml_model_id} is {status}; a realtime endpoint needs a COMPLETED model"
                )
            model.endpoint = self.new_endpoint(("UPDATING", "READY"), now)
            model.record.last_updated_at = now
            self.ml_models.changed(model, now)
            # The reply reports the request as received: the endpoint is being created.
            info = {**model.endpoint_info(now), "EndpointStatus": "UPDATING"}
        else:
            info = model.endpoint_info(now)
        return {"MLModelId": ml_model_id, "RealtimeEndpointInfo": info}

    def delete_realtime_endpoint(self, ml_model_id: str) -> Dict[str, Any]:
        model = self.found(self.ml_models, ml_model_id, "MLModel")
        if model.endpoint is not None:
            model.endpoint = None
            model.record.last_updated_at = self.clock.now()
            self.ml_models.changed(model, self.clock.now())
        return {"MLModelId": ml_model_id, "RealtimeEndpointInfo": model.endpoint_info(self.clock.now())}

    def predict(
        self, ml_model_id: str, record: Mapping[str, str], predict_endpoint: str
    ) -> Dict[str, Any]:
        model = self.ml_models.get(ml_model_id)
        if model is None or model.record.deleted:
            raise ResourceNotFoundException(f"No MLModel with id {ml_model_id} exists")
        status = model.endpoint.status(self.clock.now()) if model.endpoint is not None else "NONE"
        if status != "READY" or model.predictor is None:
            raise PredictorNotMountedException(
                f"MLModel {ml_model_id} has no READY realtime endpoint (EndpointStatus {status}); "
                "create one with CreateRealtimeEndpoint and wait until GetMLModel shows it READY"
            )
        size = sum(len(text.encode("utf-8", "surrogatepass")) for pair in record.items() for text in pair)
        if size > MAX_OBSERVATION_BYTES:
            raise _observation_too_large(size, "this one")
        self._admit(ml_model_id, model.endpoint)
        predictor = model.predictor
        prediction: Dict[str, Any]
        if isinstance(predictor, Classifier):
            scores = predictor.scores(record)
            if model.model_type == "BINARY":
                positive = dict(scores).get("1", 0.0)
                threshold = model.score_threshold if model.score_threshold is not None else DEFAULT_SCORE_THRESHOLD
                label = "1" if positive >= threshold else "0"
                prediction = {"predictedLabel": label, "predictedScores": {label: positive}}
            else:
                prediction = {"predictedLabel": scores[0][0], "predictedScores": dict(scores)}
        else:
            try:
                prediction = {"predictedValue": predictor.value(record)}
            except NotFinite as error:
                raise InvalidInputException(str(error)) from None
        prediction["details"] = {"PredictiveModelType": model.model_type, "Algorithm": "SGD"}
        return {"Prediction": prediction}


    def new_endpoint(self, steps: Tuple[str, ...], now: float) -> RealtimeEndpoint:
        peak = self.environment.quotas["machinelearning.peak_requests_per_second"]
        return RealtimeEndpoint(self.endpoint_url, now, Progress.start(ENDPOINT_MODEL, steps, now), peak)

    def _admit(self, ml_model_id: str, endpoint: Optional[RealtimeEndpoint]) -> None:
        """With throttling on, an endpoint serves PeakRequestsPerSecond (a token bucket on the virtual clock)."""
        if not self.environment.throttling or endpoint is None:
            return
        now = self.clock.now()
        if endpoint.bucket is None:
            endpoint.bucket = TokenBucket.full(endpoint.peak_requests_per_second, now)
        if not endpoint.bucket.admits(1, now):
            raise LimitExceededException(
                f"Predict requests to MLModel {ml_model_id} exceed its endpoint's PeakRequestsPerSecond "
                f"({endpoint.peak_requests_per_second})"
            )
        endpoint.bucket.take(1)


def _check_recipe(text: str, what: str) -> None:
    try:
        document = parse_json(text)
    except JSONError:
        document = None
    if not isinstance(document, dict):
        raise InvalidInputException(f"{what} must be a JSON object (groups, assignments, outputs)")
