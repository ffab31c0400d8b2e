"""Entity detection jobs over time: statuses on the virtual clock, Stop, failures with a Message, the
errors of Start, Describe and Stop, which model a job takes, tags, list filters, retries, faults, and
the recognizer a running job holds."""
from __future__ import annotations

import math
from typing import Any, List

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from entity_corpus import put_corpus
from job_inputs import BUCKET, ENTITIES, LABELS, OUTPUT, REGION, ROLE, entities_job, put, start_entities
from status_progressions import progression

JOB = "comprehend::entities-detection-job"


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def recognizer(rtml: Any) -> str:
    return str(rtml.add_entity_recognizer("parts", ENTITIES))


def error_of(call: Any, *args: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as caught:
        call(*args, **kwargs)
    return caught.value.response


def listed(comprehend: Any, **query: Any) -> List[str]:
    pages = comprehend.get_paginator("list_entities_detection_jobs").paginate(**query, PaginationConfig={"PageSize": 2})
    return [job["JobId"] for page in pages for job in page["EntitiesDetectionJobPropertiesList"]]


def output_written(jobs_s3: Any, job: Any) -> bool:
    key = job["OutputDataConfig"]["S3Uri"].split(f"{BUCKET}/", 1)[1]
    return "Contents" in jobs_s3.list_objects_v2(Bucket=BUCKET, Prefix=key)


def start(comprehend: Any, **request: Any) -> Any:
    return comprehend.start_entities_detection_job(
        LanguageCode="en", InputDataConfig={"S3Uri": OUTPUT}, OutputDataConfig={"S3Uri": OUTPUT}, DataAccessRoleArn=ROLE, **request,
    )


@pytest.mark.rtml(clock="manual")
def test_a_job_moves_through_its_statuses_with_the_clock_and_writes_its_output_on_completion(
    rtml: Any, jobs_s3: Any, comprehend: Any, recognizer: str,
) -> None:
    submitted = rtml.clock.now()
    with progression(JOB, progression="time", seconds=30):
        job_id = start_entities(comprehend, recognizer, put(jobs_s3, "in.txt", "warp coil\nZürich\n"))
        seen = []
        for _ in range(3):
            job = entities_job(comprehend, job_id)
            seen.append((job["JobStatus"], "EndTime" in job, output_written(jobs_s3, job)))
            rtml.clock.advance(30)
    assert seen == [("SUBMITTED", False, False), ("IN_PROGRESS", False, False), ("COMPLETED", True, True)]
    assert job["EndTime"].timestamp() == pytest.approx(submitted + 60, abs=0.001)


def test_a_stopped_job_is_stop_requested_then_stopped_and_writes_nothing(
    jobs_s3: Any, comprehend: Any, recognizer: str,
) -> None:
    with progression(JOB, progression="manual", times=1):
        job_id = start_entities(comprehend, recognizer, put(jobs_s3, "in.txt", "warp coil"))
        assert entities_job(comprehend, job_id)["JobStatus"] == "IN_PROGRESS"
        assert comprehend.stop_entities_detection_job(JobId=job_id)["JobStatus"] == "STOP_REQUESTED"
        assert comprehend.stop_entities_detection_job(JobId=job_id)["JobStatus"] == "STOP_REQUESTED"
        statuses = [entities_job(comprehend, job_id)["JobStatus"] for _ in range(2)]
    assert statuses == ["STOPPED", "STOPPED"]
    assert not output_written(jobs_s3, entities_job(comprehend, job_id))


def test_stopping_a_finished_job_is_invalid_request(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    """StopEntitiesDetectionJob's docs: a COMPLETED or FAILED job gets "a 400 Internal Request Exception"."""
    job_id = start_entities(comprehend, recognizer, put(jobs_s3, "in.txt", "warp coil"))
    assert entities_job(comprehend, job_id)["JobStatus"] == "COMPLETED"
    error = error_of(comprehend.stop_entities_detection_job, JobId=job_id)
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidRequestException", 400)
    assert "COMPLETED" in error["Error"]["Message"]


def test_unreadable_input_ends_the_job_failed_with_a_message(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    missing = entities_job(comprehend, start_entities(comprehend, recognizer, f"s3://{BUCKET}/missing.txt"))
    assert missing["JobStatus"] == "FAILED" and "missing.txt" in missing["Message"]
    latin1 = entities_job(comprehend, start_entities(comprehend, recognizer, put(jobs_s3, "latin1.txt", "Zürich".encode("latin-1"))))
    assert latin1["JobStatus"] == "FAILED" and "not UTF-8" in latin1["Message"]


def test_a_recognizer_that_is_not_trained_fails_the_job(jobs_s3: Any, comprehend: Any) -> None:
    """As for classification jobs (AWS's classifier example: "must be trained or the job will fail")."""
    put_corpus(jobs_s3)
    broken = comprehend.create_entity_recognizer(
        RecognizerName="broken", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"EntityTypes": [{"Type": "PART"}], "Documents": {"S3Uri": "s3://ner/documents.txt"},
                         "EntityList": {"S3Uri": "s3://ner/gone.csv"}},
    )["EntityRecognizerArn"]
    assert comprehend.describe_entity_recognizer(EntityRecognizerArn=broken)["EntityRecognizerProperties"]["Status"] == "IN_ERROR"
    job = entities_job(comprehend, start_entities(comprehend, broken, put(jobs_s3, "in.txt", "warp coil")))
    assert job["JobStatus"] == "FAILED" and "IN_ERROR" in job["Message"]


def test_a_job_takes_only_a_model_of_its_own_kind(rtml: Any, comprehend: Any, recognizer: str) -> None:
    """Inference from the service model: EntityRecognizerArn's pattern admits only `entity-recognizer/`
    ARNs and DocumentClassifierArn's only `document-classifier/`, so the other kind's ARN fails
    validation (ValidationException) before any lookup; a recognizer that does not exist is not found."""
    classifier = rtml.add_document_classifier("news", LABELS)
    wrong = error_of(start, comprehend, EntityRecognizerArn=classifier)
    assert wrong["Error"]["Code"] == "ValidationException" and "entityRecognizerArn" in wrong["Error"]["Message"]
    other = error_of(comprehend.start_document_classification_job, DocumentClassifierArn=recognizer, DataAccessRoleArn=ROLE,
                     InputDataConfig={"S3Uri": OUTPUT}, OutputDataConfig={"S3Uri": OUTPUT})
    assert other["Error"]["Code"] == "ValidationException" and "documentClassifierArn" in other["Error"]["Message"]
    missing = error_of(start, comprehend, EntityRecognizerArn=recognizer + "-gone")
    assert (missing["Error"]["Code"], missing["ResponseMetadata"]["HTTPStatusCode"]) == ("ResourceNotFoundException", 404)
    assert listed(comprehend) == []


def test_unknown_job_ids_are_job_not_found(comprehend: Any) -> None:
    for call in (comprehend.describe_entities_detection_job, comprehend.stop_entities_detection_job):
        error = error_of(call, JobId="0123456789abcdef0123456789abcdef")
        assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("JobNotFoundException", 404)


def test_a_built_in_entities_job_is_left_to_moto(comprehend: Any) -> None:
    """Without EntityRecognizerArn the job runs Comprehend's built-in model, which mock_rtml does not
    simulate: without moto it is refused, as every operation mock_rtml leaves to moto."""
    with pytest.raises(NotImplementedError, match="StartEntitiesDetectionJob"):
        start(comprehend)


def test_a_built_in_entities_job_is_motos_with_moto_active(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    job_id = start(comprehend)["JobId"]
    assert len(job_id) > 32  # moto's (a UUID)
    assert entities_job(comprehend, job_id)["JobId"] == job_id
    assert rtml.calls.of("StartEntitiesDetectionJob") == rtml.calls.of("DescribeEntitiesDetectionJob") == []


def test_tags_given_at_start_are_the_jobs_and_tag_operations_change_them(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    job_id = start_entities(comprehend, recognizer, put(jobs_s3, "in.txt", "warp coil"), Tags=[{"Key": "team", "Value": "parts"}])
    arn = entities_job(comprehend, job_id)["JobArn"]
    assert comprehend.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "parts"}]
    comprehend.tag_resource(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "dev"}])
    comprehend.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert comprehend.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "dev"}]


