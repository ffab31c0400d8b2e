"""Document classification jobs over time: statuses on the virtual clock, failures with a Message,
the errors of Start and Describe, tags, list filters, idempotent retries, faults and throughput."""
from __future__ import annotations

import math
from typing import Any, List

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from job_inputs import BUCKET, LABELS, OUTPUT, REGION, ROLE, classification_job, put, start_classification
from status_progressions import progression

JOB = "comprehend::document-classification-job"


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def classifier(rtml: Any) -> str:
    return str(rtml.add_document_classifier("news", LABELS))


def error_of(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response


def listed(comprehend: Any, **query: Any) -> List[str]:
    pages = comprehend.get_paginator("list_document_classification_jobs").paginate(**query, PaginationConfig={"PageSize": 2})
    return [job["JobId"] for page in pages for job in page["DocumentClassificationJobPropertiesList"]]


def output_written(jobs_s3: Any, job: Any) -> bool:
    key = job["OutputDataConfig"]["S3Uri"].split(f"{BUCKET}/", 1)[1]
    return "Contents" in jobs_s3.list_objects_v2(Bucket=BUCKET, Prefix=key)


@pytest.mark.rtml(clock="manual")
def test_a_job_moves_through_its_statuses_with_the_clock_and_writes_its_output_on_completion(
    rtml: Any, jobs_s3: Any, comprehend: Any, classifier: str,
) -> None:
    submitted = rtml.clock.now()
    with progression(JOB, progression="time", seconds=60):
        job_id = start_classification(comprehend, classifier, put(jobs_s3, "in.txt", "goal\nship\n"))
        seen = []
        for _ in range(3):
            job = classification_job(comprehend, job_id)
            seen.append((job["JobStatus"], "EndTime" in job, output_written(jobs_s3, job)))
            rtml.clock.advance(60)
    assert seen == [("SUBMITTED", False, False), ("IN_PROGRESS", False, False), ("COMPLETED", True, True)]
    assert job["EndTime"].timestamp() == pytest.approx(submitted + 120, abs=0.001)


def test_a_manual_progression_moves_one_status_per_describe(
    rtml: Any, jobs_s3: Any, comprehend: Any, classifier: str,
) -> None:
    with progression(JOB, progression="manual", times=1):
        job_id = start_classification(comprehend, classifier, put(jobs_s3, "in.txt", "goal"))
        statuses = [classification_job(comprehend, job_id)["JobStatus"] for _ in range(3)]
    assert statuses == ["IN_PROGRESS", "COMPLETED", "COMPLETED"]


@pytest.mark.parametrize("body, message", [
    (None, "no object has that key or prefix"),
    (b"caf\xe9 goal", "is not UTF-8 text"),
    (b"\n\n", "holds no documents"),
])
def test_unreadable_input_ends_the_job_failed_with_a_message(
    jobs_s3: Any, comprehend: Any, classifier: str, body: Any, message: str,
) -> None:
    uri = put(jobs_s3, "in.txt", body) if body is not None else f"s3://{BUCKET}/missing.txt"
    job = classification_job(comprehend, start_classification(comprehend, classifier, uri))
    assert job["JobStatus"] == "FAILED" and message in job["Message"]
    assert not output_written(jobs_s3, job)


def test_a_model_that_is_not_trained_fails_the_job(jobs_s3: Any, comprehend: Any) -> None:
    """AWS's example (comprehend_classifier.py): "The classifier must be trained or the job will fail"."""
    broken = comprehend.create_document_classifier(
        DocumentClassifierName="broken", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"S3Uri": f"s3://{BUCKET}/none.csv"},
    )["DocumentClassifierArn"]
    job = classification_job(comprehend, start_classification(comprehend, broken, put(jobs_s3, "in.txt", "goal")))
    assert (job["JobStatus"], job["Message"]) == ("FAILED", f"The model {broken} is IN_ERROR; a job needs a TRAINED model")


def test_an_output_bucket_that_is_gone_at_completion_fails_the_job(jobs_s3: Any, comprehend: Any, classifier: str) -> None:
    uri = put(jobs_s3, "in.txt", "goal")
    job_id = start_classification(comprehend, classifier, uri, OutputDataConfig={"S3Uri": "s3://nowhere/out"})
    job = classification_job(comprehend, job_id)
    assert job["JobStatus"] == "FAILED" and "the bucket nowhere does not exist" in job["Message"]
    assert job["EndTime"] >= job["SubmitTime"]


