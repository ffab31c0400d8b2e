"""List<Kind>Jobs with moto's mock_aws active: AWS lists every job of a kind together, so the jobs
mock_rtml leaves to moto (built-in models', flywheels') are listed with mock_rtml's own, under the same
filter, pages and NextToken."""
from __future__ import annotations

import datetime
from typing import Any, List

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError
from job_inputs import ACCOUNT, CLASSIFICATION, ENTITIES_DETECTION, OUTPUT, REGION, ROLE, put
from moto import mock_aws

DATA = {"InputDataConfig": {"S3Uri": OUTPUT}, "OutputDataConfig": {"S3Uri": OUTPUT}, "DataAccessRoleArn": ROLE}
LIST = "EntitiesDetectionJobPropertiesList"


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def recognizer(rtml: Any) -> str:
    return ENTITIES_DETECTION.add_model(rtml)


def built_in(comprehend: Any, **options: Any) -> str:
    """A job of Comprehend's built-in entity model (no EntityRecognizerArn): moto's; its JobId."""
    return str(comprehend.start_entities_detection_job(LanguageCode="en", **DATA, **options)["JobId"])


def ours(comprehend: Any, recognizer: str, **options: Any) -> str:
    """A job of a custom recognizer: mock_rtml's (FAILED when its input cannot be read; listed all the same)."""
    return ENTITIES_DETECTION.start(comprehend, recognizer, OUTPUT, **options)


def walk(comprehend: Any, size: int) -> List[List[str]]:
    """The job ids of each page of ListEntitiesDetectionJobs, MaxResults=size, following NextToken by hand."""
    pages, token = [], {}
    while True:
        reply = comprehend.list_entities_detection_jobs(MaxResults=size, **token)
        pages.append([job["JobId"] for job in reply[LIST]])
        if "NextToken" not in reply:
            return pages
        token = {"NextToken": reply["NextToken"]}


