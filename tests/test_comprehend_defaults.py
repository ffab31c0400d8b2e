"""Describe and List show a classifier as AWS does: the defaults the service fills in, and the metrics.

Real replies: the AWS CLI's list-document-classifiers example (`"DataFormat": "COMPREHEND_CSV"`,
`"OutputDataConfig": {}`, `"HammingLoss": 0.0144` beside `"Accuracy": 0.9856` for MULTI_CLASS);
Terraform's acceptance tests (`LabelDelimiter` "|" for MULTI_LABEL, and the OutputDataConfig S3Uri
read back as `<S3Uri>/<id>/output/output.tar.gz`).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

import boto3
import pytest
from moto import mock_aws

from training_corpus import multi_class_rows, multi_label_rows, put_training_data

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/comprehend-data"


@pytest.fixture
def comprehend(rtml: Any) -> Iterator[Any]:
    with mock_aws():
        put_training_data("training", {"class.csv": multi_class_rows(), "label.csv": multi_label_rows()})
        yield boto3.client("comprehend", region_name=REGION)


def create(comprehend: Any, mode: str = "MULTI_CLASS", **extra: Any) -> Any:
    key = "class.csv" if mode == "MULTI_CLASS" else "label.csv"
    arn = comprehend.create_document_classifier(
        DocumentClassifierName="news", DataAccessRoleArn=ROLE, LanguageCode="en", Mode=mode,
        InputDataConfig={"S3Uri": f"s3://training/{key}"}, **extra,
    )["DocumentClassifierArn"]
    described = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]
    listed = comprehend.list_document_classifiers()["DocumentClassifierPropertiesList"]
    assert listed == [described]
    return described


def test_data_format_defaults_to_comprehend_csv_and_output_config_to_empty(comprehend: Any) -> None:
    props = create(comprehend)
    assert props["InputDataConfig"] == {"DataFormat": "COMPREHEND_CSV", "S3Uri": "s3://training/class.csv"}
    assert props["OutputDataConfig"] == {}


def test_a_multi_label_classifier_shows_the_default_label_delimiter(comprehend: Any) -> None:
    props = create(comprehend, "MULTI_LABEL")
    assert props["InputDataConfig"] == {
        "DataFormat": "COMPREHEND_CSV", "S3Uri": "s3://training/label.csv", "LabelDelimiter": "|",
    }


def test_output_s3_uri_is_read_back_as_the_path_of_the_training_output(comprehend: Any) -> None:
    """The form of the id between the prefix and /output/ (`<account>-CLR-<32 hex>`) is our inference
    from Comprehend's job outputs (`<account>-SENTIMENT-<32 hex>`); Terraform only requires [0-9A-Za-z-]+."""
    props = create(comprehend, OutputDataConfig={"S3Uri": "s3://results/models", "KmsKeyId": "key-1"})
    output = props["OutputDataConfig"]
    assert output["KmsKeyId"] == "key-1"
    assert re.fullmatch(r"s3://results/models/123456789012-CLR-[0-9a-f]{32}/output/output\.tar\.gz", output["S3Uri"])


def test_a_multi_class_classifier_reports_its_hamming_loss(comprehend: Any) -> None:
    """For single-label documents the Hamming loss is the fraction of documents classified wrongly."""
    metrics = create(comprehend)["ClassifierMetadata"]["EvaluationMetrics"]
    assert metrics["HammingLoss"] == pytest.approx(1 - metrics["Accuracy"])


def test_a_classifier_made_by_the_handle_shows_the_same_defaults(rtml: Any) -> None:
    arn = rtml.add_document_classifier("tags", {"A": ["a"], "B": ["b"]}, mode="MULTI_LABEL")
    comprehend = boto3.client("comprehend", region_name=REGION)
    props = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]
    assert (props["InputDataConfig"]["DataFormat"], props["InputDataConfig"]["LabelDelimiter"]) == ("COMPREHEND_CSV", "|")
    assert props["OutputDataConfig"] == {}
