"""Evaluation and batch prediction operations of MachineLearningBackend.

An evaluation computes the model type's metric over its data source (BinaryAUC, MulticlassAvgFScore,
RegressionRMSE). A batch prediction writes Amazon ML's output to moto's S3 under OutputUri when it
completes (at the first read that sees it COMPLETED): batch-prediction/<id>.manifest (JSON: input file
-> result file) and one gzip-compressed CSV per input file, batch-prediction/result/<id>-<file name>.gz,
with one line per record (blank for a record that does not fit the schema; an invalid value is read as
missing). Columns: bestAnswer,score (BINARY), one per class (MULTICLASS), score (REGRESSION), preceded
by "trueLabel" when the data source holds the target, and before that by "tag" (the rowId) when the
schema names one.
"""
from __future__ import annotations

import gzip
import json
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..core.coexistence import output_on_completion
from .base import BackendBase
from .exceptions import InvalidInputException
from .listing import describe
from .entities import (
    BATCH_PREDICTION_MODEL,
    DEFAULT_SCORE_THRESHOLD,
    EVALUATION_MODEL,
    BatchPrediction,
    DataSource,
    Evaluation,
    MLModel,
    Record,
)
from .schema import Observation, Schema, SchemaError
from .training import Classifier, NotFinite, Predictor, average_f1, binary_auc, labelled, rmse, target_label

_FORBIDDEN_IN_OUTPUT_KEY = (":", "//", "/./", "/../")


def scientific(value: float) -> str:
    """Amazon ML's number format in batch output: 8.7642E-3, -1.526385E1, 0.0E0."""
    if value == 0:
        return "0.0E0"
    mantissa, exponent = f"{value:.6E}".split("E")
    mantissa = mantissa.rstrip("0")
    return f"{mantissa}0E{int(exponent)}" if mantissa.endswith(".") else f"{mantissa}E{int(exponent)}"


def _ready(model: MLModel, source: DataSource) -> Predictor:
    """The model's predictor, if model and data source both completed; SchemaError says which did not."""
    if model.record.failed or model.predictor is None:
        raise SchemaError(f"MLModel {model.record.entity_id} FAILED: {model.record.message}")
    if source.record.failed or source.schema is None:
        raise SchemaError(f"DataSource {source.record.entity_id} FAILED: {source.record.message}")
    return model.predictor


def _inputs(values: Mapping[str, str], schema: Schema) -> Dict[str, str]:
    """A record as Predict would get it: without the target, the row id and the excluded attributes."""
    skip = {schema.target, schema.row_id, *schema.excluded}
    return {name: value for name, value in values.items() if name not in skip}


def _metric(model: MLModel, source: DataSource) -> Dict[str, str]:
    predictor = _ready(model, source)
    assert source.schema is not None
    rows = [(label, _inputs(values, source.schema)) for label, values in
            labelled(source.schema, model.model_type, source.observations)]
    if isinstance(predictor, Classifier):
        truths = [label for label, _ in rows]
        if model.model_type == "BINARY":
            return {"BinaryAUC": repr(binary_auc(truths, [predictor.positive(v) for _, v in rows]))}
        return {"MulticlassAvgFScore": repr(average_f1(truths, [predictor.scores(v)[0][0] for _, v in rows]))}
    try:
        return {"RegressionRMSE": repr(rmse([float(label) for label, _ in rows], [predictor.value(v) for _, v in rows]))}
    except NotFinite as error:
        raise SchemaError(f"The evaluation data does not fit the model: {error}") from None


def _true_label(model_type: str, raw: str) -> str:
    """The trueLabel cell: a BINARY target as 1 or 0, any other as given; empty when missing or unreadable."""
    if model_type != "BINARY":
        return _csv_cell(raw.strip())
    try:
        return target_label(model_type, raw) or ""
    except ValueError:
        return ""


