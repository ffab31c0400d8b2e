"""Provisioned throughput: 100 characters and 2 documents per second per inference unit, on the virtual clock."""
from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_rtml import mock_rtml

NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})
DOC = "The ship struck an iceberg at night."  # 36 characters


def _endpoint(rtml, units=1):
    arn = rtml.add_document_classifier("news", {"SPORTS": ["goal"], "SHIPPING": ["ship"]})
    return rtml.add_endpoint("news-endpoint", arn, inference_units=units)


def _send(client, endpoint, text=DOC):
    try:
        client.classify_document(EndpointArn=endpoint, Text=text)
        return "ok"
    except ClientError as err:
        return err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.mark.rtml(clock="manual", throttling=True)
def test_one_unit_throttles_the_third_quick_document_and_two_units_pass_the_same_load(rtml):
    endpoint = _endpoint(rtml, units=1)
    client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
    assert [_send(client, endpoint) for _ in range(3)] == ["ok", "ok", ("TooManyRequestsException", 429)]

    client.update_endpoint(EndpointArn=endpoint, DesiredInferenceUnits=2)
    props = client.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]
    assert (props["Status"], props["CurrentInferenceUnits"]) == ("IN_SERVICE", 2)
    rtml.clock.advance(1)
    assert [_send(client, endpoint) for _ in range(3)] == ["ok", "ok", "ok"]


@pytest.mark.rtml(clock="manual", throttling=True)
def test_a_second_refills_the_buckets(rtml):
    endpoint = _endpoint(rtml)
    client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
    assert [_send(client, endpoint) for _ in range(3)][-1] != "ok"
    rtml.clock.advance(0.5)  # half a second: one more document
    assert [_send(client, endpoint) for _ in range(2)] == ["ok", ("TooManyRequestsException", 429)]


@pytest.mark.rtml(clock="manual", throttling=True)
def test_characters_are_counted_too(rtml):
    """Two documents of 60 characters exceed the 100 characters one unit serves per second."""
    endpoint = _endpoint(rtml)
    client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
    text = "goal " * 12  # 60 characters
    assert [_send(client, endpoint, text) for _ in range(2)] == ["ok", ("TooManyRequestsException", 429)]


@pytest.mark.rtml(clock="manual", throttling=True)
def test_a_document_larger_than_a_second_of_throughput_waits_for_a_full_bucket(rtml):
    """A 250-character document on one unit (100/s) passes when the bucket is full, then leaves it in debt."""
    endpoint = _endpoint(rtml)
    client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
    big = "goal " * 50
    assert _send(client, endpoint, big) == "ok"
    rtml.clock.advance(1)
    assert _send(client, endpoint, "goal") == ("TooManyRequestsException", 429)
    rtml.clock.advance(1.5)
    assert _send(client, endpoint, "goal") == "ok"


@pytest.mark.rtml(clock="manual", throttling=True)
def test_new_units_take_effect_only_when_the_update_is_in_service(rtml):
    from moto.moto_api import state_manager

    endpoint = _endpoint(rtml)
    client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
    state_manager.set_transition("comprehend::endpoint", {"progression": "time", "seconds": 60})
    try:
        client.update_endpoint(EndpointArn=endpoint, DesiredInferenceUnits=3)
        assert _send(client, endpoint) == ("ResourceUnavailableException", 404)  # UPDATING serves nothing
        rtml.clock.advance(60)
        assert client.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]["CurrentInferenceUnits"] == 3
        rtml.clock.advance(1)
        assert [_send(client, endpoint) for _ in range(6)] == ["ok"] * 6
        assert _send(client, endpoint) == ("TooManyRequestsException", 429)
    finally:
        state_manager.unset_transition("comprehend::endpoint")


def test_throttling_is_off_by_default():
    with mock_rtml(clock="manual") as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
        assert [_send(client, endpoint) for _ in range(20)] == ["ok"] * 20


def test_the_handle_turns_throttling_on_within_a_test():
    with mock_rtml(clock="manual") as rtml:
        endpoint = _endpoint(rtml)
        client = boto3.client("comprehend", region_name="us-east-1", config=NO_RETRIES)
        rtml.throttling = True
        assert [_send(client, endpoint) for _ in range(3)][-1] == ("TooManyRequestsException", 429)
        rtml.throttling = False
        assert _send(client, endpoint) == "ok"


@pytest.mark.rtml(clock="manual", throttling=True)
def test_botocore_retries_recover_from_throttling_on_the_virtual_clock(rtml, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: pytest.fail("slept for real"))
    endpoint = _endpoint(rtml)
    client = boto3.client("comprehend", region_name="us-east-1", config=Config(retries={"mode": "standard", "total_max_attempts": 10}))
    start = rtml.clock.now()
    replies = [client.classify_document(EndpointArn=endpoint, Text=DOC) for _ in range(3)]
    assert [r["ResponseMetadata"]["RetryAttempts"] for r in replies[:2]] == [0, 0]
    assert replies[2]["ResponseMetadata"]["RetryAttempts"] >= 1
    assert rtml.clock.now() - start >= 0.5  # the backoff waited for a document token, virtually
    assert "TooManyRequestsException" in [c.error for c in rtml.calls.of("ClassifyDocument")]


def test_throttling_option_must_be_a_bool():
    with pytest.raises(TypeError):
        mock_rtml(throttling="yes")  # type: ignore[arg-type]


@pytest.mark.rtml(clock="manual", throttling=True)
def test_adaptive_mode_slows_the_client_on_the_virtual_clock_without_waiting(rtml, monkeypatch):
    """Adaptive retries also rate-limit the client after a throttle; that wait happens on the virtual clock."""
    import threading

    monkeypatch.setattr("time.sleep", lambda seconds: pytest.fail("slept for real"))
    real_wait = threading.Condition.wait

    def no_timed_wait(self, timeout=None):
        if timeout:
            pytest.fail(f"waited {timeout}s for real")
        return real_wait(self, timeout)

    monkeypatch.setattr(threading.Condition, "wait", no_timed_wait)
    endpoint = _endpoint(rtml)
    client = boto3.client("comprehend", region_name="us-east-1", config=Config(retries={"mode": "adaptive", "total_max_attempts": 10}))
    start = rtml.clock.now()
    replies = [client.classify_document(EndpointArn=endpoint, Text=DOC) for _ in range(8)]
    assert max(r["ResponseMetadata"]["RetryAttempts"] for r in replies) >= 1
    assert rtml.clock.now() - start >= 2.5  # 8 documents at 2 per second need 3 s after the first 2
