"""Amazon ML evaluations (the model type's metric) and batch predictions (results written to moto's S3)."""
from __future__ import annotations

import gzip
import json
import math

import pytest
from botocore.exceptions import ClientError

from ml_datasets import BUCKET, s3_source, spam_csv, spam_schema, topics_csv, topics_schema, upload
from status_progressions import progression


def _error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]


def _schema(target, target_type, feature="text", feature_type="TEXT", **extra):
    return json.dumps({"targetAttributeName": target, "dataFileContainsHeader": True, "attributes": [
        {"attributeName": feature, "attributeType": feature_type},
        {"attributeName": target, "attributeType": target_type}], **extra})


def _metric(ml, model_id, source_id):
    ml.create_evaluation(EvaluationId="ev", MLModelId=model_id, EvaluationDataSourceId=source_id)
    evaluation = ml.get_evaluation(EvaluationId="ev")
    assert evaluation["Status"] == "COMPLETED", evaluation.get("Message")
    ((name, value),) = evaluation["PerformanceMetrics"]["Properties"].items()
    return name, float(value)


def test_binary_evaluation_computes_the_auc(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", "BINARY", {"1": ["prize"]})
    s3_source(ml, s3, "ds", "text,y\nprize,1\nprize,0\nhello,1\nhello,0\nprize,1\n", _schema("y", "BINARY"))
    # Positives score (high, low, high), negatives (high, low): 3.5 of 6 pairs are ordered right.
    assert _metric(ml, "m", "ds") == ("BinaryAUC", pytest.approx(3.5 / 6))


def test_multiclass_evaluation_computes_the_average_f_score(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", labels={"A": ["alpha"], "B": ["beta"]})
    s3_source(ml, s3, "ds", "text,y\nalpha,A\nbeta,B\nalpha,B\nbeta,B\n", _schema("y", "CATEGORICAL"))
    # A: F1 = 2/3 (tp 1, fp 1); B: F1 = 4/5 (tp 2, fn 1).
    assert _metric(ml, "m", "ds") == ("MulticlassAvgFScore", pytest.approx((2 / 3 + 4 / 5) / 2))


def test_regression_evaluation_computes_the_rmse(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", "REGRESSION", coefficients={"x": 2.0}, intercept=1.0)
    s3_source(ml, s3, "ds", "x,y\n1,3\n2,6\n3,7\n", _schema("y", "NUMERIC", "x", "NUMERIC"))
    assert _metric(ml, "m", "ds") == ("RegressionRMSE", pytest.approx(math.sqrt(1 / 3)))


def test_evaluation_on_the_training_data_of_separable_classes_is_perfect(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds")
    assert _metric(ml, "m", "ds") == ("BinaryAUC", 1.0)
    evaluation = ml.describe_evaluations(FilterVariable="MLModelId", EQ="m")["Results"][0]
    assert (evaluation["EvaluationDataSourceId"], evaluation["InputDataLocationS3"]) == ("ds", f"s3://{BUCKET}/ds.csv")
    ml.get_waiter("evaluation_available").wait(FilterVariable="MLModelId", EQ="m")


@pytest.mark.parametrize(
    "source_csv, schema, words",
    [
        ("text,y\nprize,1\nhello,1\n", _schema("y", "BINARY"), "needs observations of both classes"),
        ("text,y\nprize,A\n", _schema("y", "CATEGORICAL"), "needs a BINARY target"),
        ("text,y\nprize,1\n", "{broken", "DataSource ds FAILED"),
    ],
)
def test_evaluation_problems_end_failed(rtml, ml_clients, source_csv, schema, words):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", "BINARY", {"1": ["prize"]})
    s3_source(ml, s3, "ds", source_csv, schema)
    ml.create_evaluation(EvaluationId="ev", MLModelId="m", EvaluationDataSourceId="ds")
    evaluation = ml.get_evaluation(EvaluationId="ev")
    assert evaluation["Status"] == "FAILED" and words in evaluation["Message"]
    assert "PerformanceMetrics" not in evaluation


def test_evaluation_of_a_failed_model_fails(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema(), statistics=False)
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds")
    ml.create_evaluation(EvaluationId="ev", MLModelId="m", EvaluationDataSourceId="ds")
    assert ml.get_evaluation(EvaluationId="ev")["Message"].startswith("MLModel m FAILED: The training DataSource")


@pytest.mark.parametrize("operation, id_key", [("create_evaluation", "EvaluationId"),
                                               ("create_batch_prediction", "BatchPredictionId")])
def test_unknown_inputs_are_invalid_input(rtml, ml_clients, operation, id_key):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    s3_source(ml, s3, "ds", topics_csv(), topics_schema())
    source_key = "EvaluationDataSourceId" if operation == "create_evaluation" else "BatchPredictionDataSourceId"
    extra = {"OutputUri": f"s3://{BUCKET}/out/"} if operation == "create_batch_prediction" else {}
    call = getattr(ml, operation)
    assert _error(call, **{id_key: "x", "MLModelId": "nope", source_key: "ds"}, **extra)["Message"] == "The MLModel nope does not exist"
    assert _error(call, **{id_key: "x", "MLModelId": "m", source_key: "nope"}, **extra)["Code"] == "InvalidInputException"


def _results(s3, key):
    return gzip.decompress(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()).decode().split("\n")


def test_binary_batch_prediction_writes_manifest_and_gzip_csv(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", "BINARY", {"1": ["prize"]})
    ml.update_ml_model(MLModelId="m", ScoreThreshold=0.6)
    s3_source(ml, s3, "ds", "text,y\nprize,1\nhello,0\n", _schema("y", "BINARY"))
    ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                               OutputUri=f"s3://{BUCKET}/output/")
    ml.get_waiter("batch_prediction_available").wait(FilterVariable="MLModelId", EQ="m")
    job = ml.get_batch_prediction(BatchPredictionId="bp")
    assert (job["Status"], job["TotalRecordCount"], job["InvalidRecordCount"]) == ("COMPLETED", 2, 0)
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key="output/batch-prediction/bp.manifest")["Body"].read())
    result_uri = f"s3://{BUCKET}/output/batch-prediction/result/bp-ds.csv.gz"
    assert manifest == {f"s3://{BUCKET}/ds.csv": result_uri}
    # The data source holds the target: its value leads each line (AWS's cost-based-ml sample reads it).
    assert _results(s3, "output/batch-prediction/result/bp-ds.csv.gz") == [
        "trueLabel,bestAnswer,score", "1,1,7.310586E-1", "0,0,2.689414E-1", "",
    ]


def test_without_the_target_in_the_data_source_there_is_no_true_label(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", "BINARY", {"1": ["prize"]})
    s3_source(ml, s3, "ds", "text\nprize\n", json.dumps({"dataFileContainsHeader": True, "attributes": [
        {"attributeName": "text", "attributeType": "TEXT"}]}))
    ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                               OutputUri=f"s3://{BUCKET}/out/")
    ml.get_waiter("batch_prediction_available").wait(FilterVariable="MLModelId", EQ="m")
    assert _results(s3, "out/batch-prediction/result/bp-ds.csv.gz") == ["bestAnswer,score", "1,7.310586E-1", ""]


def test_multiclass_batch_prediction_has_a_column_per_class_and_the_row_id_as_tag(ml_clients):
    """The row id leads each line in a "tag" column (our reading of the developer guide's rowId)."""
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", topics_csv(), topics_schema())
    ml.create_ml_model(MLModelId="m", MLModelType="MULTICLASS", TrainingDataSourceId="ds")
    ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                               OutputUri=f"s3://{BUCKET}/out")
    ml.get_waiter("batch_prediction_available").wait(FilterVariable="MLModelId", EQ="m")
    lines = _results(s3, "out/batch-prediction/result/bp-ds.csv.gz")
    assert lines[0] == "tag,trueLabel,politics,science,sports"
    assert len(lines) == 32 and lines[-1] == ""
    tag, truth, *scores = lines[1].split(",")
    assert (tag, truth) == ("politics-0", "politics") and max(scores, key=float) == scores[0]


def test_batch_prediction_reads_invalid_values_as_missing_and_leaves_misfit_records_blank(rtml, ml_clients):
    """A value invalid for its type is a missing one (the regression then uses the attribute's mean); a
    record with the wrong number of columns cannot be read, and its line is blank."""
    ml, s3 = ml_clients
    rtml.add_ml_model("m", "REGRESSION", coefficients={"x": 2.0}, intercept=-20.0)
    s3_source(ml, s3, "ds", "x,y\n0,3\nnot-a-number,6\n1,2,3\n10,0\n", _schema("y", "NUMERIC", "x", "NUMERIC"))
    ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                               OutputUri=f"s3://{BUCKET}/out/")
    job = ml.get_batch_prediction(BatchPredictionId="bp")
    assert (job["TotalRecordCount"], job["InvalidRecordCount"]) == (4, 1)
    assert _results(s3, "out/batch-prediction/result/bp-ds.csv.gz") == [
        "trueLabel,score", "3,-2.0E1", "6,-2.0E1", "", "0,0.0E0", "",
    ]


