"""TagResource, UntagResource and ListTagsForResource on classifiers, recognizers and their endpoints.

Limits from the developer guide's "Tagging your resources"
(docs.aws.amazon.com/comprehend/latest/dg/class-tagging.html) and TagResource's own documentation:
at most 50 tags per resource (existing and new together), and the `aws:` prefix is reserved.
"""
from __future__ import annotations

from typing import Any, List, Tuple

import boto3
import pytest
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
LABELS = {"SPORTS": ["goal"], "POLITICS": ["vote"]}


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture(params=["classifier", "versioned-classifier", "endpoint", "recognizer", "recognizer-endpoint"])
def resource(request: Any, rtml: Any) -> str:
    version = "v1" if request.param == "versioned-classifier" else None
    if request.param.startswith("recognizer"):
        model = str(rtml.add_entity_recognizer("parts", {"PART": ["warp coil"]}))
    else:
        model = str(rtml.add_document_classifier("news", labels=LABELS, version_name=version))
    return str(rtml.add_endpoint("news-ep", model)) if request.param.endswith("endpoint") else model


def tags(n: int, prefix: str = "k") -> List[Any]:
    return [{"Key": f"{prefix}{i}", "Value": f"v{i}"} for i in range(n)]


def listed(comprehend: Any, arn: str) -> List[Tuple[str, str]]:
    reply = comprehend.list_tags_for_resource(ResourceArn=arn)
    assert reply["ResourceArn"] == arn
    return sorted((t["Key"], t.get("Value", "")) for t in reply["Tags"])


def error_code(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return str(error.value.response["Error"]["Code"])


def test_a_new_resource_has_no_tags(comprehend: Any, resource: str) -> None:
    assert listed(comprehend, resource) == []


def test_tag_adds_and_overwrites_and_untag_removes(comprehend: Any, resource: str) -> None:
    comprehend.tag_resource(ResourceArn=resource, Tags=[{"Key": "team", "Value": "news"}, {"Key": "stage", "Value": "dev"}])
    comprehend.tag_resource(ResourceArn=resource, Tags=[{"Key": "stage", "Value": "prod"}, {"Key": "empty"}])
    assert listed(comprehend, resource) == [("empty", ""), ("stage", "prod"), ("team", "news")]
    comprehend.untag_resource(ResourceArn=resource, TagKeys=["stage", "not-there"])
    assert listed(comprehend, resource) == [("empty", ""), ("team", "news")]


def test_fifty_tags_fit_and_the_fifty_first_is_too_many_tags(comprehend: Any, resource: str) -> None:
    comprehend.tag_resource(ResourceArn=resource, Tags=tags(40))
    assert error_code(comprehend.tag_resource, ResourceArn=resource, Tags=tags(11, "new")) == "TooManyTagsException"
    assert len(listed(comprehend, resource)) == 40  # nothing of the refused request was applied
    comprehend.tag_resource(ResourceArn=resource, Tags=tags(10, "new"))
    comprehend.tag_resource(ResourceArn=resource, Tags=[{"Key": "k0", "Value": "changed"}])  # overwriting adds none
    assert len(listed(comprehend, resource)) == 50


def test_create_with_more_than_fifty_tags_is_too_many_tags(comprehend: Any, rtml: Any) -> None:
    model = rtml.add_document_classifier("news", labels=LABELS)
    code = error_code(comprehend.create_endpoint, EndpointName="ep", ModelArn=model, DesiredInferenceUnits=1, Tags=tags(51))
    assert code == "TooManyTagsException"
    assert comprehend.list_endpoints()["EndpointPropertiesList"] == []
    code = error_code(
        comprehend.create_document_classifier, DocumentClassifierName="other", LanguageCode="en",
        DataAccessRoleArn=f"arn:aws:iam::{ACCOUNT}:role/data", InputDataConfig={"S3Uri": "s3://bucket/k"}, Tags=tags(51),
    )
    assert code == "TooManyTagsException"


@pytest.mark.parametrize("key", ["aws:team", "AWS:team", "Aws:x"])
def test_tag_keys_with_the_aws_prefix_are_invalid_request(comprehend: Any, resource: str, key: str) -> None:
    assert error_code(comprehend.tag_resource, ResourceArn=resource, Tags=[{"Key": key, "Value": "x"}]) == "InvalidRequestException"
    assert error_code(comprehend.untag_resource, ResourceArn=resource, TagKeys=[key]) == "InvalidRequestException"
    assert listed(comprehend, resource) == []


def test_untag_more_than_fifty_keys_is_too_many_tag_keys(comprehend: Any, resource: str) -> None:
    keys = [f"k{i}" for i in range(51)]
    assert error_code(comprehend.untag_resource, ResourceArn=resource, TagKeys=keys) == "TooManyTagKeysException"


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/nothing",
        f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/news/version/v9",
        f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier-endpoint/nothing",
        f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer/nothing",
        f"arn:aws:comprehend:us-west-2:{ACCOUNT}:document-classifier/news",
    ],
    ids=["classifier", "version", "endpoint", "recognizer", "other-region"],
)
def test_tags_of_an_unknown_resource_are_resource_not_found(comprehend: Any, rtml: Any, arn: str) -> None:
    rtml.add_document_classifier("news", labels=LABELS)
    assert error_code(comprehend.list_tags_for_resource, ResourceArn=arn) == "ResourceNotFoundException"
    assert error_code(comprehend.tag_resource, ResourceArn=arn, Tags=tags(1)) == "ResourceNotFoundException"
    assert error_code(comprehend.untag_resource, ResourceArn=arn, TagKeys=["k0"]) == "ResourceNotFoundException"


def test_tags_of_a_deleted_endpoint_are_resource_not_found(comprehend: Any, rtml: Any) -> None:
    endpoint = rtml.add_endpoint("ep", rtml.add_document_classifier("news", labels=LABELS))
    comprehend.tag_resource(ResourceArn=endpoint, Tags=tags(1))
    comprehend.delete_endpoint(EndpointArn=endpoint)
    assert error_code(comprehend.list_tags_for_resource, ResourceArn=endpoint) == "ResourceNotFoundException"
