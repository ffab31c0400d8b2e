"""One virtual clock: timestamps, transitions and throttling read it; tests move it."""
from __future__ import annotations

import datetime

import boto3
import pytest
import time_machine
from moto.moto_api import state_manager

from mock_rtml import mock_rtml


def _describe(client, arn):
    return client.describe_endpoint(EndpointArn=arn)["EndpointProperties"]


def test_manual_clock_stands_still_until_advanced():
    with mock_rtml(clock="manual") as rtml:
        start = rtml.clock.now()
        assert rtml.clock.now() == start
        rtml.clock.advance(90)
        assert rtml.clock.now() == start + 90


def test_clock_never_moves_back():
    with mock_rtml(clock="manual") as rtml:
        with pytest.raises(ValueError):
            rtml.clock.advance(-1)


def test_the_handle_can_freeze_and_unfreeze_the_clock():
    with mock_rtml() as rtml:
        rtml.clock.freeze()
        frozen = rtml.clock.now()
        assert rtml.clock.now() == frozen
        rtml.clock.unfreeze()
        assert rtml.clock.now() >= frozen


def test_resource_timestamps_come_from_the_virtual_clock():
    with mock_rtml(clock="manual") as rtml:
        arn = rtml.add_document_classifier("news", {"A": ["alpha"], "B": ["beta"]})
        endpoint = rtml.add_endpoint("ep", arn)
        client = boto3.client("comprehend", region_name="us-east-1")
        created = _describe(client, endpoint)["CreationTime"]
        rtml.clock.advance(3600)
        client.update_endpoint(EndpointArn=endpoint, DesiredInferenceUnits=2)
        modified = _describe(client, endpoint)["LastModifiedTime"]
        assert (modified - created).total_seconds() == pytest.approx(3600, abs=0.01)


def test_time_progression_follows_the_virtual_clock():
    state_manager.set_transition("comprehend::endpoint", {"progression": "time", "seconds": 30})
    try:
        with mock_rtml(clock="manual") as rtml:
            arn = rtml.add_document_classifier("news", {"A": ["alpha"], "B": ["beta"]})
            client = boto3.client("comprehend", region_name="us-east-1")
            endpoint = client.create_endpoint(EndpointName="ep", ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
            assert _describe(client, endpoint)["Status"] == "CREATING"
            rtml.clock.advance(29)
            assert _describe(client, endpoint)["Status"] == "CREATING"
            rtml.clock.advance(1)
            assert _describe(client, endpoint)["Status"] == "IN_SERVICE"
    finally:
        state_manager.unset_transition("comprehend::endpoint")


def test_system_clock_follows_time_machine():
    when = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    with time_machine.travel(when, tick=False), mock_rtml() as rtml:
        arn = rtml.add_document_classifier("news", {"A": ["alpha"], "B": ["beta"]})
        endpoint = rtml.add_endpoint("ep", arn)
        client = boto3.client("comprehend", region_name="us-east-1")
        assert _describe(client, endpoint)["CreationTime"] == when


def test_system_clock_follows_freezegun():
    from freezegun import freeze_time

    with freeze_time("2031-05-06 07:08:09"), mock_rtml() as rtml:
        arn = rtml.add_document_classifier("news", {"A": ["alpha"], "B": ["beta"]})
        endpoint = rtml.add_endpoint("ep", arn)
        client = boto3.client("comprehend", region_name="us-east-1")
        created = _describe(client, endpoint)["CreationTime"]
    assert created == datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
