"""Amazon ML tags: AddTags, DescribeTags, DeleteTags for every taggable resource type."""
from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from ml_datasets import BUCKET, REGION, s3_source, topics_csv, topics_schema


@pytest.fixture
def ml(rtml):
    """One resource of each taggable type, all with the id "r"."""
    with mock_aws():
        client = boto3.client("machinelearning", region_name=REGION)
        s3_source(client, boto3.client("s3", region_name=REGION), "r", topics_csv(), topics_schema())
        rtml.add_ml_model("r", labels={"A": ["a"], "B": ["b"]})
        client.create_evaluation(EvaluationId="r", MLModelId="r", EvaluationDataSourceId="r")
        client.create_batch_prediction(BatchPredictionId="r", MLModelId="r", BatchPredictionDataSourceId="r",
                                       OutputUri=f"s3://{BUCKET}/out/")
        yield client


def _error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]


@pytest.mark.parametrize("resource_type", ["DataSource", "MLModel", "Evaluation", "BatchPrediction"])
def test_add_describe_delete_on_every_resource_type(ml, resource_type):
    target = {"ResourceId": "r", "ResourceType": resource_type}
    reply = ml.add_tags(Tags=[{"Key": "team", "Value": "ml"}, {"Key": "flag"}], **target)
    assert {k: reply[k] for k in target} == target
    assert ml.describe_tags(**target)["Tags"] == [{"Key": "flag"}, {"Key": "team", "Value": "ml"}]
    ml.add_tags(Tags=[{"Key": "team", "Value": "data"}], **target)
    assert ml.describe_tags(**target)["Tags"] == [{"Key": "flag"}, {"Key": "team", "Value": "data"}]
    ml.delete_tags(TagKeys=["flag", "not-there"], **target)
    assert ml.describe_tags(**target)["Tags"] == [{"Key": "team", "Value": "data"}]


def test_tags_belong_to_one_resource(ml):
    ml.add_tags(Tags=[{"Key": "k", "Value": "v"}], ResourceId="r", ResourceType="MLModel")
    assert ml.describe_tags(ResourceId="r", ResourceType="DataSource")["Tags"] == []


def test_more_than_100_tags_is_tag_limit_exceeded(ml):
    ml.add_tags(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(100)], ResourceId="r", ResourceType="MLModel")
    error = _error(ml.add_tags, Tags=[{"Key": "one-more", "Value": "v"}], ResourceId="r", ResourceType="MLModel")
    assert error["Code"] == "TagLimitExceededException"
    assert len(ml.describe_tags(ResourceId="r", ResourceType="MLModel")["Tags"]) == 100


def test_the_tag_limit_follows_the_quota(rtml, ml):
    rtml.quotas["machinelearning.tags_per_resource"] = 1
    ml.add_tags(Tags=[{"Key": "a", "Value": "1"}], ResourceId="r", ResourceType="Evaluation")
    error = _error(ml.add_tags, Tags=[{"Key": "b", "Value": "2"}], ResourceId="r", ResourceType="Evaluation")
    assert error["Code"] == "TagLimitExceededException"


@pytest.mark.parametrize("tags", [[{"Key": "aws:owner", "Value": "x"}], [{"Value": "no key"}]])
def test_reserved_or_missing_key_is_invalid_tag(ml, tags):
    assert _error(ml.add_tags, Tags=tags, ResourceId="r", ResourceType="DataSource")["Code"] == "InvalidTagException"
    assert ml.describe_tags(ResourceId="r", ResourceType="DataSource")["Tags"] == []


def test_deleting_a_reserved_key_is_invalid_tag(ml):
    assert _error(ml.delete_tags, TagKeys=["AWS:x"], ResourceId="r", ResourceType="DataSource")["Code"] == "InvalidTagException"


@pytest.mark.parametrize("operation, extra", [("add_tags", {"Tags": []}), ("describe_tags", {}), ("delete_tags", {"TagKeys": []})])
def test_unknown_resource_is_not_found(ml, operation, extra):
    error = _error(getattr(ml, operation), ResourceId="nope", ResourceType="BatchPrediction", **extra)
    assert error == {"Code": "ResourceNotFoundException", "Message": "No BatchPrediction with id nope exists"}


def test_a_deleted_resource_has_no_tags_to_manage(ml):
    """Our inference: once DELETED, a resource is unusable, so its tags are ResourceNotFoundException."""
    ml.delete_evaluation(EvaluationId="r")
    assert _error(ml.describe_tags, ResourceId="r", ResourceType="Evaluation")["Code"] == "ResourceNotFoundException"


def test_off_pattern_tag_key_is_a_validation_error(ml):
    error = _error(ml.add_tags, Tags=[{"Key": "bad#key", "Value": "v"}], ResourceId="r", ResourceType="MLModel")
    assert error["Code"] == "ValidationException"
    assert "'tags.1.member.key'" in error["Message"]
