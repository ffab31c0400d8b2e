"""botocore's waiters for both services advance the virtual clock instead of sleeping while the mock is
active, as retries do: a wait over a slow progression returns at once in wall time, with either clock,
and a wait that can never succeed fails with botocore's own WaiterError at once."""
from __future__ import annotations

from typing import Any, Iterator

import boto3
import pytest
from botocore.exceptions import WaiterError
from botocore.waiter import WaiterModel, create_waiter_with_client
from moto import mock_aws

from mock_rtml import mock_rtml
from ml_datasets import REGION, s3_source, spam_csv, spam_schema
from status_progressions import progression

# A waiter of the kind AWS's Python examples build for Comprehend (which has no waiters of its own).
ENDPOINT_READY = WaiterModel({"version": 2, "waiters": {"EndpointReady": {
    "operation": "DescribeEndpoint", "delay": 60, "maxAttempts": 30,
    "acceptors": [
        {"matcher": "path", "argument": "EndpointProperties.Status", "expected": "IN_SERVICE", "state": "success"},
        {"matcher": "path", "argument": "EndpointProperties.Status", "expected": "FAILED", "state": "failure"},
    ],
}}})


@pytest.fixture
def no_real_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.sleep", lambda seconds: pytest.fail(f"slept {seconds}s for real"))


@pytest.fixture(params=["system", "manual"])
def rtml_clock(request: Any) -> Iterator[Any]:
    with mock_aws(), mock_rtml(clock=request.param) as rtml:
        yield rtml


def test_amazon_ml_waiter_over_a_time_progression_advances_the_virtual_clock(rtml_clock: Any, no_real_sleep: None) -> None:
    ml = boto3.client("machinelearning", region_name=REGION)
    s3 = boto3.client("s3", region_name=REGION)
    with progression("machinelearning::data-source", progression="time", seconds=300):
        start = rtml_clock.clock.now()
        s3_source(ml, s3, "ds", spam_csv(), spam_schema())
        assert ml.get_data_source(DataSourceId="ds")["Status"] == "PENDING"
        ml.get_waiter("data_source_available").wait(FilterVariable="DataLocationS3", EQ="s3://ml-data/ds.csv")
        assert ml.get_data_source(DataSourceId="ds")["Status"] == "COMPLETED"
        # Two steps of 300 s, polled every 30 s (the waiter's delay).
        assert 600 <= rtml_clock.clock.now() - start < 630


def test_comprehend_waiter_over_a_time_progression_advances_the_virtual_clock(rtml_clock: Any, no_real_sleep: None) -> None:
    comprehend = boto3.client("comprehend", region_name=REGION)
    model = rtml_clock.add_document_classifier("news", {"A": ["alpha"], "B": ["beta"]})
    with progression("comprehend::endpoint", progression="time", seconds=600):
        start = rtml_clock.clock.now()
        arn = comprehend.create_endpoint(EndpointName="ep", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
        create_waiter_with_client("EndpointReady", ENDPOINT_READY, comprehend).wait(EndpointArn=arn)
        assert comprehend.describe_endpoint(EndpointArn=arn)["EndpointProperties"]["Status"] == "IN_SERVICE"
        assert 600 <= rtml_clock.clock.now() - start < 660


def test_a_waiter_that_never_matches_fails_with_waiter_error_at_once(rtml: Any, no_real_sleep: None) -> None:
    """No data source has that name: the results stay empty, which matches no acceptor (botocore's
    DataSourceAvailable waiter, 60 attempts 30 s apart), so it gives up after 59 virtual sleeps."""
    ml = boto3.client("machinelearning", region_name=REGION)
    start = rtml.clock.now()
    with pytest.raises(WaiterError) as caught:
        ml.get_waiter("data_source_available").wait(FilterVariable="Name", EQ="nothing")
    assert caught.value.last_response["Results"] == []
    assert "Max attempts exceeded" in str(caught.value)
    assert rtml.clock.now() - start == pytest.approx(59 * 30, abs=1)


def test_waiters_of_other_services_still_sleep(monkeypatch: pytest.MonkeyPatch, rtml: Any) -> None:
    """Only waits for Comprehend and Amazon ML calls move onto the virtual clock."""
    slept = []
    monkeypatch.setattr("time.sleep", slept.append)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        start = rtml.clock.now()
        with pytest.raises(WaiterError):
            s3.get_waiter("bucket_exists").wait(Bucket="nothing", WaiterConfig={"Delay": 7, "MaxAttempts": 3})
    assert slept == [7, 7]
    assert rtml.clock.now() - start < 1
