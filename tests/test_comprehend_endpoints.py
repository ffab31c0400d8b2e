"""Endpoints: create, describe, list, update, delete, and their status progressions."""
from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from status_progressions import progression

REGION = "us-east-1"
ACCOUNT = "123456789012"
ENDPOINT = "comprehend::endpoint"
LABELS = {"SPORTS": ["goal", "match"], "POLITICS": ["election", "minister"]}


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def model(rtml: Any) -> str:
    return str(rtml.add_document_classifier("news", labels=LABELS))


def create(comprehend: Any, name: str, model: str, units: int = 1, **kwargs: Any) -> str:
    reply = comprehend.create_endpoint(EndpointName=name, ModelArn=model, DesiredInferenceUnits=units, **kwargs)
    return str(reply["EndpointArn"])


def describe(comprehend: Any, arn: str) -> Any:
    return comprehend.describe_endpoint(EndpointArn=arn)["EndpointProperties"]


def failure(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response["Error"]


# -- create ------------------------------------------------------------------------------------
def test_create_returns_the_document_classifier_endpoint_arn(comprehend: Any, model: str) -> None:
    reply = comprehend.create_endpoint(EndpointName="news-ep", ModelArn=model, DesiredInferenceUnits=2)
    assert reply["EndpointArn"] == f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier-endpoint/news-ep"
    assert reply["ModelArn"] == model


def test_create_with_a_name_in_use_is_resource_in_use(comprehend: Any, model: str) -> None:
    create(comprehend, "news-ep", model)
    error = failure(comprehend.create_endpoint, EndpointName="news-ep", ModelArn=model, DesiredInferenceUnits=1)
    assert error["Code"] == "ResourceInUseException"


def test_create_again_with_the_same_client_request_token_returns_the_same_endpoint(comprehend: Any, model: str) -> None:
    """CreateEndpoint docs: a matching ClientRequestToken does not give ResourceInUseException."""
    first = create(comprehend, "news-ep", model, ClientRequestToken="abc-1")
    assert create(comprehend, "news-ep", model, ClientRequestToken="abc-1") == first
    assert len(comprehend.list_endpoints()["EndpointPropertiesList"]) == 1


def test_create_for_an_unknown_model_is_resource_not_found(comprehend: Any) -> None:
    unknown = f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/nothing"
    error = failure(comprehend.create_endpoint, EndpointName="ep", ModelArn=unknown, DesiredInferenceUnits=1)
    assert error["Code"] == "ResourceNotFoundException"


def _in_error_model(comprehend: Any) -> str:
    return str(comprehend.create_document_classifier(
        DocumentClassifierName="broken", DataAccessRoleArn=f"arn:aws:iam::{ACCOUNT}:role/data",
        InputDataConfig={"S3Uri": "s3://nowhere/train.csv"}, LanguageCode="en",
    )["DocumentClassifierArn"])


def test_create_for_a_model_in_error_is_resource_unavailable(comprehend: Any) -> None:
    """The developer guide ("Managing endpoints"): only a trained model can get an endpoint."""
    model = _in_error_model(comprehend)
    assert comprehend.describe_document_classifier(DocumentClassifierArn=model)["DocumentClassifierProperties"]["Status"] == "IN_ERROR"
    error = failure(comprehend.create_endpoint, EndpointName="ep", ModelArn=model, DesiredInferenceUnits=1)
    assert error["Code"] == "ResourceUnavailableException"


def test_create_for_a_model_still_training_is_resource_unavailable(comprehend: Any) -> None:
    with progression("comprehend::document-classifier", progression="manual", times=1):
        model = _in_error_model(comprehend)
        assert comprehend.describe_document_classifier(DocumentClassifierArn=model)["DocumentClassifierProperties"]["Status"] == "TRAINING"
        error = failure(comprehend.create_endpoint, EndpointName="ep", ModelArn=model, DesiredInferenceUnits=1)
    assert error["Code"] == "ResourceUnavailableException"


def test_create_with_more_than_ten_inference_units_is_resource_limit_exceeded(comprehend: Any, model: str) -> None:
    """Our documented choice: the developer guide gives 1 to 10 inference units per endpoint and the
    API shape only a minimum of 1, so the API refuses 11 with ResourceLimitExceededException."""
    error = failure(comprehend.create_endpoint, EndpointName="ep", ModelArn=model, DesiredInferenceUnits=11)
    assert error["Code"] == "ResourceLimitExceededException"
    assert "10" in error["Message"]
    assert create(comprehend, "ep", model, units=10)


def test_create_with_tags_tags_the_endpoint(comprehend: Any, model: str) -> None:
    arn = create(comprehend, "ep", model, Tags=[{"Key": "team", "Value": "news"}, {"Key": "empty"}])
    tags = comprehend.list_tags_for_resource(ResourceArn=arn)["Tags"]
    assert sorted((t["Key"], t.get("Value", "")) for t in tags) == [("empty", ""), ("team", "news")]


# -- describe ----------------------------------------------------------------------------------
def test_describe_shows_every_field_of_an_endpoint_in_service(comprehend: Any, model: str) -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/model-key"
    arn = create(comprehend, "ep", model, units=3, DataAccessRoleArn=role)
    props = describe(comprehend, arn)
    assert props["EndpointArn"] == arn
    assert props["Status"] == "IN_SERVICE"
    assert props["ModelArn"] == props["DesiredModelArn"] == model
    assert props["DesiredInferenceUnits"] == props["CurrentInferenceUnits"] == 3
    assert props["DataAccessRoleArn"] == props["DesiredDataAccessRoleArn"] == role
    assert isinstance(props["CreationTime"], datetime.datetime)
    assert props["LastModifiedTime"] >= props["CreationTime"]


def test_describe_an_unknown_endpoint_is_resource_not_found_with_http_404(comprehend: Any) -> None:
    """HTTP 404 is the status botocore's model gives ResourceNotFoundException (Smithy httpError)."""
    arn = f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier-endpoint/nothing"
    with pytest.raises(ClientError) as error:
        comprehend.describe_endpoint(EndpointArn=arn)
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


# -- list --------------------------------------------------------------------------------------
@pytest.mark.rtml(clock="manual")
def test_list_filters_by_model_status_and_creation_time(comprehend: Any, rtml: Any) -> None:
    news = rtml.add_document_classifier("news", labels=LABELS)
    other = rtml.add_document_classifier("other", labels=LABELS)
    first = create(comprehend, "first", news)
    rtml.clock.advance(100)
    second = create(comprehend, "second", other)
    assert describe(comprehend, first)["Status"] == "IN_SERVICE"
    middle = describe(comprehend, second)["CreationTime"] - datetime.timedelta(seconds=50)
    with progression(ENDPOINT, progression="manual", times=1):
        comprehend.update_endpoint(EndpointArn=first, DesiredInferenceUnits=2)

        def arns(**filter: Any) -> list[str]:
            return [e["EndpointArn"] for e in comprehend.list_endpoints(Filter=filter)["EndpointPropertiesList"]]

        assert arns(ModelArn=other) == [second]
        assert arns(Status="UPDATING") == [first]
        assert arns(Status="IN_SERVICE") == [second]
        assert arns(CreationTimeBefore=middle) == [first]
        assert arns(CreationTimeAfter=middle) == [second]


def test_list_with_more_than_one_filter_is_invalid_request(comprehend: Any, model: str) -> None:
    """Our inference from AWS's answer to two filters on a sibling list operation (boto/boto3#2541):
    InvalidRequestException "Filters, if specified, must specify exactly 1 filter."."""
    error = failure(comprehend.list_endpoints, Filter={"ModelArn": model, "Status": "IN_SERVICE"})
    assert (error["Code"], error["Message"]) == ("InvalidRequestException", "Filters, if specified, must specify exactly 1 filter.")


def test_paginator_walks_every_page_of_endpoints(comprehend: Any, model: str) -> None:
    arns = [create(comprehend, f"ep{i}", model) for i in range(5)]
    pages = list(comprehend.get_paginator("list_endpoints").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["EndpointPropertiesList"]) for p in pages] == [2, 2, 1]
    assert [e["EndpointArn"] for p in pages for e in p["EndpointPropertiesList"]] == arns


