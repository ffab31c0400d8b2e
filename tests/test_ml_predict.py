"""Amazon ML Predict: BINARY (ScoreThreshold), MULTICLASS, REGRESSION, and every error it can answer."""
from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws

from mock_rtml import mock_rtml
from ml_datasets import REGION, houses, houses_csv, houses_schema, s3_source, spam_csv, spam_schema, topics_csv, topics_schema

URL = "https://realtime.machinelearning.us-east-1.amazonaws.com"


@pytest.fixture
def ml(rtml):
    with mock_aws():
        yield boto3.client("machinelearning", region_name=REGION)


def _trained(ml, model_type, csv_text, schema):
    s3 = boto3.client("s3", region_name=REGION)
    s3_source(ml, s3, "ds", csv_text, schema)
    ml.create_ml_model(MLModelId="m", MLModelType=model_type, TrainingDataSourceId="ds")
    ml.create_realtime_endpoint(MLModelId="m")
    return lambda record: ml.predict(MLModelId="m", Record=record, PredictEndpoint=URL)["Prediction"]


def _error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response


def test_binary_prediction_has_label_score_and_details(ml):
    """As in the developer guide, predictedScores holds one entry: the predicted label -> the raw score."""
    predict = _trained(ml, "BINARY", spam_csv(), spam_schema())
    spam = predict({"text": "claim your cash prize", "sender": "unknown", "links": "7"})
    ham = predict({"text": "team meeting notes", "sender": "colleague", "links": "0"})
    assert spam["predictedLabel"] == "1" and spam["predictedScores"]["1"] > 0.9
    assert ham["predictedLabel"] == "0" and ham["predictedScores"]["0"] < 0.1
    assert spam["details"] == {"PredictiveModelType": "BINARY", "Algorithm": "SGD"}
    assert "predictedValue" not in spam


def test_binary_label_honours_the_score_threshold(ml):
    predict = _trained(ml, "BINARY", spam_csv(), spam_schema())
    record = {"text": "prize", "sender": "colleague", "links": "0"}
    before = predict(record)
    score = next(iter(before["predictedScores"].values()))
    ml.update_ml_model(MLModelId="m", ScoreThreshold=min(1.0, score + 0.01))
    assert predict(record)["predictedLabel"] == "0"
    ml.update_ml_model(MLModelId="m", ScoreThreshold=score)  # a score equal to the threshold is positive
    assert predict(record) == {**before, "predictedLabel": "1", "predictedScores": {"1": score}}


def test_multiclass_prediction_scores_every_class(ml):
    predict = _trained(ml, "MULTICLASS", topics_csv(), topics_schema())
    prediction = predict({"text": "the striker scored a goal"})
    assert prediction["predictedLabel"] == "sports"
    assert set(prediction["predictedScores"]) == {"sports", "politics", "science"}
    assert sum(prediction["predictedScores"].values()) == pytest.approx(1.0)
    assert prediction["details"]["PredictiveModelType"] == "MULTICLASS"


def test_regression_learns_the_linear_relation(ml):
    predict = _trained(ml, "REGRESSION", houses_csv(), houses_schema())
    prediction = predict({"rooms": "4", "area": "100"})
    assert prediction["predictedValue"] == pytest.approx(10 + 3 * 4 + 0.5 * 100, rel=1e-4)
    assert prediction["details"] == {"PredictiveModelType": "REGRESSION", "Algorithm": "SGD"}
    assert "predictedLabel" not in prediction


def test_regression_fills_a_missing_attribute_with_the_training_mean(ml):
    predict = _trained(ml, "REGRESSION", houses_csv(), houses_schema())
    mean_area = sum(a for _, a, _ in houses()) / len(houses())
    assert predict({"rooms": "2"})["predictedValue"] == pytest.approx(10 + 6 + 0.5 * mean_area, rel=1e-4)


def test_predict_answers_whatever_amazonaws_host_the_caller_passes(ml):
    predict = _trained(ml, "BINARY", spam_csv(), spam_schema())
    expected = predict({"text": "free cash"})
    other = ml.predict(MLModelId="m", Record={"text": "free cash"}, PredictEndpoint="https://elsewhere.amazonaws.com/")
    assert other["Prediction"] == expected


