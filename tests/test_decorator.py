"""mock_rtml as decorator (function, coroutine, method, classes), context manager and start/stop."""
from __future__ import annotations

import asyncio
import inspect
import unittest
from pathlib import Path
from typing import Any, AsyncIterator, Iterator, List

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

from mock_rtml import RtmlMock, mock_rtml

REGION = "us-east-1"
MISSING_ENDPOINT = "arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/nope"
LABELS = {"SPORTS": ["goal", "match"], "WORLD": ["war", "election"]}


class _CannedBody:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Any:
        return iter((self._data,))


def _guarded_client() -> Any:
    """A client whose requests get a canned reply when mock_rtml does not answer them.

    botocore uses the first before-send reply; mock_rtml's handler runs first, so the canned
    reply (an endpoint named "canned") shows that mock_rtml let the request through, and nothing
    goes to the network either way.
    """
    client = boto3.client(
        "comprehend", region_name=REGION, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"
    )
    body = b'{"EndpointProperties": {"EndpointArn": "canned"}}'

    def canned(request: Any, **_: object) -> AWSResponse:
        return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.1"}, _CannedBody(body))  # type: ignore[arg-type]

    client.meta.events.register("before-send.comprehend", canned)
    return client


def _answered_by_mock(client: Any) -> bool:
    try:
        reply = client.describe_endpoint(EndpointArn=MISSING_ENDPOINT)
    except ClientError as err:
        assert err.response["Error"]["Code"] == "ResourceNotFoundException"
        return True
    assert reply["EndpointProperties"]["EndpointArn"] == "canned"
    return False


def _describe_missing_endpoint_code() -> str:
    client = boto3.client("comprehend", region_name=REGION)
    with pytest.raises(ClientError) as info:
        client.describe_endpoint(EndpointArn=MISSING_ENDPOINT)
    return str(info.value.response["Error"]["Code"])


# -- decorating ----------------------------------------------------------------------------------
@mock_rtml
def test_decorated_function_is_answered_by_the_mock() -> None:
    assert _describe_missing_endpoint_code() == "ResourceNotFoundException"


@mock_rtml
def test_decorated_test_still_receives_pytest_fixtures(tmp_path: Path) -> None:
    assert tmp_path.is_dir()
    assert _describe_missing_endpoint_code() == "ResourceNotFoundException"


def test_decorated_coroutine_function_stays_a_coroutine_function_and_runs_inside_the_mock() -> None:
    @mock_rtml
    async def describe() -> str:
        await asyncio.sleep(0)
        return _describe_missing_endpoint_code()

    assert inspect.iscoroutinefunction(describe)
    assert asyncio.run(describe()) == "ResourceNotFoundException"
    assert not _answered_by_mock(_guarded_client())


def test_async_with_activates_the_mock() -> None:
    async def main() -> int:
        async with mock_rtml() as rtml:
            _describe_missing_endpoint_code()
            return len(rtml.calls)

    assert asyncio.run(main()) == 1
    assert not _answered_by_mock(_guarded_client())


def test_decorated_method_runs_inside_the_mock_and_keeps_its_name() -> None:
    class Service:
        @mock_rtml
        def endpoint_error(self, suffix: str) -> str:
            return _describe_missing_endpoint_code() + suffix

    assert Service().endpoint_error("!") == "ResourceNotFoundException!"
    assert Service.endpoint_error.__name__ == "endpoint_error"
    assert not _answered_by_mock(_guarded_client())


def test_decorated_generator_stays_mocked_across_its_yields_and_ends_with_it() -> None:
    client = _guarded_client()

    @mock_rtml
    def answers(times: int) -> Iterator[bool]:
        for _ in range(times):
            yield _answered_by_mock(client)

    steps = answers(2)
    assert not _answered_by_mock(client)  # not yet started
    assert next(steps) is True
    assert _answered_by_mock(client)  # between two yields the generator is still running
    assert list(steps) == [True]
    assert not _answered_by_mock(client)


def test_closing_a_decorated_generator_early_deactivates() -> None:
    client = _guarded_client()

    @mock_rtml
    def answers() -> Iterator[bool]:
        while True:
            yield _answered_by_mock(client)

    steps = answers()
    assert next(steps) is True
    steps.close()
    assert not _answered_by_mock(client)


def test_decorated_async_generator_stays_mocked_across_its_yields() -> None:
    client = _guarded_client()

    @mock_rtml
    async def answers(times: int) -> AsyncIterator[bool]:
        for _ in range(times):
            await asyncio.sleep(0)
            yield _answered_by_mock(client)

    async def main() -> List[bool]:
        seen = []
        async for answered in answers(3):
            seen += [answered, _answered_by_mock(client)]
        return seen

    assert inspect.isasyncgenfunction(answers)
    assert asyncio.run(main()) == [True] * 6
    assert not _answered_by_mock(client)


