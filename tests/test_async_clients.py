"""aiobotocore and aioboto3 clients get the answers boto3 gets: the same replies, errors, retries on the
virtual clock, waiters and paginators. Runs where aiobotocore is installed (the `async` extra, tox's
async envs); skipped elsewhere."""
from __future__ import annotations

import asyncio
import datetime
import subprocess
import sys
import textwrap

import pytest

aiobotocore_session = pytest.importorskip("aiobotocore.session")

import boto3  # noqa: E402
import time_machine  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError, WaiterError  # noqa: E402
from moto import mock_aws  # noqa: E402

from mock_rtml import mock_rtml  # noqa: E402
from ml_datasets import spam_csv, spam_schema, upload  # noqa: E402
from status_progressions import progression  # noqa: E402

pytestmark = pytest.mark.anyio  # anyio's default backend, asyncio: the one aiobotocore runs on

REGION = "us-east-1"
ENDPOINT = f"arn:aws:comprehend:{REGION}:123456789012:document-classifier-endpoint/news-endpoint"
LABELS = {"SPORTS": ["goal", "match"], "SHIPPING": ["ship", "iceberg"]}
URL = f"https://realtime.machinelearning.{REGION}.amazonaws.com"
DOC = "The ship struck an iceberg at night."


def _client(service, **config):
    """An aiobotocore client (an async context manager), made as a user makes one."""
    return aiobotocore_session.get_session().create_client(service, region_name=REGION, config=Config(**config))


def _without_metadata(reply):
    return {key: value for key, value in reply.items() if key != "ResponseMetadata"}


async def _outcome(call):
    """A boto3 or aiobotocore call's reply without metadata, or its (error, HTTP status)."""
    try:
        reply = call()
        return _without_metadata(await reply if asyncio.iscoroutine(reply) else reply)
    except ClientError as error:
        return error.response["Error"], error.response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def no_real_wait(monkeypatch):
    """Backoff and client-side rate limiting must move the virtual clock: a real wait fails the test."""
    real_sleep = asyncio.sleep

    async def sleep(delay, result=None):
        assert delay == 0, f"waited {delay}s for real"
        return await real_sleep(0, result)

    async def wait_for(awaitable, timeout):
        awaitable.close()
        pytest.fail(f"waited up to {timeout}s for real")

    monkeypatch.setattr(asyncio, "sleep", sleep)
    monkeypatch.setattr(asyncio, "wait_for", wait_for)


def _endpoint_flow(model):
    return [
        ("create_endpoint", {"EndpointName": "news-endpoint", "ModelArn": model, "DesiredInferenceUnits": 1}),
        ("describe_endpoint", {"EndpointArn": ENDPOINT}),
        ("classify_document", {"EndpointArn": ENDPOINT, "Text": DOC}),
        ("update_endpoint", {"EndpointArn": ENDPOINT, "DesiredInferenceUnits": 2}),
        ("describe_endpoint", {"EndpointArn": ENDPOINT}),
        ("list_endpoints", {}),
        ("delete_endpoint", {"EndpointArn": ENDPOINT}),
        ("list_endpoints", {}),
    ]


async def test_classifier_endpoint_flow_gives_the_replies_boto3_gets():
    """Create, describe, classify, scale, list, delete: each reply, metadata and request id included,
    equals boto3's for the same calls against a fresh mock at the same moment."""
    with time_machine.travel(datetime.datetime(2026, 1, 5, tzinfo=datetime.timezone.utc), tick=False):
        with mock_rtml(clock="manual") as rtml:
            flow = _endpoint_flow(rtml.add_document_classifier("news", labels=LABELS))
            sync = boto3.client("comprehend", region_name=REGION)
            expected = [getattr(sync, operation)(**params) for operation, params in flow]
        with mock_rtml(clock="manual") as rtml:
            flow = _endpoint_flow(rtml.add_document_classifier("news", labels=LABELS))
            async with _client("comprehend") as comprehend:
                replies = [await getattr(comprehend, operation)(**params) for operation, params in flow]
    assert replies == expected
    assert replies[2]["Classes"][0]["Name"] == "SHIPPING"
    assert replies[4]["EndpointProperties"]["CurrentInferenceUnits"] == 2
    assert [len(reply["EndpointPropertiesList"]) for reply in (replies[5], replies[7])] == [1, 0]


