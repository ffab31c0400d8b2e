"""Next to moto's mock_aws: what mock_rtml does not simulate reaches moto unchanged (tag operations
included, routed by who owns the ARN), and moto's Resource Groups Tagging API lists mock_rtml's
tagged resources with everyone else's."""
from __future__ import annotations

import sys
from typing import Any, Iterator, List, Tuple

import boto3
import pytest
from moto import mock_aws

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/comprehend"
LABELS = {"SPORTS": ["goal"], "POLITICS": ["vote"]}
# The hook (moto's TaggableResourcesMixin) came with moto 5.2.2, which needs Python 3.10.
resource_groups = pytest.mark.skipif(sys.version_info < (3, 10), reason="moto 5.2.2+ needs Python 3.10")


@pytest.fixture
def clients(rtml: Any) -> Iterator[Tuple[Any, Any]]:
    """(comprehend, resourcegroupstaggingapi) under mock_rtml and moto."""
    with mock_aws():
        yield boto3.client("comprehend", region_name=REGION), boto3.client("resourcegroupstaggingapi", region_name=REGION)


def flywheel(comprehend: Any, **extra: Any) -> str:
    """A flywheel: moto's (mock_rtml does not simulate flywheels)."""
    return str(comprehend.create_flywheel(
        FlywheelName="people", DataAccessRoleArn=ROLE, DataLakeS3Uri="s3://bucket/lake", ModelType="ENTITY_RECOGNIZER",
        TaskConfig={"LanguageCode": "en", "EntityRecognitionConfig": {"EntityTypes": [{"Type": "PERSON"}]}}, **extra,
    )["FlywheelArn"])


def tags_of(comprehend: Any, arn: str) -> List[Tuple[str, str]]:
    return sorted((t["Key"], t["Value"]) for t in comprehend.list_tags_for_resource(ResourceArn=arn)["Tags"])


def mapping(rgta: Any, **filters: Any) -> List[Tuple[str, List[Tuple[str, str]]]]:
    found = rgta.get_resources(**filters)["ResourceTagMappingList"]
    return sorted((r["ResourceARN"], sorted((t["Key"], t["Value"]) for t in r["Tags"])) for r in found)


def test_tags_of_a_resource_moto_owns_are_moto_s(clients: Any) -> None:
    comprehend, _ = clients
    arn = flywheel(comprehend, Tags=[{"Key": "team", "Value": "ner"}])
    assert tags_of(comprehend, arn) == [("team", "ner")]
    comprehend.tag_resource(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "dev"}])
    comprehend.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert tags_of(comprehend, arn) == [("stage", "dev")]


def test_tags_of_a_resource_mock_rtml_owns_stay_mock_rtml_s(clients: Any, rtml: Any) -> None:
    comprehend, _ = clients
    flywheel(comprehend)  # moto's Comprehend backend now exists too
    classifier = rtml.add_document_classifier("news", LABELS)
    comprehend.tag_resource(ResourceArn=classifier, Tags=[{"Key": "team", "Value": "news"}])
    assert tags_of(comprehend, classifier) == [("team", "news")]
    assert [c.operation for c in rtml.calls.of("TagResource")] == ["TagResource"]


@resource_groups
def test_resource_groups_tagging_lists_mock_rtml_s_tagged_resources_with_moto_s(clients: Any, rtml: Any) -> None:
    comprehend, rgta = clients
    classifier = rtml.add_document_classifier("news", LABELS)
    comprehend.tag_resource(ResourceArn=classifier, Tags=[{"Key": "team", "Value": "news"}])
    endpoint = comprehend.create_endpoint(
        EndpointName="news-ep", ModelArn=classifier, DesiredInferenceUnits=1, Tags=[{"Key": "team", "Value": "ops"}]
    )["EndpointArn"]
    rtml.add_document_classifier("untagged", LABELS)
    rtml.add_ml_model("spam", "BINARY", {"1": ["prize"]})
    ml = boto3.client("machinelearning", region_name=REGION)
    ml.add_tags(ResourceId="spam", ResourceType="MLModel", Tags=[{"Key": "team", "Value": "ml"}, {"Key": "empty"}])
    moto_owned = flywheel(comprehend, Tags=[{"Key": "team", "Value": "ner"}])
    assert mapping(rgta) == sorted([
        (classifier, [("team", "news")]),
        (endpoint, [("team", "ops")]),
        (moto_owned, [("team", "ner")]),
        (f"arn:aws:machinelearning:{REGION}:{ACCOUNT}:mlmodel/spam", [("empty", ""), ("team", "ml")]),
    ])
    assert mapping(rgta, TagFilters=[{"Key": "team", "Values": ["ops", "ml"]}]) == [
        (endpoint, [("team", "ops")]),
        (f"arn:aws:machinelearning:{REGION}:{ACCOUNT}:mlmodel/spam", [("empty", ""), ("team", "ml")]),
    ]
    assert sorted(rgta.get_tag_values(Key="team")["TagValues"]) == ["ml", "ner", "news", "ops"]


