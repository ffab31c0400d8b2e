"""A document classifier's training output: `output.tar.gz` holding `confusion_matrix.json`.

As the developer guide's "Classifier training output" (conf-matrix.html) shows it: once training
completes, `s3://<S3Uri>/<unique-value>/output/output.tar.gz` (the path DescribeDocumentClassifier
reports in OutputDataConfig.S3Uri) holds `confusion_matrix.json`:
`{"type": "multi_class", "confusion_matrix": [[...]], "labels": [...], "all_labels": [...]}`, rows the
actual labels and columns the predicted ones; for MULTI_LABEL `"type": "multi_label"` and one 2x2
matrix per label, rows "was this label actually used" (No, Yes), columns predicted (No, Yes). It is
made from the test documents that give ClassifierMetadata's metrics.
"""
from __future__ import annotations

import io
import json
import tarfile
from typing import Any, Dict, List, Tuple

import boto3
import pytest
from moto import mock_aws
from status_progressions import progression
from training_corpus import csv_text, document, multi_class_rows, multi_label_rows

from mock_rtml import mock_rtml

REGION = "us-east-1"
ACCOUNT = "123456789012"
BUCKET = "jobs"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/comprehend-data"
OUTPUT = f"s3://{BUCKET}/classifier-output/"
# A test set the classifier gets one document of wrong: a SPORTS text labelled POLITICS.
TEST_ROWS = [("SPORTS", document("SPORTS", 1)), ("MARITIME", document("MARITIME", 2)),
             ("POLITICS", document("SPORTS", 4)), ("POLITICS", document("POLITICS", 5))]


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def s3(jobs_s3: Any) -> Any:
    """The bucket "jobs" (conftest's), which holds the training data and gets the output."""
    return jobs_s3


def put(s3: Any, key: str, rows: List[Tuple[str, str]]) -> str:
    s3.put_object(Bucket=BUCKET, Key=key, Body=csv_text(rows).encode())
    return f"s3://{BUCKET}/{key}"