async def test_a_create_through_aiobotocore_is_applied_exactly_once(rtml):
    model = rtml.add_document_classifier("news", labels=LABELS)
    async with _client("comprehend") as comprehend:
        created = await comprehend.create_endpoint(EndpointName="news-endpoint", ModelArn=model, DesiredInferenceUnits=1)
        listed = (await comprehend.list_endpoints())["EndpointPropertiesList"]
    assert [endpoint["EndpointArn"] for endpoint in listed] == [created["EndpointArn"]]
    assert boto3.client("comprehend", region_name=REGION).list_endpoints()["EndpointPropertiesList"] == listed
    assert [call.operation for call in rtml.calls] == ["CreateEndpoint", "ListEndpoints", "ListEndpoints"]


@pytest.mark.rtml(quotas={"comprehend.endpoints": 1})
async def test_refused_creates_leave_nothing_behind(rtml):
    model = rtml.add_document_classifier("news", labels=LABELS)
    async with _client("comprehend") as comprehend:
        await comprehend.create_endpoint(EndpointName="first", ModelArn=model, DesiredInferenceUnits=1)
        with pytest.raises(comprehend.exceptions.ResourceLimitExceededException):
            await comprehend.create_endpoint(EndpointName="second", ModelArn=model, DesiredInferenceUnits=1)
        rtml.quotas["comprehend.endpoints"] = 2
        with pytest.raises(comprehend.exceptions.ResourceNotFoundException):
            await comprehend.create_endpoint(EndpointName="third", ModelArn=model + "-gone", DesiredInferenceUnits=1)
        listed = (await comprehend.list_endpoints())["EndpointPropertiesList"]
    assert [endpoint["EndpointArn"].rsplit("/", 1)[1] for endpoint in listed] == ["first"]


@mock_rtml
async def test_errors_have_boto3_s_class_code_message_and_http_status():
    arns = (ENDPOINT.replace("news-endpoint", "missing"), "not an arn")
    sync = boto3.client("comprehend", region_name=REGION)
    expected = [await _outcome(lambda: sync.describe_endpoint(EndpointArn=arn)) for arn in arns]
    async with _client("comprehend") as comprehend:
        answers = [await _outcome(lambda: comprehend.describe_endpoint(EndpointArn=arn)) for arn in arns]
        with pytest.raises(comprehend.exceptions.ResourceNotFoundException):
            await comprehend.describe_endpoint(EndpointArn=arns[0])
    assert answers == expected
    assert [(error["Code"], status) for error, status in answers] == [("ResourceNotFoundException", 404), ("ValidationException", 400)]


async def test_predict_gives_the_predictions_and_errors_boto3_gets(rtml):
    rtml.add_ml_model("topics", "MULTICLASS", labels={"SPORTS": ["goal"], "POLITICS": ["vote"]}, endpoint=True)
    rtml.add_ml_model("price", "REGRESSION", coefficients={"rooms": 25000.0}, intercept=50000.0, endpoint=True)
    rtml.add_ml_model("unmounted", "BINARY", labels={"1": ["prize"]})
    calls = [("topics", {"text": "a late goal"}), ("price", {"rooms": "3"}), ("unmounted", {"text": "a prize"})]
    sync = boto3.client("machinelearning", region_name=REGION)
    expected = [await _outcome(lambda: sync.predict(MLModelId=m, Record=r, PredictEndpoint=URL)) for m, r in calls]
    async with _client("machinelearning") as ml:
        answers = [await _outcome(lambda: ml.predict(MLModelId=m, Record=r, PredictEndpoint=URL)) for m, r in calls]
    assert answers == expected
    assert answers[0]["Prediction"]["predictedLabel"] == "SPORTS"
    assert answers[1]["Prediction"]["predictedValue"] == 125000.0
    assert answers[2][0]["Code"] == "PredictorNotMountedException"