def _result_lines(model: MLModel, predictor: Predictor, schema: Schema, labels: List[str],
                  observations: List[Observation]) -> Tuple[List[str], int]:
    row_id, target = schema.row_id, schema.target
    if model.model_type == "BINARY":
        header = ["bestAnswer", "score"]
    elif model.model_type == "MULTICLASS":
        header = labels
    else:
        header = ["score"]
    lines, invalid = [",".join((["tag"] if row_id else []) + (["trueLabel"] if target else []) + header)], 0
    threshold = model.score_threshold if model.score_threshold is not None else DEFAULT_SCORE_THRESHOLD
    for observation in observations:
        if observation.values is None:
            lines.append("")
            invalid += 1
            continue
        values = _inputs(observation.values, schema)
        if isinstance(predictor, Classifier) and model.model_type == "BINARY":
            score = predictor.positive(values)
            cells = ["1" if score >= threshold else "0", scientific(score)]
        elif isinstance(predictor, Classifier):
            scores = dict(predictor.scores(values))
            cells = [scientific(scores.get(label, 0.0)) for label in labels]
        else:
            try:
                cells = [scientific(predictor.value(values))]
            except NotFinite:  # a record that cannot be predicted: a blank line, as an invalid one
                lines.append("")
                invalid += 1
                continue
        truth = [_true_label(model.model_type, observation.values[target])] if target else []
        tag = [_csv_cell(observation.values[row_id])] if row_id else []
        lines.append(",".join(tag + truth + cells))
    return lines, invalid


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value


