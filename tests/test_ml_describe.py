"""Amazon ML Describe*: FilterVariable with EQ/GT/LT/GE/LE/NE/Prefix, SortOrder, Limit, NextToken, waiters, paginators."""
from __future__ import annotations

import datetime

import boto3
import pytest
from botocore.exceptions import ClientError

from ml_datasets import REGION

LABELS = {"A": ["a"], "B": ["b"]}


@pytest.fixture
def ml(rtml):
    """Five models named m0..m4 (types alternating), created one minute apart on a frozen clock."""
    rtml.clock.freeze()
    for i in range(5):
        rtml.add_ml_model(f"m{i}", "MULTICLASS" if i % 2 == 0 else "BINARY", {"1": ["a"], "0": ["b"]} if i % 2 else LABELS,
                          endpoint=i == 4)
        rtml.clock.advance(60)
    client = boto3.client("machinelearning", region_name=REGION)
    for i in range(5):
        client.update_ml_model(MLModelId=f"m{i}", MLModelName=f"model-{'ab'[i % 2]}-{i}")
    return client


def _ids(reply):
    return [item["MLModelId"] for item in reply["Results"]]


def test_no_filter_lists_everything_by_creation_time(ml):
    reply = ml.describe_ml_models()
    assert _ids(reply) == ["m0", "m1", "m2", "m3", "m4"]
    assert "NextToken" not in reply
    assert reply["Results"][0]["Algorithm"] == "sgd"


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"FilterVariable": "MLModelType", "EQ": "BINARY"}, ["m1", "m3"]),
        ({"FilterVariable": "MLModelType", "NE": "BINARY"}, ["m0", "m2", "m4"]),
        ({"FilterVariable": "Name", "Prefix": "model-a"}, ["m0", "m2", "m4"]),
        ({"FilterVariable": "Name", "GT": "model-b-1"}, ["m3"]),
        ({"FilterVariable": "Name", "GE": "model-b-1"}, ["m1", "m3"]),
        ({"FilterVariable": "Name", "LT": "model-a-2"}, ["m0"]),
        ({"FilterVariable": "Name", "GE": "model-a-2", "LE": "model-a-4"}, ["m2", "m4"]),
        ({"FilterVariable": "Status", "EQ": "COMPLETED"}, ["m0", "m1", "m2", "m3", "m4"]),
        ({"FilterVariable": "RealtimeEndpointStatus", "EQ": "NONE"}, ["m0", "m1", "m2", "m3"]),
        ({"FilterVariable": "Algorithm", "EQ": "sgd"}, ["m0", "m1", "m2", "m3", "m4"]),
        ({"FilterVariable": "IAMUser", "EQ": "arn:aws:iam::123456789012:root"}, ["m0", "m1", "m2", "m3", "m4"]),
    ],
)
def test_filters(ml, query, expected):
    assert sorted(_ids(ml.describe_ml_models(**query))) == expected


def test_results_are_sorted_by_the_filter_variable(ml):
    by_name = ml.describe_ml_models(FilterVariable="Name", Prefix="model")
    assert _ids(by_name) == ["m0", "m2", "m4", "m1", "m3"]
    assert _ids(ml.describe_ml_models(FilterVariable="Name", Prefix="model", SortOrder="dsc")) == ["m3", "m1", "m4", "m2", "m0"]


def test_created_at_compares_as_time_given_as_epoch_or_iso(ml):
    first = ml.describe_ml_models()["Results"][0]["CreatedAt"]
    epoch = str(first.timestamp() + 90)
    iso = (first + datetime.timedelta(seconds=90)).astimezone(datetime.timezone.utc).isoformat()
    assert _ids(ml.describe_ml_models(FilterVariable="CreatedAt", LT=epoch)) == ["m0", "m1"]
    assert _ids(ml.describe_ml_models(FilterVariable="CreatedAt", GT=iso, SortOrder="dsc")) == ["m4", "m3", "m2"]


def test_limit_and_next_token_page_through(ml):
    first = ml.describe_ml_models(Limit=2)
    second = ml.describe_ml_models(Limit=2, NextToken=first["NextToken"])
    third = ml.describe_ml_models(Limit=2, NextToken=second["NextToken"])
    assert [_ids(first), _ids(second), _ids(third)] == [["m0", "m1"], ["m2", "m3"], ["m4"]]
    assert "NextToken" not in third


def test_paginator_walks_every_page(ml):
    pages = ml.get_paginator("describe_ml_models").paginate(PaginationConfig={"PageSize": 2})
    assert [len(page["Results"]) for page in pages] == [2, 2, 1]
    found = ml.get_paginator("describe_ml_models").paginate(FilterVariable="MLModelType", EQ="BINARY").build_full_result()
    assert _ids(found) == ["m1", "m3"]


@pytest.mark.parametrize(
    "query, words",
    [
        ({"EQ": "x"}, "needs a FilterVariable"),
        ({"NextToken": "garbage!"}, "Invalid NextToken"),
        ({"FilterVariable": "CreatedAt", "GT": "yesterday"}, "epoch seconds or an ISO 8601"),
    ],
)
def test_bad_queries_are_invalid_input(ml, query, words):
    with pytest.raises(ClientError) as caught:
        ml.describe_ml_models(**query)
    error = caught.value.response["Error"]
    assert error["Code"] == "InvalidInputException" and words in error["Message"]


def test_limit_out_of_range_is_a_validation_error(ml):
    with pytest.raises(ClientError) as caught:
        ml.describe_ml_models(Limit=101)
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_deleted_entities_stay_listed_with_status_deleted(ml):
    """Our inference: Describe* lists DELETED entities too (the Status filter accepts DELETED), like Get*."""
    ml.delete_ml_model(MLModelId="m2")
    assert _ids(ml.describe_ml_models(FilterVariable="Status", EQ="DELETED")) == ["m2"]
    assert _ids(ml.describe_ml_models(FilterVariable="Status", NE="DELETED")) == ["m0", "m1", "m3", "m4"]


def test_every_describe_operation_paginates(rtml):
    """The waiters are exercised by the flows in test_ml_flow.py and test_ml_jobs.py."""
    ml = boto3.client("machinelearning", region_name=REGION)
    for operation in ("describe_data_sources", "describe_ml_models", "describe_evaluations", "describe_batch_predictions"):
        pages = list(ml.get_paginator(operation).paginate())
        assert pages[0]["Results"] == []
