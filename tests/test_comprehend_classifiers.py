"""Document classifiers: create, train from moto's S3, describe, list, stop, delete."""
from __future__ import annotations

import datetime
from typing import Any, Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from status_progressions import progression
from training_corpus import csv_text, multi_class_rows, multi_label_rows

REGION = "us-east-1"
ACCOUNT = "123456789012"
BUCKET = "training-data"
TRAIN = f"s3://{BUCKET}/train.csv"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/comprehend-data"
CLASSIFIER = "comprehend::document-classifier"


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def s3(rtml: Any) -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET)
        client.put_object(Bucket=BUCKET, Key="train.csv", Body=csv_text(multi_class_rows()).encode())
        yield client


def create(comprehend: Any, name: str, uri: str = TRAIN, **kwargs: Any) -> str:
    config = {"S3Uri": uri, **kwargs.pop("InputDataConfig", {})}
    reply = comprehend.create_document_classifier(
        DocumentClassifierName=name, DataAccessRoleArn=ROLE, InputDataConfig=config, LanguageCode="en", **kwargs
    )
    return str(reply["DocumentClassifierArn"])


def describe(comprehend: Any, arn: str) -> Any:
    return comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]


def code_of(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


# -- create ------------------------------------------------------------------------------------
def test_create_returns_the_name_arn_and_with_version_name_the_version_arn(s3: Any, comprehend: Any) -> None:
    assert create(comprehend, "news") == f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/news"
    versioned = create(comprehend, "news", VersionName="v2")
    assert versioned == f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/news/version/v2"
    assert describe(comprehend, versioned)["VersionName"] == "v2"


def test_create_with_a_name_and_version_in_use_is_resource_in_use(s3: Any, comprehend: Any) -> None:
    create(comprehend, "news", VersionName="v1")
    with pytest.raises(ClientError) as error:
        create(comprehend, "news", VersionName="v1")
    assert code_of(error) == "ResourceInUseException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_create_again_with_the_same_client_request_token_returns_the_same_classifier(s3: Any, comprehend: Any) -> None:
    first = create(comprehend, "news", ClientRequestToken="token-1")
    assert create(comprehend, "news", ClientRequestToken="token-1") == first
    listed = comprehend.list_document_classifiers()["DocumentClassifierPropertiesList"]
    assert [c["DocumentClassifierArn"] for c in listed] == [first]


@pytest.mark.parametrize(
    "config", [{"DataFormat": "COMPREHEND_CSV"}, {"DataFormat": "AUGMENTED_MANIFEST", "S3Uri": TRAIN}], ids=["csv", "manifest"]
)
def test_create_without_the_data_its_format_needs_is_invalid_request(comprehend: Any, config: Any) -> None:
    """DocumentClassifierInputDataConfig docs: COMPREHEND_CSV needs S3Uri, AUGMENTED_MANIFEST needs AugmentedManifests."""
    with pytest.raises(ClientError) as error:
        comprehend.create_document_classifier(
            DocumentClassifierName="news", DataAccessRoleArn=ROLE, InputDataConfig=config, LanguageCode="en"
        )
    assert code_of(error) == "InvalidRequestException"
    assert comprehend.list_document_classifiers()["DocumentClassifierPropertiesList"] == []


# -- training ----------------------------------------------------------------------------------
def test_training_from_one_s3_object_reports_honest_metadata(s3: Any, comprehend: Any) -> None:
    props = describe(comprehend, create(comprehend, "news"))
    assert props["Status"] == "TRAINED"
    assert props["TrainingStartTime"] <= props["TrainingEndTime"]
    meta = props["ClassifierMetadata"]
    assert meta["NumberOfLabels"] == 3
    assert meta["NumberOfTrainedDocuments"] + meta["NumberOfTestDocuments"] == 45
    assert meta["NumberOfTestDocuments"] > 0
    metrics = meta["EvaluationMetrics"]
    assert {"Accuracy", "Precision", "Recall", "F1Score", "MicroPrecision", "MicroRecall", "MicroF1Score"} <= set(metrics)
    assert all(0.0 <= value <= 1.0 for value in metrics.values())


def test_training_from_a_prefix_reads_every_object_under_it(s3: Any, comprehend: Any) -> None:
    rows = multi_class_rows()
    s3.put_object(Bucket=BUCKET, Key="parts/a.csv", Body=csv_text(rows[:20]).encode())
    s3.put_object(Bucket=BUCKET, Key="parts/b.csv", Body=csv_text(rows[20:]).encode())
    meta = describe(comprehend, create(comprehend, "news", f"s3://{BUCKET}/parts/"))["ClassifierMetadata"]
    assert meta["NumberOfTrainedDocuments"] + meta["NumberOfTestDocuments"] == len(rows)


def test_without_test_data_a_tenth_of_the_documents_is_held_out_even_when_texts_repeat(s3: Any, comprehend: Any) -> None:
    """AWS keeps 10% of the training documents for testing (developer guide, "Testing with test data"):
    documents, not distinct texts, so copies of a text are split like any documents (our inference)."""
    texts = {label: [f"{label.lower()} {word} report {n}" for n in range(4)] for label, word in
             [("SPORTS", "goal"), ("SHIPPING", "ship"), ("WEATHER", "rain")]}
    rows = [(label, text) for _ in range(25) for label, some in texts.items() for text in some]
    s3.put_object(Bucket=BUCKET, Key="copies.csv", Body=csv_text(rows).encode())
    meta = describe(comprehend, create(comprehend, "news", f"s3://{BUCKET}/copies.csv"))["ClassifierMetadata"]
    assert meta["NumberOfTrainedDocuments"] + meta["NumberOfTestDocuments"] == 300
    assert 20 <= meta["NumberOfTestDocuments"] <= 40
    assert meta["EvaluationMetrics"]["Precision"] == 1.0  # every label is among the test documents


def test_test_s3_uri_documents_are_the_test_set(s3: Any, comprehend: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="test.csv", Body=csv_text(multi_class_rows(4)).encode())
    arn = create(comprehend, "news", InputDataConfig={"TestS3Uri": f"s3://{BUCKET}/test.csv"})
    meta = describe(comprehend, arn)["ClassifierMetadata"]
    assert (meta["NumberOfTrainedDocuments"], meta["NumberOfTestDocuments"]) == (45, 12)


@pytest.mark.parametrize("delimiter", [None, ":"])
def test_multi_label_training_splits_labels_by_the_label_delimiter(s3: Any, comprehend: Any, delimiter: Any) -> None:
    """The default LabelDelimiter is `|` (CreateDocumentClassifier's Mode documentation)."""
    rows = multi_label_rows(delimiter=delimiter or "|")
    s3.put_object(Bucket=BUCKET, Key="multi.csv", Body=csv_text(rows).encode())
    config = {"LabelDelimiter": delimiter} if delimiter else {}
    arn = create(comprehend, "tags", f"s3://{BUCKET}/multi.csv", Mode="MULTI_LABEL", InputDataConfig=config)
    props = describe(comprehend, arn)
    assert (props["Status"], props["Mode"]) == ("TRAINED", "MULTI_LABEL")
    assert props["ClassifierMetadata"]["NumberOfLabels"] == 3
    assert 0.0 <= props["ClassifierMetadata"]["EvaluationMetrics"]["HammingLoss"] <= 1.0


_TOO_FEW = csv_text(multi_class_rows(15, ["SPORTS", "POLITICS"]) + multi_class_rows(9, ["MARITIME"]))


@pytest.mark.parametrize(
    ("body", "uri", "expected"),
    [
        (None, f"s3://{BUCKET}/missing.csv", "missing.csv"),
        (b"SPORTS,match goal\nPOLITICS\n", TRAIN, "line 2"),
        (csv_text(multi_class_rows(15, ["SPORTS"])).encode(), TRAIN, "at least 2"),
        (_TOO_FEW.encode(), TRAIN, "MARITIME"),
        ("SPORTS,café\n".encode("latin-1"), TRAIN, "UTF-8"),
    ],
    ids=["missing-object", "malformed-line", "one-label", "nine-documents-for-a-label", "not-utf8"],
)
def test_unusable_training_data_ends_in_error_with_a_message(
    s3: Any, comprehend: Any, body: Any, uri: str, expected: str
) -> None:
    if body is not None:
        s3.put_object(Bucket=BUCKET, Key="train.csv", Body=body)
    props = describe(comprehend, create(comprehend, "news", uri))
    assert props["Status"] == "IN_ERROR"
    assert expected in props["Message"]
    assert "ClassifierMetadata" not in props


def test_training_without_moto_ends_in_error_saying_how_to_provide_the_data(comprehend: Any) -> None:
    props = describe(comprehend, create(comprehend, "news"))
    assert props["Status"] == "IN_ERROR"
    assert "mock_aws" in props["Message"] and "put_object" in props["Message"]


# -- describe and list -------------------------------------------------------------------------
def test_describe_an_unknown_classifier_is_resource_not_found(comprehend: Any) -> None:
    with pytest.raises(ClientError) as error:
        describe(comprehend, f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/nothing")
    assert code_of(error) == "ResourceNotFoundException"


@pytest.mark.rtml(clock="manual")
def test_list_filters_by_status_name_and_submit_time(s3: Any, comprehend: Any, rtml: Any) -> None:
    """SubmitTimeBefore lists oldest first, SubmitTimeAfter newest first (DocumentClassifierFilter docs)."""
    early = create(comprehend, "early")
    rtml.clock.advance(60)
    broken = create(comprehend, "broken", f"s3://{BUCKET}/missing.csv")
    rtml.clock.advance(60)
    late = create(comprehend, "late")
    middle = describe(comprehend, broken)["SubmitTime"] - datetime.timedelta(seconds=30)

    def arns(**filter: Any) -> list[str]:
        listed = comprehend.list_document_classifiers(Filter=filter)["DocumentClassifierPropertiesList"]
        return [c["DocumentClassifierArn"] for c in listed]

    assert arns(Status="TRAINED") == [early, late]
    assert arns(Status="IN_ERROR") == [broken]
    assert arns(DocumentClassifierName="broken") == [broken]
    assert arns(SubmitTimeBefore=middle + datetime.timedelta(seconds=60)) == [early, broken]
    assert arns(SubmitTimeAfter=middle) == [late, broken]


def test_list_with_more_than_one_filter_is_invalid_request(comprehend: Any) -> None:
    """Our inference: AWS answers "Filters, if specified, must specify exactly 1 filter." with
    InvalidRequestException for ListDocumentClassificationJobs (boto/boto3#2541); the filter shapes
    of both operations say only one filter may be set, so ListDocumentClassifiers does the same."""
    now = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    for filter in ({"SubmitTimeBefore": now, "SubmitTimeAfter": now}, {"Status": "TRAINED", "DocumentClassifierName": "x"}):
        with pytest.raises(ClientError) as error:
            comprehend.list_document_classifiers(Filter=filter)
        assert code_of(error) == "InvalidRequestException"
        assert error.value.response["Error"]["Message"] == "Filters, if specified, must specify exactly 1 filter."


def test_list_summaries_group_versions_by_name(s3: Any, comprehend: Any) -> None:
    create(comprehend, "news", VersionName="v1")
    create(comprehend, "news", VersionName="v2")
    create(comprehend, "sport")
    summaries = comprehend.list_document_classifier_summaries()["DocumentClassifierSummariesList"]
    by_name = {s["DocumentClassifierName"]: s for s in summaries}
    assert sorted(by_name) == ["news", "sport"]
    assert (by_name["news"]["NumberOfVersions"], by_name["news"]["LatestVersionName"]) == (2, "v2")
    assert (by_name["sport"]["NumberOfVersions"], by_name["sport"]["LatestVersionStatus"]) == (1, "TRAINED")


def test_paginator_walks_every_page_of_classifiers(comprehend: Any) -> None:
    arns = [create(comprehend, f"c{i}") for i in range(7)]
    paginator = comprehend.get_paginator("list_document_classifiers")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 3}))
    assert [len(p["DocumentClassifierPropertiesList"]) for p in pages] == [3, 3, 1]
    assert [c["DocumentClassifierArn"] for p in pages for c in p["DocumentClassifierPropertiesList"]] == arns


