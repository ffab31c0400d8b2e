"""Server-side validation from botocore's model: AWS's ValidationException and SerializationException.

The client is made with ``parameter_validation=False`` so the mock, not botocore, is the judge. The
message names members in lower camel case, nested members joined by dots, list members as
``name.N.member``, in Comprehend's form (spec, section 3.4: no count, no space before "failed");
test_messages.py pins the forms of both services.
"""
from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/data"
ENDPOINT = f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier-endpoint/ep"
NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9])*$"


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION, config=Config(parameter_validation=False))


def error_of(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    response = error.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return response["Error"]


def one(rule: str) -> str:
    """Comprehend's message for one failure, from the rule in the general AWS form."""
    return rule.replace("' failed to satisfy constraint: ", "'failed to satisfy constraint: ")


@pytest.mark.parametrize(
    ("operation", "params", "message"),
    [
        (
            "create_endpoint",
            {"EndpointName": "bad_name!", "DesiredInferenceUnits": 1},
            one(f"Value 'bad_name!' at 'endpointName' failed to satisfy constraint: "
                f"Member must satisfy regular expression pattern: {NAME_PATTERN}"),
        ),
        (
            "create_endpoint",
            {"EndpointName": "e" * 41, "DesiredInferenceUnits": 1},
            one(f"Value '{'e' * 41}' at 'endpointName' failed to satisfy constraint: "
                "Member must have length less than or equal to 40"),
        ),
        (
            "list_endpoints",
            {"NextToken": ""},
            one("Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        ),
        (
            "create_endpoint",
            {"EndpointName": "ep", "DesiredInferenceUnits": 0},
            one("Value 0 at 'desiredInferenceUnits' failed to satisfy constraint: "
                "Member must have value greater than or equal to 1"),
        ),
        (
            "list_document_classifiers",
            {"MaxResults": 501},
            one("Value 501 at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 500"),
        ),
        (
            "list_endpoints",
            {"Filter": {"Status": "READY"}},
            one("Value 'READY' at 'filter.status' failed to satisfy constraint: Member must satisfy enum value set: "
                "[CREATING, DELETING, FAILED, IN_SERVICE, UPDATING]"),
        ),
        (
            "create_endpoint",
            {"DesiredInferenceUnits": 1},
            one("Value null at 'endpointName' failed to satisfy constraint: Member must not be null"),
        ),
        (
            "create_document_classifier",
            {"DocumentClassifierName": "news", "DataAccessRoleArn": ROLE, "LanguageCode": "en",
             "InputDataConfig": {"S3Uri": "http://bucket/train.csv"}},
            one("Value 'http://bucket/train.csv' at 'inputDataConfig.s3Uri' failed to satisfy constraint: "
                "Member must satisfy regular expression pattern: s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?"),
        ),
        (
            "tag_resource",
            {"ResourceArn": ENDPOINT, "Tags": [{"Key": "ok", "Value": "v"}, {"Key": "k" * 129, "Value": "v"}]},
            one(f"Value '{'k' * 129}' at 'tags.2.member.key' failed to satisfy constraint: "
                "Member must have length less than or equal to 128"),
        ),
    ],
    ids=["pattern", "max-length", "min-length", "min-value", "max-value", "enum", "required", "nested", "list-member"],
)
def test_a_broken_constraint_is_a_validation_exception_naming_the_member(
    comprehend: Any, operation: str, params: Any, message: str
) -> None:
    error = error_of(getattr(comprehend, operation), **params)
    assert error["Code"] == "ValidationException"
    assert error["Message"] == message


def test_several_broken_constraints_are_reported_in_one_message(comprehend: Any) -> None:
    error = error_of(comprehend.list_endpoints, MaxResults=0, NextToken="")
    assert error["Code"] == "ValidationException"
    assert sorted(error["Message"].split("; ")) == [
        "Value '' at 'nextToken'failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value 0 at 'maxResults'failed to satisfy constraint: Member must have value greater than or equal to 1",
    ]


def test_every_missing_required_member_is_reported(comprehend: Any) -> None:
    error = error_of(comprehend.create_document_classifier, DocumentClassifierName="news")
    assert error["Message"].count("; ") == 2
    for member in ("dataAccessRoleArn", "inputDataConfig", "languageCode"):
        assert f"Value null at '{member}'failed to satisfy constraint: Member must not be null" in error["Message"]


def test_a_sensitive_value_is_not_echoed(comprehend: Any) -> None:
    """ClassifyDocument's Text is `sensitive` in the model: the message names the member only."""
    error = error_of(comprehend.classify_document, EndpointArn=ENDPOINT, Text="")
    assert error["Message"] == one(
        "Value at 'text' failed to satisfy constraint: Member must have length greater than or equal to 1"
    )


def test_validation_comes_before_any_lookup(comprehend: Any) -> None:
    """An unknown endpoint with a bad parameter gets the ValidationException, not a not-found error."""
    error = error_of(comprehend.update_endpoint, EndpointArn=ENDPOINT, DesiredInferenceUnits=0)
    assert error["Code"] == "ValidationException"


@pytest.mark.parametrize(
    ("operation", "params", "expected"),
    [
        ("create_endpoint", {"EndpointName": "ep", "DesiredInferenceUnits": "3"}, "STRING_VALUE can not be converted to Integer"),
        ("create_endpoint", {"EndpointName": 5, "DesiredInferenceUnits": 1}, "NUMBER_VALUE can not be converted to String"),
        ("create_endpoint", {"EndpointName": ["ep"], "DesiredInferenceUnits": 1}, "START_ARRAY can not be converted to String"),
        ("create_endpoint", {"EndpointName": "ep", "DesiredInferenceUnits": True}, "BOOLEAN_VALUE can not be converted to Integer"),
        ("list_endpoints", {"Filter": {"ModelArn": {"a": 1}}}, "START_OBJECT can not be converted to String"),
    ],
    ids=["string-for-integer", "number-for-string", "array-for-string", "boolean-for-integer", "object-for-string"],
)
def test_a_wrong_json_type_is_a_serialization_exception(comprehend: Any, operation: str, params: Any, expected: str) -> None:
    error = error_of(getattr(comprehend, operation), **params)
    assert (error["Code"], error["Message"]) == ("SerializationException", expected)


def test_a_body_that_is_not_json_is_a_serialization_exception(comprehend: Any) -> None:
    def corrupt(request: Any, **_: Any) -> None:
        request.data = b"{not json"

    comprehend.meta.events.register("before-sign.comprehend.ListEndpoints", corrupt)
    assert error_of(comprehend.list_endpoints)["Code"] == "SerializationException"


@pytest.mark.parametrize(("value", "expected"), [(5, "NUMBER_VALUE"), (None, "NULL_VALUE"), ({"a": "b"}, "START_OBJECT")])
def test_a_map_value_of_the_wrong_json_type_is_a_serialization_exception(rtml: Any, value: Any, expected: str) -> None:
    """Amazon ML's Record maps names to strings: any other JSON value is refused, as for a member."""
    rtml.add_ml_model("spam", "BINARY", labels={"1": ["winner"]}, endpoint=True)
    ml = boto3.client("machinelearning", region_name=REGION, config=Config(parameter_validation=False))
    url = f"https://realtime.machinelearning.{REGION}.amazonaws.com"
    with pytest.raises(ClientError) as caught:
        ml.predict(MLModelId="spam", Record={"text": "a winner", "other": value}, PredictEndpoint=url)
    error = caught.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("SerializationException", f"{expected} can not be converted to String")
