"""Session-wide test configuration: reply checking, region, hypothesis profile; the shared Amazon ML
clients. Fixtures only."""
from __future__ import annotations

import os
import socket
from typing import Any, Iterator, List, Tuple

import boto3
import botocore.loaders
import botocore.session
import pytest
from hypothesis import HealthCheck, settings
from moto import mock_aws

import mock_rtml.core.dispatch

# Deterministic runs: the same examples every time (derandomize also turns off the example
# database). No deadline: the first call of an operation loads botocore's model, which is slow.
settings.register_profile(
    "mock_rtml",
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
# tox's envs (every interpreter) draw a third as many examples; the README's test command searches fully.
settings.register_profile("mock_rtml-quick", settings.get_profile("mock_rtml"), max_examples=20)
settings.load_profile(os.environ.get("MOCK_RTML_HYPOTHESIS_PROFILE", "mock_rtml"))


@pytest.fixture(autouse=True, scope="session")
def _check_replies() -> Iterator[None]:
    """Every reply the mock sends is parsed by botocore and validated against the output shape."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(mock_rtml.core.dispatch, "CHECK_REPLIES", True)
        yield


@pytest.fixture(autouse=True, scope="session")
def _aws_environment() -> Iterator[None]:
    """Clients made without region_name get us-east-1, unless the developer chose one.

    botocore never asks the EC2 instance metadata service for credentials (a network call);
    pytest-socket would refuse it anyway.
    """
    with pytest.MonkeyPatch.context() as mp:
        if not os.environ.get("AWS_DEFAULT_REGION"):
            mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        mp.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield


class _OncePaths(List[str]):
    """boto3 adds its data path to the loader at every Session; a shared loader needs it once."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)


@pytest.fixture(autouse=True, scope="session")
def _shared_model_loader() -> Iterator[None]:
    """Every botocore session (each test's, and moto's) reads service models through one loader, which
    caches the JSON files it has read (and nothing else): re-reading them per test was most of the
    suite's time."""
    loader = botocore.loaders.Loader(extra_search_paths=_OncePaths())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(botocore.session, "create_loader", lambda search_path_string=None: loader)
        yield


@pytest.fixture(autouse=True)
def _fresh_boto3_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """boto3's default session caches the first credentials it finds; start each test without them,
    so no test depends on the fake credentials an earlier test's activation put in place."""
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> List[Any]:
    """Every attempt to look up a host name or to connect anywhere, recorded and refused."""
    attempts: List[Any] = []

    def refuse(address: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(address)
        raise ConnectionRefusedError(f"test forbids reaching {address!r}")

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append((host, port))
        raise socket.gaierror(f"test forbids looking up {host!r}")

    def connect(sock: socket.socket, address: Any, *args: Any) -> Any:
        return refuse(address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture
def ml_clients(rtml: Any) -> Iterator[Tuple[Any, Any]]:
    """(machinelearning, s3) clients in us-east-1 under mock_rtml and moto's mock_aws: Amazon ML data
    sources read their CSV and schema from moto's S3, and batch predictions write there."""
    with mock_aws():
        yield boto3.client("machinelearning", region_name="us-east-1"), boto3.client("s3", region_name="us-east-1")


@pytest.fixture
def jobs_s3(rtml: Any) -> Iterator[Any]:
    """An s3 client in us-east-1 under mock_rtml and moto's mock_aws, with the bucket "jobs" made:
    Comprehend's asynchronous jobs read their input from it and write their output there."""
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="jobs")
        yield client
