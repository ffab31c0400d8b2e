"""Bad input, generated from botocore's shapes, never gets anything but a modeled error.

For every simulated Comprehend operation hypothesis draws a valid-ish request from the operation's
input shape, then (usually) breaks one member: too long, too short, off-pattern, out of the enum,
out of range, of the wrong JSON type, or a required member left out. The request goes out from a
client made with ``parameter_validation=False``, so the mock is the judge. Property: the call
succeeds, or raises a ClientError whose code the model lists for the operation (or is
ValidationException / SerializationException), never a 5xx or another exception; and a failed call
leaves the observable state (endpoints, classifiers, summaries, tags) as it was.
"""
from __future__ import annotations

import copy
import datetime
import re
from typing import Any, Callable, Dict, List, Tuple

import boto3
import pytest
import regex
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REGION = "us-east-1"
ACCOUNT = "123456789012"
PREFIX = f"arn:aws:comprehend:{REGION}:{ACCOUNT}"
CLASSIFIER, VERSIONED = f"{PREFIX}:document-classifier/news", f"{PREFIX}:document-classifier/news/version/v1"
ENDPOINT = f"{PREFIX}:document-classifier-endpoint/news-ep"
LABELS = {"SPORTS": ["goal", "match"], "POLITICS": ["election", "vote"]}
OPERATIONS = [
    "CreateDocumentClassifier", "DescribeDocumentClassifier", "ListDocumentClassifiers",
    "ListDocumentClassifierSummaries", "StopTrainingDocumentClassifier", "DeleteDocumentClassifier",
    "CreateEndpoint", "DescribeEndpoint", "ListEndpoints", "UpdateEndpoint", "DeleteEndpoint",
    "ClassifyDocument", "DetectEntities", "TagResource", "UntagResource", "ListTagsForResource",
]
ALWAYS_ERRORS = {"ValidationException", "SerializationException"}
# Members always sent, although the model leaves them optional: DetectEntities without an endpoint
# is the built-in model, which mock_rtml leaves to moto.
ALWAYS_SENT = {("DetectEntities", "EndpointArn")}

# Realistic values for the shapes whose patterns describe ARNs, URIs and the like.
_NAMES = st.sampled_from(["news", "news-ep", "fresh", "v1", "a-1"])
SEEDS: Dict[str, st.SearchStrategy[Any]] = {
    "ComprehendArnName": _NAMES, "VersionName": _NAMES, "ComprehendEndpointName": _NAMES,
    "IamRoleArn": st.just(f"arn:aws:iam::{ACCOUNT}:role/data"),
    "S3Uri": st.sampled_from(["s3://training-data/train.csv", "s3://training-data/parts/"]),
    "DocumentClassifierArn": st.sampled_from([CLASSIFIER, VERSIONED, f"{PREFIX}:document-classifier/other"]),
    "ComprehendModelArn": st.sampled_from([CLASSIFIER, VERSIONED, f"{PREFIX}:entity-recognizer/er"]),
    "ComprehendEndpointArn": st.sampled_from([ENDPOINT, f"{PREFIX}:document-classifier-endpoint/other"]),
    "DocumentClassifierEndpointArn": st.sampled_from([ENDPOINT, f"{PREFIX}:document-classifier-endpoint/other"]),
    "EntityRecognizerEndpointArn": st.just(f"{PREFIX}:entity-recognizer-endpoint/er-ep"),
    "ComprehendArn": st.sampled_from([CLASSIFIER, VERSIONED, ENDPOINT, f"{PREFIX}:flywheel/fw"]),
    "ComprehendFlywheelArn": st.just(f"{PREFIX}:flywheel/fw"),
    "KmsKeyId": st.just("1234abcd-12ab-34cd-56ef-1234567890ab"),
    "Policy": st.just('{"Version": "2012-10-17"}'),
    "LabelDelimiter": st.sampled_from(list("|:;~")),
    "ClientRequestTokenString": st.sampled_from(["token-1", "token-2"]),
    "CustomerInputString": st.text(min_size=1, max_size=40),
}


