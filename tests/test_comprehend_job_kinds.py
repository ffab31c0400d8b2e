"""What differs between the kinds of Comprehend job: the model each takes (and what an untrained one
does), StopEntitiesDetectionJob, and the jobs mock_rtml leaves to moto (flywheels', built-in models')."""
from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from entity_corpus import put_corpus
from job_inputs import (
    BUCKET, ENTITIES, ENTITIES_DETECTION, LABELS, OUTPUT, REGION, ROLE, classification_job, entities_job, put,
    output_written, start_classification, start_entities,
)
from status_progressions import progression

DATA = {"InputDataConfig": {"S3Uri": OUTPUT}, "OutputDataConfig": {"S3Uri": OUTPUT}, "DataAccessRoleArn": ROLE}


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def classifier(rtml: Any) -> str:
    return str(rtml.add_document_classifier("news", LABELS))


@pytest.fixture
def recognizer(rtml: Any) -> str:
    return str(rtml.add_entity_recognizer("parts", ENTITIES))


def error_of(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response


# -- the models they take -------------------------------------------------------------------------
def test_a_classifier_that_is_not_trained_fails_the_job(jobs_s3: Any, comprehend: Any) -> None:
    """AWS's example (comprehend_classifier.py): "The classifier must be trained or the job will fail"."""
    broken = comprehend.create_document_classifier(
        DocumentClassifierName="broken", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"S3Uri": f"s3://{BUCKET}/none.csv"},
    )["DocumentClassifierArn"]
    job = classification_job(comprehend, start_classification(comprehend, broken, put(jobs_s3, "in.txt", "goal")))
    assert (job["JobStatus"], job["Message"]) == ("FAILED", f"The model {broken} is IN_ERROR; a job needs a TRAINED model")


def test_a_recognizer_that_is_not_trained_fails_the_job(jobs_s3: Any, comprehend: Any) -> None:
    """As for classifiers: our inference from AWS's classifier example."""
    put_corpus(jobs_s3)
    broken = comprehend.create_entity_recognizer(
        RecognizerName="broken", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"EntityTypes": [{"Type": "PART"}], "Documents": {"S3Uri": "s3://ner/documents.txt"},
                         "EntityList": {"S3Uri": "s3://ner/gone.csv"}},
    )["EntityRecognizerArn"]
    job = entities_job(comprehend, start_entities(comprehend, broken, put(jobs_s3, "in.txt", "warp coil")))
    assert (job["JobStatus"], job["Message"]) == ("FAILED", f"The model {broken} is IN_ERROR; a job needs a TRAINED model")


def test_classification_start_errors_name_what_is_wrong(comprehend: Any, classifier: str) -> None:
    missing = error_of(comprehend.start_document_classification_job, DocumentClassifierArn=classifier + "-gone", **DATA)
    assert (missing["Error"]["Code"], missing["ResponseMetadata"]["HTTPStatusCode"]) == ("ResourceNotFoundException", 404)
    neither = error_of(comprehend.start_document_classification_job, **DATA)
    assert neither["Error"]["Code"] == "InvalidRequestException" and "DocumentClassifierArn" in neither["Error"]["Message"]
    bad = error_of(comprehend.start_document_classification_job, **{**DATA, "InputDataConfig": {"S3Uri": "bucket/in.txt"}},
                   DocumentClassifierArn=classifier)
    assert bad["Error"]["Code"] == "ValidationException" and "inputDataConfig.s3Uri" in bad["Error"]["Message"]
    assert comprehend.list_document_classification_jobs()["DocumentClassificationJobPropertiesList"] == []


def test_a_job_takes_only_a_model_of_its_own_kind(comprehend: Any, classifier: str, recognizer: str) -> None:
    """Inference from the service model: EntityRecognizerArn's pattern admits only `entity-recognizer/`
    ARNs and DocumentClassifierArn's only `document-classifier/`, so the other kind's ARN fails
    validation (ValidationException) before any lookup; a recognizer that does not exist is not found."""
    wrong = error_of(comprehend.start_entities_detection_job, EntityRecognizerArn=classifier, LanguageCode="en", **DATA)
    assert wrong["Error"]["Code"] == "ValidationException" and "entityRecognizerArn" in wrong["Error"]["Message"]
    other = error_of(comprehend.start_document_classification_job, DocumentClassifierArn=recognizer, **DATA)
    assert other["Error"]["Code"] == "ValidationException" and "documentClassifierArn" in other["Error"]["Message"]
    missing = error_of(comprehend.start_entities_detection_job, EntityRecognizerArn=recognizer + "-gone", LanguageCode="en", **DATA)
    assert (missing["Error"]["Code"], missing["ResponseMetadata"]["HTTPStatusCode"]) == ("ResourceNotFoundException", 404)
    assert ENTITIES_DETECTION.listed(comprehend) == []


