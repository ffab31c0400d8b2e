"""Nested activations share state; an inner one's options (clock, throttling, quotas, transitions)
apply while it is open and the enclosing ones come back when it closes, in whatever order
activations close. current_handle() reaches the handle from anywhere inside an activation."""
from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.moto_api import state_manager

from mock_rtml import current_handle, mock_rtml

REGION = "us-east-1"
LABELS = {"SPORTS": ["goal"], "WORLD": ["war"]}
MANUAL_TWICE = {"comprehend::endpoint": {"progression": "manual", "times": 2}}


def _status(client, endpoint):
    return client.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]["Status"]


def test_inner_options_apply_while_open_and_the_outer_ones_come_back():
    with mock_rtml() as outer:
        client = boto3.client("comprehend", region_name=REGION)
        model = outer.add_document_classifier("news", LABELS)
        with mock_rtml(clock="manual", throttling=True, quotas={"comprehend.endpoints": 1}) as inner:
            assert (inner.clock.frozen, inner.throttling, inner.quotas["comprehend.endpoints"]) == (True, True, 1)
            first = client.create_endpoint(EndpointName="one", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
            with pytest.raises(ClientError) as info:
                client.create_endpoint(EndpointName="two", ModelArn=model, DesiredInferenceUnits=1)
            assert info.value.response["Error"]["Code"] == "ResourceLimitExceededException"
        assert (outer.clock.frozen, outer.throttling, outer.quotas["comprehend.endpoints"]) == (False, False, 100)
        client.create_endpoint(EndpointName="two", ModelArn=model, DesiredInferenceUnits=1)
        assert _status(client, first) == "IN_SERVICE"  # the state made inside stays


def test_an_inner_activation_without_options_keeps_the_enclosing_ones():
    with mock_rtml(clock="manual", throttling=True) as outer:
        with mock_rtml() as inner:
            assert inner.clock.frozen and inner.throttling
        assert outer.clock.frozen and outer.throttling


def test_options_closed_out_of_order_leave_the_latest_open_value_then_the_original():
    outer = mock_rtml()
    rtml = outer.start()
    first, second = mock_rtml(throttling=True, quotas={"comprehend.endpoints": 3}), mock_rtml(throttling=False)
    first.start()
    second.start()
    first.stop()
    assert rtml.throttling is False  # the second activation's value, still open
    assert rtml.quotas["comprehend.endpoints"] == 100  # only the first set it
    second.stop()
    assert rtml.throttling is False
    outer.stop()


def test_transitions_option_sets_progressions_for_the_activation_only():
    with mock_rtml(transitions=MANUAL_TWICE) as rtml:
        client = boto3.client("comprehend", region_name=REGION)
        model = rtml.add_document_classifier("news", LABELS)
        endpoint = client.create_endpoint(EndpointName="ep", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
        assert [_status(client, endpoint), _status(client, endpoint)] == ["CREATING", "IN_SERVICE"]
    assert state_manager.get_transition("comprehend::endpoint") == {"progression": "immediate"}


def test_transitions_of_an_inner_activation_give_way_to_what_was_set_before():
    state_manager.set_transition("comprehend::endpoint", {"progression": "time", "seconds": 60})
    try:
        with mock_rtml(transitions={"comprehend::endpoint": {"progression": "time", "seconds": 600}}):
            with mock_rtml(transitions=MANUAL_TWICE):
                assert state_manager.get_transition("comprehend::endpoint") == MANUAL_TWICE["comprehend::endpoint"]
            assert state_manager.get_transition("comprehend::endpoint") == {"progression": "time", "seconds": 600}
        assert state_manager.get_transition("comprehend::endpoint") == {"progression": "time", "seconds": 60}
    finally:
        state_manager.unset_transition("comprehend::endpoint")


@pytest.mark.parametrize(
    ("transitions", "error", "names"),
    [
        ({"comprehend::endpoints": {"progression": "immediate"}}, ValueError, "comprehend::endpoint"),
        ({"comprehend::endpoint": {"progression": "later"}}, ValueError, "manual"),
        ({"comprehend::endpoint": {"progression": "manual"}}, ValueError, "times"),
        ({"comprehend::endpoint": {"progression": "manual", "times": 0}}, ValueError, "times"),
        ({"comprehend::endpoint": {"progression": "time", "seconds": float("nan")}}, ValueError, "seconds"),
        ({"comprehend::endpoint": {"progression": "immediate", "seconds": 5}}, ValueError, "keys"),
        ({"comprehend::endpoint": "manual"}, TypeError, "dict"),
    ],
)
def test_transitions_are_checked_when_the_mock_is_made(transitions, error, names):
    with pytest.raises(error, match=names):
        mock_rtml(transitions=transitions)


@mock_rtml(throttling=True)
def test_current_handle_reaches_the_handle_of_a_decorated_test():
    rtml = current_handle()
    assert rtml.throttling
    boto3.client("comprehend", region_name=REGION).list_endpoints()
    assert [c.operation for c in rtml.calls] == ["ListEndpoints"]


def test_current_handle_outside_any_activation_is_a_runtime_error():
    with pytest.raises(RuntimeError, match="no mock_rtml activation is open"):
        current_handle()
    with mock_rtml() as outer:
        with mock_rtml() as inner:
            assert current_handle() is inner
        assert current_handle() is outer
    with pytest.raises(RuntimeError):
        current_handle()
