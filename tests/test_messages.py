"""AWS's documented message texts, and our choice where no text is documented."""
from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
NOT_FOUND = "RESOURCE_NOT_FOUND: Could not find specified resource."
LOOSE = Config(parameter_validation=False)


def error_of(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("describe_endpoint", {"EndpointArn": f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier-endpoint/gone"}),
        ("describe_document_classifier", {"DocumentClassifierArn": f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/gone"}),
        ("list_tags_for_resource", {"ResourceArn": f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/gone/version/v1"}),
        ("list_tags_for_resource", {"ResourceArn": f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer/gone"}),
    ],
    ids=["endpoint", "classifier", "tags", "recognizer-tags"],
)
def test_resource_not_found_has_aws_s_documented_text(rtml: Any, operation: str, params: Any) -> None:
    """The developer guide's CloudTrail sample of DescribeDocumentClassifier: the text names no resource."""
    comprehend = boto3.client("comprehend", region_name=REGION)
    assert error_of(getattr(comprehend, operation), **params) == {"Code": "ResourceNotFoundException", "Message": NOT_FOUND}


def test_comprehend_validation_exception_has_comprehend_s_form(rtml: Any) -> None:
    """As quoted from Comprehend (spec, section 3.4): no "1 validation error detected:" prefix and no
    space between the member and "failed"."""
    comprehend = boto3.client("comprehend", region_name=REGION, config=LOOSE)
    error = error_of(
        comprehend.create_document_classifier, DocumentClassifierName="news", LanguageCode="blah",
        DataAccessRoleArn=f"arn:aws:iam::{ACCOUNT}:role/data", InputDataConfig={"S3Uri": "s3://bucket/train.csv"},
    )
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith(
        "Value 'blah' at 'languageCode'failed to satisfy constraint: Member must satisfy enum value set: [en, "
    )


def test_comprehend_reports_several_failures_joined_without_a_count(rtml: Any) -> None:
    """Our choice (no public example has two): the failures in Comprehend's form, joined by "; "."""
    comprehend = boto3.client("comprehend", region_name=REGION, config=LOOSE)
    error = error_of(comprehend.create_endpoint, EndpointName="bad name", DesiredInferenceUnits=0)
    assert error["Message"] == (
        "Value 'bad name' at 'endpointName'failed to satisfy constraint: Member must satisfy regular expression "
        "pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$; "
        "Value 0 at 'desiredInferenceUnits'failed to satisfy constraint: Member must have value greater than or equal to 1"
    )


def test_amazon_ml_validation_exception_keeps_the_general_aws_form(rtml: Any) -> None:
    """Our choice: no Amazon ML text is on record, so it answers in the form AWS JSON services share."""
    ml = boto3.client("machinelearning", region_name=REGION, config=LOOSE)
    error = error_of(ml.describe_ml_models, Limit=101)
    assert error == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 101 at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
    }
