"""Amazon ML realtime endpoints: CreateRealtimeEndpoint, its UPDATING -> READY progression, DeleteRealtimeEndpoint."""
from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.moto_api import state_manager

from ml_datasets import REGION, s3_source, spam_csv, spam_schema

URL = "https://realtime.machinelearning.us-east-1.amazonaws.com"
ENDPOINT_MODEL = "machinelearning::realtime-endpoint"


@pytest.fixture
def ml(rtml):
    return boto3.client("machinelearning", region_name=REGION)


@pytest.fixture
def transition():
    """Set a transition for a model name for this test only."""
    names = []

    def set_transition(name, **settings):
        names.append(name)
        state_manager.set_transition(name, settings)

    yield set_transition
    for name in names:
        state_manager.unset_transition(name)


def _error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response


def test_create_returns_the_seed_shape_and_get_shows_ready(rtml, ml):
    rtml.clock.freeze()
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    reply = ml.create_realtime_endpoint(MLModelId="m")
    info = reply["RealtimeEndpointInfo"]
    assert reply["MLModelId"] == "m"
    assert (info["PeakRequestsPerSecond"], info["EndpointUrl"], info["EndpointStatus"]) == (200, URL, "UPDATING")
    assert info["CreatedAt"].timestamp() == pytest.approx(rtml.clock.now())
    assert ml.get_ml_model(MLModelId="m")["EndpointInfo"] == {**info, "EndpointStatus": "READY"}


def test_endpoint_url_names_the_region(rtml):
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]}, region="eu-west-1")
    ml = boto3.client("machinelearning", region_name="eu-west-1")
    url = ml.create_realtime_endpoint(MLModelId="m")["RealtimeEndpointInfo"]["EndpointUrl"]
    assert url == "https://realtime.machinelearning.eu-west-1.amazonaws.com"


def test_manual_transition_needs_describes_before_ready(rtml, ml, transition):
    transition(ENDPOINT_MODEL, progression="manual", times=2)
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    ml.create_realtime_endpoint(MLModelId="m")
    seen = [ml.get_ml_model(MLModelId="m")["EndpointInfo"]["EndpointStatus"] for _ in range(3)]
    assert seen == ["UPDATING", "READY", "READY"]


def test_predict_while_updating_is_not_mounted(rtml, ml, transition):
    transition(ENDPOINT_MODEL, progression="time", seconds=5)
    rtml.clock.freeze()
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    ml.create_realtime_endpoint(MLModelId="m")
    error = _error(ml.predict, MLModelId="m", Record={"t": "a"}, PredictEndpoint=URL)
    assert error["Error"]["Code"] == "PredictorNotMountedException"
    assert "EndpointStatus UPDATING" in error["Error"]["Message"]
    rtml.clock.advance(5)
    assert ml.predict(MLModelId="m", Record={"t": "a"}, PredictEndpoint=URL)["Prediction"]["predictedLabel"] == "A"


def test_describe_filters_by_realtime_endpoint_status(rtml, ml):
    for name in ("with", "without"):
        rtml.add_ml_model(name, labels={"A": ["a"], "B": ["b"]}, endpoint=name == "with")
    found = ml.describe_ml_models(FilterVariable="RealtimeEndpointStatus", EQ="READY")["Results"]
    assert [m["MLModelId"] for m in found] == ["with"]


def test_create_twice_returns_the_existing_endpoint(rtml, ml):
    """Our inference: a second CreateRealtimeEndpoint is answered with the endpoint that exists."""
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    first = ml.create_realtime_endpoint(MLModelId="m")["RealtimeEndpointInfo"]
    second = ml.create_realtime_endpoint(MLModelId="m")["RealtimeEndpointInfo"]
    assert second == {**first, "EndpointStatus": "READY"}


def test_delete_endpoint_returns_none_and_unmounts(rtml, ml):
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]}, endpoint=True)
    reply = ml.delete_realtime_endpoint(MLModelId="m")
    assert reply["RealtimeEndpointInfo"]["EndpointStatus"] == "NONE"
    assert ml.get_ml_model(MLModelId="m")["EndpointInfo"]["EndpointStatus"] == "NONE"
    assert _error(ml.predict, MLModelId="m", Record={}, PredictEndpoint=URL)["Error"]["Code"] == "PredictorNotMountedException"


def test_delete_without_endpoint_is_harmless(rtml, ml):
    """Our inference: deleting an endpoint that is not there answers EndpointStatus NONE."""
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]})
    assert ml.delete_realtime_endpoint(MLModelId="m")["RealtimeEndpointInfo"]["EndpointStatus"] == "NONE"


@pytest.mark.parametrize("operation", ["create_realtime_endpoint", "delete_realtime_endpoint"])
def test_unknown_model_is_not_found(ml, operation):
    error = _error(getattr(ml, operation), MLModelId="nope")
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("ResourceNotFoundException", 404)


def test_endpoint_needs_a_completed_model(rtml, ml, transition):
    """Our inference: only a COMPLETED model can be mounted; AWS lists InvalidInputException for this call."""
    transition("machinelearning::ml-model", progression="manual", times=5)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3_source(ml, s3, "ds", spam_csv(), spam_schema())
        ml.create_ml_model(MLModelId="pending", MLModelType="BINARY", TrainingDataSourceId="ds")
        s3_source(ml, s3, "no-stats", spam_csv(), spam_schema(), statistics=False)
        ml.create_ml_model(MLModelId="failed", MLModelType="BINARY", TrainingDataSourceId="no-stats")
    for model_id, status in (("pending", "PENDING"), ("failed", "PENDING")):
        error = _error(ml.create_realtime_endpoint, MLModelId=model_id)["Error"]
        assert error["Code"] == "InvalidInputException"
        assert f"is {status}" in error["Message"]


def test_endpoint_of_a_failed_model_is_refused(rtml, ml):
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3_source(ml, s3, "no-stats", spam_csv(), spam_schema(), statistics=False)
        ml.create_ml_model(MLModelId="failed", MLModelType="BINARY", TrainingDataSourceId="no-stats")
    error = _error(ml.create_realtime_endpoint, MLModelId="failed")["Error"]
    assert (error["Code"], error["Message"]) == (
        "InvalidInputException", "MLModel failed is FAILED; a realtime endpoint needs a COMPLETED model"
    )


def test_peak_requests_per_second_follows_the_quota(rtml, ml):
    rtml.quotas["machinelearning.peak_requests_per_second"] = 5
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]}, endpoint=True)
    assert ml.get_ml_model(MLModelId="m")["EndpointInfo"]["PeakRequestsPerSecond"] == 5