# -- update ------------------------------------------------------------------------------------
def test_update_goes_updating_then_in_service_with_the_new_units_and_model(comprehend: Any, model: str, rtml: Any) -> None:
    """Developer guide: the endpoint is UPDATING, and Current* follow Desired* once IN_SERVICE."""
    newer = rtml.add_document_classifier("news", labels=LABELS, version_name="v2")
    arn = create(comprehend, "ep", model, units=1)
    assert describe(comprehend, arn)["Status"] == "IN_SERVICE"
    with progression(ENDPOINT, progression="manual", times=2):
        reply = comprehend.update_endpoint(EndpointArn=arn, DesiredInferenceUnits=4, DesiredModelArn=newer)
        assert reply["DesiredModelArn"] == newer
        updating = describe(comprehend, arn)
        assert updating["Status"] == "UPDATING"
        assert (updating["CurrentInferenceUnits"], updating["DesiredInferenceUnits"]) == (1, 4)
        assert (updating["ModelArn"], updating["DesiredModelArn"]) == (model, newer)
        error = failure(comprehend.update_endpoint, EndpointArn=arn, DesiredInferenceUnits=2)
        assert error["Code"] == "ResourceInUseException"
        done = describe(comprehend, arn)
    assert done["Status"] == "IN_SERVICE"
    assert (done["CurrentInferenceUnits"], done["ModelArn"]) == (4, newer)
    assert done["LastModifiedTime"] >= done["CreationTime"]