@pytest.mark.rtml(clock="manual")
def test_list_filters_by_name_status_and_submit_time(rtml: Any, jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    """EntitiesDetectionJobFilter's docs: SubmitTimeBefore lists oldest first, SubmitTimeAfter newest first."""
    uri = put(jobs_s3, "in.txt", "warp coil")
    first = math.ceil(rtml.clock.now())  # botocore sends whole seconds
    rtml.clock.advance(first - rtml.clock.now())
    ids = []
    for i in range(4):
        ids.append(start_entities(comprehend, recognizer, uri, JobName=f"job-{i % 2}"))
        rtml.clock.advance(1)
    failed = start_entities(comprehend, recognizer, f"s3://{BUCKET}/missing")
    assert listed(comprehend) == ids + [failed]
    assert listed(comprehend, Filter={"JobName": "job-1"}) == [ids[1], ids[3]]
    assert listed(comprehend, Filter={"JobStatus": "FAILED"}) == [failed]
    assert listed(comprehend, Filter={"JobStatus": "COMPLETED"}) == ids
    assert listed(comprehend, Filter={"SubmitTimeBefore": first + 2}) == ids[:2]
    assert listed(comprehend, Filter={"SubmitTimeAfter": first + 1}) == [failed, ids[3], ids[2]]
    two = error_of(comprehend.list_entities_detection_jobs, Filter={"JobName": "job-1", "JobStatus": "FAILED"})
    assert two["Error"]["Code"] == "InvalidRequestException"


def test_a_retry_with_the_same_client_request_token_starts_no_second_job(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    uri = put(jobs_s3, "in.txt", "warp coil")
    first = start_entities(comprehend, recognizer, uri, ClientRequestToken="token-1")
    assert start_entities(comprehend, recognizer, uri, ClientRequestToken="token-1") == first
    assert start_entities(comprehend, recognizer, uri, ClientRequestToken="token-2") != first
    assert len(listed(comprehend)) == 2


def test_an_injected_fault_starts_no_job(rtml: Any, jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    strict = boto3.client("comprehend", region_name=REGION, config=Config(retries={"total_max_attempts": 1}))
    rtml.inject_error("start_entities_detection_job", "InternalServerException")
    error = error_of(strict.start_entities_detection_job, EntityRecognizerArn=recognizer, LanguageCode="en", DataAccessRoleArn=ROLE,
                     InputDataConfig={"S3Uri": put(jobs_s3, "in.txt", "warp coil")}, OutputDataConfig={"S3Uri": OUTPUT})
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("InternalServerException", 500)
    assert listed(comprehend) == []


def test_a_recognizer_with_a_running_job_is_in_use(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    with progression(JOB, progression="manual", times=2):
        job_id = start_entities(comprehend, recognizer, put(jobs_s3, "in.txt", "warp coil"))
        error = error_of(comprehend.delete_entity_recognizer, EntityRecognizerArn=recognizer)
        assert error["Error"]["Code"] == "ResourceInUseException" and job_id in error["Error"]["Message"]
        for _ in range(4):
            entities_job(comprehend, job_id)
    comprehend.delete_entity_recognizer(EntityRecognizerArn=recognizer)
