"""State is partitioned by account and region, and every outermost activation starts empty."""
from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from mock_rtml import mock_rtml

LABELS = {"SPORTS": ["goal", "match"], "WORLD": ["war", "election"]}
OTHER_ACCOUNT = "111111111111"


def _classifier_arns(client: Any) -> list[str]:
    listed = client.list_document_classifiers()["DocumentClassifierPropertiesList"]
    return [c["DocumentClassifierArn"] for c in listed]


def _endpoint_arns(client: Any) -> list[str]:
    return [e["EndpointArn"] for e in client.list_endpoints()["EndpointPropertiesList"]]


def _error_code(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(**params)
    return str(info.value.response["Error"]["Code"])


# -- regions --------------------------------------------------------------------------------------
def test_classifier_made_in_one_region_is_invisible_in_another() -> None:
    with mock_rtml() as rtml:
        east = boto3.client("comprehend", region_name="us-east-1")
        west = boto3.client("comprehend", region_name="eu-west-1")
        made = rtml.add_document_classifier("news", LABELS, region="us-east-1")
        assert made.startswith("arn:aws:comprehend:us-east-1:")
        assert _classifier_arns(east) == [made]
        assert _classifier_arns(west) == []
        assert _error_code(west.describe_document_classifier, DocumentClassifierArn=made) in (
            "ResourceNotFoundException",
            "InvalidRequestException",
        )


def test_same_name_may_be_used_in_two_regions() -> None:
    with mock_rtml() as rtml:
        east_arn = rtml.add_document_classifier("news", LABELS, region="us-east-1")
        west_arn = rtml.add_document_classifier("news", LABELS, region="eu-west-1")
        assert east_arn != west_arn
        west = boto3.client("comprehend", region_name="eu-west-1")
        assert _classifier_arns(west) == [west_arn]


def test_endpoint_lives_in_its_model_region() -> None:
    with mock_rtml() as rtml:
        model = rtml.add_document_classifier("news", LABELS, region="eu-west-1")
        endpoint = rtml.add_endpoint("news-ep", model)
        assert endpoint.startswith("arn:aws:comprehend:eu-west-1:")
        assert _endpoint_arns(boto3.client("comprehend", region_name="eu-west-1")) == [endpoint]
        assert _endpoint_arns(boto3.client("comprehend", region_name="us-east-1")) == []


# -- accounts (moto's STS decides whose credentials these are) -------------------------------------
def _client_in_other_account() -> Any:
    sts = boto3.client("sts", region_name="us-east-1")
    role = f"arn:aws:iam::{OTHER_ACCOUNT}:role/reader"
    creds = sts.assume_role(RoleArn=role, RoleSessionName="isolation-test")["Credentials"]
    return boto3.client(
        "comprehend",
        region_name="us-east-1",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def test_accounts_do_not_see_each_others_resources() -> None:
    with mock_aws(), mock_rtml() as rtml:
        default = boto3.client("comprehend", region_name="us-east-1")
        other = _client_in_other_account()
        mine = rtml.add_document_classifier("news", LABELS)
        theirs = rtml.add_document_classifier("news", LABELS, account_id=OTHER_ACCOUNT)
        assert f":{OTHER_ACCOUNT}:" in theirs and f":{OTHER_ACCOUNT}:" not in mine
        assert _classifier_arns(default) == [mine]
        assert _classifier_arns(other) == [theirs]


def test_endpoint_created_by_another_account_is_not_found() -> None:
    with mock_aws(), mock_rtml() as rtml:
        other = _client_in_other_account()
        endpoint = rtml.add_endpoint("ep", rtml.add_document_classifier("news", LABELS))
        assert _error_code(other.describe_endpoint, EndpointArn=endpoint) in (
            "ResourceNotFoundException",
            "InvalidRequestException",
        )


def test_moto_account_id_decides_the_default_account_as_in_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "222222222222")
    with mock_aws(), mock_rtml() as rtml:
        arn = rtml.add_document_classifier("news", LABELS)
        assert ":222222222222:" in arn
        assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"] == "222222222222"
        assert _classifier_arns(boto3.client("comprehend", region_name="us-east-1")) == [arn]


def test_moto_account_id_is_read_per_request_as_moto_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changed inside an activation, MOTO_ACCOUNT_ID moves moto's S3 and mock_rtml's resources together:
    a classifier trains from the training data put in the new account's S3."""
    rows = [f"{label},document {i} about {word} and more {word}" for i in range(12)
            for label, word in (("SPORTS", "goal"), ("WORLD", "war"))]
    with mock_aws(), mock_rtml():
        monkeypatch.setenv("MOTO_ACCOUNT_ID", "222222222222")
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="training")
        s3.put_object(Bucket="training", Key="train.csv", Body="\n".join(rows).encode())
        comprehend = boto3.client("comprehend", region_name="us-east-1")
        arn = comprehend.create_document_classifier(
            DocumentClassifierName="news", LanguageCode="en", DataAccessRoleArn="arn:aws:iam::222222222222:role/data",
            InputDataConfig={"S3Uri": "s3://training/train.csv"},
        )["DocumentClassifierArn"]
        assert ":222222222222:" in arn
        props = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]
        assert props["Status"] == "TRAINED", props.get("Message")


# -- every outermost activation starts empty -----------------------------------------------------
def test_state_is_dropped_when_the_outermost_activation_ends() -> None:
    with mock_rtml() as rtml:
        client = boto3.client("comprehend", region_name="us-east-1")
        classifier = rtml.add_document_classifier("news", LABELS)
        rtml.add_endpoint("news-ep", classifier)
        assert len(_classifier_arns(client)) == 1
    with mock_rtml() as rtml:
        assert _classifier_arns(client) == []
        assert _endpoint_arns(client) == []
        assert [c.operation for c in rtml.calls] == ["ListDocumentClassifiers", "ListEndpoints"]


def test_each_call_of_a_decorated_function_starts_empty() -> None:
    @mock_rtml
    def make_one() -> list[str]:
        client = boto3.client("comprehend", region_name="us-east-1")
        before = _classifier_arns(client)
        mock = mock_rtml()
        mock.start().add_document_classifier("news", LABELS)
        mock.stop()
        assert len(_classifier_arns(client)) == 1
        return before

    assert make_one() == []
    assert make_one() == []


def test_reset_empties_state_and_calls_but_keeps_the_mock_on() -> None:
    with mock_rtml() as rtml:
        client = boto3.client("comprehend", region_name="us-east-1")
        rtml.add_document_classifier("news", LABELS)
        _classifier_arns(client)
        rtml.reset()
        assert list(rtml.calls) == []
        assert _classifier_arns(client) == []
        assert len(rtml.calls) == 1


def test_the_same_name_can_be_reused_after_a_fresh_activation() -> None:
    for _ in range(2):
        with mock_rtml() as rtml:
            arn = rtml.add_document_classifier("news", LABELS)
            assert _classifier_arns(boto3.client("comprehend", region_name="us-east-1")) == [arn]