@resource_groups
def test_resource_types_are_those_in_the_arns(clients: Any, rtml: Any) -> None:
    """AWS's GetResources: a resource type is written as in the ARN (service:resource-type), so a
    classifier endpoint is comprehend:document-classifier-endpoint."""
    comprehend, rgta = clients
    classifier = rtml.add_document_classifier("news", LABELS)
    endpoint = rtml.add_endpoint("news-ep", classifier)
    recognizer = rtml.add_entity_recognizer("parts", {"PART": ["warp coil"]})
    recognizer_endpoint = rtml.add_endpoint("parts-ep", recognizer)
    for arn in (classifier, endpoint, recognizer, recognizer_endpoint):
        comprehend.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])
    assert [a for a, _ in mapping(rgta, ResourceTypeFilters=["comprehend:document-classifier-endpoint"])] == [endpoint]
    assert [a for a, _ in mapping(rgta, ResourceTypeFilters=["comprehend:document-classifier"])] == [classifier]
    assert [a for a, _ in mapping(rgta, ResourceTypeFilters=["comprehend:entity-recognizer"])] == [recognizer]
    assert [a for a, _ in mapping(rgta, ResourceTypeFilters=["comprehend:entity-recognizer-endpoint"])] == [recognizer_endpoint]
    assert [a for a, _ in mapping(rgta, ResourceTypeFilters=["comprehend"])] == sorted([classifier, endpoint, recognizer, recognizer_endpoint])


@resource_groups
def test_resource_groups_tagging_tags_and_untags_mock_rtml_s_resources(clients: Any, rtml: Any) -> None:
    comprehend, rgta = clients
    flywheel(comprehend)  # moto's Comprehend backend, which claims every Comprehend ARN, exists first
    endpoint = rtml.add_endpoint("news-ep", rtml.add_document_classifier("news", LABELS))
    assert rgta.tag_resources(ResourceARNList=[endpoint], Tags={"team": "ops", "stage": "dev"})["FailedResourcesMap"] == {}
    assert rgta.untag_resources(ResourceARNList=[endpoint], TagKeys=["stage"])["FailedResourcesMap"] == {}
    assert tags_of(comprehend, endpoint) == [("team", "ops")]


@resource_groups
def test_resource_groups_tagging_reports_a_refused_tag_as_failed(clients: Any, rtml: Any) -> None:
    """Comprehend's own limits hold: over 50 tags the resource is reported failed and left unchanged."""
    comprehend, rgta = clients
    classifier = rtml.add_document_classifier("news", LABELS)
    assert rgta.tag_resources(ResourceARNList=[classifier], Tags={f"k{i}": "v" for i in range(49)})["FailedResourcesMap"] == {}
    failed = rgta.tag_resources(ResourceARNList=[classifier], Tags={"x": "v", "y": "v"})["FailedResourcesMap"]
    assert list(failed) == [classifier]
    assert len(tags_of(comprehend, classifier)) == 49


@resource_groups
def test_resource_groups_tagging_finds_resources_made_before_mock_aws_started(rtml: Any) -> None:
    classifier = rtml.add_document_classifier("news", LABELS)
    boto3.client("comprehend", region_name=REGION).tag_resource(ResourceArn=classifier, Tags=[{"Key": "k", "Value": "v"}])
    with mock_aws():
        rgta = boto3.client("resourcegroupstaggingapi", region_name=REGION)
        assert mapping(rgta) == [(classifier, [("k", "v")])]


@resource_groups
def test_resource_groups_tagging_lists_the_jobs_mock_rtml_runs(rtml: Any, clients: Any) -> None:
    comprehend, rgta = clients
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="jobs")
    job = comprehend.start_document_classification_job(
        DocumentClassifierArn=rtml.add_document_classifier("news", LABELS), DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": "s3://jobs/in/"}, OutputDataConfig={"S3Uri": "s3://jobs/out/"},
        Tags=[{"Key": "team", "Value": "news"}],
    )["JobArn"]
    assert mapping(rgta, ResourceTypeFilters=["comprehend:document-classification-job"]) == [(job, [("team", "news")])]
    rgta.tag_resources(ResourceARNList=[job], Tags={"stage": "dev"})
    assert tags_of(comprehend, job) == [("stage", "dev"), ("team", "news")]
