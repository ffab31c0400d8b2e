"""Server mode: `python -m mock_rtml server` answers boto3 clients given endpoint_url (no mock active in
this process), with moto's server for every other service, and the handle's operations over HTTP."""
from __future__ import annotations

import json
from typing import Any, Iterator
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError

from ml_datasets import spam_csv, spam_schema
from mock_rtml.server import ThreadedRtmlServer
from mock_rtml.server import main as server_command
from server_process import REGION, control, request, serve, session

LABELS = {"SPORTS": ["goal", "match", "team"], "SHIPPING": ["ship", "iceberg", "liner"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(tmp_path_factory.mktemp("server") / "stderr.log")


@pytest.fixture(autouse=True)
def _fresh_state(server: str) -> None:
    status, _, body = request(server, "/moto-api/reset")
    assert (status, body) == (200, {"status": "ok"})


@pytest.fixture(scope="module")
def clients(server: str) -> Any:
    made = session()
    return {name: made.client(name, endpoint_url=server) for name in ("comprehend", "machinelearning", "s3")}


def _training_rows() -> str:
    rows = [f"SPORTS,the team scored a goal in the match number {i}" for i in range(12)]
    rows += [f"SHIPPING,the liner sailed from the harbour with cargo number {i}" for i in range(12)]
    return "\n".join(rows)


def test_a_classifier_trains_from_the_servers_s3_and_its_endpoint_classifies(clients: Any) -> None:
    clients["s3"].create_bucket(Bucket="training")
    clients["s3"].put_object(Bucket="training", Key="news.csv", Body=_training_rows().encode())
    comprehend = clients["comprehend"]
    arn = comprehend.create_document_classifier(
        DocumentClassifierName="news", DataAccessRoleArn="arn:aws:iam::123456789012:role/comprehend",
        InputDataConfig={"S3Uri": "s3://training/news.csv"}, LanguageCode="en",
    )["DocumentClassifierArn"]
    props = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]
    assert props["Status"] == "TRAINED"
    assert props["ClassifierMetadata"]["NumberOfLabels"] == 2

    endpoint = comprehend.create_endpoint(EndpointName="news", ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
    assert comprehend.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]["Status"] == "IN_SERVICE"
    reply = comprehend.classify_document(EndpointArn=endpoint, Text="The liner left the harbour")
    assert reply["Classes"][0]["Name"] == "SHIPPING"


def test_amazon_ml_endpoint_url_is_the_server_and_predict_sent_there_is_answered(server: str, clients: Any) -> None:
    clients["s3"].create_bucket(Bucket="ml-data")
    clients["s3"].put_object(Bucket="ml-data", Key="mail.csv", Body=spam_csv().encode())
    ml = clients["machinelearning"]
    ml.create_data_source_from_s3(
        DataSourceId="mail", ComputeStatistics=True,
        DataSpec={"DataLocationS3": "s3://ml-data/mail.csv", "DataSchema": spam_schema()},
    )
    ml.create_ml_model(MLModelId="spam", MLModelType="BINARY", TrainingDataSourceId="mail")
    ml.get_waiter("ml_model_available").wait(FilterVariable="TrainingDataSourceId", EQ="mail")
    url = ml.create_realtime_endpoint(MLModelId="spam")["RealtimeEndpointInfo"]["EndpointUrl"]
    assert url == server
    assert ml.get_ml_model(MLModelId="spam")["EndpointInfo"]["EndpointStatus"] == "READY"

    # botocore sends Predict to the PredictEndpoint host, whatever endpoint_url the client has.
    anywhere = session().client("machinelearning")
    prediction = anywhere.predict(MLModelId="spam", Record={"text": "claim your free prize"}, PredictEndpoint=url)
    assert prediction["Prediction"]["predictedLabel"] == "1"


def test_errors_arrive_with_aws_http_status_and_json_body(server: str) -> None:
    """What any SDK sees on the wire: the status from the service model and AWS's JSON error body."""
    def call(operation: str, params: object) -> Any:
        headers = {"X-Amz-Target": f"Comprehend_20171127.{operation}", "Content-Type": "application/x-amz-json-1.1"}
        return request(server, "/", json.dumps(params).encode(), headers)

    missing = f"arn:aws:comprehend:{REGION}:123456789012:document-classifier-endpoint/missing"
    status, headers, body = call("DescribeEndpoint", {"EndpointArn": missing})
    assert (status, body["__type"]) == (404, "ResourceNotFoundException")
    assert body["Message"].startswith("RESOURCE_NOT_FOUND: Could not find specified resource")
    assert headers["Content-Type"] == "application/x-amz-json-1.1" and headers["x-amzn-RequestId"]

    model = control(server, "add_document_classifier", name="news", labels=LABELS)
    created = {"EndpointName": "news", "ModelArn": model, "DesiredInferenceUnits": 1}
    assert call("CreateEndpoint", created)[0] == 200
    status, _, body = call("CreateEndpoint", created)
    assert (status, body["__type"]) == (400, "ResourceInUseException")

    status, _, body = call("CreateEndpoint", {**created, "EndpointName": "bad name!!"})
    assert (status, body["__type"]) == (400, "ValidationException")
    assert body["Message"].startswith("Value 'bad name!!' at 'endpointName'failed to satisfy constraint")  # Comprehend's form


def test_operations_mock_rtml_does_not_simulate_are_answered_by_moto(clients: Any) -> None:
    sentiment = clients["comprehend"].detect_sentiment(Text="What a lovely day", LanguageCode="en")
    assert sentiment["Sentiment"] in {"POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"}
    clients["s3"].create_bucket(Bucket="anything")
    assert [b["Name"] for b in clients["s3"].list_buckets()["Buckets"]] == ["anything"]


def test_a_listing_of_jobs_holds_mock_rtmls_and_then_motos(server: str, clients: Any) -> None:
    """As in process (test_comprehend_job_listing.py): moto's jobs follow mock_rtml's, across pages."""
    recognizer = control(server, "add_entity_recognizer", name="parts", entities={"PART": ["warp coil"]})
    comprehend = clients["comprehend"]
    data = {"InputDataConfig": {"S3Uri": "s3://jobs/in.txt"}, "OutputDataConfig": {"S3Uri": "s3://jobs/out/"},
            "DataAccessRoleArn": "arn:aws:iam::123456789012:role/comprehend", "LanguageCode": "en"}
    motos = comprehend.start_entities_detection_job(**data)["JobId"]  # a built-in model's job: moto's
    mine = comprehend.start_entities_detection_job(EntityRecognizerArn=recognizer, **data)["JobId"]
    pages = comprehend.get_paginator("list_entities_detection_jobs").paginate(PaginationConfig={"PageSize": 1})
    assert [job["JobId"] for page in pages for job in page["EntitiesDetectionJobPropertiesList"]] == [mine, motos]


def test_an_operation_neither_simulates_is_a_json_501_naming_it(clients: Any) -> None:
    """As the in-process mock raises NotImplementedError; a 501 is not retried, and no HTML page comes back."""
    with pytest.raises(ClientError) as info:
        clients["comprehend"].detect_entities(Text="Jeff Bezos", LanguageCode="en")  # no EndpointArn: moto's
    assert info.value.response["Error"] == {
        "Code": "NotImplementedError",
        "Message": "neither mock_rtml nor moto simulates comprehend DetectEntities (nothing was sent to AWS)",
    }
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_moto_api_reset_forgets_mock_rtml_and_moto_state(server: str, clients: Any) -> None:
    endpoint = control(server, "add_endpoint", name="ep", model_arn=control(server, "add_document_classifier", name="news", labels=LABELS))
    clients["s3"].create_bucket(Bucket="kept-until-reset")

    assert request(server, "/moto-api/reset")[0] == 200

    with pytest.raises(ClientError) as info:
        clients["comprehend"].describe_endpoint(EndpointArn=endpoint)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert clients["s3"].list_buckets()["Buckets"] == []
    assert [call["operation"] for call in control(server, "calls", method="GET")] == ["DescribeEndpoint"]


def test_handle_operations_answer_under_mock_rtml(server: str, clients: Any) -> None:
    model = control(server, "add_document_classifier", name="news", labels=LABELS)
    endpoint = control(server, "add_endpoint", name="news-ep", model_arn=model, inference_units=2)
    assert endpoint == f"arn:aws:comprehend:{REGION}:123456789012:document-classifier-endpoint/news-ep"
    assert control(server, "inject_error", operation="classify_document", code="ResourceUnavailableException") is None

    comprehend = clients["comprehend"]
    with pytest.raises(ClientError) as info:
        comprehend.classify_document(EndpointArn=endpoint, Text="a late goal")
    assert info.value.response["Error"]["Code"] == "ResourceUnavailableException"
    assert comprehend.classify_document(EndpointArn=endpoint, Text="a late goal")["Classes"][0]["Name"] == "SPORTS"
    calls = control(server, "calls", method="GET")
    assert [(c["operation"], c["error"], c["http_status"]) for c in calls] == [
        ("ClassifyDocument", "ResourceUnavailableException", 404), ("ClassifyDocument", None, 200),
    ]


def test_add_entity_recognizer_answers_under_mock_rtml_and_its_endpoint_finds_entities(server: str, clients: Any) -> None:
    model = control(server, "add_entity_recognizer", name="parts", entities={"PART": ["warp coil"]}, version_name="v1")
    assert model == f"arn:aws:comprehend:{REGION}:123456789012:entity-recognizer/parts/version/v1"
    endpoint = control(server, "add_endpoint", name="parts-ep", model_arn=model)
    assert endpoint == f"arn:aws:comprehend:{REGION}:123456789012:entity-recognizer-endpoint/parts-ep"
    found = clients["comprehend"].detect_entities(EndpointArn=endpoint, Text="Zürich needs a warp coil")["Entities"]
    assert [(e["Text"], e["Type"], e["BeginOffset"], e["EndOffset"]) for e in found] == [("warp coil", "PART", 15, 24)]
    status, _, body = request(server, "/mock-rtml/add_entity_recognizer", json.dumps({"name": "x", "entities": {"PART": []}}).encode())
    assert (status, body) == (400, {"error": "ValueError", "message": "entities: give at least one surface form"})


def test_handle_refusals_are_400_with_the_handles_own_message(server: str) -> None:
    status, _, body = request(server, "/mock-rtml/add_endpoint", json.dumps({"name": "ep", "model_arn": "nope"}).encode())
    assert (status, body["error"]) == (400, "ValueError")
    assert body["message"].startswith("Value 'nope' at 'model_arn' failed to satisfy constraint: Member must satisfy regular expression")
    status, _, body = request(server, "/mock-rtml/add_endpoint", json.dumps({"nme": "ep"}).encode())
    assert (status, body["error"]) == (400, "TypeError") and "'nme'" in body["message"]
    status, _, body = request(server, "/mock-rtml/inject_error", json.dumps({"operation": "predict", "code": "Nope"}).encode())
    assert (status, body["error"]) == (400, "ValueError") and "Predict cannot return Nope" in body["message"]
    assert request(server, "/mock-rtml/reset", method="GET")[0] == 405  # changes state: POST only
    status, _, body = request(server, "/mock-rtml/add_endpiont")
    assert status == 404 and "add_endpoint" in body["message"]


def test_the_server_listens_on_loopback_only_by_default(server: str) -> None:
    assert urlsplit(server).hostname == "127.0.0.1"
    threaded = ThreadedRtmlServer(port=0)
    rtml = threaded.start()
    try:
        host, port = threaded.get_host_and_port()
        assert host == "127.0.0.1" and port > 0 and threaded.url == f"http://127.0.0.1:{port}"
        endpoint = rtml.add_endpoint("ep", rtml.add_document_classifier("news", LABELS))
        comprehend = session().client("comprehend", endpoint_url=threaded.url)
        assert comprehend.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]["Status"] == "IN_SERVICE"
    finally:
        threaded.stop()


def test_listening_beyond_loopback_warns_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """192.0.2.1 (a documentation address) is not this machine's: the warning comes, then a clean refusal."""
    assert server_command(["--host", "192.0.2.1", "--port", "0"]) == 1
    stderr = capsys.readouterr().err
    assert "warning: listening on 192.0.2.1, not loopback" in stderr
    assert "cannot start on 192.0.2.1:0" in stderr and "Traceback" not in stderr