def test_without_moto_the_input_cannot_be_read_and_the_job_fails(comprehend: Any, classifier: str) -> None:
    job = classification_job(comprehend, start_classification(comprehend, classifier, f"s3://{BUCKET}/in.txt"))
    assert job["JobStatus"] == "FAILED" and "moto's mock_aws is not active" in job["Message"]


def test_start_errors_name_what_is_wrong(comprehend: Any, classifier: str) -> None:
    missing = error_of(comprehend.start_document_classification_job, DocumentClassifierArn=classifier + "-gone",
                       InputDataConfig={"S3Uri": OUTPUT}, OutputDataConfig={"S3Uri": OUTPUT}, DataAccessRoleArn=ROLE)
    assert (missing["Error"]["Code"], missing["ResponseMetadata"]["HTTPStatusCode"]) == ("ResourceNotFoundException", 404)
    neither = error_of(comprehend.start_document_classification_job,
                       InputDataConfig={"S3Uri": OUTPUT}, OutputDataConfig={"S3Uri": OUTPUT}, DataAccessRoleArn=ROLE)
    assert neither["Error"]["Code"] == "InvalidRequestException" and "DocumentClassifierArn" in neither["Error"]["Message"]
    bad = error_of(comprehend.start_document_classification_job, DocumentClassifierArn=classifier,
                   InputDataConfig={"S3Uri": "bucket/in.txt"}, OutputDataConfig={"S3Uri": OUTPUT}, DataAccessRoleArn=ROLE)
    assert bad["Error"]["Code"] == "ValidationException" and "inputDataConfig.s3Uri" in bad["Error"]["Message"]
    assert listed(comprehend) == []


def test_describing_an_unknown_job_is_job_not_found(comprehend: Any) -> None:
    error = error_of(comprehend.describe_document_classification_job, JobId="0123456789abcdef0123456789abcdef")
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("JobNotFoundException", 404)


def test_tags_given_at_start_are_the_jobs_and_tag_operations_change_them(
    jobs_s3: Any, comprehend: Any, classifier: str,
) -> None:
    job_id = start_classification(comprehend, classifier, put(jobs_s3, "in.txt", "goal"), Tags=[{"Key": "team", "Value": "news"}])
    arn = classification_job(comprehend, job_id)["JobArn"]
    comprehend.tag_resource(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "dev"}])
    comprehend.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert comprehend.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "dev"}]


def test_too_many_tags_at_start_start_no_job(comprehend: Any, classifier: str) -> None:
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    error = error_of(comprehend.start_document_classification_job, DocumentClassifierArn=classifier, Tags=tags,
                     InputDataConfig={"S3Uri": OUTPUT}, OutputDataConfig={"S3Uri": OUTPUT}, DataAccessRoleArn=ROLE)
    assert error["Error"]["Code"] == "TooManyTagsException"
    assert listed(comprehend) == []


@pytest.mark.rtml(clock="manual")
def test_list_filters_by_name_status_and_submit_time(rtml: Any, jobs_s3: Any, comprehend: Any, classifier: str) -> None:
    uri = put(jobs_s3, "in.txt", "goal")
    start = math.ceil(rtml.clock.now())  # botocore sends whole seconds
    rtml.clock.advance(start - rtml.clock.now())
    ids = []
    for i in range(4):
        ids.append(start_classification(comprehend, classifier, uri, JobName=f"job-{i % 2}"))
        rtml.clock.advance(1)
    failed = start_classification(comprehend, classifier, f"s3://{BUCKET}/missing")
    assert listed(comprehend) == ids + [failed]
    assert listed(comprehend, Filter={"JobName": "job-1"}) == [ids[1], ids[3]]
    assert listed(comprehend, Filter={"JobStatus": "FAILED"}) == [failed]
    assert listed(comprehend, Filter={"JobStatus": "COMPLETED"}) == ids
    assert listed(comprehend, Filter={"SubmitTimeBefore": start + 2}) == ids[:2]
    assert listed(comprehend, Filter={"SubmitTimeAfter": start + 1}) == [failed, ids[3], ids[2]]  # newest first
    two = error_of(comprehend.list_document_classification_jobs, Filter={"JobName": "job-1", "JobStatus": "FAILED"})
    assert two["Error"]["Code"] == "InvalidRequestException"