# -- Stop (entity detection jobs only: AWS has no StopDocumentClassificationJob) ------------------
def test_a_stopped_job_is_stop_requested_then_stopped_and_writes_nothing(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    with progression(ENTITIES_DETECTION.progression, progression="manual", times=1):
        job_id = start_entities(comprehend, recognizer, put(jobs_s3, "in.txt", "warp coil"))
        assert entities_job(comprehend, job_id)["JobStatus"] == "IN_PROGRESS"
        assert comprehend.stop_entities_detection_job(JobId=job_id)["JobStatus"] == "STOP_REQUESTED"
        assert comprehend.stop_entities_detection_job(JobId=job_id)["JobStatus"] == "STOP_REQUESTED"
        job = entities_job(comprehend, job_id)  # a describe moves a manual progression on
    assert job["JobStatus"] == "STOPPED" and job["EndTime"] >= job["SubmitTime"]
    assert not output_written(jobs_s3, job)
    assert comprehend.stop_entities_detection_job(JobId=job_id)["JobStatus"] == "STOPPED"


def test_stopping_a_finished_job_is_invalid_request(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    """StopEntitiesDetectionJob's docs: a COMPLETED or FAILED job gets "a 400 Internal Request Exception"."""
    job_id = start_entities(comprehend, recognizer, put(jobs_s3, "in.txt", "warp coil"))
    assert entities_job(comprehend, job_id)["JobStatus"] == "COMPLETED"
    error = error_of(comprehend.stop_entities_detection_job, JobId=job_id)
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidRequestException", 400)
    assert "COMPLETED" in error["Error"]["Message"]


def test_stopping_an_unknown_job_is_job_not_found(comprehend: Any) -> None:
    error = error_of(comprehend.stop_entities_detection_job, JobId="0123456789abcdef0123456789abcdef")
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("JobNotFoundException", 404)


# -- jobs left to moto ----------------------------------------------------------------------------
def test_a_flywheels_job_is_motos_and_so_is_its_job_id(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    """mock_rtml does not simulate flywheels: with moto active the job goes to moto, and its id (a
    UUID, which does not fit AWS's JobId pattern) reaches moto unchecked."""
    job_id = comprehend.start_document_classification_job(FlywheelArn=f"arn:aws:comprehend:{REGION}:123456789012:flywheel/fw", **DATA)["JobId"]
    assert len(job_id) > 32  # moto's
    assert classification_job(comprehend, job_id)["JobId"] == job_id
    assert rtml.calls.of("StartDocumentClassificationJob") == rtml.calls.of("DescribeDocumentClassificationJob") == []


def test_a_built_in_entities_job_is_refused_without_moto(comprehend: Any) -> None:
    """Without EntityRecognizerArn the job runs Comprehend's built-in model, which mock_rtml does not
    simulate: without moto it is refused, as every operation mock_rtml leaves to moto."""
    with pytest.raises(NotImplementedError, match="StartEntitiesDetectionJob"):
        comprehend.start_entities_detection_job(LanguageCode="en", **DATA)


def test_a_built_in_entities_job_is_motos_with_moto_active(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    job_id = comprehend.start_entities_detection_job(LanguageCode="en", **DATA)["JobId"]
    assert len(job_id) > 32  # moto's (a UUID)
    assert entities_job(comprehend, job_id)["JobId"] == job_id
    assert rtml.calls.of("StartEntitiesDetectionJob") == rtml.calls.of("DescribeEntitiesDetectionJob") == []


@pytest.mark.parametrize("operation", ["describe_document_classification_job", "describe_entities_detection_job",
                                       "stop_entities_detection_job"])
def test_a_job_id_neither_mock_rtml_nor_moto_holds_is_job_not_found_with_moto_active(
    jobs_s3: Any, comprehend: Any, operation: str
) -> None:
    """moto answers its own missing jobs with ResourceNotFoundException; AWS's docs give these operations
    JobNotFoundException for a job that does not exist, and moto holds no such job either."""
    error = error_of(getattr(comprehend, operation), JobId="0123456789abcdef0123456789abcdef")
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("JobNotFoundException", 404)