# -- stop and delete ---------------------------------------------------------------------------
def test_stop_training_while_training_ends_stopped_without_a_model(s3: Any, comprehend: Any) -> None:
    """With moto's `manual` progression each describe moves the status one step."""
    with progression(CLASSIFIER, progression="manual", times=1):
        arn = create(comprehend, "news")
        assert describe(comprehend, arn)["Status"] == "TRAINING"
        assert comprehend.stop_training_document_classifier(DocumentClassifierArn=arn)["ResponseMetadata"]["HTTPStatusCode"] == 200
        listed = comprehend.list_document_classifiers()["DocumentClassifierPropertiesList"]
        assert [c["Status"] for c in listed] == ["STOP_REQUESTED"]
        props = describe(comprehend, arn)
    assert props["Status"] == "STOPPED"
    assert "ClassifierMetadata" not in props
    with pytest.raises(ClientError) as error:
        comprehend.create_endpoint(EndpointName="ep", ModelArn=arn, DesiredInferenceUnits=1)
    assert code_of(error) == "ResourceUnavailableException"


def test_stop_training_after_training_keeps_the_trained_model(s3: Any, comprehend: Any) -> None:
    """StopTrainingDocumentClassifier docs: a job that completes before it can be stopped is TRAINED."""
    arn = create(comprehend, "news")
    assert describe(comprehend, arn)["Status"] == "TRAINED"
    comprehend.stop_training_document_classifier(DocumentClassifierArn=arn)
    assert describe(comprehend, arn)["Status"] == "TRAINED"


