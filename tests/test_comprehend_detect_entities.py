"""DetectEntities through entity-recognizer endpoints: what is found, exact offsets, limits, endpoint
states, and the boundary between recognizer and classifier endpoints."""
from __future__ import annotations

from typing import Any, Iterator, List, Tuple

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from entity_corpus import put_corpus
from moto import mock_aws
from status_progressions import progression
from training_corpus import TITANIC

REGION = "us-east-1"
ACCOUNT = "123456789012"
ENTITIES = {"PART": ["flux capacitor", "warp coil", "warp", "C++"], "PLACE": ["Hill Valley", "Zürich", "Grand Banks"]}


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def endpoint(rtml: Any) -> str:
    return str(rtml.add_endpoint("parts-ep", rtml.add_entity_recognizer("parts", ENTITIES)))


def entities(comprehend: Any, endpoint: str, text: str) -> List[Tuple[str, str, int, int]]:
    found = comprehend.detect_entities(EndpointArn=endpoint, Text=text)["Entities"]
    for entity in found:
        assert text[entity["BeginOffset"]:entity["EndOffset"]] == entity["Text"]
    return [(e["Text"], e["Type"], e["BeginOffset"], e["EndOffset"]) for e in found]


def error_of(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response


# -- what is found ---------------------------------------------------------------------------------
def test_entities_come_in_text_order_with_their_type_and_character_offsets(comprehend: Any, endpoint: str) -> None:
    assert entities(comprehend, endpoint, "Send the warp coil to Hill Valley, then a flux capacitor.") == [
        ("warp coil", "PART", 9, 18), ("Hill Valley", "PLACE", 22, 33), ("flux capacitor", "PART", 42, 56),
    ]


def test_offsets_count_characters_of_the_input_whatever_their_utf8_or_utf16_length(comprehend: Any, endpoint: str) -> None:
    """Amazon Comprehend's offsets count Unicode code points (aws-amplify/amplify-swift#904 indexes the
    text's unicode scalars with them): é is one character, 🚀 is one (two UTF-16 units, four bytes)."""
    assert entities(comprehend, endpoint, "🚀 Café in Zürich: warp") == [("Zürich", "PLACE", 10, 16), ("warp", "PART", 18, 22)]


def test_the_longest_form_wins_and_matches_never_overlap(comprehend: Any, endpoint: str) -> None:
    assert entities(comprehend, endpoint, "warp coil, warp drive") == [("warp coil", "PART", 0, 9), ("warp", "PART", 11, 15)]


def test_forms_match_case_sensitively_and_as_whole_words(comprehend: Any, endpoint: str) -> None:
    """Entity lists are case-sensitive (developer guide, "Entity lists"); a form inside a longer word
    is no mention of it (our matcher's rule: where a form starts or ends with a letter, digit or
    underscore, the text must not continue the word there; "C++" ends with no word character)."""
    assert entities(comprehend, endpoint, "Warp coil, hill valley, warped, rewarp, warp_1, C++ and xC++ C++x") == [
        ("C++", "PART", 48, 51), ("C++", "PART", 61, 64),
    ]


def test_a_text_without_known_forms_has_no_entities(comprehend: Any, endpoint: str) -> None:
    assert comprehend.detect_entities(EndpointArn=endpoint, Text="nothing to see")["Entities"] == []


def test_utf8_bytes_answer_as_the_same_text(comprehend: Any, endpoint: str) -> None:
    """DetectEntities' Bytes docs: a plain-text file in Bytes is the same as Text."""
    text = "Zürich ordered a warp coil"
    assert comprehend.detect_entities(EndpointArn=endpoint, Bytes=text.encode())["Entities"] == \
        comprehend.detect_entities(EndpointArn=endpoint, Text=text)["Entities"]


def test_language_code_is_ignored_with_an_endpoint(comprehend: Any, endpoint: str) -> None:
    """DetectEntities' LanguageCode docs: with a custom endpoint the model's language is used."""
    reply = comprehend.detect_entities(EndpointArn=endpoint, Text="a warp coil", LanguageCode="ja")
    assert [e["Text"] for e in reply["Entities"]] == ["warp coil"]


def test_a_recognizer_trained_from_s3_finds_the_places_of_the_seed_paragraph(comprehend: Any) -> None:
    with mock_aws():
        put_corpus(boto3.client("s3", region_name=REGION))
        model = comprehend.create_entity_recognizer(
            RecognizerName="places", DataAccessRoleArn=f"arn:aws:iam::{ACCOUNT}:role/data", LanguageCode="en",
            InputDataConfig={"EntityTypes": [{"Type": "PLACE"}, {"Type": "PART"}], "Documents": {"S3Uri": "s3://ner/documents.txt"},
                             "EntityList": {"S3Uri": "s3://ner/entities.csv"}},
        )["EntityRecognizerArn"]
    arn = comprehend.create_endpoint(EndpointName="places", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
    assert arn == f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer-endpoint/places"
    found = comprehend.detect_entities(EndpointArn=arn, Text=TITANIC)["Entities"]
    assert [(e["Text"], e["Type"], e["BeginOffset"], e["Score"]) for e in found] == [
        ("Southampton", "PLACE", 205, 1.0), ("New York", "PLACE", 221, 1.0), ("Grand Banks", "PLACE", 295, 1.0),
    ]


# -- limits ----------------------------------------------------------------------------------------
def test_text_over_10000_utf8_bytes_is_text_size_limit_exceeded(comprehend: Any, endpoint: str) -> None:
    """Our choice for the spec's open point (5 KB in the quotas table, 10 KB on "Inputs for real-time
    custom analysis"): 10 KB of UTF-8, as for ClassifyDocument. DetectEntities' own docs send users to
    that page for its maximum, and it covers both operations."""
    assert comprehend.detect_entities(EndpointArn=endpoint, Text="é" * 5000)["Entities"] == []
    response = error_of(comprehend.detect_entities, EndpointArn=endpoint, Text="é" * 5000 + "a")
    assert response["Error"]["Code"] == "TextSizeLimitExceededException"
    assert response["Error"]["Message"] == (
        "Input text size exceeds limit. Max length of request text allowed is 10000 bytes "
        "while in this request the text size is 10001 bytes"
    )


@pytest.mark.parametrize("document", [{"Text": "warp", "Bytes": b"warp"}, {}], ids=["both", "neither"])
def test_exactly_one_of_text_and_bytes_is_needed(comprehend: Any, endpoint: str, document: Any) -> None:
    assert error_of(comprehend.detect_entities, EndpointArn=endpoint, **document)["Error"]["Code"] == "InvalidRequestException"


# -- endpoints -------------------------------------------------------------------------------------
@pytest.mark.parametrize("state", ["creating", "updating", "deleting", "deleted", "unknown"])
def test_an_endpoint_not_in_service_is_resource_unavailable(comprehend: Any, rtml: Any, state: str) -> None:
    """Neither ClassifyDocument nor DetectEntities models ResourceNotFoundException: an unknown
    endpoint is unavailable too."""
    model = rtml.add_entity_recognizer("parts", ENTITIES)
    arn = f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer-endpoint/ep"
    if state == "deleted":
        comprehend.delete_endpoint(EndpointArn=rtml.add_endpoint("ep", model))
    with progression("comprehend::endpoint", progression="manual", times=1):
        if state == "creating":
            comprehend.create_endpoint(EndpointName="ep", ModelArn=model, DesiredInferenceUnits=1)
        elif state == "updating":
            comprehend.update_endpoint(EndpointArn=rtml.add_endpoint("ep", model), DesiredInferenceUnits=2)
        elif state == "deleting":
            comprehend.delete_endpoint(EndpointArn=rtml.add_endpoint("ep", model))
        response = error_of(comprehend.detect_entities, EndpointArn=arn, Text="warp")
    assert response["Error"]["Code"] == "ResourceUnavailableException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_classify_document_on_a_recognizer_endpoint_fails_the_arn_pattern(comprehend: Any, endpoint: str) -> None:
    """ClassifyDocument's EndpointArn pattern admits only document-classifier-endpoint ARNs."""
    response = error_of(comprehend.classify_document, EndpointArn=endpoint, Text="warp")
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Error"]["Message"].startswith(f"Value '{endpoint}' at 'endpointArn'failed to satisfy constraint")


def test_updating_to_a_model_of_the_other_kind_is_invalid_request(comprehend: Any, rtml: Any, endpoint: str) -> None:
    """Our inference: an endpoint's ARN names the kind of model it serves, so AWS refuses to move a
    recognizer endpoint to a classifier as an invalid request, and the endpoint stays as it was."""
    classifier = rtml.add_document_classifier("news", labels={"A": ["alpha"], "B": ["beta"]})
    response = error_of(comprehend.update_endpoint, EndpointArn=endpoint, DesiredModelArn=classifier)
    assert response["Error"]["Code"] == "InvalidRequestException"
    props = comprehend.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]
    assert props["Status"] == "IN_SERVICE" and props["DesiredModelArn"].endswith(":entity-recognizer/parts")


def test_after_an_update_the_endpoint_finds_the_new_versions_entities(comprehend: Any, rtml: Any, endpoint: str) -> None:
    newer = rtml.add_entity_recognizer("parts", {"PART": ["time circuit"]}, "v2")
    reply = comprehend.update_endpoint(EndpointArn=endpoint, DesiredModelArn=newer)
    assert reply["DesiredModelArn"] == newer
    assert entities(comprehend, endpoint, "a time circuit and a warp coil") == [("time circuit", "PART", 2, 14)]


def test_detect_entities_without_an_endpoint_is_left_to_moto(comprehend: Any) -> None:
    """The built-in model is not simulated: the call goes to moto when mock_aws is active (moto 5.2
    answers that it has not implemented it), else it says that mock_rtml does not simulate it."""
    with pytest.raises(NotImplementedError, match="DetectEntities"):
        comprehend.detect_entities(Text="Zürich", LanguageCode="en")
    with mock_aws(), pytest.raises(NotImplementedError, match="detect_entities action has not been implemented"):
        boto3.client("comprehend", region_name=REGION).detect_entities(Text="Zürich", LanguageCode="en")


@pytest.mark.rtml(clock="manual", throttling=True)
def test_a_recognizer_endpoint_is_throttled_by_its_inference_units(comprehend: Any, endpoint: str) -> None:
    """The same throughput as classifier endpoints: 2 documents a second per inference unit."""
    strict = boto3.client("comprehend", region_name=REGION, config=Config(retries={"total_max_attempts": 1}))
    strict.detect_entities(EndpointArn=endpoint, Text="warp")
    strict.detect_entities(EndpointArn=endpoint, Text="warp")
    response = error_of(strict.detect_entities, EndpointArn=endpoint, Text="warp")
    assert (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]) == ("TooManyRequestsException", 429)


def test_faults_injected_into_detect_entities_answer_it(comprehend: Any, rtml: Any, endpoint: str) -> None:
    rtml.inject_error("detect_entities", "ResourceUnavailableException")
    assert error_of(comprehend.detect_entities, EndpointArn=endpoint, Text="warp")["Error"]["Code"] == "ResourceUnavailableException"
    assert [e["Text"] for e in comprehend.detect_entities(EndpointArn=endpoint, Text="warp")["Entities"]] == ["warp"]
