"""Bad input, generated from botocore's shapes, never gets anything but a modeled error.

For every simulated Comprehend operation hypothesis draws a valid-ish request from the operation's
input shape, then (nine times in ten) breaks one thing in it: too long, too short, off-pattern, out of
the enum, out of range, of the wrong JSON type, too few or too many items, or a required member left
out (strategies from ``shape_strategies``, steered here to this account's ARNs). The request goes out from a
client made with ``parameter_validation=False``, so the mock is the judge. Property: the call
succeeds, or raises a ClientError whose code the model lists for the operation (or is
ValidationException / SerializationException), never a 5xx or another exception; and a failed call
leaves the observable state (endpoints, classifiers, summaries, tags) as it was.
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from modeled_answers import check_modeled_answers, examples, reply_or_error
from shape_strategies import ShapeStrategies

REGION = "us-east-1"
ACCOUNT = "123456789012"
PREFIX = f"arn:aws:comprehend:{REGION}:{ACCOUNT}"
CLASSIFIER, VERSIONED = f"{PREFIX}:document-classifier/news", f"{PREFIX}:document-classifier/news/version/v1"
ENDPOINT = f"{PREFIX}:document-classifier-endpoint/news-ep"
RECOGNIZER, RECOGNIZER_ENDPOINT = f"{PREFIX}:entity-recognizer/parts", f"{PREFIX}:entity-recognizer-endpoint/parts-ep"
JOB_ID = "578b78c6cafabee269011948a56792c2"  # the first job a fresh mock starts in this account and region
JOB = f"{PREFIX}:document-classification-job/{JOB_ID}"
NER_JOB_ID = "0a20877186ba303605e978708daeb226"  # the entity detection job started second
NER_JOB = f"{PREFIX}:entities-detection-job/{NER_JOB_ID}"
LABELS = {"SPORTS": ["goal", "match"], "POLITICS": ["election", "vote"]}
ENTITIES = {"PART": ["flux capacitor", "warp coil"]}
OPERATIONS = [
    "CreateDocumentClassifier", "DescribeDocumentClassifier", "ListDocumentClassifiers",
    "ListDocumentClassifierSummaries", "StopTrainingDocumentClassifier", "DeleteDocumentClassifier",
    "CreateEntityRecognizer", "DescribeEntityRecognizer", "ListEntityRecognizers",
    "ListEntityRecognizerSummaries", "StopTrainingEntityRecognizer", "DeleteEntityRecognizer",
    "CreateEndpoint", "DescribeEndpoint", "ListEndpoints", "UpdateEndpoint", "DeleteEndpoint",
    "ClassifyDocument", "DetectEntities", "TagResource", "UntagResource", "ListTagsForResource",
    "StartDocumentClassificationJob", "DescribeDocumentClassificationJob", "ListDocumentClassificationJobs",
    "StartEntitiesDetectionJob", "DescribeEntitiesDetectionJob", "ListEntitiesDetectionJobs", "StopEntitiesDetectionJob",
]
ALWAYS_ERRORS = {"ValidationException", "SerializationException"}
# Members always sent, although the model leaves them optional: DetectEntities without an endpoint
# and StartEntitiesDetectionJob without a recognizer are the built-in model, which mock_rtml leaves to moto.
ALWAYS_SENT = {"DetectEntities": ("EndpointArn",), "StartEntitiesDetectionJob": ("EntityRecognizerArn",)}

# Realistic values for the shapes whose patterns describe ARNs, URIs and the like.
_NAMES = st.sampled_from(["news", "news-ep", "fresh", "v1", "a-1"])
SEEDS: Dict[str, st.SearchStrategy[Any]] = {
    "ComprehendArnName": _NAMES, "VersionName": _NAMES, "ComprehendEndpointName": _NAMES,
    "IamRoleArn": st.just(f"arn:aws:iam::{ACCOUNT}:role/data"),
    "S3Uri": st.sampled_from(["s3://training-data/train.csv", "s3://training-data/parts/"]),
    "DocumentClassifierArn": st.sampled_from([CLASSIFIER, VERSIONED, f"{PREFIX}:document-classifier/other"]),
    "EntityRecognizerArn": st.sampled_from([RECOGNIZER, f"{PREFIX}:entity-recognizer/other"]),
    "ComprehendModelArn": st.sampled_from([CLASSIFIER, VERSIONED, RECOGNIZER, f"{PREFIX}:entity-recognizer/er"]),
    "ComprehendEndpointArn": st.sampled_from([ENDPOINT, RECOGNIZER_ENDPOINT, f"{PREFIX}:document-classifier-endpoint/other"]),
    "DocumentClassifierEndpointArn": st.sampled_from([ENDPOINT, f"{PREFIX}:document-classifier-endpoint/other"]),
    "EntityRecognizerEndpointArn": st.sampled_from([RECOGNIZER_ENDPOINT, f"{PREFIX}:entity-recognizer-endpoint/er-ep"]),
    "ComprehendArn": st.sampled_from([CLASSIFIER, VERSIONED, ENDPOINT, RECOGNIZER, RECOGNIZER_ENDPOINT, JOB, NER_JOB,
                                     f"{PREFIX}:flywheel/fw"]),
    "EntityTypeName": st.sampled_from(["PART", "TOOL"]),
    "JobId": st.sampled_from([JOB_ID, NER_JOB_ID, "0123456789abcdef0123456789abcdef"]),
    "ComprehendFlywheelArn": st.just(f"{PREFIX}:flywheel/fw"),
    "KmsKeyId": st.just("1234abcd-12ab-34cd-56ef-1234567890ab"),
    "Policy": st.just('{"Version": "2012-10-17"}'),
    "LabelDelimiter": st.sampled_from(list("|:;~")),
    "ClientRequestTokenString": st.sampled_from(["token-1", "token-2"]),
    "CustomerInputString": st.text(min_size=1, max_size=40),
}
SERVICE = boto3.session.Session().client("comprehend", region_name=REGION).meta.service_model
STRATEGIES = ShapeStrategies(by_shape=SEEDS)


def observable_state(client: Any) -> Any:
    tags = [client.list_tags_for_resource(ResourceArn=arn)["Tags"] for arn in (CLASSIFIER, VERSIONED, ENDPOINT, RECOGNIZER, JOB, NER_JOB)]
    return (
        client.list_endpoints()["EndpointPropertiesList"],
        client.list_document_classifiers()["DocumentClassifierPropertiesList"],
        client.list_document_classifier_summaries()["DocumentClassifierSummariesList"],
        client.list_entity_recognizers()["EntityRecognizerPropertiesList"],
        client.list_entity_recognizer_summaries()["EntityRecognizerSummariesList"],
        client.list_document_classification_jobs()["DocumentClassificationJobPropertiesList"],
        client.list_entities_detection_jobs()["EntitiesDetectionJobPropertiesList"],
        tags,
    )


def add_resources(rtml: Any, client: Any) -> None:
    """Two versions of a classifier, a recognizer, an endpoint of each, and a job of each kind (FAILED:
    without moto there is no input to read) whose ids and ARNs the strategies use."""
    model = rtml.add_document_classifier("news", labels=LABELS)
    rtml.add_document_classifier("news", labels=LABELS, version_name="v1")
    rtml.add_endpoint("news-ep", model)
    recognizer = rtml.add_entity_recognizer("parts", ENTITIES)
    rtml.add_endpoint("parts-ep", recognizer)
    job = {"InputDataConfig": {"S3Uri": "s3://jobs/in.txt"}, "OutputDataConfig": {"S3Uri": "s3://jobs/out/"},
           "DataAccessRoleArn": f"arn:aws:iam::{ACCOUNT}:role/data", "Tags": [{"Key": "team", "Value": "news"}]}
    assert client.start_document_classification_job(DocumentClassifierArn=model, **job)["JobId"] == JOB_ID
    assert client.start_entities_detection_job(EntityRecognizerArn=recognizer, LanguageCode="en", **job)["JobId"] == NER_JOB_ID


@pytest.fixture
def fuzz_client(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION, config=Config(parameter_validation=False))


@pytest.mark.rtml(clock="manual")  # every example starts from the same state, timestamps included
@pytest.mark.parametrize("operation", OPERATIONS)
def test_bad_input_gets_a_modeled_error_and_changes_nothing(rtml: Any, fuzz_client: Any, operation: str) -> None:
    allowed = {shape.name for shape in SERVICE.operation_model(operation).error_shapes} | ALWAYS_ERRORS
    call = getattr(fuzz_client, xform_name(operation))
    start: List[Any] = []  # the state each example starts from, read once

    @settings(max_examples=examples(40), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(case=STRATEGIES.requests(SERVICE.operation_model(operation).input_shape,
                                    always_sent=ALWAYS_SENT.get(operation, ()), valid_one_in=10))
    def check(case: Tuple[str, Dict[str, Any]]) -> None:
        what, params = case
        rtml.reset()
        add_resources(rtml, fuzz_client)
        fuzz_client.tag_resource(ResourceArn=ENDPOINT, Tags=[{"Key": "team", "Value": "news"}])
        if not start:
            start.append(observable_state(fuzz_client))
        before = start[0]
        try:
            call(**params)
        except ClientError as error:
            code = error.response["Error"]["Code"]
            assert code in allowed, f"{operation} ({what}) answered {code}: {error} for {params!r}"
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] < 500, f"{operation} ({what}): {error}"
            assert observable_state(fuzz_client) == before, f"{operation} ({what}) failed with {code} but changed state"

    check()


# The body is read the same way for every operation; these cover the real-time limits, creates,
# updates, lists, tags and nested structures.
RAW_OPERATIONS = [
    "ClassifyDocument", "CreateDocumentClassifier", "CreateEntityRecognizer", "CreateEndpoint",
    "UpdateEndpoint", "ListEndpoints", "TagResource", "StartDocumentClassificationJob", "StartEntitiesDetectionJob",
]


@pytest.mark.parametrize("operation", RAW_OPERATIONS)
def test_a_body_hard_to_read_gets_a_modeled_error_or_a_reply_and_failures_change_nothing(rtml, fuzz_client, operation):
    """Raw bodies (shape_strategies.raw_bodies): not JSON, numbers past any range, nesting thousands
    deep, strings of hundreds of thousands of characters, lone surrogates and characters beyond the
    basic plane."""
    allowed = {shape.name for shape in SERVICE.operation_model(operation).error_shapes} | ALWAYS_ERRORS
    add_resources(rtml, fuzz_client)
    cases = STRATEGIES.raw_bodies(SERVICE.operation_model(operation).input_shape)
    check_modeled_answers(operation, allowed, cases, lambda body: reply_or_error(fuzz_client, operation, body),
                          lambda: observable_state(fuzz_client), max_examples=15)


def test_the_fuzzed_operations_are_every_operation_the_mock_simulates(fuzz_client: Any) -> None:
    """Observed through the API: without moto, an operation the mock does not simulate raises
    NotImplementedError naming it; every other one answers (here mostly a ValidationException)."""
    simulated = set()
    for operation in SERVICE.operation_names:
        params = {n: f"{PREFIX}:entity-recognizer-endpoint/er-ep" for n in ALWAYS_SENT.get(operation, ())}
        try:
            getattr(fuzz_client, xform_name(operation))(**params)
        except NotImplementedError as refused:
            assert operation in str(refused)
            continue
        except ClientError:
            pass
        simulated.add(operation)
    assert simulated == set(OPERATIONS)