def test_update_while_creating_is_resource_in_use(comprehend: Any, model: str) -> None:
    with progression(ENDPOINT, progression="manual", times=1):
        arn = create(comprehend, "ep", model)
        error = failure(comprehend.update_endpoint, EndpointArn=arn, DesiredInferenceUnits=2)
    assert error["Code"] == "ResourceInUseException"


def test_update_beyond_ten_inference_units_is_resource_limit_exceeded(comprehend: Any, model: str) -> None:
    arn = create(comprehend, "ep", model)
    error = failure(comprehend.update_endpoint, EndpointArn=arn, DesiredInferenceUnits=11)
    assert error["Code"] == "ResourceLimitExceededException"
    assert describe(comprehend, arn)["DesiredInferenceUnits"] == 1


def test_update_an_unknown_endpoint_is_resource_not_found(comprehend: Any) -> None:
    arn = f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier-endpoint/nothing"
    assert failure(comprehend.update_endpoint, EndpointArn=arn, DesiredInferenceUnits=2)["Code"] == "ResourceNotFoundException"


# -- delete ------------------------------------------------------------------------------------
def test_delete_goes_deleting_then_the_endpoint_is_gone(comprehend: Any, model: str) -> None:
    arn = create(comprehend, "ep", model)
    assert describe(comprehend, arn)["Status"] == "IN_SERVICE"
    with progression(ENDPOINT, progression="manual", times=2):
        comprehend.delete_endpoint(EndpointArn=arn)
        assert describe(comprehend, arn)["Status"] == "DELETING"
        assert failure(comprehend.describe_endpoint, EndpointArn=arn)["Code"] == "ResourceNotFoundException"
    assert comprehend.list_endpoints()["EndpointPropertiesList"] == []
    assert failure(comprehend.delete_endpoint, EndpointArn=arn)["Code"] == "ResourceNotFoundException"
    assert create(comprehend, "ep", model) == arn  # the name is free again


# -- time progression --------------------------------------------------------------------------
@pytest.mark.rtml(clock="manual")
def test_time_progression_follows_the_virtual_clock(comprehend: Any, rtml: Any) -> None:
    """moto's `time` progression: one step per `seconds`, measured on mock_rtml's clock."""
    model = rtml.add_document_classifier("news", labels=LABELS)
    with progression(ENDPOINT, progression="time", seconds=10):
        arn = create(comprehend, "ep", model)
        assert describe(comprehend, arn)["Status"] == "CREATING"
        assert "CurrentInferenceUnits" not in describe(comprehend, arn)
        rtml.clock.advance(9)
        assert describe(comprehend, arn)["Status"] == "CREATING"
        rtml.clock.advance(1)
        assert describe(comprehend, arn)["Status"] == "IN_SERVICE"
        comprehend.update_endpoint(EndpointArn=arn, DesiredInferenceUnits=2)
        assert describe(comprehend, arn)["Status"] == "UPDATING"
        rtml.clock.advance(10)
        props = describe(comprehend, arn)
    assert (props["Status"], props["CurrentInferenceUnits"]) == ("IN_SERVICE", 2)