@mock_rtml
class TestDecoratedUnittestCase(unittest.TestCase):
    """setUp, the test and tearDown share one activation."""

    def setUp(self) -> None:
        # A nested activation shares the class decorator's state and hands out its handle.
        nested = mock_rtml()
        self.rtml = nested.start()
        self.addCleanup(nested.stop)
        self.arn = self.rtml.add_document_classifier("from-setup", LABELS)

    def test_resource_made_in_setup_is_visible_to_the_test(self) -> None:
        client = boto3.client("comprehend", region_name=REGION)
        props = client.describe_document_classifier(DocumentClassifierArn=self.arn)["DocumentClassifierProperties"]
        self.assertEqual(props["DocumentClassifierArn"], self.arn)

    def test_each_test_starts_with_only_what_its_setup_made(self) -> None:
        client = boto3.client("comprehend", region_name=REGION)
        arns = [p["DocumentClassifierArn"] for p in client.list_document_classifiers()["DocumentClassifierPropertiesList"]]
        self.assertEqual(arns, [self.arn])


@mock_rtml
class TestDecoratedPlainClass:
    def test_methods_run_inside_the_mock(self) -> None:
        assert _describe_missing_endpoint_code() == "ResourceNotFoundException"

    def test_methods_keep_fixtures(self, tmp_path: Path) -> None:
        assert tmp_path.is_dir()
        assert _describe_missing_endpoint_code() == "ResourceNotFoundException"


# -- context manager and start/stop ----------------------------------------------------------------
def test_with_block_records_calls_on_the_handle() -> None:
    with mock_rtml() as rtml:
        client = boto3.client("comprehend", region_name=REGION)
        with pytest.raises(ClientError) as info:
            client.describe_endpoint(EndpointArn=MISSING_ENDPOINT)
        (call,) = rtml.calls
    assert (call.service, call.operation) == ("comprehend", "DescribeEndpoint")
    assert call.params == {"EndpointArn": MISSING_ENDPOINT}
    assert call.error == info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert call.http_status == info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_start_returns_the_handle_and_stop_lets_requests_through() -> None:
    client = _guarded_client()
    mock = mock_rtml()
    assert isinstance(mock, RtmlMock)
    rtml = mock.start()
    try:
        assert _answered_by_mock(client)
        assert [c.operation for c in rtml.calls] == ["DescribeEndpoint"]
    finally:
        mock.stop()
    assert not _answered_by_mock(client)


def test_nested_activations_share_state_until_the_outermost_exits() -> None:
    with mock_rtml() as outer:
        client = boto3.client("comprehend", region_name=REGION)
        arn = outer.add_document_classifier("shared", LABELS)
        with mock_rtml() as inner:
            client.describe_document_classifier(DocumentClassifierArn=arn)
            assert inner.calls == outer.calls
        client.describe_document_classifier(DocumentClassifierArn=arn)
    with mock_rtml():
        with pytest.raises(ClientError) as info:
            client.describe_document_classifier(DocumentClassifierArn=arn)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_exception_inside_with_still_deactivates() -> None:
    client = _guarded_client()
    with pytest.raises(KeyError), mock_rtml():
        assert _answered_by_mock(client)
        raise KeyError("boom")
    assert not _answered_by_mock(client)


def test_exception_inside_decorated_function_still_deactivates() -> None:
    client = _guarded_client()

    @mock_rtml
    def fails() -> None:
        assert _answered_by_mock(client)
        raise KeyError("boom")

    with pytest.raises(KeyError):
        fails()
    assert not _answered_by_mock(client)


def test_starting_twice_raises_and_keeps_the_first_activation() -> None:
    client = _guarded_client()
    mock = mock_rtml()
    mock.start()
    with pytest.raises(RuntimeError, match="already started"):
        mock.start()
    assert _answered_by_mock(client)
    mock.stop()
    assert not _answered_by_mock(client)


def test_stop_without_start_raises() -> None:
    with pytest.raises(RuntimeError, match="not started"):
        mock_rtml().stop()


def test_stopping_twice_raises() -> None:
    mock = mock_rtml()
    mock.start()
    mock.stop()
    with pytest.raises(RuntimeError, match="not started"):
        mock.stop()


# -- options --------------------------------------------------------------------------------------
def test_unknown_clock_is_a_value_error_naming_the_accepted_values() -> None:
    with pytest.raises(ValueError, match="clock") as info:
        mock_rtml(clock="bogus")  # type: ignore[call-overload]
    assert "'system'" in str(info.value) and "'manual'" in str(info.value)


def test_unknown_option_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        mock_rtml(speed="fast")  # type: ignore[call-overload]


def test_decorating_something_not_callable_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="int"):
        mock_rtml(42)  # type: ignore[call-overload]