def _model() -> Any:
    return boto3.session.Session().client("comprehend", region_name=REGION).meta.service_model


SERVICE = _model()
_cache: Dict[str, st.SearchStrategy[Any]] = {}


def valid(shape: Any) -> st.SearchStrategy[Any]:
    """A strategy for values that satisfy the shape's constraints (mostly)."""
    if shape.name in SEEDS:
        return SEEDS[shape.name]
    if shape.name not in _cache:
        _cache[shape.name] = _build(shape)
    return _cache[shape.name]


def _build(shape: Any) -> st.SearchStrategy[Any]:
    meta, kind = shape.metadata, shape.type_name
    if kind == "string":
        if "enum" in meta:
            return st.sampled_from(meta["enum"])
        low, high = meta.get("min", 0), min(meta.get("max", 30), 30)
        if "pattern" in meta:
            return st.from_regex(re.compile(meta["pattern"]), fullmatch=True).filter(lambda s: low <= len(s) <= high)
        return st.text(min_size=low, max_size=high)
    if kind in ("integer", "long"):
        return st.integers(meta.get("min", 0), meta.get("max", 12))
    if kind == "boolean":
        return st.booleans()
    if kind in ("double", "float"):
        return st.floats(0, 1)
    if kind == "timestamp":
        return st.datetimes(datetime.datetime(2020, 1, 1), datetime.datetime(2035, 1, 1), timezones=st.just(datetime.timezone.utc))
    if kind == "blob":
        return st.binary(min_size=max(meta.get("min", 0), 1), max_size=40)
    if kind == "list":
        return st.lists(valid(shape.member), min_size=meta.get("min", 0), max_size=min(meta.get("max", 3), 3))
    if kind == "map":
        return st.dictionaries(valid(shape.key), valid(shape.value), max_size=3)
    required = set(shape.required_members)
    return st.fixed_dictionaries(
        {n: valid(m) for n, m in shape.members.items() if n in required},
        optional={n: valid(m) for n, m in shape.members.items() if n not in required},
    )


_DELETE = object()
Path = Tuple[Any, ...]


def breakages(shape: Any) -> List[Tuple[str, Any]]:
    """(kind, bad values) for a member of this shape; values botocore's serializer passes on."""
    meta, kind, out = shape.metadata, shape.type_name, []
    if kind == "string":
        if "max" in meta:
            out.append(("too-long", ["a" * (meta["max"] + 1)]))
        if meta.get("min", 0) > 0:
            out.append(("too-short", [""]))
        if "pattern" in meta:
            bad = next(v for v in ("!", " ", "-x-", "ü", "") if regex.fullmatch(meta["pattern"], v) is None)
            out.append(("off-pattern", [bad]))
        if "enum" in meta:
            out.append(("out-of-enum", ["NOT_A_MEMBER"]))
        out.append(("wrong-type", [7, True, ["x"], {"a": "b"}]))
    elif kind in ("integer", "long"):
        if "min" in meta:
            out.append(("below-min", [meta["min"] - 1]))
        if "max" in meta:
            out.append(("above-max", [meta["max"] + 1]))
        out.append(("wrong-type", ["7", 1.5, False, [1]]))
    elif kind == "boolean":
        out.append(("wrong-type", ["true", 1]))
    elif kind == "list" and meta.get("min", 0) > 0:
        out.append(("too-few", [[]]))
    elif kind == "blob" and meta.get("min", 0) > 0:
        out.append(("too-short", [b""]))
    return out


def slots(value: Any, shape: Any, path: Path = ()) -> List[Tuple[Path, Any, Any]]:
    """Every way to break the drawn request: (path, bad values or [_DELETE], kind)."""
    found: List[Tuple[Path, Any, Any]] = []
    if shape.type_name == "structure":
        for name in shape.required_members:
            if name in value:
                found.append((path + (name,), [_DELETE], "missing-required"))
        for name, member in shape.members.items():
            if name in value:
                found += [(path + (name,), bad, kind) for kind, bad in breakages(member)]
                found += slots(value[name], member, path + (name,))
    elif shape.type_name == "list":
        for i, item in enumerate(value):
            found += slots(item, shape.member, path + (i,))
    return found


