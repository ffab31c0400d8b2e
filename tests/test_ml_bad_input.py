"""Property: any request, well-formed or not, gets a modeled answer and a failed one changes nothing.

Strategies are built from botocore's input shapes: valid values honour type, length, range, enum
and pattern; bad values break exactly one of them (wrong type, too long, too short, off-pattern,
out of enum, out of range, required member missing). The client skips its own validation, so the
mock is the judge. Every call either succeeds or raises a ClientError whose code the operation
models (or ValidationException / SerializationException), never a 5xx, and a failed call leaves
every Describe*/DescribeTags answer as it was.
"""
from __future__ import annotations

import boto3
import botocore.session
import pytest
import regex
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st
from moto import mock_aws

from mock_rtml import mock_rtml
from ml_datasets import BUCKET, REGION, s3_source, spam_csv, spam_schema

MODEL = botocore.session.get_session().get_service_model("machinelearning")
OPERATIONS = sorted(MODEL.operation_names)
KNOWN_IDS = ("m", "ds", "ev", "bp")
ALLOWED = {"ValidationException", "SerializationException"}
_TEXT = st.characters(blacklist_categories=("Cs",))
_UNICODE_CLASSES = {r"\p{L}": "a-zA-Zé", r"\p{Z}": " ", r"\p{N}": "0-9"}


def _python_pattern(pattern):
    for unicode_class, plain in _UNICODE_CLASSES.items():
        pattern = pattern.replace(unicode_class, plain)
    return pattern


def _sized(strategy, low, high):
    return strategy.filter(lambda s: low <= len(s) <= high)


def valid(shape, name=""):
    """Values the model accepts for `shape` (member `name` only steers ids and URLs to useful values)."""
    kind, meta = shape.type_name, shape.metadata
    if kind == "string":
        if meta.get("enum"):
            return st.sampled_from(meta["enum"])
        low, high = meta.get("min", 0), min(meta.get("max", 40), 40)
        if shape.name == "EntityId":
            return st.sampled_from(KNOWN_IDS + ("new", "nope"))
        if name == "PredictEndpoint":
            return st.just("https://realtime.machinelearning.us-east-1.amazonaws.com")
        if shape.name == "S3Url":
            return st.sampled_from([f"s3://{BUCKET}/ds.csv", f"s3://{BUCKET}/out/", "s3://nowhere/x"])
        if meta.get("pattern"):
            checker = regex.compile(meta["pattern"])
            values = st.from_regex(_python_pattern(meta["pattern"]), fullmatch=True).filter(lambda s: checker.fullmatch(s))
            return _sized(values, low, high)
        return st.text(_TEXT, min_size=low, max_size=max(low, high))
    if kind in ("integer", "long"):
        return st.integers(meta.get("min", -5), meta.get("max", 1000))
    if kind in ("float", "double"):
        return st.floats(-2.0, 2.0, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "list":
        return st.lists(valid(shape.member), min_size=meta.get("min", 0), max_size=min(meta.get("max", 3), 3))
    if kind == "map":
        return st.dictionaries(valid(shape.key), valid(shape.value), max_size=3)
    required = set(shape.required_members)
    return st.fixed_dictionaries(
        {n: valid(s, n) for n, s in shape.members.items() if n in required},
        optional={n: valid(s, n) for n, s in shape.members.items() if n not in required},
    )


def bad(shape, name=""):
    """Values that break one rule of `shape` (only what botocore's serializer can still send)."""
    kind, meta = shape.type_name, shape.metadata
    options = []
    if name == "PredictEndpoint":  # botocore sends Predict to this host, so it must stay a URL
        return st.sampled_from(["https://example.com", "https://" + "a" * 2048 + ".amazonaws.com"])
    if kind == "string":
        options.append(st.integers() | st.booleans())  # wrong type
        if meta.get("enum"):
            options.append(st.sampled_from(["NOT_IN_ENUM", meta["enum"][0].lower() + "x"]))
        if "max" in meta and meta["max"] <= 2048:
            options.append(st.just("x" * (meta["max"] + 1)))
        if meta.get("min", 0) > 0:
            options.append(st.just(""))
        if meta.get("pattern"):
            checker = regex.compile(meta["pattern"])
            options.append(st.just("#!?").filter(lambda s: not checker.fullmatch(s)))
    elif kind in ("integer", "long"):
        options.append(st.text(_TEXT, max_size=3) | st.floats(0.5, 0.5))
        if "min" in meta:
            options.append(st.just(meta["min"] - 1))
        if "max" in meta:
            options.append(st.just(meta["max"] + 1))
    elif kind in ("float", "double"):
        options.append(st.booleans())  # botocore's serializer only sends numbers (and bools) as floats
    elif kind == "boolean":
        options.append(st.text(_TEXT, max_size=3) | st.integers())
    elif kind == "list":
        options.append(st.lists(bad(shape.member), min_size=1, max_size=2))
        if "max" in meta and meta["max"] <= 200:
            options.append(st.lists(valid(shape.member), min_size=meta["max"] + 1, max_size=meta["max"] + 1))
    elif kind == "map":
        options.append(st.dictionaries(valid(shape.key), st.integers(), min_size=1, max_size=2))
    elif kind == "structure":
        options.append(broken(shape))
    return st.one_of(options) if options else valid(shape, name)


@st.composite
def broken(draw, shape):
    """A structure with one member bad or one required member missing."""
    value = draw(valid(shape))
    names = sorted(shape.members)
    target = draw(st.sampled_from(names))
    if target in shape.required_members and draw(st.booleans()):
        value.pop(target, None)
    else:
        value[target] = draw(bad(shape.members[target], target))
    return value


def requests(operation):
    shape = MODEL.operation_model(operation).input_shape
    return st.one_of(valid(shape), broken(shape))


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


@pytest.mark.parametrize("operation", OPERATIONS)
def test_any_request_gets_a_modeled_answer_and_failures_change_nothing(operation):
    modeled = {shape.name for shape in MODEL.operation_model(operation).error_shapes} | ALLOWED
    with mock_aws(), mock_rtml() as rtml:
        ml = boto3.client("machinelearning", region_name=REGION, config=Config(parameter_validation=False))
        s3_source(ml, boto3.client("s3", region_name=REGION), "ds", spam_csv(), spam_schema())
        rtml.add_ml_model("m", "BINARY", {"1": ["prize"]}, endpoint=True)
        ml.create_evaluation(EvaluationId="ev", MLModelId="m", EvaluationDataSourceId="ds")
        ml.create_batch_prediction(BatchPredictionId="bp", MLModelId="m", BatchPredictionDataSourceId="ds",
                                   OutputUri=f"s3://{BUCKET}/out/")
        call = getattr(ml, xform_name(operation))

        @settings(max_examples=25)
        @given(params=requests(operation))
        def check(params):
            before = snapshot(ml)
            try:
                call(**params)
            except ClientError as error:
                code = error.response["Error"]["Code"]
                assert code in modeled, f"{operation} answered {code} for {params!r}"
                assert error.response["ResponseMetadata"]["HTTPStatusCode"] < 500
                assert snapshot(ml) == before, f"{operation} failed with {code} but changed state"

        check()
