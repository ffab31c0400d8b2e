"""Amazon ML end to end, as a user writes it: S3 CSV -> data source -> model -> waiter -> endpoint -> Predict -> delete."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from mock_rtml import mock_rtml
from ml_datasets import BUCKET, REGION, spam_csv, spam_schema


def classify_messages(messages):
    """User code under test: unchanged whether it talks to AWS or to mock_rtml."""
    s3 = boto3.client("s3", region_name=REGION)
    ml = boto3.client("machinelearning", region_name=REGION)
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="mail/train.csv", Body=spam_csv().encode())
    s3.put_object(Bucket=BUCKET, Key="mail/train.csv.schema", Body=spam_schema().encode())
    ml.create_data_source_from_s3(
        DataSourceId="mail-ds",
        DataSourceName="mail",
        DataSpec={"DataLocationS3": f"s3://{BUCKET}/mail/train.csv",
                  "DataSchemaLocationS3": f"s3://{BUCKET}/mail/train.csv.schema"},
        ComputeStatistics=True,
    )
    ml.get_waiter("data_source_available").wait(FilterVariable="Name", EQ="mail")
    ml.create_ml_model(MLModelId="mail-model", MLModelName="mail model", MLModelType="BINARY",
                       TrainingDataSourceId="mail-ds")
    ml.get_waiter("ml_model_available").wait(FilterVariable="Name", EQ="mail model")
    ml.create_realtime_endpoint(MLModelId="mail-model")
    endpoint = ml.get_ml_model(MLModelId="mail-model")["EndpointInfo"]
    assert endpoint["EndpointStatus"] == "READY"
    answers = []
    for text in messages:
        prediction = ml.predict(MLModelId="mail-model", Record={"text": text, "sender": "unknown"},
                                PredictEndpoint=endpoint["EndpointUrl"])["Prediction"]
        answers.append((prediction["predictedLabel"], prediction["predictedScores"]))
    ml.delete_realtime_endpoint(MLModelId="mail-model")
    ml.delete_ml_model(MLModelId="mail-model")
    ml.delete_data_source(DataSourceId="mail-ds")
    return answers


@mock_aws
@mock_rtml
def test_user_flow_from_s3_to_predict_and_delete_runs_unchanged():
    answers = classify_messages(["claim your free prize", "agenda for the project meeting"])

    assert [label for label, _ in answers] == ["1", "0"]
    assert answers[0][1]["1"] > 0.5 > answers[1][1]["0"]
    ml = boto3.client("machinelearning", region_name=REGION)
    assert ml.get_ml_model(MLModelId="mail-model")["Status"] == "DELETED"
    assert ml.get_data_source(DataSourceId="mail-ds")["Status"] == "DELETED"


def test_flow_with_the_fixture_and_context_manager(rtml):
    with mock_aws():
        answers = classify_messages(["urgent cash bonus"])
    assert answers[0][0] == "1"
    assert [c.operation for c in rtml.calls.of("Predict")] == ["Predict"]


def test_predict_is_the_same_in_two_fresh_mocks():
    results = []
    for _ in range(2):
        with mock_aws(), mock_rtml():
            results.append(classify_messages(["free lottery reward", "team lunch notes", "cash meeting"]))
    assert results[0] == results[1]


def test_predict_is_the_same_under_another_hash_seed():
    """Same record, same answer, in every process: a child process with another PYTHONHASHSEED agrees."""
    script = textwrap.dedent(
        """
        import json, sys
        sys.path.insert(0, "tests")
        from moto import mock_aws
        from mock_rtml import mock_rtml
        from test_ml_flow import classify_messages
        with mock_aws(), mock_rtml():
            print(json.dumps(classify_messages(["free lottery reward", "team lunch notes"])))
        """
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {"PYTHONHASHSEED": seed, "AWS_DEFAULT_REGION": REGION, "PATH": "/usr/bin:/bin"}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        outputs.add(done.stdout)
    with mock_aws(), mock_rtml():
        here = json.dumps(classify_messages(["free lottery reward", "team lunch notes"]))
    assert outputs == {here + "\n"}


def test_handle_model_serves_predict_without_s3(rtml):
    model_id = rtml.add_ml_model("spam", "BINARY", {"1": ["winner", "prize"]}, endpoint=True)
    ml = boto3.client("machinelearning", region_name=REGION)
    info = ml.get_ml_model(MLModelId=model_id)
    assert (info["Status"], info["MLModelType"], info["EndpointInfo"]["EndpointStatus"]) == ("COMPLETED", "BINARY", "READY")

    url = info["EndpointInfo"]["EndpointUrl"]
    yes = ml.predict(MLModelId="spam", Record={"body": "you are a winner"}, PredictEndpoint=url)["Prediction"]
    no = ml.predict(MLModelId="spam", Record={"body": "see you at lunch"}, PredictEndpoint=url)["Prediction"]
    assert (yes["predictedLabel"], no["predictedLabel"]) == ("1", "0")
    assert yes["details"] == {"PredictiveModelType": "BINARY", "Algorithm": "SGD"}


def test_handle_regression_model_is_linear(rtml):
    rtml.add_ml_model("price", "REGRESSION", coefficients={"rooms": 2.5, "area": 0.1}, intercept=10, endpoint=True)
    ml = boto3.client("machinelearning", region_name=REGION)
    url = ml.get_ml_model(MLModelId="price")["EndpointInfo"]["EndpointUrl"]
    value = ml.predict(MLModelId="price", Record={"rooms": "2", "area": "50"}, PredictEndpoint=url)
    assert value["Prediction"]["predictedValue"] == pytest.approx(20.0)


def test_handle_model_without_endpoint_is_not_mounted(rtml):
    rtml.add_ml_model("topics", labels={"A": ["alpha"], "B": ["beta"]})
    ml = boto3.client("machinelearning", region_name=REGION)
    with pytest.raises(ClientError) as caught:
        ml.predict(MLModelId="topics", Record={"t": "alpha"},
                   PredictEndpoint="https://realtime.machinelearning.us-east-1.amazonaws.com")
    assert caught.value.response["Error"]["Code"] == "PredictorNotMountedException"


@pytest.mark.parametrize(
    "args, kwargs, error",
    [
        (("bad id!",), {"labels": {"A": ["a"], "B": ["b"]}}, ValueError),
        (("m", "CLUSTERING"), {"labels": {"A": ["a"]}}, ValueError),
        (("m", "MULTICLASS"), {"labels": {"A": ["a"]}}, ValueError),
        (("m", "BINARY"), {"labels": {"yes": ["a"]}}, ValueError),
        (("m", "REGRESSION"), {"labels": {"A": ["a"]}}, TypeError),
        (("m", "MULTICLASS"), {"coefficients": {"x": 1.0}}, TypeError),
    ],
)
def test_handle_rejects_bad_arguments_at_once(rtml, args, kwargs, error):
    with pytest.raises(error):
        rtml.add_ml_model(*args, **kwargs)


def test_handle_rejects_a_taken_model_id(rtml):
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    with pytest.raises(ValueError, match="already exists"):
        rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
