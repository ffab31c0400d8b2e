"""Service quotas: AWS's defaults, lowered per test with mock_rtml(quotas=...) or rtml.quotas."""
from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from mock_rtml import mock_rtml
from status_progressions import progression


def _code(call):
    try:
        call()
        return "ok"
    except ClientError as err:
        return err.response["Error"]["Code"]


def _classifier(rtml, name="news"):
    return rtml.add_document_classifier(name, {"SPORTS": ["goal"], "SHIPPING": ["ship"]})


def test_default_quotas_are_aws_defaults():
    with mock_rtml() as rtml:
        assert rtml.quotas["comprehend.inference_units_per_endpoint"] == 10
        assert rtml.quotas["comprehend.tags_per_resource"] == 50
        assert rtml.quotas["machinelearning.peak_requests_per_second"] == 200
        assert rtml.quotas["machinelearning.tags_per_resource"] == 100


def test_endpoints_quota_refuses_one_more_endpoint():
    with mock_rtml(quotas={"comprehend.endpoints": 1}) as rtml:
        arn = _classifier(rtml)
        client = boto3.client("comprehend", region_name="us-east-1")
        create = lambda name: client.create_endpoint(EndpointName=name, ModelArn=arn, DesiredInferenceUnits=1)  # noqa: E731
        assert _code(lambda: create("first")) == "ok"
        assert _code(lambda: create("second")) == "ResourceLimitExceededException"


def test_account_inference_units_quota_counts_every_endpoint_and_updates():
    with mock_rtml() as rtml:
        rtml.quotas["comprehend.inference_units"] = 5
        arn = _classifier(rtml)
        client = boto3.client("comprehend", region_name="us-east-1")
        first = client.create_endpoint(EndpointName="first", ModelArn=arn, DesiredInferenceUnits=3)["EndpointArn"]
        assert _code(lambda: client.create_endpoint(EndpointName="second", ModelArn=arn, DesiredInferenceUnits=3)) == (
            "ResourceLimitExceededException"
        )
        assert _code(lambda: client.update_endpoint(EndpointArn=first, DesiredInferenceUnits=5)) == "ok"
        assert _code(lambda: client.update_endpoint(EndpointArn=first, DesiredInferenceUnits=6)) == (
            "ResourceLimitExceededException"
        )


def test_recognizer_endpoints_count_with_classifier_endpoints_towards_the_account_quotas():
    """The quotas are per account and region, for endpoints of either kind of model."""
    with mock_rtml(quotas={"comprehend.endpoints": 2, "comprehend.inference_units": 4}) as rtml:
        client = boto3.client("comprehend", region_name="us-east-1")
        recognizer = rtml.add_entity_recognizer("parts", {"PART": ["warp coil"]})
        client.create_endpoint(EndpointName="classify", ModelArn=_classifier(rtml), DesiredInferenceUnits=2)
        create = lambda name, units: client.create_endpoint(EndpointName=name, ModelArn=recognizer, DesiredInferenceUnits=units)  # noqa: E731
        assert _code(lambda: create("detect", 3)) == "ResourceLimitExceededException"  # 5 units
        assert _code(lambda: create("detect", 2)) == "ok"
        rtml.quotas["comprehend.inference_units"] = 10
        assert _code(lambda: create("third", 1)) == "ResourceLimitExceededException"  # 3 endpoints


def test_inference_units_per_endpoint_quota_can_be_lowered():
    with mock_rtml(quotas={"comprehend.inference_units_per_endpoint": 2}) as rtml:
        arn = _classifier(rtml)
        client = boto3.client("comprehend", region_name="us-east-1")
        assert _code(lambda: client.create_endpoint(EndpointName="ep", ModelArn=arn, DesiredInferenceUnits=3)) == (
            "ResourceLimitExceededException"
        )


def test_document_classifiers_quota():
    with mock_rtml(quotas={"comprehend.document_classifiers": 1}) as rtml:
        _classifier(rtml)
        client = boto3.client("comprehend", region_name="us-east-1")
        create = lambda: client.create_document_classifier(  # noqa: E731
            DocumentClassifierName="second", DataAccessRoleArn="arn:aws:iam::123456789012:role/r",
            InputDataConfig={"S3Uri": "s3://bucket/train.csv"}, LanguageCode="en",
        )
        assert _code(create) == "ResourceLimitExceededException"


def test_tags_quota_applies_to_comprehend_and_amazon_ml():
    with mock_rtml(quotas={"comprehend.tags_per_resource": 2, "machinelearning.tags_per_resource": 1}) as rtml:
        arn = _classifier(rtml)
        comprehend = boto3.client("comprehend", region_name="us-east-1")
        tags = [{"Key": k, "Value": "v"} for k in "abc"]
        assert _code(lambda: comprehend.tag_resource(ResourceArn=arn, Tags=tags)) == "TooManyTagsException"
        rtml.add_ml_model("m", "MULTICLASS", {"A": ["a"], "B": ["b"]})
        ml = boto3.client("machinelearning", region_name="us-east-1")
        assert _code(lambda: ml.add_tags(Tags=tags[:2], ResourceId="m", ResourceType="MLModel")) == "TagLimitExceededException"