def test_a_listing_holds_mock_rtmls_jobs_then_motos_of_the_same_kind(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    """Our choice: AWS documents no order across jobs of custom and built-in models; mock_rtml's come
    first, in their own order (submit time), then moto's, in the order moto started them."""
    uri = put(jobs_s3, "in.txt", "a late goal near the warp coil")
    classifier, recognizer = CLASSIFICATION.add_model(rtml), ENTITIES_DETECTION.add_model(rtml)
    motos_entities = built_in(comprehend)
    flywheel = f"arn:aws:comprehend:{REGION}:{ACCOUNT}:flywheel/fw"
    motos_classification = comprehend.start_document_classification_job(FlywheelArn=flywheel, **DATA)["JobId"]
    our_entities = ENTITIES_DETECTION.start(comprehend, recognizer, uri)
    our_classification = CLASSIFICATION.start(comprehend, classifier, uri)
    assert ENTITIES_DETECTION.listed(comprehend) == [our_entities, motos_entities]
    assert CLASSIFICATION.listed(comprehend) == [our_classification, motos_classification]


def test_a_job_of_motos_is_listed_as_moto_describes_it_in_the_listings_shape(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    """The item holds only members of EntitiesDetectionJobProperties (not moto's Tags, ClientRequestToken
    or its own keys), SubmitTime as epoch seconds to the millisecond, as every reply of ours has it."""
    job_id = built_in(comprehend, JobName="nightly", VolumeKmsKeyId="key-1", Tags=[{"Key": "team", "Value": "ml"}])
    listed = comprehend.list_entities_detection_jobs()[LIST]
    described = ENTITIES_DETECTION.describe(comprehend, job_id)  # moto's answer
    submitted = described["SubmitTime"]
    assert listed == [{**described, "SubmitTime": submitted.replace(microsecond=submitted.microsecond // 1000 * 1000)}]
    assert (described["JobName"], described["VolumeKmsKeyId"], described["JobStatus"]) == ("nightly", "key-1", "SUBMITTED")
    wire = rtml.calls.of("ListEntitiesDetectionJobs")[-1].response[LIST][0]  # the reply's JSON, before botocore parsed it
    assert wire.keys() == listed[0].keys()
    assert isinstance(wire["SubmitTime"], float) and wire["SubmitTime"] == round(wire["SubmitTime"], 3)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_pages_walk_across_from_mock_rtmls_jobs_to_motos_without_repeats_or_gaps(
    jobs_s3: Any, comprehend: Any, recognizer: str, size: int
) -> None:
    """MaxResults holds across the boundary: a page may end on mock_rtml's last job (size 2), hold
    both (size 3), or start in moto's (size 1)."""
    mine = [ours(comprehend, recognizer), ours(comprehend, recognizer)]
    motos = [built_in(comprehend), built_in(comprehend)]
    pages = walk(comprehend, size)
    assert [job for page in pages for job in page] == mine + motos
    assert [len(page) for page in pages] == [size] * (4 // size) + ([4 % size] if 4 % size else [])


def test_filters_select_motos_jobs_too(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    """JobName, JobStatus and SubmitTimeBefore/After apply to moto's jobs as to mock_rtml's (moto's own
    SubmitTime filter compares a number with a datetime). SubmitTimeAfter lists newest first (the
    filter's docs), within mock_rtml's jobs and within moto's."""
    start = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.timezone.utc)
    with time_machine.travel(start, tick=False) as traveller:
        early = [ours(comprehend, recognizer, JobName="nightly"), built_in(comprehend, JobName="nightly")]
        traveller.shift(10)
        late = [ours(comprehend, recognizer), built_in(comprehend)]
        comprehend.stop_entities_detection_job(JobId=late[1])  # moto's Stop
        traveller.shift(10)
        later = built_in(comprehend)
    middle = start.timestamp() + 5
    assert ENTITIES_DETECTION.listed(comprehend, Filter={"JobName": "nightly"}) == early
    assert ENTITIES_DETECTION.listed(comprehend, Filter={"JobStatus": "SUBMITTED"}) == [early[1], later]
    assert ENTITIES_DETECTION.listed(comprehend, Filter={"JobStatus": "STOP_REQUESTED"}) == [late[1]]
    assert ENTITIES_DETECTION.listed(comprehend, Filter={"JobStatus": "FAILED"}) == [early[0], late[0]]
    assert ENTITIES_DETECTION.listed(comprehend, Filter={"SubmitTimeBefore": middle}) == early
    assert ENTITIES_DETECTION.listed(comprehend, Filter={"SubmitTimeAfter": middle}) == [late[0], later, late[1]]


def test_a_next_token_of_another_query_or_forged_is_refused(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    """As for every listing (test_pagination.py): a NextToken resumes only the query that returned it,
    here one that resumes in moto's jobs."""
    ours(comprehend, recognizer)
    built_in(comprehend)
    built_in(comprehend)
    token = comprehend.list_entities_detection_jobs(MaxResults=2)["NextToken"]  # resumes after moto's first
    for query in ({"Filter": {"JobStatus": "SUBMITTED"}}, {"NextToken": token[:-4] + "AAA="}, {"NextToken": "forged"}):
        with pytest.raises(ClientError) as caught:
            comprehend.list_entities_detection_jobs(**{"NextToken": token, **query})
        error = caught.value.response
        assert (error["Error"]["Code"], error["Error"]["Message"]) == ("InvalidRequestException", "Invalid NextToken")
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_walk_resumed_in_motos_jobs_after_moto_reset_has_ended(comprehend: Any) -> None:
    """Our choice: a NextToken resumes after one of moto's jobs; when that job is gone (moto's data was
    reset), so is the place of the jobs after it, and the walk ends (AWS deletes no job)."""
    with mock_aws():
        built_in(comprehend)
        built_in(comprehend)
        token = comprehend.list_entities_detection_jobs(MaxResults=1)["NextToken"]
    with mock_aws():
        built_in(comprehend)
        reply = comprehend.list_entities_detection_jobs(MaxResults=1, NextToken=token)
    assert reply[LIST] == [] and "NextToken" not in reply


def test_without_moto_active_a_listing_holds_only_mock_rtmls_jobs(comprehend: Any, recognizer: str) -> None:
    """moto's jobs are listed while moto answers for them; here it stops but keeps its data (which the
    next mock_aws resets)."""
    moto = mock_aws()
    moto.start()
    try:
        motos = built_in(comprehend)
        assert walk(comprehend, 1) == [[motos]]
    finally:
        moto.stop(remove_data=False)
    mine = ours(comprehend, recognizer)
    assert walk(comprehend, 1) == [[mine]]
    assert ENTITIES_DETECTION.listed(comprehend, Filter={"JobStatus": "SUBMITTED"}) == []
