"""The handle is strict with its own API: it checks its arguments as the API checks the same values
(names, patterns, lengths, integer units), raising TypeError or ValueError that names the argument;
it runs under the dispatcher's lock, as requests do; it refuses use once its activation stopped."""
from __future__ import annotations

import sys
import threading

import boto3
import pytest

from mock_rtml import mock_rtml

LABELS = {"SPORTS": ["goal"], "WORLD": ["war"]}
ARN = "arn:aws:comprehend:us-east-1:123456789012:document-classifier/news"


@pytest.mark.parametrize(
    ("labels", "error", "names"),
    [
        ({"SPORTS": "goal", "WORLD": ["war"]}, TypeError, r"labels\['SPORTS'\] must be a list"),
        ({"SPORTS": ["goal", ""], "WORLD": ["war"]}, ValueError, r"labels\['SPORTS'\]: keywords must be non-empty"),
        ({"SPORTS": ["goal", 7], "WORLD": ["war"]}, TypeError, r"labels\['SPORTS'\]: keywords must be str"),
        ({"SPORTS": [], "WORLD": []}, ValueError, "labels: give at least one keyword"),
        ({"": ["goal"], "WORLD": ["war"]}, ValueError, "labels: every label must be a non-empty str"),
        (["goal", "war"], TypeError, "labels must be a dict"),
    ],
)
def test_keywords_must_be_lists_of_non_empty_strings(rtml, labels, error, names):
    with pytest.raises(error, match=names):
        rtml.add_document_classifier("news", labels)


@pytest.mark.parametrize(
    ("name", "error", "names"),
    [
        ("bad name!", ValueError, "at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern"),
        ("n" * 64, ValueError, "at 'name' failed to satisfy constraint: Member must have length less than or equal to 63"),
        (7, TypeError, "name must be a str, not int"),
    ],
)
def test_classifier_name_is_checked_as_create_document_classifier_checks_it(rtml, name, error, names):
    with pytest.raises(error, match=names):
        rtml.add_document_classifier(name, LABELS)


def test_version_name_and_mode_are_checked_as_the_api_checks_them(rtml):
    with pytest.raises(ValueError, match="at 'version_name' failed to satisfy constraint"):
        rtml.add_document_classifier("news", LABELS, version_name="v 1")
    with pytest.raises(ValueError, match="at 'mode' failed to satisfy constraint: Member must satisfy enum value set"):
        rtml.add_document_classifier("news", LABELS, mode="MULTI")