@mock_rtml
async def test_amazon_ml_flow_from_s3_with_the_async_waiters():
    with mock_aws():
        location = upload(boto3.client("s3", region_name=REGION), "mail.csv", spam_csv())
        async with _client("machinelearning") as ml:
            spec = {"DataLocationS3": location, "DataSchema": spam_schema()}
            await ml.create_data_source_from_s3(DataSourceId="mail", DataSpec=spec, ComputeStatistics=True)
            await ml.create_data_source_from_s3(DataSourceId="raw", DataSpec=spec, ComputeStatistics=False)
            await ml.create_ml_model(MLModelId="spam", MLModelType="BINARY", TrainingDataSourceId="mail")
            await ml.create_ml_model(MLModelId="untrainable", MLModelType="BINARY", TrainingDataSourceId="raw")
            await ml.get_waiter("ml_model_available").wait(FilterVariable="TrainingDataSourceId", EQ="mail")
            with pytest.raises(WaiterError, match="failure state"):
                await ml.get_waiter("ml_model_available").wait(FilterVariable="TrainingDataSourceId", EQ="raw")
            await ml.create_realtime_endpoint(MLModelId="spam")
            record = {"text": "claim your cash prize", "sender": "unknown", "links": "7"}
            prediction = (await ml.predict(MLModelId="spam", Record=record, PredictEndpoint=URL))["Prediction"]
            await ml.delete_realtime_endpoint(MLModelId="spam")
    assert prediction["predictedLabel"] == "1"


@pytest.mark.rtml(clock="manual")
async def test_async_waiter_over_a_time_progression_advances_the_virtual_clock(rtml, no_real_wait):
    rtml.add_ml_model("spam", "BINARY", labels={"1": ["prize"]})
    with progression("machinelearning::realtime-endpoint", progression="time", seconds=300):
        async with _client("machinelearning") as ml:
            start = rtml.clock.now()
            await ml.create_realtime_endpoint(MLModelId="spam")
            before = (await ml.get_ml_model(MLModelId="spam"))["EndpointInfo"]["EndpointStatus"]
            # No model has a READY endpoint until the step ends: the waiter polls every 30 s until then.
            await ml.get_waiter("ml_model_available").wait(FilterVariable="RealtimeEndpointStatus", EQ="READY")
            after = (await ml.get_ml_model(MLModelId="spam"))["EndpointInfo"]["EndpointStatus"]
    assert (before, after) == ("UPDATING", "READY")
    assert 300 <= rtml.clock.now() - start < 330


async def test_paginator_pages_as_boto3_s_does(rtml):
    for number in range(5):
        rtml.add_ml_model(f"model-{number}", "BINARY", labels={"1": ["prize"]})
    config = {"PageSize": 2}
    expected = [_without_metadata(page) for page in boto3.client("machinelearning", region_name=REGION)
                .get_paginator("describe_ml_models").paginate(PaginationConfig=config)]
    async with _client("machinelearning") as ml:
        pages = [_without_metadata(page) async for page in ml.get_paginator("describe_ml_models").paginate(PaginationConfig=config)]
    assert pages == expected
    assert [len(page["Results"]) for page in pages] == [2, 2, 1]


@pytest.mark.rtml(clock="manual", throttling=True)
@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
async def test_a_throttled_call_recovers_by_retries_on_the_virtual_clock(rtml, mode, no_real_wait):
    """One inference unit serves 2 documents a second: the third is answered TooManyRequestsException
    (HTTP 429, retried in every mode); the backoff, and adaptive mode's rate limiting after it, advance
    the virtual clock instead of waiting."""
    endpoint = rtml.add_endpoint("news-endpoint", rtml.add_document_classifier("news", labels=LABELS))
    start = rtml.clock.now()
    async with _client("comprehend", retries={"mode": mode, "total_max_attempts": 10}) as comprehend:
        replies = [await comprehend.classify_document(EndpointArn=endpoint, Text=DOC) for _ in range(6)]
    assert [reply["Classes"][0]["Name"] for reply in replies] == ["SHIPPING"] * 6
    assert "TooManyRequestsException" in [call.error for call in rtml.calls]
    assert sum(reply["ResponseMetadata"]["RetryAttempts"] for reply in replies) >= 1
    assert rtml.clock.now() - start >= 2  # 6 documents at 2 a second: the last 4 waited 2 s, virtually


