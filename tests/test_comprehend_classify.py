"""ClassifyDocument (and DetectEntities) against custom-classifier endpoints in real time."""
from __future__ import annotations

import math
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from status_progressions import progression
from training_corpus import TITANIC, csv_text, multi_class_rows

REGION = "us-east-1"
ACCOUNT = "123456789012"
LABELS = {"SPORTS": ["goal", "match", "team"], "POLITICS": ["election", "minister", "vote"], "WEATHER": ["rain", "storm"]}
TEXT = "The minister lost the election after a close vote"


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def endpoint(rtml: Any) -> str:
    return str(rtml.add_endpoint("news-ep", rtml.add_document_classifier("news", labels=LABELS)))


def error_of(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response


# -- input -------------------------------------------------------------------------------------
def test_classify_text_answers_the_keyword_label_first(comprehend: Any, endpoint: str) -> None:
    classes = comprehend.classify_document(EndpointArn=endpoint, Text=TEXT)["Classes"]
    assert classes[0]["Name"] == "POLITICS"


def test_classify_utf8_bytes_answers_as_the_same_text(comprehend: Any, endpoint: str) -> None:
    """Inputs for real-time custom analysis: plain-text documents are UTF-8."""
    as_text = comprehend.classify_document(EndpointArn=endpoint, Text="Élection: the minister's vote")
    as_bytes = comprehend.classify_document(EndpointArn=endpoint, Bytes="Élection: the minister's vote".encode())
    assert as_bytes["Classes"] == as_text["Classes"]


@pytest.mark.parametrize("document", [{"Text": TEXT, "Bytes": TEXT.encode()}, {}], ids=["both", "neither"])
def test_classify_needs_exactly_one_of_text_and_bytes(comprehend: Any, endpoint: str, document: Any) -> None:
    response = error_of(comprehend.classify_document, EndpointArn=endpoint, **document)
    assert response["Error"]["Code"] == "InvalidRequestException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_classify_bytes_that_are_not_utf8_is_invalid_request(comprehend: Any, endpoint: str) -> None:
    """mock_rtml reads Bytes as plain text only (no PDF, Word or image extraction), so other bytes
    are a document-level error: Reason INVALID_DOCUMENT, Detail UNSUPPORTED_DOC_TYPE (the modeled
    InvalidRequestException fields; botocore puts them beside "Error")."""
    response = error_of(comprehend.classify_document, EndpointArn=endpoint, Bytes=b"\xff\xfe\x00 not text")
    assert response["Error"]["Code"] == "InvalidRequestException"
    assert response["Reason"] == "INVALID_DOCUMENT"
    assert response["Detail"] == {"Reason": "UNSUPPORTED_DOC_TYPE"}


def test_classify_more_than_10000_utf8_bytes_is_text_size_limit_exceeded(comprehend: Any, endpoint: str) -> None:
    """Our documented choice for the spec's open point: the guide's "Inputs for real-time custom
    analysis" (docs.aws.amazon.com/comprehend/latest/dg/idp-inputs-sync.html) allows UTF-8 text of
    10 KB through the API; we count 10,000 bytes of UTF-8, as AWS words its size errors."""
    assert comprehend.classify_document(EndpointArn=endpoint, Text="é" * 5000)["Classes"]
    response = error_of(comprehend.classify_document, EndpointArn=endpoint, Text="é" * 5000 + "a")
    assert response["Error"]["Code"] == "TextSizeLimitExceededException"
    assert response["Error"]["Message"] == (
        "Input text size exceeds limit. Max length of request text allowed is 10000 bytes "
        "while in this request the text size is 10001 bytes"
    )
    response = error_of(comprehend.classify_document, EndpointArn=endpoint, Bytes=b"a" * 10001)
    assert response["Error"]["Code"] == "TextSizeLimitExceededException"


# -- endpoint state ----------------------------------------------------------------------------
def test_classify_while_endpoint_creating_is_resource_unavailable(comprehend: Any, rtml: Any) -> None:
    model = rtml.add_document_classifier("news", labels=LABELS)
    with progression("comprehend::endpoint", progression="manual", times=1):
        arn = comprehend.create_endpoint(EndpointName="ep", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
        response = error_of(comprehend.classify_document, EndpointArn=arn, Text=TEXT)
    assert response["Error"]["Code"] == "ResourceUnavailableException"


def test_classify_while_endpoint_updating_is_resource_unavailable(comprehend: Any, endpoint: str) -> None:
    with progression("comprehend::endpoint", progression="manual", times=1):
        comprehend.update_endpoint(EndpointArn=endpoint, DesiredInferenceUnits=2)
        response = error_of(comprehend.classify_document, EndpointArn=endpoint, Text=TEXT)
        assert response["Error"]["Code"] == "ResourceUnavailableException"
        assert comprehend.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]["Status"] == "IN_SERVICE"
    assert comprehend.classify_document(EndpointArn=endpoint, Text=TEXT)["Classes"]


def test_after_an_update_is_in_service_the_endpoint_answers_with_the_new_model(comprehend: Any, endpoint: str, rtml: Any) -> None:
    weather = rtml.add_document_classifier("news", labels={"RAIN": ["rain"], "SUN": ["sun"]}, version_name="v2")
    with progression("comprehend::endpoint", progression="manual", times=1):
        comprehend.update_endpoint(EndpointArn=endpoint, DesiredModelArn=weather)
        assert error_of(comprehend.classify_document, EndpointArn=endpoint, Text="rain")["Error"]["Code"] == "ResourceUnavailableException"
        assert comprehend.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]["ModelArn"] == weather
    classes = comprehend.classify_document(EndpointArn=endpoint, Text="heavy rain today")["Classes"]
    assert [c["Name"] for c in classes] == ["RAIN", "SUN"]


