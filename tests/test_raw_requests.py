"""Any request body, JSON or not, gets a modeled AWS error or a valid reply: limits are checked on the
raw size before anything is decoded, nesting and numbers are bounded, error messages quote at most a
bounded prefix of a value, and Text must be Unicode.

Our choices where AWS documents nothing (inferences): a body that is not JSON (or holds NaN,
Infinity, a number out of its type's range, or nests past the interpreter's depth) is a
SerializationException; a ClassifyDocument or DetectEntities body too large to hold 10,000 bytes of
text is TextSizeLimitExceededException and a Predict body too large for a 100,000-byte observation is
InvalidInputException, both decided on the raw size; any other body over 32 MiB is a
SerializationException. A value that fails its length is not tried against its pattern."""
from __future__ import annotations

import json

import boto3
import pytest
from botocore.config import Config

from modeled_answers import reply_or_error

REGION = "us-east-1"
URL = "https://realtime.machinelearning.us-east-1.amazonaws.com"
ONE_TRY = Config(parameter_validation=False, retries={"total_max_attempts": 1})


@pytest.fixture
def comprehend(rtml):
    return boto3.client("comprehend", region_name=REGION, config=ONE_TRY)


@pytest.fixture
def endpoint(rtml):
    return rtml.add_endpoint("ep", rtml.add_document_classifier("news", {"SPORTS": ["goal"], "WORLD": ["war"]}))


def error(reply):
    return reply["Error"]["Code"], reply["ResponseMetadata"]["HTTPStatusCode"], reply["Error"]["Message"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"\xff\xfe\x00 not text", "it is not UTF-8"),
        (b'{"MaxResults": 5', "Expecting ',' delimiter"),
        (b'{"MaxResults": NaN}', "NaN is not a JSON value"),
        (b'{"MaxResults": 1e999}', "the number 1e999 is out of range"),
        (b'{"MaxResults": ' + b"9" * 5000 + b"}", "a number has too many digits"),
        (b'{"Filter": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "the document nests too deeply"),
    ],
    ids=["not-utf8", "truncated", "nan", "overflowing-float", "huge-int", "deep"],
)
def test_a_body_that_is_not_json_we_can_read_is_a_serialization_exception(comprehend, body, says):
    code, status, message = error(reply_or_error(comprehend, "ListEndpoints", body))
    assert (code, status) == ("SerializationException", 400)
    assert message == f"Request body is not valid JSON: {says}" or message.startswith(f"Request body is not valid JSON: {says}")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"MaxResults": 2147483648}', "NUMBER_VALUE 2147483648 can not be converted to Integer"),
        (b'{"Filter": {"CreationTimeBefore": 1' + b"0" * 400 + b"}}", "NUMBER_VALUE can not be converted to Date"),
    ],
)
def test_a_number_outside_its_type_is_a_serialization_exception(comprehend, body, says):
    code, _, message = error(reply_or_error(comprehend, "ListEndpoints", body))
    assert code == "SerializationException"
    assert message.startswith(says)


def test_a_real_time_body_too_large_for_the_text_limit_is_refused_before_it_is_read(comprehend, endpoint):
    """Garbage, but too large to hold 10,000 bytes of text: the size decides before any decoding."""
    body = b"x" * 2_000_000
    code, status, message = error(reply_or_error(comprehend, "ClassifyDocument", body, EndpointArn=endpoint, Text="x"))
    assert (code, status) == ("TextSizeLimitExceededException", 400)
    assert message.endswith("while in this request the request body alone is 2000000 bytes")


def test_text_over_the_limit_within_a_readable_body_names_its_size(comprehend, endpoint):
    body = json.dumps({"EndpointArn": endpoint, "Text": "é" * 5001}).encode()  # 10,002 UTF-8 bytes
    code, _, message = error(reply_or_error(comprehend, "ClassifyDocument", body))
    assert code == "TextSizeLimitExceededException"
    assert message.endswith("the text size is 10002 bytes")