def train(comprehend: Any, s3: Any, rows: Any, output: Any = OUTPUT, **options: Any) -> Dict[str, Any]:
    """Create a classifier from `rows` (options: Mode, InputDataConfig members); what Describe shows."""
    config = {"S3Uri": put(s3, "train.csv", rows), **options.pop("InputDataConfig", {})}
    if output is not None:
        options["OutputDataConfig"] = {"S3Uri": output}
    arn = comprehend.create_document_classifier(
        DocumentClassifierName="news", DataAccessRoleArn=ROLE, InputDataConfig=config, LanguageCode="en", **options,
    )["DocumentClassifierArn"]
    return dict(comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"])


def keys(s3: Any) -> List[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def archive(s3: Any, classifier: Dict[str, Any]) -> bytes:
    key = classifier["OutputDataConfig"]["S3Uri"].removeprefix(f"s3://{BUCKET}/")
    return bytes(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())


def confusion(s3: Any, classifier: Dict[str, Any]) -> Dict[str, Any]:
    with tarfile.open(fileobj=io.BytesIO(archive(s3, classifier)), mode="r:gz") as tar:
        assert tar.getnames() == ["confusion_matrix.json"]
        return dict(json.load(tar.extractfile("confusion_matrix.json")))


def test_a_multi_class_matrix_counts_test_documents_by_actual_row_and_predicted_column(s3: Any, comprehend: Any) -> None:
    test_uri = put(s3, "test.csv", TEST_ROWS)
    classifier = train(comprehend, s3, multi_class_rows(), InputDataConfig={"TestS3Uri": test_uri})
    found = confusion(s3, classifier)
    metadata = classifier["ClassifierMetadata"]
    assert (found["type"], found["labels"], found["all_labels"]) == ("multi_class", ["MARITIME", "POLITICS", "SPORTS"],
                                                                      ["MARITIME", "POLITICS", "SPORTS"])
    # The POLITICS row holds the SPORTS text labelled POLITICS in the SPORTS column.
    assert found["confusion_matrix"] == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    diagonal = sum(found["confusion_matrix"][i][i] for i in range(3))
    assert diagonal == metadata["EvaluationMetrics"]["Accuracy"] * metadata["NumberOfTestDocuments"]


def test_the_default_test_split_gives_the_matrix_of_the_metrics(s3: Any, comprehend: Any) -> None:
    classifier = train(comprehend, s3, multi_class_rows())
    found = confusion(s3, classifier)
    metadata = classifier["ClassifierMetadata"]
    matrix = found["confusion_matrix"]
    assert sum(map(sum, matrix)) == metadata["NumberOfTestDocuments"] > 0
    assert sum(matrix[i][i] for i in range(len(matrix))) == pytest.approx(
        metadata["EvaluationMetrics"]["Accuracy"] * metadata["NumberOfTestDocuments"])


def test_labels_are_those_of_the_test_documents_and_all_labels_every_label(s3: Any, comprehend: Any) -> None:
    """The page is silent on how "labels" and "all_labels" differ (its examples have them equal). Our
    reading: "labels" index the matrix and are the labels the test documents have or were predicted;
    "all_labels" are every label of the classifier (and of its test data)."""
    test_uri = put(s3, "test.csv", [row for row in TEST_ROWS if row[0] != "POLITICS"])
    found = confusion(s3, train(comprehend, s3, multi_class_rows(), InputDataConfig={"TestS3Uri": test_uri}))
    assert (found["labels"], found["all_labels"]) == (["MARITIME", "SPORTS"], ["MARITIME", "POLITICS", "SPORTS"])
    assert found["confusion_matrix"] == [[1, 0], [0, 1]]


def test_a_multi_label_matrix_is_one_two_by_two_per_label_actual_rows_predicted_columns(s3: Any, comprehend: Any) -> None:
    """Each label's matrix is [[TN, FP], [FN, TP]], as the page's picture and JSON show it (its prose
    names the Comedy example's FP and FN the other way round; we follow the picture's axes)."""
    test_uri = put(s3, "test.csv", [*TEST_ROWS, ("MARITIME|SPORTS", document("MARITIME", 3) + " " + document("SPORTS", 6))])
    classifier = train(comprehend, s3, multi_label_rows(), Mode="MULTI_LABEL", InputDataConfig={"TestS3Uri": test_uri})
    found = confusion(s3, classifier)
    metadata, metrics = classifier["ClassifierMetadata"], classifier["ClassifierMetadata"]["EvaluationMetrics"]
    assert (found["type"], found["labels"]) == ("multi_label", ["MARITIME", "POLITICS", "SPORTS"])
    cells = dict(zip(found["labels"], found["confusion_matrix"]))
    documents = metadata["NumberOfTestDocuments"]
    assert all(sum(map(sum, matrix)) == documents == 5 for matrix in cells.values())
    assert [cells[label][1] for label in ("MARITIME", "SPORTS")] == [[0, 2], [0, 2]]  # (FN, TP) of who has the label
    assert cells["POLITICS"] == [[3, 0], [1, 1]]  # the SPORTS text labelled POLITICS: a false negative...
    assert cells["SPORTS"][0] == [2, 1]  # ...and a SPORTS false positive
    tp = sum(matrix[1][1] for matrix in cells.values())
    has = sum(sum(matrix[1]) for matrix in cells.values())
    wrong = sum(matrix[0][1] + matrix[1][0] for matrix in cells.values())
    assert tp / has == pytest.approx(metrics["Accuracy"])
    assert wrong / (documents * metadata["NumberOfLabels"]) == pytest.approx(metrics["HammingLoss"])


@pytest.mark.rtml(clock="manual")
def test_the_archive_appears_at_the_path_describe_reports_once_the_classifier_is_trained(
    rtml: Any, s3: Any, comprehend: Any,
) -> None:
    with progression("comprehend::document-classifier", progression="time", seconds=60):
        classifier = train(comprehend, s3, multi_class_rows())  # its first read: SUBMITTED
        seen = [(classifier["Status"], keys(s3))]
        for _ in range(2):
            rtml.clock.advance(60)
            classifier = comprehend.describe_document_classifier(
                DocumentClassifierArn=classifier["DocumentClassifierArn"])["DocumentClassifierProperties"]
            seen.append((classifier["Status"], keys(s3)))
    path = classifier["OutputDataConfig"]["S3Uri"]
    assert path.startswith(f"{OUTPUT}{ACCOUNT}-CLR-") and path.endswith("/output/output.tar.gz")
    written = path.removeprefix(f"s3://{BUCKET}/")
    assert seen == [("SUBMITTED", ["train.csv"]), ("TRAINING", ["train.csv"]), ("TRAINED", sorted([written, "train.csv"]))]


def test_without_an_output_data_config_nothing_is_written(s3: Any, comprehend: Any) -> None:
    classifier = train(comprehend, s3, multi_class_rows(), output=None)
    assert (classifier["Status"], classifier["OutputDataConfig"]) == ("TRAINED", {})
    assert keys(s3) == ["train.csv"]


def test_an_output_bucket_missing_when_training_completes_ends_it_in_error(s3: Any, comprehend: Any) -> None:
    """As a job whose output bucket is gone ends FAILED: the training cannot write its output, so it
    ends IN_ERROR with a Message and no ClassifierMetadata (our inference; AWS fails a training whose
    output location it cannot write to)."""
    classifier = train(comprehend, s3, multi_class_rows(), output="s3://nowhere/out")
    assert classifier["Status"] == "IN_ERROR" and "the bucket nowhere does not exist" in classifier["Message"]
    assert "ClassifierMetadata" not in classifier and classifier["EndTime"] >= classifier["SubmitTime"]


def _trained_archive() -> bytes:
    with mock_rtml(), mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        return archive(s3, train(boto3.client("comprehend", region_name=REGION), s3, multi_label_rows(), Mode="MULTI_LABEL"))


def test_the_same_training_data_writes_the_same_bytes_in_two_fresh_mocks() -> None:
    first = _trained_archive()
    assert _trained_archive() == first
    with tarfile.open(fileobj=io.BytesIO(first), mode="r:gz") as tar:
        (member,) = tar.getmembers()
    assert (member.name, member.mtime, member.uid, member.uname) == ("confusion_matrix.json", 0, 0, "")