def test_classify_with_an_unknown_endpoint_is_resource_unavailable(comprehend: Any) -> None:
    """ClassifyDocument models no ResourceNotFoundException; ResourceUnavailableException is its
    error for an endpoint that cannot serve."""
    arn = f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier-endpoint/nothing"
    response = error_of(comprehend.classify_document, EndpointArn=arn, Text=TEXT)
    assert response["Error"]["Code"] == "ResourceUnavailableException"


def test_classify_with_a_deleted_endpoint_is_resource_unavailable(comprehend: Any, endpoint: str) -> None:
    comprehend.delete_endpoint(EndpointArn=endpoint)
    response = error_of(comprehend.classify_document, EndpointArn=endpoint, Text=TEXT)
    assert response["Error"]["Code"] == "ResourceUnavailableException"


# -- answers -----------------------------------------------------------------------------------
def test_multi_class_answers_every_label_best_first_with_scores_summing_to_one(comprehend: Any, endpoint: str) -> None:
    """Our choice for the spec's open point: every label, best first."""
    classes = comprehend.classify_document(EndpointArn=endpoint, Text=TEXT)["Classes"]
    assert sorted(c["Name"] for c in classes) == sorted(LABELS)
    scores = [c["Score"] for c in classes]
    assert scores == sorted(scores, reverse=True)
    assert abs(math.fsum(scores) - 1.0) < 1e-9
    assert all(0.0 < s < 1.0 for s in scores)


def test_labels_with_equal_scores_are_listed_by_name(comprehend: Any, endpoint: str) -> None:
    """A text without keywords leaves every label at its prior: equal scores, in name order."""
    classes = comprehend.classify_document(EndpointArn=endpoint, Text="nothing to see here")["Classes"]
    assert [c["Name"] for c in classes] == sorted(LABELS)
    assert len({c["Score"] for c in classes}) == 1


def test_multi_label_answers_labels_not_classes(comprehend: Any, rtml: Any) -> None:
    model = rtml.add_document_classifier("topics", labels=LABELS, mode="MULTI_LABEL")
    arn = rtml.add_endpoint("topics-ep", model)
    reply = comprehend.classify_document(EndpointArn=arn, Text="The team scored a goal in the rain storm")
    assert "Classes" not in reply
    high = {label["Name"] for label in reply["Labels"] if label["Score"] >= 0.5}
    assert high == {"SPORTS", "WEATHER"}
    assert all(0.0 < label["Score"] < 1.0 for label in reply["Labels"])


def test_the_seed_paragraph_is_classified_by_a_classifier_trained_from_s3(comprehend: Any) -> None:
    """The seed's Guardian/Titanic paragraph, by a classifier trained on 3 labels x 15 documents."""
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="corpus")
        s3.put_object(Bucket="corpus", Key="news.csv", Body=csv_text(multi_class_rows()).encode())
        model = comprehend.create_document_classifier(
            DocumentClassifierName="news", DataAccessRoleArn=f"arn:aws:iam::{ACCOUNT}:role/data",
            InputDataConfig={"S3Uri": "s3://corpus/news.csv"}, LanguageCode="en",
        )["DocumentClassifierArn"]
    arn = comprehend.create_endpoint(EndpointName="news", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
    classes = comprehend.classify_document(EndpointArn=arn, Text=TITANIC)["Classes"]
    assert [c["Name"] for c in classes][0] == "MARITIME"
    assert classes[0]["Score"] > 0.5


def test_detect_entities_with_a_document_classifier_endpoint_fails_the_arn_pattern(comprehend: Any, endpoint: str) -> None:
    """DetectEntities' EndpointArn pattern admits only entity-recognizer-endpoint ARNs, so AWS's
    server-side validation refuses a classifier endpoint with ValidationException (not the
    InvalidRequestException of a well-formed but unsuitable request)."""
    response = error_of(comprehend.detect_entities, EndpointArn=endpoint, Text=TEXT)
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Error"]["Message"].startswith(
        f"Value '{endpoint}' at 'endpointArn'failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: "
    )
    assert response["Error"]["Message"].endswith(":entity-recognizer-endpoint/[a-zA-Z0-9](-*[a-zA-Z0-9])*")
