"""botocore's own retries run against the mock; their backoff advances the virtual clock."""
from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_rtml import mock_rtml


@pytest.fixture
def no_real_sleep(monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: pytest.fail(f"slept {seconds}s for real"))


def _endpoint(rtml):
    arn = rtml.add_document_classifier("news", {"SPORTS": ["goal"], "SHIPPING": ["ship"]})
    return rtml.add_endpoint("news-endpoint", arn)


@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
def test_retried_server_errors_succeed_without_sleeping(mode, no_real_sleep):
    with mock_rtml(clock="manual") as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=Config(retries={"mode": mode}))
        rtml.inject_error("classify_document", "InternalServerException", times=2)
        start = rtml.clock.now()
        reply = client.classify_document(EndpointArn=endpoint, Text="a ship")
        assert reply["ResponseMetadata"]["RetryAttempts"] == 2
        assert rtml.clock.now() > start  # the backoff happened, on the virtual clock
        assert [c.error for c in rtml.calls.of("ClassifyDocument")] == ["InternalServerException"] * 2 + [None]


def test_standard_mode_gives_up_after_max_attempts_and_reports_them(no_real_sleep):
    with mock_rtml() as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=Config(retries={"mode": "standard", "total_max_attempts": 4}))
        rtml.inject_error("classify_document", "ServiceUnavailable", times=10)
        with pytest.raises(ClientError) as caught:
            client.classify_document(EndpointArn=endpoint, Text="a ship")
        assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 3
        assert len(rtml.calls) == 4


@pytest.mark.parametrize("mode", ["legacy", "standard"])
def test_too_many_requests_is_retried_because_aws_sends_it_with_status_429(mode, no_real_sleep):
    """Comprehend answers TooManyRequestsException with HTTP 429 (the service model's httpError), and
    botocore retries a 429 in every mode; an older botocore whose model said 400 did not in legacy mode."""
    with mock_rtml() as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=Config(retries={"mode": mode}))
        rtml.inject_error("classify_document", "TooManyRequestsException", times=1)
        reply = client.classify_document(EndpointArn=endpoint, Text="a ship")
        assert reply["ResponseMetadata"]["RetryAttempts"] == 1


def test_client_errors_are_not_retried(no_real_sleep):
    with mock_rtml() as rtml:
        client = boto3.client("comprehend", region_name="us-east-1", config=Config(retries={"mode": "standard"}))
        with pytest.raises(ClientError) as caught:
            client.describe_endpoint(EndpointArn="arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/x")
        assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 0
        assert len(rtml.calls) == 1


class _Raw:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_):
        return (self._data,)


def test_retry_sleeps_of_other_services_are_left_alone(monkeypatch):
    """Only retries of Comprehend and Amazon ML calls are moved onto the virtual clock."""
    from botocore.awsrequest import AWSResponse

    slept = []
    monkeypatch.setattr("time.sleep", slept.append)
    answers = iter([500, 200])

    def flaky(request, **_):  # an S3 stand-in, without moto: fails once, then answers
        return AWSResponse(request.url, next(answers), {}, _Raw(b"<ListAllMyBucketsResult/>"))

    with mock_rtml(clock="manual") as rtml:
        endpoint = _endpoint(rtml)
        boto3.client("comprehend", region_name="us-east-1").classify_document(EndpointArn=endpoint, Text="a ship")
        s3 = boto3.client("s3", region_name="us-east-1", config=Config(retries={"mode": "standard"}))
        s3.meta.events.register_first("before-send.s3", flaky)
        start = rtml.clock.now()
        assert s3.list_buckets()["ResponseMetadata"]["RetryAttempts"] == 1
        assert rtml.clock.now() == start
    assert len(slept) == 1 and slept[0] > 0
