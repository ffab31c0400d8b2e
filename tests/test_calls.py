"""rtml.calls: the most recent calls, oldest first, up to a limit (1,000 by default; None keeps all)."""
from __future__ import annotations

from typing import Any, List

import boto3
import pytest

from mock_rtml import mock_rtml

REGION = "us-east-1"


def _calls(count: int) -> None:
    """`count` ListEndpoints calls, the i-th (from 1) for the endpoints of model "m-<i>"."""
    client = boto3.client("comprehend", region_name=REGION)
    for i in range(1, count + 1):
        client.list_endpoints(Filter={"ModelArn": f"arn:aws:comprehend:{REGION}:123456789012:document-classifier/m-{i}"})


def _numbers(calls: Any) -> List[int]:
    """Which of the calls these are."""
    return [int(str(call.params["Filter"]["ModelArn"]).rsplit("-", 1)[1]) for call in calls]


def test_the_most_recent_thousand_calls_are_kept_by_default() -> None:
    with mock_rtml() as rtml:
        _calls(1003)
        assert len(rtml.calls) == 1000
        assert _numbers(rtml.calls[:2]) == [4, 5]  # the three oldest went first
        assert _numbers(rtml.calls[-1:]) == [1003]


def test_a_calls_limit_keeps_that_many_of_the_most_recent_calls() -> None:
    with mock_rtml(calls_limit=3) as rtml:
        _calls(5)
        assert _numbers(rtml.calls) == [3, 4, 5]
        assert [c.operation for c in rtml.calls.of("ListEndpoints")] == ["ListEndpoints"] * 3
        assert rtml.calls == list(rtml.calls) and rtml.calls[-1] is list(rtml.calls)[-1]


def test_calls_limit_none_keeps_every_call() -> None:
    with mock_rtml(calls_limit=None) as rtml:
        _calls(1003)
        assert len(rtml.calls) == 1003
        assert _numbers(rtml.calls[:1]) == [1]


def test_calls_limit_zero_keeps_none() -> None:
    with mock_rtml(calls_limit=0) as rtml:
        _calls(2)
        assert list(rtml.calls) == []


@pytest.mark.rtml(calls_limit=2)
def test_the_marker_sets_the_limit_of_the_fixture(rtml: Any) -> None:
    _calls(3)
    assert _numbers(rtml.calls) == [2, 3]


@pytest.mark.parametrize("limit, error", [(-1, ValueError), ("10", TypeError), (2.5, TypeError), (True, TypeError)])
def test_a_bad_calls_limit_is_refused_at_once(limit: Any, error: type) -> None:
    with pytest.raises(error, match="calls_limit"):
        mock_rtml(calls_limit=limit)


def test_an_inner_activation_s_limit_applies_while_it_is_open_and_the_outer_one_comes_back() -> None:
    with mock_rtml(calls_limit=None) as rtml:
        _calls(4)
        with mock_rtml(calls_limit=2):
            assert _numbers(rtml.calls) == [3, 4]  # the calls are shared: the inner limit keeps the newest
            _calls(1)
        _calls(2)
        assert _numbers(rtml.calls) == [4, 1, 1, 2]  # None again: nothing more is dropped
        with mock_rtml():  # no limit given: the enclosing one holds
            _calls(1)
        assert len(rtml.calls) == 5
