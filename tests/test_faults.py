"""Fault injection: exact and seeded errors, latency on the virtual clock, all visible in rtml.calls."""
from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_rtml import mock_rtml

NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


def _endpoint(rtml):
    arn = rtml.add_document_classifier("news", {"SPORTS": ["goal"], "SHIPPING": ["ship"]})
    return rtml.add_endpoint("news-endpoint", arn)


def _classify(client, endpoint):
    try:
        client.classify_document(EndpointArn=endpoint, Text="a ship")
        return None
    except ClientError as err:
        return err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"]


def test_injected_error_answers_exactly_the_next_n_calls():
    with mock_rtml() as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
        rtml.inject_error("classify_document", "InternalServerException", times=2)
        outcomes = [_classify(client, endpoint) for _ in range(3)]
    assert outcomes == [("InternalServerException", 500), ("InternalServerException", 500), None]


@pytest.mark.parametrize(
    "code, status",
    [("ThrottlingException", 400), ("ServiceUnavailable", 503), ("TooManyRequestsException", 429),
     ("ResourceUnavailableException", 404), ("TextSizeLimitExceededException", 400)],
)
def test_injected_error_has_the_http_status_aws_gives(code, status):
    with mock_rtml() as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
        rtml.inject_error("ClassifyDocument", code, message="injected")
        assert _classify(client, endpoint) == (code, status)


def test_injected_error_uses_the_given_message():
    with mock_rtml() as rtml:
        rtml.inject_error("describe_endpoint", "InternalServerException", message="the disk is on fire")
        client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
        with pytest.raises(ClientError) as caught:
            client.describe_endpoint(EndpointArn="arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/x")
    assert caught.value.response["Error"]["Message"] == "the disk is on fire"


def test_injected_errors_show_up_in_calls():
    with mock_rtml() as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
        rtml.inject_error("classify_document", "ServiceUnavailable")
        _classify(client, endpoint)
        _classify(client, endpoint)
        assert [(c.operation, c.error, c.http_status) for c in rtml.calls] == [
            ("ClassifyDocument", "ServiceUnavailable", 503),
            ("ClassifyDocument", None, 200),
        ]


def test_code_the_operation_cannot_return_is_refused_at_once():
    with mock_rtml() as rtml:
        with pytest.raises(ValueError, match="ClassifyDocument cannot return ResourceNotFoundException"):
            rtml.inject_error("classify_document", "ResourceNotFoundException")


def test_unknown_operation_is_refused_at_once():
    with mock_rtml() as rtml:
        with pytest.raises(ValueError, match="classify_documents"):
            rtml.inject_error("classify_documents", "InternalServerException")


@pytest.mark.parametrize("kwargs", [{"times": 0}, {"rate": 0.0}, {"rate": 1.5}, {"seed": 3}])
def test_bad_fault_options_are_refused_at_once(kwargs):
    with mock_rtml() as rtml:
        with pytest.raises(ValueError):
            rtml.inject_error("classify_document", "InternalServerException", **kwargs)


def _seeded_outcomes():
    with mock_rtml() as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
        rtml.inject_error("classify_document", "ThrottlingException", rate=0.3, seed=7)
        return [_classify(client, endpoint) for _ in range(40)]


def test_seeded_chance_fails_the_same_calls_in_every_run():
    first, second = _seeded_outcomes(), _seeded_outcomes()
    assert first == second
    failures = sum(outcome is not None for outcome in first)
    assert 0 < failures < 40


def test_injected_latency_advances_the_virtual_clock_not_the_wall_clock(monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: pytest.fail("slept for real"))
    with mock_rtml(clock="manual") as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1")
        rtml.inject_latency("classify_document", 2.5, times=2)
        start = rtml.clock.now()
        for _ in range(3):
            client.classify_document(EndpointArn=endpoint, Text="a ship")
        assert rtml.clock.now() - start == pytest.approx(5.0)


def test_clear_faults_forgets_them():
    with mock_rtml() as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
        rtml.inject_error("classify_document", "InternalServerException", times=5)
        rtml.clear_faults()
        assert _classify(client, endpoint) is None