def test_attributes_the_model_does_not_know_are_ignored(ml):
    """A published book's script sent keys with leading spaces (from split(',')); AWS answered with a
    prediction (its output is on record). The developer guide: unknown attributes are ignored."""
    predict = _trained(ml, "BINARY", spam_csv(), spam_schema())
    record = {"text": "claim your cash prize", "sender": "unknown"}
    assert predict({**record, " links": "7", "colour": "red", "is_spam": "0"}) == predict(record)


@pytest.mark.parametrize("links", ["many", "inf", ""])
def test_a_value_invalid_for_its_type_is_treated_as_missing(ml, links):
    predict = _trained(ml, "BINARY", spam_csv(), spam_schema())
    record = {"text": "claim your cash prize", "sender": "unknown"}
    assert predict({**record, "links": links}) == predict(record)


def test_an_invalid_binary_value_is_treated_as_missing(rtml, ml):
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        csv_text = "flag,label\n" + "".join(f"{f},{'A' if f == 'yes' else 'B'}\n" for f in ("yes", "no") * 5)
        schema = ('{"targetAttributeName": "label", "dataFileContainsHeader": true, "attributes": ['
                  '{"attributeName": "flag", "attributeType": "BINARY"}, {"attributeName": "label", "attributeType": "CATEGORICAL"}]}')
        s3_source(ml, s3, "ds", csv_text, schema)
    ml.create_ml_model(MLModelId="m", MLModelType="MULTICLASS", TrainingDataSourceId="ds")
    ml.create_realtime_endpoint(MLModelId="m")
    predict = lambda record: ml.predict(MLModelId="m", Record=record, PredictEndpoint=URL)["Prediction"]
    assert predict({"flag": "Y"})["predictedLabel"] == "A"
    assert predict({"flag": "maybe"}) == predict({})


def test_handle_regression_ignores_unknown_attributes(rtml, ml):
    rtml.add_ml_model("r", "REGRESSION", coefficients={"x": 2.0}, intercept=1.0, endpoint=True)
    predict = lambda record: ml.predict(MLModelId="r", Record=record, PredictEndpoint=URL)["Prediction"]
    assert predict({"x": "3", "y": "1"})["predictedValue"] == 7.0


def test_unknown_model_is_not_found_with_status_404(ml):
    error = _error(ml.predict, MLModelId="nope", Record={}, PredictEndpoint=URL)
    assert error["Error"] == {"Code": "ResourceNotFoundException", "Message": "No MLModel with id nope exists"}
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_model_without_endpoint_is_not_mounted(rtml, ml):
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    error = _error(ml.predict, MLModelId="m", Record={}, PredictEndpoint=URL)
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("PredictorNotMountedException", 400)
    assert "EndpointStatus NONE" in error["Error"]["Message"]


def test_off_pattern_predict_endpoint_is_a_validation_error(rtml, ml):
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]}, endpoint=True)
    error = _error(ml.predict, MLModelId="m", Record={}, PredictEndpoint="https://example.com")["Error"]
    assert error["Code"] == "ValidationException"
    assert "'predictEndpoint'" in error["Message"]


def test_same_record_same_answer(rtml, ml):
    rtml.add_ml_model("m", labels={"A": ["alpha"], "B": ["beta"], "C": []}, endpoint=True)
    answers = {repr(ml.predict(MLModelId="m", Record={"t": "alpha beta beta"}, PredictEndpoint=URL)["Prediction"])
               for _ in range(3)}
    assert len(answers) == 1


def test_throttling_over_peak_requests_per_second_is_limit_exceeded():
    """With throttling on, a READY endpoint serves PeakRequestsPerSecond; LimitExceededException is HTTP 417
    (the httpError of Amazon ML's Smithy model)."""
    with mock_rtml(clock="manual", throttling=True) as rtml:
        rtml.quotas["machinelearning.peak_requests_per_second"] = 3
        rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]}, endpoint=True)
        ml = boto3.client("machinelearning", region_name=REGION, config=Config(retries={"total_max_attempts": 1}))
        for _ in range(3):
            ml.predict(MLModelId="m", Record={}, PredictEndpoint=URL)
        error = _error(ml.predict, MLModelId="m", Record={}, PredictEndpoint=URL)
        assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("LimitExceededException", 417)
        rtml.clock.advance(1)
        assert ml.predict(MLModelId="m", Record={}, PredictEndpoint=URL)["Prediction"]["predictedLabel"] == "A"