def test_delete_while_an_endpoint_uses_the_classifier_is_resource_in_use(s3: Any, comprehend: Any) -> None:
    arn = create(comprehend, "news")
    endpoint = comprehend.create_endpoint(EndpointName="ep", ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
    with pytest.raises(ClientError) as error:
        comprehend.delete_document_classifier(DocumentClassifierArn=arn)
    assert code_of(error) == "ResourceInUseException"
    comprehend.delete_endpoint(EndpointArn=endpoint)
    comprehend.delete_document_classifier(DocumentClassifierArn=arn)
    with pytest.raises(ClientError) as error:
        describe(comprehend, arn)
    assert code_of(error) == "ResourceNotFoundException"


@pytest.mark.rtml(clock="manual")
def test_while_an_endpoint_moves_to_another_classifier_neither_can_be_deleted(comprehend: Any, rtml: Any) -> None:
    old, new = (rtml.add_document_classifier(name, labels={"A": ["a"], "B": ["b"]}) for name in ("old", "new"))
    endpoint = rtml.add_endpoint("ep", old)
    with progression("comprehend::endpoint", progression="time", seconds=10):
        comprehend.update_endpoint(EndpointArn=endpoint, DesiredModelArn=new)
        for arn in (old, new):
            with pytest.raises(ClientError) as error:
                comprehend.delete_document_classifier(DocumentClassifierArn=arn)
            assert code_of(error) == "ResourceInUseException"
        rtml.clock.advance(10)
    comprehend.delete_document_classifier(DocumentClassifierArn=old)  # the update is done: only `new` is used
    with pytest.raises(ClientError) as error:
        comprehend.delete_document_classifier(DocumentClassifierArn=new)
    assert code_of(error) == "ResourceInUseException"


def test_delete_shows_deleting_then_the_classifier_is_gone(s3: Any, comprehend: Any) -> None:
    arn = create(comprehend, "news")
    assert describe(comprehend, arn)["Status"] == "TRAINED"
    with progression(CLASSIFIER, progression="manual", times=2):
        comprehend.delete_document_classifier(DocumentClassifierArn=arn)
        assert describe(comprehend, arn)["Status"] == "DELETING"
        with pytest.raises(ClientError) as error:
            describe(comprehend, arn)
    assert code_of(error) == "ResourceNotFoundException"
    assert comprehend.list_document_classifiers()["DocumentClassifierPropertiesList"] == []
    create(comprehend, "news")  # the name is free again


def test_delete_an_unknown_classifier_is_resource_not_found(comprehend: Any) -> None:
    with pytest.raises(ClientError) as error:
        comprehend.delete_document_classifier(DocumentClassifierArn=f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/x")
    assert code_of(error) == "ResourceNotFoundException"