def apply(value: Any, path: Path, bad: Any) -> Any:
    broken = copy.deepcopy(value)
    parent = broken
    for step in path[:-1]:
        parent = parent[step]
    if bad is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = bad
    return broken


def request(operation: str) -> st.SearchStrategy[Tuple[str, Dict[str, Any]]]:
    shape = SERVICE.operation_model(operation).input_shape
    forced = {n for op, n in ALWAYS_SENT if op == operation}
    base = valid(shape).flatmap(lambda v: st.fixed_dictionaries({n: valid(shape.members[n]) for n in forced}).map(lambda f: {**v, **f}))

    @st.composite
    def broken(draw: Callable[..., Any]) -> Tuple[str, Dict[str, Any]]:
        value = draw(base)
        options = [s for s in slots(value, shape) if s[0][-1] not in forced or s[1] != [_DELETE]]
        if not options or draw(st.integers(0, 9)) == 0:
            return "valid-ish", value
        path, bads, kind = draw(st.sampled_from(options))
        bad = draw(st.sampled_from(bads))
        return f"{kind} {'.'.join(map(str, path))}", apply(value, path, bad)

    return broken()


def observable_state(client: Any) -> Any:
    tags = [client.list_tags_for_resource(ResourceArn=arn)["Tags"] for arn in (CLASSIFIER, VERSIONED, ENDPOINT)]
    return (
        client.list_endpoints()["EndpointPropertiesList"],
        client.list_document_classifiers()["DocumentClassifierPropertiesList"],
        client.list_document_classifier_summaries()["DocumentClassifierSummariesList"],
        tags,
    )


@pytest.fixture
def fuzz_client(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION, config=Config(parameter_validation=False))


@pytest.mark.parametrize("operation", OPERATIONS)
def test_bad_input_gets_a_modeled_error_and_changes_nothing(rtml: Any, fuzz_client: Any, operation: str) -> None:
    allowed = {shape.name for shape in SERVICE.operation_model(operation).error_shapes} | ALWAYS_ERRORS
    call = getattr(fuzz_client, xform_name(operation))

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(case=request(operation))
    def check(case: Tuple[str, Dict[str, Any]]) -> None:
        what, params = case
        rtml.reset()
        model = rtml.add_document_classifier("news", labels=LABELS)
        rtml.add_document_classifier("news", labels=LABELS, version_name="v1")
        rtml.add_endpoint("news-ep", model)
        fuzz_client.tag_resource(ResourceArn=ENDPOINT, Tags=[{"Key": "team", "Value": "news"}])
        before = observable_state(fuzz_client)
        try:
            call(**params)
        except ClientError as error:
            code = error.response["Error"]["Code"]
            assert code in allowed, f"{operation} ({what}) answered {code}: {error}"
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] < 500, f"{operation} ({what}): {error}"
            assert observable_state(fuzz_client) == before, f"{operation} ({what}) failed with {code} but changed state"

    check()


def test_the_fuzzed_operations_are_every_operation_the_mock_simulates(fuzz_client: Any) -> None:
    """Observed through the API: without moto, an operation the mock does not simulate raises
    NotImplementedError naming it; every other one answers (here mostly a ValidationException)."""
    simulated = set()
    for operation in SERVICE.operation_names:
        params = {n: f"{PREFIX}:entity-recognizer-endpoint/er-ep" for op, n in ALWAYS_SENT if op == operation}
        try:
            getattr(fuzz_client, xform_name(operation))(**params)
        except NotImplementedError as refused:
            assert operation in str(refused)
            continue
        except ClientError:
            pass
        simulated.add(operation)
    assert simulated == set(OPERATIONS)