def test_a_retry_with_the_same_client_request_token_starts_no_second_job(
    jobs_s3: Any, comprehend: Any, classifier: str,
) -> None:
    uri = put(jobs_s3, "in.txt", "goal")
    first = start_classification(comprehend, classifier, uri, ClientRequestToken="token-1")
    assert start_classification(comprehend, classifier, uri, ClientRequestToken="token-1") == first
    assert start_classification(comprehend, classifier, uri, ClientRequestToken="token-2") != first
    assert len(listed(comprehend)) == 2


def test_an_injected_fault_starts_no_job_and_botocore_retries_it(rtml: Any, jobs_s3: Any, classifier: str) -> None:
    strict = boto3.client("comprehend", region_name=REGION, config=Config(retries={"total_max_attempts": 1}))
    rtml.inject_error("start_document_classification_job", "InternalServerException")
    rtml.inject_error("describe_document_classification_job", "TooManyRequestsException")
    uri = put(jobs_s3, "in.txt", "goal")
    error = error_of(strict.start_document_classification_job, DocumentClassifierArn=classifier,
                     InputDataConfig={"S3Uri": uri}, OutputDataConfig={"S3Uri": OUTPUT}, DataAccessRoleArn=ROLE)
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("InternalServerException", 500)
    assert listed(strict) == []
    retries = Config(retries={"mode": "standard", "total_max_attempts": 3})
    retrying = boto3.client("comprehend", region_name=REGION, config=retries)
    job_id = start_classification(retrying, classifier, uri)
    assert classification_job(retrying, job_id)["JobStatus"] == "COMPLETED"
    assert [c.error for c in rtml.calls.of("DescribeDocumentClassificationJob")] == ["TooManyRequestsException", None]


@pytest.mark.rtml(clock="manual", throttling=True)
def test_jobs_are_not_throttled_by_an_endpoints_inference_units(
    rtml: Any, jobs_s3: Any, comprehend: Any, classifier: str,
) -> None:
    endpoint = rtml.add_endpoint("news-ep", classifier, inference_units=1)
    job = classification_job(comprehend, start_classification(comprehend, classifier, put(jobs_s3, "in.txt", "goal\n" * 500)))
    assert job["JobStatus"] == "COMPLETED"
    for _ in range(2):  # the endpoint's budget (2 documents a second) is untouched
        comprehend.classify_document(EndpointArn=endpoint, Text="goal")


def test_a_classifier_with_a_running_job_is_in_use(rtml: Any, jobs_s3: Any, comprehend: Any, classifier: str) -> None:
    with progression(JOB, progression="manual", times=2):
        job_id = start_classification(comprehend, classifier, put(jobs_s3, "in.txt", "goal"))
        error = error_of(comprehend.delete_document_classifier, DocumentClassifierArn=classifier)
        assert error["Error"]["Code"] == "ResourceInUseException" and job_id in error["Error"]["Message"]
        for _ in range(4):
            classification_job(comprehend, job_id)
    comprehend.delete_document_classifier(DocumentClassifierArn=classifier)


def test_a_flywheels_job_is_motos_and_so_is_its_job_id(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    """mock_rtml does not simulate flywheels: with moto active the job goes to moto, and its id (a
    UUID, which does not fit AWS's JobId pattern) reaches moto unchecked."""
    job_id = comprehend.start_document_classification_job(
        FlywheelArn=f"arn:aws:comprehend:{REGION}:123456789012:flywheel/fw", DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": f"s3://{BUCKET}/in.txt"}, OutputDataConfig={"S3Uri": OUTPUT},
    )["JobId"]
    assert len(job_id) > 32  # moto's
    assert classification_job(comprehend, job_id)["JobId"] == job_id
    assert rtml.calls.of("StartDocumentClassificationJob") == rtml.calls.of("DescribeDocumentClassificationJob") == []
