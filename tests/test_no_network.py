"""Nothing the mock answers, or refuses, opens a network connection (the `connections` fixture
records every host lookup and connection attempt)."""
from __future__ import annotations

from typing import Any, List

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from mock_rtml import mock_rtml
from ml_datasets import BUCKET, spam_csv, spam_schema

REGION = "us-east-1"
LABELS = {"SPORTS": ["goal", "match", "team"], "WORLD": ["war", "election", "minister"]}


def test_whole_comprehend_flow_opens_no_connection(connections: List[Any]) -> None:
    with mock_rtml() as rtml:
        client = boto3.client("comprehend", region_name=REGION)
        classifier = rtml.add_document_classifier("news", LABELS)
        endpoint = rtml.add_endpoint("news-ep", classifier)

        reply = client.classify_document(Text="A late goal won the match for the team", EndpointArn=endpoint)
        assert reply["Classes"][0]["Name"] == "SPORTS"

        props = client.describe_document_classifier(DocumentClassifierArn=classifier)["DocumentClassifierProperties"]
        assert props["Status"] == "TRAINED"
        listed = client.list_document_classifiers()["DocumentClassifierPropertiesList"]
        assert [c["DocumentClassifierArn"] for c in listed] == [classifier]
        assert client.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]["Status"] == "IN_SERVICE"
        assert [e["EndpointArn"] for e in client.list_endpoints()["EndpointPropertiesList"]] == [endpoint]
        with pytest.raises(ClientError) as info:
            client.describe_endpoint(EndpointArn=endpoint + "-missing")
        assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert connections == []


def test_whole_amazon_ml_flow_including_predict_on_its_endpoint_host_opens_no_connection(connections: List[Any]) -> None:
    with mock_aws(), mock_rtml() as rtml:
        s3 = boto3.client("s3", region_name=REGION)
        ml = boto3.client("machinelearning", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        s3.put_object(Bucket=BUCKET, Key="train.csv", Body=spam_csv().encode())
        s3.put_object(Bucket=BUCKET, Key="train.csv.schema", Body=spam_schema().encode())
        ml.create_data_source_from_s3(
            DataSourceId="ds",
            DataSourceName="mail",
            DataSpec={"DataLocationS3": f"s3://{BUCKET}/train.csv", "DataSchemaLocationS3": f"s3://{BUCKET}/train.csv.schema"},
            ComputeStatistics=True,
        )
        ml.get_waiter("data_source_available").wait(FilterVariable="Name", EQ="mail")
        ml.create_ml_model(MLModelId="model", MLModelName="spam", MLModelType="BINARY", TrainingDataSourceId="ds")
        ml.get_waiter("ml_model_available").wait(FilterVariable="Name", EQ="spam")
        ml.create_realtime_endpoint(MLModelId="model")
        url = ml.get_ml_model(MLModelId="model")["EndpointInfo"]["EndpointUrl"]
        prediction = ml.predict(MLModelId="model", Record={"text": "claim your free prize"}, PredictEndpoint=url)
        assert prediction["Prediction"]["predictedLabel"] == "1"
        assert [c.operation for c in rtml.calls.of("Predict")] == ["Predict"]
    assert connections == []


def test_operation_not_simulated_raises_not_implemented_naming_it(connections: List[Any]) -> None:
    with mock_rtml() as rtml:
        client = boto3.client("comprehend", region_name=REGION)
        with pytest.raises(NotImplementedError, match="DetectSentiment"):
            client.detect_sentiment(Text="What a lovely day", LanguageCode="en")
        assert rtml.calls.of("DetectSentiment") == []
    assert connections == []


def test_operation_not_simulated_is_answered_by_moto_when_mock_aws_is_active(connections: List[Any]) -> None:
    with mock_aws(), mock_rtml() as rtml:
        client = boto3.client("comprehend", region_name=REGION)
        reply = client.detect_sentiment(Text="What a lovely day", LanguageCode="en")
        assert reply["Sentiment"] in ("POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED")
        assert rtml.calls.of("DetectSentiment") == []
    assert connections == []


def test_simulated_operation_is_answered_by_mock_rtml_even_under_mock_aws(connections: List[Any]) -> None:
    with mock_aws(), mock_rtml() as rtml:
        client = boto3.client("comprehend", region_name=REGION)
        endpoint = rtml.add_endpoint("ep", rtml.add_document_classifier("c", LABELS))
        client.classify_document(Text="the minister lost the election", EndpointArn=endpoint)
        assert [c.operation for c in rtml.calls] == ["ClassifyDocument"]
    assert connections == []


def test_mock_aws_started_inside_mock_rtml_also_answers_unsimulated_operations(connections: List[Any]) -> None:
    with mock_rtml(), mock_aws():
        client = boto3.client("comprehend", region_name=REGION)
        assert client.detect_sentiment(Text="Fine", LanguageCode="en")["Sentiment"]
    assert connections == []


def test_moto_is_not_asked_about_calls_mock_rtml_answered(connections: List[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore calls every before-send handler; moto's, on these clients, skips what mock_rtml answered
    (so mock_aws beside mock_rtml adds no cost to those calls) and still answers the rest."""
    from moto.core.botocore_stubber import BotocoreStubber

    asked: List[str] = []
    process = BotocoreStubber.process_request
    monkeypatch.setattr(BotocoreStubber, "process_request", lambda self, request: asked.append(request.url) or process(self, request))
    with mock_aws(), mock_rtml() as rtml:
        comprehend = boto3.client("comprehend", region_name=REGION)
        endpoint = rtml.add_endpoint("ep", rtml.add_document_classifier("c", LABELS))
        comprehend.classify_document(Text="the minister lost the election", EndpointArn=endpoint)
        boto3.client("machinelearning", region_name=REGION).describe_ml_models()
        assert asked == []
        comprehend.detect_sentiment(Text="Fine", LanguageCode="en")
        assert asked == [f"https://comprehend.{REGION}.amazonaws.com/"]
    assert connections == []