class _FlakyS3:
    """An S3 stand-in without moto: answers 500 once, then an empty bucket list."""

    def __init__(self):
        self.statuses = iter([500, 200])

    def __call__(self, request, **_):
        from aiobotocore.awsrequest import AioAWSResponse

        return AioAWSResponse(request.url, next(self.statuses), {}, self)

    raw_headers = ()  # what aiobotocore before 2.20 reads the headers from

    async def read(self):
        return b"<ListAllMyBucketsResult/>"


async def test_retry_waits_of_other_services_stay_real(monkeypatch):
    slept = []
    real_sleep = asyncio.sleep

    async def sleep(delay, result=None):
        slept.append(delay)
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    with mock_rtml(clock="manual") as rtml:
        endpoint = rtml.add_endpoint("news-endpoint", rtml.add_document_classifier("news", labels=LABELS))
        async with _client("comprehend") as comprehend:  # our services' waits are virtual from here on
            await comprehend.classify_document(EndpointArn=endpoint, Text=DOC)
        async with _client("s3", retries={"mode": "standard"}) as s3:
            s3.meta.events.register_first("before-send.s3", _FlakyS3())
            start = rtml.clock.now()
            assert (await s3.list_buckets())["ResponseMetadata"]["RetryAttempts"] == 1
        assert rtml.clock.now() == start
    assert len(slept) == 1 and slept[0] > 0


async def test_aioboto3_session_clients_get_boto3_s_answers(rtml):
    aioboto3 = pytest.importorskip("aioboto3")
    endpoint = rtml.add_endpoint("news-endpoint", rtml.add_document_classifier("news", labels=LABELS))
    expected = boto3.client("comprehend", region_name=REGION).classify_document(EndpointArn=endpoint, Text=DOC)
    async with aioboto3.Session().client("comprehend", region_name=REGION) as comprehend:
        reply = await comprehend.classify_document(EndpointArn=endpoint, Text=DOC)
        with pytest.raises(comprehend.exceptions.ResourceNotFoundException):
            await comprehend.describe_endpoint(EndpointArn=ENDPOINT.replace("news-endpoint", "missing"))
    assert _without_metadata(reply) == _without_metadata(expected)


def _run(script):
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_mock_rtml_leaves_aiobotocore_unimported_when_only_boto3_is_used():
    assert _run("""
        import sys, boto3
        from mock_rtml import mock_rtml
        with mock_rtml() as rtml:
            arn = rtml.add_document_classifier("news", labels={"A": ["a"], "B": ["b"]})
            boto3.client("comprehend", region_name="us-east-1").describe_document_classifier(DocumentClassifierArn=arn)
        print("aiobotocore" in sys.modules)
    """).strip() == "False"


def test_patch_client_moves_retries_of_clients_made_before_import_onto_the_clock():
    """An aiobotocore client and a boto3 client made before `import mock_rtml`, then patched."""
    assert _run("""
        import asyncio, os, time
        os.environ.update(AWS_ACCESS_KEY_ID="k", AWS_SECRET_ACCESS_KEY="s")
        import boto3
        from aiobotocore.session import get_session

        async def main():
            sync = boto3.client("comprehend", region_name="us-east-1")
            async with get_session().create_client("comprehend", region_name="us-east-1") as comprehend:
                from mock_rtml import mock_rtml, patch_client
                patch_client(comprehend)
                patch_client(sync)
                real_sleep = asyncio.sleep
                async def sleep(delay, result=None):
                    assert delay == 0, delay
                    return await real_sleep(0, result)
                asyncio.sleep = sleep
                time.sleep = lambda seconds: print("slept", seconds)
                with mock_rtml(clock="manual") as rtml:
                    arn = rtml.add_document_classifier("news", labels={"A": ["a"], "B": ["b"]})
                    rtml.inject_error("describe_document_classifier", "InternalServerException", times=2)
                    start = rtml.clock.now()
                    reply = await comprehend.describe_document_classifier(DocumentClassifierArn=arn)
                    print(reply["ResponseMetadata"]["RetryAttempts"], rtml.clock.now() > start)
                    rtml.inject_error("describe_document_classifier", "InternalServerException", times=2)
                    start = rtml.clock.now()
                    reply = sync.describe_document_classifier(DocumentClassifierArn=arn)
                    print(reply["ResponseMetadata"]["RetryAttempts"], rtml.clock.now() > start)

        asyncio.run(main())
    """).split() == ["2", "True", "2", "True"]
