"""Property: any request, well-formed or not, gets a modeled answer and a failed one changes nothing.

Strategies are built from botocore's input shapes (``shape_strategies``): valid values honour type,
length, range, enum and pattern; half the requests break exactly one of them somewhere (wrong type,
too long, too short, off-pattern, out of enum, out of range, too few or too many items, required
member missing). The client skips its own validation, so the mock is the judge. Every call either
succeeds or raises a ClientError whose code the operation models (or ValidationException /
SerializationException), never a 5xx, and a failed call leaves every Describe*/DescribeTags answer
as it was.
"""
from __future__ import annotations

import boto3
import botocore.session
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import strategies as st
from moto import mock_aws

from mock_rtml import mock_rtml
from ml_datasets import BUCKET, REGION, s3_source, spam_csv, spam_schema
from modeled_answers import check_modeled_answers, reply_or_error
from shape_strategies import ShapeStrategies

MODEL = botocore.session.get_session().get_service_model("machinelearning")
OPERATIONS = sorted(MODEL.operation_names)
KNOWN_IDS = ("m", "ds", "ev", "bp")
ALLOWED = {"ValidationException", "SerializationException"}
# Steering to useful values: the ids of the resources the test makes (and some unknown ones), its
# bucket, and Predict's endpoint host (botocore sends Predict there, so even bad values stay URLs).
STRATEGIES = ShapeStrategies(
    by_shape={
        "EntityId": st.sampled_from(KNOWN_IDS + ("new", "nope")),
        "S3Url": st.sampled_from([f"s3://{BUCKET}/ds.csv", f"s3://{BUCKET}/out/", "s3://nowhere/x"]),
    },
    by_member={"PredictEndpoint": st.just("https://realtime.machinelearning.us-east-1.amazonaws.com")},
    bad_by_member={"PredictEndpoint": st.sampled_from(["https://example.com", "https://" + "a" * 2048 + ".amazonaws.com"])},
)


def snapshot(ml):
    state = {}
    for kind in ("DataSources", "MLModels", "Evaluations", "BatchPredictions"):
        state[kind] = getattr(ml, f"describe_{xform_name(kind)}")()["Results"]
    for resource_type, resource_id in (("DataSource", "ds"), ("MLModel", "m"), ("Evaluation", "ev"), ("BatchPrediction", "bp")):
        try:
            state[resource_type] = ml.describe_tags(ResourceId=resource_id, ResourceType=resource_type)["Tags"]
        except ClientError as error:
            state[resource_type] = error.response["Error"]["Code"]
    return state


def modeled(operation):
    return {shape.name for shape in MODEL.operation_model(operation).error_shapes} | ALLOWED


@pytest.fixture
def ml():
    """A machinelearning client (no client-side validation) over the resources every property starts from."""
    with mock_aws(), mock_rtml() as rtml:
        ml = boto3.client("machinelearning", region_name=REGION, config=Config(parameter_validation=False))
        s3_source(ml, boto3.client("s3", region_name=REGION), "ds", spam_csv(), spam_schema())
        rtml.add_ml_model("m", "BINARY", {"1": ["prize"]}, endpoint=True)
        ml.create_evaluation(EvaluationId="ev", MLModelId="m", EvaluationDataSourceId="ds")
        ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                                   OutputUri=f"s3://{BUCKET}/out/")
        yield ml


@pytest.mark.parametrize("operation", OPERATIONS)
def test_any_request_gets_a_modeled_answer_and_failures_change_nothing(ml, operation):
    cases = STRATEGIES.requests(MODEL.operation_model(operation).input_shape, valid_one_in=2)
    send = lambda params: reply_or_error(ml, operation, None, **params)  # noqa: E731
    check_modeled_answers(operation, modeled(operation), cases, send, lambda: snapshot(ml), max_examples=30)


# The body is read the same way for every operation; these cover Predict's observation limit,
# creates, updates, lists and tags.
RAW_OPERATIONS = ["Predict", "CreateDataSourceFromS3", "CreateMLModel", "UpdateMLModel", "DescribeMLModels", "AddTags"]


@pytest.mark.parametrize("operation", RAW_OPERATIONS)
def test_a_body_hard_to_read_gets_a_modeled_answer_and_failures_change_nothing(ml, operation):
    """Raw bodies (shape_strategies.raw_bodies): not JSON, numbers past any range, nesting thousands
    deep, strings of hundreds of thousands of characters, lone surrogates and characters beyond the
    basic plane."""
    cases = STRATEGIES.raw_bodies(MODEL.operation_model(operation).input_shape)
    send = lambda body: reply_or_error(ml, operation, body)  # noqa: E731
    check_modeled_answers(operation, modeled(operation), cases, send, lambda: snapshot(ml), max_examples=15)
