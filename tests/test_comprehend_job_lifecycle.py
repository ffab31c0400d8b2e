"""Comprehend's jobs over time, for every kind (classification, entity detection): statuses on the
virtual clock, failures with a Message, Describe of an unknown job, tags, list filters, idempotent
retries, faults, throughput, and the model a running job holds. What differs between the kinds is in
test_comprehend_job_kinds.py."""
from __future__ import annotations

import math
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from job_inputs import BUCKET, CLASSIFICATION, ENTITIES_DETECTION, OUTPUT, REGION, JobKind, output_written, put
from status_progressions import progression


@pytest.fixture(params=[CLASSIFICATION, ENTITIES_DETECTION], ids=lambda kind: kind.snake)
def kind(request: Any) -> JobKind:
    return request.param


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def model(rtml: Any, kind: JobKind) -> str:
    return kind.add_model(rtml)


def error_of(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response


@pytest.mark.rtml(clock="manual")
def test_a_job_moves_through_its_statuses_with_the_clock_and_writes_its_output_on_completion(
    rtml: Any, jobs_s3: Any, comprehend: Any, kind: JobKind, model: str,
) -> None:
    submitted = rtml.clock.now()
    with progression(kind.progression, progression="time", seconds=60):
        job_id = kind.start(comprehend, model, put(jobs_s3, "in.txt", f"{kind.document}\nanother line\n"))
        seen = []
        for _ in range(3):
            job = kind.describe(comprehend, job_id)
            seen.append((job["JobStatus"], "EndTime" in job, output_written(jobs_s3, job)))
            rtml.clock.advance(60)
    assert seen == [("SUBMITTED", False, False), ("IN_PROGRESS", False, False), ("COMPLETED", True, True)]
    assert job["EndTime"].timestamp() == pytest.approx(submitted + 120, abs=0.001)


def test_a_manual_progression_moves_one_status_per_describe(jobs_s3: Any, comprehend: Any, kind: JobKind, model: str) -> None:
    with progression(kind.progression, progression="manual", times=1):
        job_id = kind.start(comprehend, model, put(jobs_s3, "in.txt", kind.document))
        statuses = [kind.describe(comprehend, job_id)["JobStatus"] for _ in range(3)]
    assert statuses == ["IN_PROGRESS", "COMPLETED", "COMPLETED"]


@pytest.mark.parametrize("body, message", [
    (None, "no object has that key or prefix"),
    (b"caf\xe9 goal", "is not UTF-8 text"),
    (b"\n\n", "holds no documents"),
])
def test_unreadable_input_ends_the_job_failed_with_a_message(
    jobs_s3: Any, comprehend: Any, kind: JobKind, model: str, body: Any, message: str,
) -> None:
    uri = put(jobs_s3, "in.txt", body) if body is not None else f"s3://{BUCKET}/missing.txt"
    job = kind.describe(comprehend, kind.start(comprehend, model, uri))
    assert job["JobStatus"] == "FAILED" and message in job["Message"]
    assert not output_written(jobs_s3, job)


def test_an_output_bucket_that_is_gone_at_completion_fails_the_job(jobs_s3: Any, comprehend: Any, kind: JobKind, model: str) -> None:
    uri = put(jobs_s3, "in.txt", kind.document)
    job = kind.describe(comprehend, kind.start(comprehend, model, uri, OutputDataConfig={"S3Uri": "s3://nowhere/out"}))
    assert job["JobStatus"] == "FAILED" and "the bucket nowhere does not exist" in job["Message"]
    assert job["EndTime"] >= job["SubmitTime"]


def test_without_moto_the_input_cannot_be_read_and_the_job_fails(comprehend: Any, kind: JobKind, model: str) -> None:
    job = kind.describe(comprehend, kind.start(comprehend, model, f"s3://{BUCKET}/in.txt"))
    assert job["JobStatus"] == "FAILED" and "moto's mock_aws is not active" in job["Message"]


def test_describing_an_unknown_job_is_job_not_found(comprehend: Any, kind: JobKind) -> None:
    error = error_of(getattr(comprehend, f"describe_{kind.snake}_job"), JobId="0123456789abcdef0123456789abcdef")
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("JobNotFoundException", 404)


def test_tags_given_at_start_are_the_jobs_and_tag_operations_change_them(
    jobs_s3: Any, comprehend: Any, kind: JobKind, model: str,
) -> None:
    job_id = kind.start(comprehend, model, put(jobs_s3, "in.txt", kind.document), Tags=[{"Key": "team", "Value": "news"}])
    arn = kind.describe(comprehend, job_id)["JobArn"]
    assert comprehend.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "news"}]
    comprehend.tag_resource(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "dev"}])
    comprehend.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert comprehend.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "dev"}]


