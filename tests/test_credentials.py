"""While any activation is open, botocore finds fake credentials first and nothing that could reach
the network (a profile that assumes a role, a credential_process, tokens, instance or container
metadata) is consulted; the environment comes back exactly when the last activation ends, in
whatever order activations end and from whatever thread. The `connections` fixture refuses and
records every host lookup and connection: each test proves zero attempts."""
from __future__ import annotations

import os
import shlex
import sys
import threading
from pathlib import Path
from typing import Any, Dict, List

import boto3
import pytest
from botocore.exceptions import ClientError

from mock_rtml import mock_rtml

REGION = "us-east-1"
MISSING = "arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/missing"
FAKE = {"AWS_ACCESS_KEY_ID": "FOOBARKEY", "AWS_SECRET_ACCESS_KEY": "FOOBARSECRET"}


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No AWS_* variable (not even the suite's AWS_EC2_METADATA_DISABLED) and a HOME of our own whose
    ~/.aws holds a profile that assumes a role and one with a credential_process that leaves a marker."""
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path))
    process = tmp_path / "credentials.py"
    process.write_text(
        f"open({str(tmp_path / 'process-ran')!r}, 'w').close()\n"
        'print(\'{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process"}\')\n'
    )
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "credentials").write_text("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base\n")
    (tmp_path / ".aws" / "config").write_text(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/tester\nsource_profile = base\n"
        f"[profile process]\ncredential_process = {shlex.quote(sys.executable)} {shlex.quote(str(process))}\n"
    )
    return tmp_path


def answered_by_the_mock() -> bool:
    """A client made now, in this thread, gets the mock's ResourceNotFoundException."""
    client = boto3.client("comprehend", region_name=REGION)
    with pytest.raises(ClientError) as info:
        client.describe_endpoint(EndpointArn=MISSING)
    return info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def aws_environ() -> Dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("AWS_")}


@pytest.mark.parametrize("profile", ["role", "process"])
def test_a_profile_that_assumes_a_role_or_runs_a_process_is_never_consulted(
    home: Path, monkeypatch: pytest.MonkeyPatch, connections: List[Any], profile: str
) -> None:
    monkeypatch.setenv("AWS_PROFILE", profile)
    with mock_rtml():
        assert answered_by_the_mock()
    assert connections == []
    assert not (home / "process-ran").exists()
    assert os.environ["AWS_PROFILE"] == profile


def test_a_default_session_made_before_activation_is_not_used_inside_it(
    home: Path, monkeypatch: pytest.MonkeyPatch, connections: List[Any]
) -> None:
    """boto3's default session caches the credentials it resolved (here: a role to assume)."""
    monkeypatch.setenv("AWS_PROFILE", "role")
    boto3.client("comprehend", region_name=REGION)
    before = boto3.DEFAULT_SESSION
    with mock_rtml():
        assert answered_by_the_mock()
    assert connections == []
    assert boto3.DEFAULT_SESSION is before


def test_fake_credentials_replace_configured_ones_while_active_and_the_environment_comes_back(
    home: Path, monkeypatch: pytest.MonkeyPatch, connections: List[Any]
) -> None:
    mine = {"AWS_ACCESS_KEY_ID": "AKIDMINE", "AWS_SECRET_ACCESS_KEY": "mine", "AWS_SESSION_TOKEN": "token",
            "AWS_PROFILE": "role", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials"}
    for key, value in mine.items():
        monkeypatch.setenv(key, value)
    with mock_rtml():
        inside = aws_environ()
        assert answered_by_the_mock()
    assert {k: inside.get(k) for k in (*FAKE, "AWS_SESSION_TOKEN", "AWS_PROFILE")} == {**FAKE, "AWS_SESSION_TOKEN": None, "AWS_PROFILE": None}
    assert "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" not in inside
    assert aws_environ() == mine
    assert connections == []


def test_activations_stopped_out_of_order_keep_credentials_until_the_last_stops(
    home: Path, connections: List[Any]
) -> None:
    first, second = mock_rtml(), mock_rtml()
    first.start()
    second.start()
    first.stop()
    try:
        assert answered_by_the_mock()
        assert {k: os.environ.get(k) for k in FAKE} == FAKE
    finally:
        second.stop()
    assert aws_environ() == {}
    assert connections == []


def test_an_activation_ending_in_one_thread_leaves_another_threads_activation_whole(
    home: Path, connections: List[Any]
) -> None:
    started, stopped = threading.Event(), threading.Event()
    outcome: List[object] = []

    def other_thread() -> None:
        with mock_rtml():
            started.set()
            stopped.wait(30)
            try:
                outcome.append(answered_by_the_mock())
            except Exception as error:  # noqa: BLE001 - reported below
                outcome.append(error)

    thread = threading.Thread(target=other_thread)
    with mock_rtml():
        thread.start()
        started.wait(30)
    stopped.set()  # this thread's activation ended first
    thread.join(60)
    assert outcome == [True]
    assert aws_environ() == {}
    assert connections == []