def test_any_body_over_32_mib_is_a_serialization_exception(comprehend):
    code, _, message = error(reply_or_error(comprehend, "ListEndpoints", b" " * (32 * 2**20 + 1)))
    assert code == "SerializationException"
    assert message == f"Request body of {32 * 2**20 + 1} bytes is over the {32 * 2**20} bytes that can be read"


@pytest.mark.parametrize("text", ["goal \ud800", "\udfff" * 3000])
def test_text_with_a_lone_surrogate_is_an_invalid_document(comprehend, endpoint, text):
    """botocore sends a lone surrogate as a \\\\ud800 escape, which is valid JSON but not Unicode text."""
    reply = reply_or_error(comprehend, "ClassifyDocument", None, EndpointArn=endpoint, Text=text)
    assert error(reply)[:2] == ("InvalidRequestException", 400)
    assert reply["Reason"] == "INVALID_DOCUMENT"
    assert "lone surrogate" in reply["Error"]["Message"]


def test_characters_beyond_the_basic_plane_are_text_counted_in_utf8_bytes(comprehend, endpoint):
    goal = comprehend.classify_document(EndpointArn=endpoint, Text="goal \U0001F3C6" * 1000)  # 9,000 bytes
    assert goal["Classes"][0]["Name"] == "SPORTS"
    code, _, message = error(reply_or_error(comprehend, "ClassifyDocument", None, EndpointArn=endpoint, Text="\U0001F3C6" * 2501))
    assert (code, message.rsplit(" ", 2)[-2]) == ("TextSizeLimitExceededException", "10004")


def test_a_value_too_long_is_quoted_in_part_and_not_tried_against_its_pattern(comprehend):
    name = " " * 50_000  # off the pattern as well, which is not reported
    code, _, message = error(reply_or_error(comprehend, "CreateEndpoint", None, EndpointName=name, DesiredInferenceUnits=1))
    assert code == "ValidationException"
    assert message == ("Value '" + " " * 253 + "...' at 'endpointName'failed to satisfy constraint: "
                       "Member must have length less than or equal to 40")


def test_amazon_ml_messages_quote_a_prefix_and_stay_within_the_models_2048_characters(rtml):
    ml = boto3.client("machinelearning", region_name=REGION, config=ONE_TRY)
    rtml.add_ml_model("m", "REGRESSION", coefficients={"rooms": 2.0}, endpoint=True)
    code, _, message = error(reply_or_error(ml, "UpdateMLModel", None, MLModelId="m", MLModelName="n" * 50_000))
    assert (code, message) == ("ValidationException", "1 validation error detected: Value '" + "n" * 253 + "...' at "
                               "'mLModelName' failed to satisfy constraint: Member must have length less than or equal to 1024")
    rtml.inject_error("predict", "InvalidInputException", message="m" * 5000)
    code, _, message = error(reply_or_error(ml, "Predict", None, MLModelId="m", Record={}, PredictEndpoint=URL))
    assert (code, message) == ("InvalidInputException", "m" * 2045 + "...")


def test_a_predict_body_too_large_for_an_observation_is_refused_before_it_is_read(rtml):
    ml = boto3.client("machinelearning", region_name=REGION, config=ONE_TRY)
    rtml.add_ml_model("m", "REGRESSION", coefficients={"rooms": 2.0}, endpoint=True)
    code, status, message = error(reply_or_error(ml, "Predict", b"[" * 1_000_000, MLModelId="m", Record={}, PredictEndpoint=URL))
    assert (code, status) == ("InvalidInputException", 400)
    assert message == "The Record is too large: an observation is at most 100000 bytes, and the request body alone is 1000000 bytes"
    record = {"rooms": "3", "notes": "n" * 100_000}
    code, _, message = error(reply_or_error(ml, "Predict", None, MLModelId="m", Record=record, PredictEndpoint=URL))
    assert message == "The Record is too large: an observation is at most 100000 bytes, and this one is 100011 bytes"