def test_peak_requests_per_second_quota_throttles_predict():
    with mock_rtml(clock="manual", throttling=True, quotas={"machinelearning.peak_requests_per_second": 2}) as rtml:
        rtml.add_ml_model("m", "MULTICLASS", {"A": ["a"], "B": ["b"]}, endpoint=True)
        ml = boto3.client("machinelearning", region_name="us-east-1",
                          config=boto3.session.Config(retries={"total_max_attempts": 1}))
        url = "https://realtime.machinelearning.us-east-1.amazonaws.com"
        predict = lambda: ml.predict(MLModelId="m", Record={"text": "a"}, PredictEndpoint=url)  # noqa: E731
        assert [_code(predict) for _ in range(3)] == ["ok", "ok", "LimitExceededException"]
        assert ml.get_ml_model(MLModelId="m")["EndpointInfo"]["PeakRequestsPerSecond"] == 2


def test_unknown_quota_is_refused_at_once_naming_the_quotas():
    with pytest.raises(ValueError, match="comprehend.endpoints"):
        mock_rtml(quotas={"comprehend.endpionts": 1})
    with mock_rtml() as rtml:
        with pytest.raises(KeyError):
            rtml.quotas["nope"] = 1
        with pytest.raises(ValueError):
            rtml.quotas["comprehend.endpoints"] = -1


# -- what the counts and totals see as resources change with the clock ---------------------------
def test_a_delete_finished_by_the_clock_frees_the_name_the_endpoint_and_its_units():
    """No call has to see the endpoint gone: the virtual clock alone ends its delete."""
    with mock_rtml(clock="manual", quotas={"comprehend.endpoints": 1, "comprehend.inference_units": 2}) as rtml:
        arn = _classifier(rtml)
        client = boto3.client("comprehend", region_name="us-east-1")
        create = lambda name: client.create_endpoint(EndpointName=name, ModelArn=arn, DesiredInferenceUnits=2)  # noqa: E731
        endpoint = create("ep")["EndpointArn"]
        client.describe_endpoint(EndpointArn=endpoint)  # IN_SERVICE ("immediate" moves at the first read)
        with progression("comprehend::endpoint", progression="time", seconds=10):
            client.delete_endpoint(EndpointArn=endpoint)
            assert _code(lambda: create("ep")) == "ResourceInUseException"  # DELETING holds the name
            assert _code(lambda: create("other")) == "ResourceLimitExceededException"  # and its place
            rtml.clock.advance(10)
            assert [_code(lambda: create("ep"))] == ["ok"]


def test_a_scale_down_holds_its_units_until_the_update_finishes():
    with mock_rtml(clock="manual", quotas={"comprehend.inference_units": 5}) as rtml:
        arn = _classifier(rtml)
        client = boto3.client("comprehend", region_name="us-east-1")
        first = client.create_endpoint(EndpointName="first", ModelArn=arn, DesiredInferenceUnits=4)["EndpointArn"]
        client.describe_endpoint(EndpointArn=first)
        create = lambda: client.create_endpoint(EndpointName="second", ModelArn=arn, DesiredInferenceUnits=2)  # noqa: E731
        with progression("comprehend::endpoint", progression="time", seconds=10):
            client.update_endpoint(EndpointArn=first, DesiredInferenceUnits=1)
            assert _code(create) == "ResourceLimitExceededException"  # 4 units held while UPDATING
            rtml.clock.advance(10)
            assert _code(create) == "ok"  # 1 + 2
            assert _code(lambda: client.update_endpoint(EndpointArn=first, DesiredInferenceUnits=4)) == (
                "ResourceLimitExceededException"  # 4 + 2
            )


def test_a_delete_finished_by_a_describe_frees_the_units():
    with mock_rtml(quotas={"comprehend.inference_units": 3}) as rtml:
        arn = _classifier(rtml)
        client = boto3.client("comprehend", region_name="us-east-1")
        first = client.create_endpoint(EndpointName="first", ModelArn=arn, DesiredInferenceUnits=3)["EndpointArn"]
        client.describe_endpoint(EndpointArn=first)
        create = lambda: client.create_endpoint(EndpointName="second", ModelArn=arn, DesiredInferenceUnits=3)  # noqa: E731
        with progression("comprehend::endpoint", progression="manual", times=1):
            client.delete_endpoint(EndpointArn=first)
            assert _code(create) == "ResourceLimitExceededException"
            assert _code(lambda: client.describe_endpoint(EndpointArn=first)) == "ResourceNotFoundException"
            assert _code(create) == "ok"
