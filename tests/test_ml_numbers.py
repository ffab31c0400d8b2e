"""Amazon ML keeps its numbers finite and reads only the JSON it can: training, evaluation, batch
prediction and Predict on values near the float limit answer with AWS's errors or FAILED resources
(never a Python exception, never Infinity or NaN in a reply); DataRearrangement percentages are ASCII
digits; DataSchema, Recipe and DataRearrangement that nest too deeply are refused like any bad JSON.

Inferences (AWS documents none of these cases): a model whose least-squares fit overflows ends FAILED
with a Message; a Predict whose result would not be a finite number is InvalidInputException; such a
record is a blank line (an invalid record) in batch prediction output, and makes an evaluation FAILED."""
from __future__ import annotations

import gzip
import json

import pytest
from botocore.exceptions import ClientError

from ml_datasets import BUCKET, houses_csv, houses_schema, s3_source, spam_csv, spam_schema

URL = "https://realtime.machinelearning.us-east-1.amazonaws.com"
HUGE_HOUSES = [(1, 1e307 * (1 + i % 3), 1e308) for i in range(12)]  # area and price near the float limit
DEEP = "[" * 60_000 + "]" * 60_000  # within the 131,071 characters of a DataSchema or Recipe


def _error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]


def test_a_regression_fit_that_overflows_ends_failed(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", houses_csv(HUGE_HOUSES), houses_schema())
    ml.create_ml_model(MLModelId="m", MLModelType="REGRESSION", TrainingDataSourceId="ds")
    model = ml.get_ml_model(MLModelId="m")
    assert model["Status"] == "FAILED"
    assert "too large to fit a linear model" in model["Message"]


def test_predict_that_would_not_be_a_finite_number_is_invalid_input(rtml, ml_clients):
    ml, _ = ml_clients
    rtml.add_ml_model("m", "REGRESSION", coefficients={"area": 1e300}, endpoint=True)
    assert ml.predict(MLModelId="m", Record={"area": "1e8"}, PredictEndpoint=URL)["Prediction"]["predictedValue"] == 1e308
    error = _error(ml.predict, MLModelId="m", Record={"area": "1e9"}, PredictEndpoint=URL)
    assert error == {"Code": "InvalidInputException",
                     "Message": "The record's values are too large: the predicted value is not a finite number"}


def test_evaluation_whose_predictions_overflow_ends_failed_and_batch_output_marks_them_invalid(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", "REGRESSION", coefficients={"rooms": 0.0, "area": 1e300})
    s3_source(ml, s3, "ds", houses_csv([(1, 1.0, 1e300), (2, 1e9, 5.0)]), houses_schema())
    ml.create_evaluation(EvaluationId="ev", MLModelId="m", EvaluationDataSourceId="ds")
    evaluation = ml.get_evaluation(EvaluationId="ev")
    assert evaluation["Status"] == "FAILED"
    assert evaluation["Message"].startswith("The evaluation data does not fit the model: The record's values are too large")
    ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                               OutputUri=f"s3://{BUCKET}/out/")
    job = ml.get_batch_prediction(BatchPredictionId="bp")
    assert (job["Status"], job["TotalRecordCount"], job["InvalidRecordCount"]) == ("COMPLETED", 2, 1)
    result = s3.get_object(Bucket=BUCKET, Key="out/batch-prediction/result/bp-ds.csv.gz")["Body"].read()
    assert gzip.decompress(result).decode().splitlines() == ["trueLabel,score", "1e+300,1.0E300", ""]


def test_an_rmse_past_the_largest_float_is_computed_without_overflow(rtml, ml_clients):
    ml, s3 = ml_clients
    rtml.add_ml_model("m", "REGRESSION", coefficients={"rooms": 0.0, "area": 1.0})
    s3_source(ml, s3, "ds", houses_csv([(1, 0.0, 1e200), (2, 0.0, 1e200)]), houses_schema())
    ml.create_evaluation(EvaluationId="ev", MLModelId="m", EvaluationDataSourceId="ds")
    assert ml.get_evaluation(EvaluationId="ev")["PerformanceMetrics"]["Properties"] == {"RegressionRMSE": "1e+200"}


@pytest.mark.parametrize("value", ["inf", "nan", "1e999"])
def test_regularization_must_be_a_finite_number(ml_clients, value):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    error = _error(ml.create_ml_model, MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds",
                   Parameters={"sgd.l1RegularizationAmount": value})
    assert error["Code"] == "InvalidInputException"
    assert "must be a finite number" in error["Message"]


@pytest.mark.parametrize("percent", ["50", 50])
def test_rearrangement_percentages_in_ascii_digits_are_read(ml_clients, percent):
    ml, s3 = ml_clients
    rearrangement = json.dumps({"splitting": {"percentBegin": 0, "percentEnd": percent}})
    s3_source(ml, s3, "ds", spam_csv(), spam_schema(), DataRearrangement=rearrangement)
    assert ml.get_data_source(DataSourceId="ds")["Status"] == "COMPLETED"


@pytest.mark.parametrize("percent", ["²", "٥٠", "５０"])
def test_rearrangement_percentages_in_other_digits_are_invalid_input(ml_clients, percent):
    """Python reads "٥٠" and "５０" as 50 and "²".isdigit() is true; Amazon ML's documents use 0-9."""
    ml, s3 = ml_clients
    rearrangement = json.dumps({"splitting": {"percentBegin": 0, "percentEnd": percent}})
    error = _error(s3_source, ml=ml, s3=s3, source_id="ds", csv_text=spam_csv(), schema=spam_schema(),
                   DataRearrangement=rearrangement)
    assert error["Code"] == "InvalidInputException"
    assert error["Message"].startswith("DataRearrangement percentEnd must be an integer from 0 to 100, not ")


def test_json_documents_that_nest_too_deeply_are_refused_like_bad_json(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    error = _error(s3_source, ml=ml, s3=s3, source_id="split", csv_text=spam_csv(), schema=spam_schema(),
                   DataRearrangement=DEEP)
    assert (error["Code"], error["Message"][:66]) == (
        "InvalidInputException", "DataRearrangement is not valid JSON (the document nests too deeply")
    error = _error(ml.create_ml_model, MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds", Recipe=DEEP)
    assert error == {"Code": "InvalidInputException", "Message": "Recipe must be a JSON object (groups, assignments, outputs)"}
    s3_source(ml, s3, "deep", spam_csv(), DEEP)
    source = ml.get_data_source(DataSourceId="deep")
    assert (source["Status"], source["Message"]) == ("FAILED", "The data schema is not valid JSON: the document nests too deeply")