def test_too_many_tags_at_start_start_no_job(comprehend: Any, kind: JobKind, model: str) -> None:
    with pytest.raises(ClientError) as caught:
        kind.start(comprehend, model, OUTPUT, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
    assert caught.value.response["Error"]["Code"] == "TooManyTagsException"
    assert kind.listed(comprehend) == []


@pytest.mark.rtml(clock="manual")
def test_list_filters_by_name_status_and_submit_time(rtml: Any, jobs_s3: Any, comprehend: Any, kind: JobKind, model: str) -> None:
    """The job filters' docs: SubmitTimeBefore lists oldest first, SubmitTimeAfter newest first."""
    uri = put(jobs_s3, "in.txt", kind.document)
    start = math.ceil(rtml.clock.now())  # botocore sends whole seconds
    rtml.clock.advance(start - rtml.clock.now())
    ids = []
    for i in range(4):
        ids.append(kind.start(comprehend, model, uri, JobName=f"job-{i % 2}"))
        rtml.clock.advance(1)
    failed = kind.start(comprehend, model, f"s3://{BUCKET}/missing")
    assert kind.listed(comprehend) == ids + [failed]
    assert kind.listed(comprehend, Filter={"JobName": "job-1"}) == [ids[1], ids[3]]
    assert kind.listed(comprehend, Filter={"JobStatus": "FAILED"}) == [failed]
    assert kind.listed(comprehend, Filter={"JobStatus": "COMPLETED"}) == ids
    assert kind.listed(comprehend, Filter={"SubmitTimeBefore": start + 2}) == ids[:2]
    assert kind.listed(comprehend, Filter={"SubmitTimeAfter": start + 1}) == [failed, ids[3], ids[2]]  # newest first
    two = error_of(getattr(comprehend, f"list_{kind.snake}_jobs"), Filter={"JobName": "job-1", "JobStatus": "FAILED"})
    assert two["Error"]["Code"] == "InvalidRequestException"


def test_a_retry_with_the_same_client_request_token_starts_no_second_job(
    jobs_s3: Any, comprehend: Any, kind: JobKind, model: str,
) -> None:
    uri = put(jobs_s3, "in.txt", kind.document)
    first = kind.start(comprehend, model, uri, ClientRequestToken="token-1")
    assert kind.start(comprehend, model, uri, ClientRequestToken="token-1") == first
    assert kind.start(comprehend, model, uri, ClientRequestToken="token-2") != first
    assert len(kind.listed(comprehend)) == 2


def test_an_injected_fault_starts_no_job_and_botocore_retries_it(rtml: Any, jobs_s3: Any, kind: JobKind, model: str) -> None:
    strict = boto3.client("comprehend", region_name=REGION, config=Config(retries={"total_max_attempts": 1}))
    rtml.inject_error(f"start_{kind.snake}_job", "InternalServerException")
    rtml.inject_error(f"describe_{kind.snake}_job", "TooManyRequestsException")
    uri = put(jobs_s3, "in.txt", kind.document)
    with pytest.raises(ClientError) as caught:
        kind.start(strict, model, uri)
    error = caught.value.response
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("InternalServerException", 500)
    assert kind.listed(strict) == []
    retrying = boto3.client("comprehend", region_name=REGION, config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    assert kind.describe(retrying, kind.start(retrying, model, uri))["JobStatus"] == "COMPLETED"
    assert [c.error for c in rtml.calls.of(f"Describe{kind.wire}Job")] == ["TooManyRequestsException", None]


@pytest.mark.rtml(clock="manual", throttling=True)
def test_jobs_are_not_throttled_by_an_endpoints_inference_units(
    rtml: Any, jobs_s3: Any, comprehend: Any, kind: JobKind, model: str,
) -> None:
    endpoint = rtml.add_endpoint("news-ep", model, inference_units=1)
    job_id = kind.start(comprehend, model, put(jobs_s3, "in.txt", f"{kind.document}\n" * 500))
    assert kind.describe(comprehend, job_id)["JobStatus"] == "COMPLETED"
    for _ in range(2):  # the endpoint's budget (2 documents a second) is untouched
        getattr(comprehend, kind.analysis)(EndpointArn=endpoint, Text=kind.document)


def test_a_model_with_a_running_job_is_in_use(jobs_s3: Any, comprehend: Any, kind: JobKind, model: str) -> None:
    with progression(kind.progression, progression="manual", times=2):
        job_id = kind.start(comprehend, model, put(jobs_s3, "in.txt", kind.document))
        with pytest.raises(ClientError) as caught:
            kind.delete_model(comprehend, model)
        assert caught.value.response["Error"]["Code"] == "ResourceInUseException" and job_id in caught.value.response["Error"]["Message"]
        for _ in range(4):
            kind.describe(comprehend, job_id)
    kind.delete_model(comprehend, model)