def test_batch_prediction_output_is_written_when_the_job_completes(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    s3_source(ml, s3, "ds", topics_csv(), topics_schema())
    with progression("machinelearning::batch-prediction", progression="time", seconds=600):
        ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                                   OutputUri=f"s3://{BUCKET}/out/")
        assert ml.get_batch_prediction(BatchPredictionId="bp")["Status"] == "PENDING"
        assert s3.list_objects_v2(Bucket=BUCKET, Prefix="out/")["KeyCount"] == 0
        ml.get_waiter("batch_prediction_available").wait(FilterVariable="MLModelId", EQ="m")
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key="out/batch-prediction/bp.manifest")["Body"].read())
    assert list(manifest.values()) == [f"s3://{BUCKET}/out/batch-prediction/result/bp-ds.csv.gz"]


def test_batch_prediction_into_a_missing_bucket_fails(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    s3_source(ml, s3, "ds", topics_csv(), topics_schema())
    ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                               OutputUri="s3://no-such-bucket/out/")
    job = ml.get_batch_prediction(BatchPredictionId="bp")
    assert job["Status"] == "FAILED" and "no-such-bucket does not exist" in job["Message"]
    assert "TotalRecordCount" not in job


@pytest.mark.parametrize("key", ["a//b/", "a/./b", "a/../b", "a:b/"])
def test_output_uri_key_with_forbidden_parts_is_invalid_input(rtml, ml_clients, key):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    s3_source(ml, s3, "ds", topics_csv(), topics_schema())
    error = _error(ml.create_batch_prediction, BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                   OutputUri=f"s3://{BUCKET}/{key}")
    assert error["Code"] == "InvalidInputException"