@pytest.mark.parametrize(
    ("units", "error", "names"),
    [
        (2.5, TypeError, "inference_units must be an int, not float"),
        (True, TypeError, "inference_units must be an int, not bool"),
        (0, ValueError, "at 'inference_units' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        (11, ValueError, "exceeds the limit of 10 inference units per endpoint"),
    ],
)
def test_inference_units_are_an_int_the_api_would_take(rtml, units, error, names):
    model = rtml.add_document_classifier("news", LABELS)
    with pytest.raises(error, match=names):
        rtml.add_endpoint("ep", model, inference_units=units)


def test_endpoint_name_and_model_arn_are_checked_and_an_unknown_model_is_a_value_error(rtml):
    model = rtml.add_document_classifier("news", LABELS)
    with pytest.raises(ValueError, match="at 'name' failed to satisfy constraint: Member must have length less than or equal to 40"):
        rtml.add_endpoint("e" * 41, model)
    with pytest.raises(ValueError, match="at 'model_arn' failed to satisfy constraint: Member must satisfy regular expression"):
        rtml.add_endpoint("ep", "news")
    with pytest.raises(ValueError, match="RESOURCE_NOT_FOUND: Could not find specified resource"):
        rtml.add_endpoint("ep", ARN + "-missing")


@pytest.mark.parametrize(
    ("entities", "error", "names"),
    [
        (["warp coil"], TypeError, "entities must be a dict of entity type -> list of surface forms"),
        ({"PART": "warp coil"}, TypeError, r"entities\['PART'\] must be a list of surface forms"),
        ({"PART": ["warp coil", 3]}, TypeError, r"entities\['PART'\]: surface forms must be str"),
        ({"PART": []}, ValueError, "entities: give at least one surface form"),
        ({"PART, TOOL": ["warp coil"]}, ValueError, "at 'entities' failed to satisfy constraint: Member must satisfy regular expression"),
        ({"PART": [" warp coil"]}, ValueError, "no whitespace at either end"),
        ({"PART": ["warp coil"], "TOOL": ["warp coil"]}, ValueError, "'warp coil' is given for both PART and TOOL"),
        ({f"T{i}": ["x"] for i in range(26)}, ValueError, "1 to 25 entity types, not 26"),
    ],
)
def test_entities_are_surface_forms_per_entity_type_as_create_entity_recognizer_takes_them(rtml, entities, error, names):
    with pytest.raises(error, match=names):
        rtml.add_entity_recognizer("parts", entities)


def test_a_recognizers_name_and_version_are_checked_and_taken_once(rtml):
    with pytest.raises(ValueError, match="at 'name' failed to satisfy constraint"):
        rtml.add_entity_recognizer("bad name", {"PART": ["warp coil"]})
    with pytest.raises(ValueError, match="at 'version_name' failed to satisfy constraint"):
        rtml.add_entity_recognizer("parts", {"PART": ["warp coil"]}, "v 1")
    arn = rtml.add_entity_recognizer("parts", {"PART": ["warp coil"]}, "v1", region="eu-west-1", account_id="111122223333")
    assert arn == "arn:aws:comprehend:eu-west-1:111122223333:entity-recognizer/parts/version/v1"
    with pytest.raises(ValueError, match="already exists"):
        rtml.add_entity_recognizer("parts", {"PART": ["warp coil"]}, "v1", region="eu-west-1", account_id="111122223333")


def test_add_endpoint_takes_a_recognizer_and_gives_a_recognizer_endpoint(rtml):
    arn = rtml.add_endpoint("parts-ep", rtml.add_entity_recognizer("parts", {"PART": ["warp coil"]}))
    assert arn == "arn:aws:comprehend:us-east-1:123456789012:entity-recognizer-endpoint/parts-ep"
    comprehend = boto3.client("comprehend", region_name="us-east-1")
    assert comprehend.describe_endpoint(EndpointArn=arn)["EndpointProperties"]["Status"] == "IN_SERVICE"


@pytest.mark.parametrize(
    ("arguments", "error", "names"),
    [
        ({"model_id": "bad id!"}, ValueError, "at 'model_id' failed to satisfy constraint"),
        ({"model_type": "LINEAR"}, ValueError, "at 'model_type' failed to satisfy constraint: Member must satisfy enum value set"),
        ({"model_type": "REGRESSION", "coefficients": {"rooms": float("nan")}}, ValueError, r"coefficients\['rooms'\] must be a finite"),
        ({"model_type": "REGRESSION", "coefficients": {"rooms": 1.0}, "intercept": float("inf")}, ValueError, "intercept must be a finite"),
        ({"model_type": "REGRESSION", "coefficients": {"rooms": "1"}}, TypeError, r"coefficients\['rooms'\] must be a number"),
        ({"labels": {"1": "prize"}, "model_type": "BINARY"}, TypeError, r"labels\['1'\] must be a list"),
        ({"endpoint": "yes"}, TypeError, "endpoint must be True or False"),
    ],
)
def test_ml_model_arguments_are_checked(rtml, arguments, error, names):
    given = {"model_id": "m", "model_type": "MULTICLASS", "labels": LABELS, **arguments}
    if given["model_type"] == "REGRESSION":
        given.pop("labels")
    with pytest.raises(error, match=names):
        rtml.add_ml_model(given.pop("model_id"), given.pop("model_type"), given.pop("labels", None), **given)


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), -1.0])
def test_the_clock_and_latency_take_only_finite_non_negative_seconds(rtml, seconds):
    with pytest.raises(ValueError, match="seconds"):
        rtml.clock.advance(seconds)
    with pytest.raises(ValueError, match="seconds"):
        rtml.inject_latency("classify_document", seconds=seconds)
    with pytest.raises(TypeError, match="seconds must be a number"):
        rtml.clock.advance("5")  # type: ignore[arg-type]


def test_a_stopped_activations_handle_refuses_use():
    mock = mock_rtml()
    rtml = mock.start()
    mock.stop()
    with pytest.raises(RuntimeError, match="stopped"):
        rtml.add_document_classifier("news", LABELS)
    with pytest.raises(RuntimeError, match="stopped"):
        rtml.calls  # noqa: B018 - the property itself refuses
    with pytest.raises(RuntimeError, match="stopped"):
        rtml.reset()


def test_the_handle_of_an_inner_activation_closes_with_it_while_the_outer_one_works():
    with mock_rtml() as outer:
        with mock_rtml() as inner:
            inner.add_document_classifier("news", LABELS)
        with pytest.raises(RuntimeError, match="stopped"):
            inner.add_document_classifier("other", LABELS)
        assert outer.add_document_classifier("other", LABELS).endswith("/other")


@pytest.fixture
def busy_threads():
    """Threads take turns as often as the interpreter allows (so races show), for one test."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.usefixtures("busy_threads")
def test_adding_models_while_other_threads_describe_them_loses_nothing(rtml):
    """The issue's probe: RuntimeError (dictionary changed size during iteration) in 47 of 273 calls."""
    ml = boto3.session.Session().client("machinelearning", region_name="us-east-1")
    failures, described, ready = [], [], threading.Barrier(4)

    def describe():
        try:
            ml.describe_ml_models(Limit=1)
            ready.wait(30)
            while len(described) < 15:
                ml.describe_ml_models(Limit=1)
                described.append(1)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))
            described.extend([1] * 15)

    readers = [threading.Thread(target=describe) for _ in range(3)]
    for i in range(200):  # enough models that describing them takes a while
        rtml.add_ml_model(f"first{i}", "BINARY", {"1": ["prize"]})
    for reader in readers:
        reader.start()
    ready.wait(30)
    added = 0
    while len(described) < 15 and added < 1000:  # add models while the readers describe them
        rtml.add_ml_model(f"m{added}", "BINARY", {"1": ["prize"]})
        added += 1
    for reader in readers:
        reader.join()
    assert failures == []
    pages = ml.get_paginator("describe_ml_models").paginate()
    assert sum(len(page["Results"]) for page in pages) == added + 200