class JobsMixin(BackendBase):
    # -- evaluations -----------------------------------------------------------------------------
    def create_evaluation(
        self, evaluation_id: str, ml_model_id: str, evaluation_data_source_id: str,
        evaluation_name: Optional[str] = None,
    ) -> Dict[str, Any]:
        request = {"Model": ml_model_id, "Source": evaluation_data_source_id, "Name": evaluation_name}
        if self.retried("Evaluation", evaluation_id, self.evaluations.get(evaluation_id), request):
            return {"EvaluationId": evaluation_id}
        model = self.usable(self.ml_models, ml_model_id, "MLModel")
        source = self.usable(self.data_sources, evaluation_data_source_id, "DataSource")
        metrics: Dict[str, str] = {}
        failure: Optional[str] = None
        try:
            metrics = _metric(model, source)
        except SchemaError as error:
            failure = str(error)
        record = Record.start(EVALUATION_MODEL, evaluation_id, evaluation_name, self.iam_user, self.clock.now(),
                              request, failure, compute_time=10 * source.records)
        self.evaluations.add(Evaluation(record, ml_model_id, evaluation_data_source_id, source.location, metrics), record.created_at)
        return {"EvaluationId": evaluation_id}

    def get_evaluation(self, evaluation_id: str) -> Dict[str, Any]:
        evaluation = self.found(self.evaluations, evaluation_id, "Evaluation", deleted=True)
        return evaluation.wire(self.clock.now(), describe=True)

    def describe_evaluations(self, **query: Any) -> Dict[str, Any]:
        now = self.clock.now()
        return describe(self.evaluations, lambda evaluation: evaluation.wire(now, describe=True), now, "Evaluation", **query)

    def update_evaluation(self, evaluation_id: str, evaluation_name: str) -> Dict[str, Any]:
        evaluation = self.found(self.evaluations, evaluation_id, "Evaluation")
        evaluation.record.rename(evaluation_name, self.clock.now())
        self.evaluations.changed(evaluation, self.clock.now())
        return {"EvaluationId": evaluation_id}

    def delete_evaluation(self, evaluation_id: str) -> Dict[str, Any]:
        evaluation = self.found(self.evaluations, evaluation_id, "Evaluation")
        evaluation.record.delete(self.clock.now())
        self.evaluations.changed(evaluation, self.clock.now())
        return {"EvaluationId": evaluation_id}

    # -- batch predictions -----------------------------------------------------------------------
    def create_batch_prediction(
        self, batch_prediction_id: str, ml_model_id: str,
        batch_prediction_data_source_id: str, output_uri: str, batch_prediction_name: Optional[str] = None,
    ) -> Dict[str, Any]:
        request = {"Model": ml_model_id, "Source": batch_prediction_data_source_id, "Output": output_uri,
                   "Name": batch_prediction_name}
        if self.retried("BatchPrediction", batch_prediction_id, self.batch_predictions.get(batch_prediction_id), request):
            return {"BatchPredictionId": batch_prediction_id}
        key = output_uri[5:].partition("/")[2]
        bad = [s for s in _FORBIDDEN_IN_OUTPUT_KEY if s in key]
        if bad:
            raise InvalidInputException(f"OutputUri {output_uri}: the S3 key must not contain {', '.join(repr(s) for s in bad)}")
        model = self.usable(self.ml_models, ml_model_id, "MLModel")
        source = self.usable(self.data_sources, batch_prediction_data_source_id, "DataSource")
        now = self.clock.now()
        job = BatchPrediction(
            Record.start(BATCH_PREDICTION_MODEL, batch_prediction_id, batch_prediction_name, self.iam_user, now, request),
            ml_model_id, batch_prediction_data_source_id, source.location, output_uri,
        )
        failure: Optional[str] = None
        outputs: List[Tuple[str, bytes]] = []
        try:
            outputs = self._results(job, model, source)
        except SchemaError as error:
            failure = str(error)
        job.record = Record.start(BATCH_PREDICTION_MODEL, batch_prediction_id, batch_prediction_name, self.iam_user,
                                  now, request, failure, compute_time=10 * job.total)
        if failure is None:
            job.record.progress.on_done = output_on_completion(self.account_id, outputs, job.record.fail)
        self.batch_predictions.add(job, now)
        return {"BatchPredictionId": batch_prediction_id}

    def _results(self, job: BatchPrediction, model: MLModel, source: DataSource) -> List[Tuple[str, bytes]]:
        """The files the batch prediction writes when it completes, as (S3 URI, bytes)."""
        predictor = _ready(model, source)
        assert source.schema is not None
        labels = list(predictor.keywords.labels) if isinstance(predictor, Classifier) else []
        by_file: Dict[str, List[Observation]] = {}
        for observation in source.observations:
            by_file.setdefault(observation.source, []).append(observation)
        base = job.output_uri.rstrip("/")
        manifest: Dict[str, str] = {}
        outputs: List[Tuple[str, bytes]] = []
        for uri, observations in by_file.items():
            lines, invalid = _result_lines(model, predictor, source.schema, labels, observations)
            result = f"{base}/batch-prediction/result/{job.record.entity_id}-{uri.rsplit('/', 1)[-1]}.gz"
            outputs.append((result, gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)))
            manifest[uri] = result
            job.total += len(observations)
            job.invalid += invalid
        outputs.append((f"{base}/batch-prediction/{job.record.entity_id}.manifest", json.dumps(manifest).encode()))
        return outputs

    def get_batch_prediction(self, batch_prediction_id: str) -> Dict[str, Any]:
        job = self.found(self.batch_predictions, batch_prediction_id, "BatchPrediction", deleted=True)
        return job.wire(self.clock.now(), describe=True)

    def describe_batch_predictions(self, **query: Any) -> Dict[str, Any]:
        now = self.clock.now()
        return describe(self.batch_predictions, lambda job: job.wire(now, describe=True), now, "BatchPrediction", **query)

    def update_batch_prediction(
        self, batch_prediction_id: str, batch_prediction_name: str
    ) -> Dict[str, Any]:
        job = self.found(self.batch_predictions, batch_prediction_id, "BatchPrediction")
        job.record.rename(batch_prediction_name, self.clock.now())
        self.batch_predictions.changed(job, self.clock.now())
        return {"BatchPredictionId": batch_prediction_id}

    def delete_batch_prediction(self, batch_prediction_id: str) -> Dict[str, Any]:
        job = self.found(self.batch_predictions, batch_prediction_id, "BatchPrediction")
        job.record.delete(self.clock.now())
        self.batch_predictions.changed(job, self.clock.now())
        return {"BatchPredictionId": batch_prediction_id}