def test_get_update_delete_and_idempotency_of_both_job_types(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    upload(s3, "x", "")
    s3_source(ml, s3, "ds", topics_csv(), topics_schema())
    ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                               OutputUri=f"s3://{BUCKET}/o/", BatchPredictionName="nightly")
    ml.create_evaluation(EvaluationId="ev", MLModelId="m", EvaluationDataSourceId="ds", EvaluationName="weekly")
    assert ml.create_evaluation(EvaluationId="ev", MLModelId="m", EvaluationDataSourceId="ds",
                                EvaluationName="weekly")["EvaluationId"] == "ev"
    assert _error(ml.create_evaluation, EvaluationId="ev", MLModelId="m",
                  EvaluationDataSourceId="ds")["Code"] == "IdempotentParameterMismatchException"
    ml.update_evaluation(EvaluationId="ev", EvaluationName="renamed")
    ml.update_batch_prediction(BatchPredictionId="bp", BatchPredictionName="renamed")
    assert ml.get_evaluation(EvaluationId="ev")["Name"] == ml.get_batch_prediction(BatchPredictionId="bp")["Name"] == "renamed"
    ml.delete_evaluation(EvaluationId="ev")
    ml.delete_batch_prediction(BatchPredictionId="bp")
    assert ml.get_evaluation(EvaluationId="ev")["Status"] == ml.get_batch_prediction(BatchPredictionId="bp")["Status"] == "DELETED"
    assert _error(ml.update_evaluation, EvaluationId="ev", EvaluationName="x")["Code"] == "ResourceNotFoundException"
    assert _error(ml.delete_batch_prediction, BatchPredictionId="bp")["Code"] == "ResourceNotFoundException"
    assert _error(ml.get_evaluation, EvaluationId="nope")["Code"] == "ResourceNotFoundException"
    assert _error(ml.get_batch_prediction, BatchPredictionId="nope")["Code"] == "ResourceNotFoundException"
