"""Entity recognizers: create, describe, list, summaries, stop, delete (training itself is in
test_recognizer_training.py, DetectEntities in test_comprehend_detect_entities.py)."""
from __future__ import annotations

import datetime
from typing import Any, Iterator, List

import boto3
import pytest
from botocore.exceptions import ClientError
from entity_corpus import put_corpus
from moto import mock_aws
from status_progressions import progression

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/comprehend-data"
RECOGNIZER = "comprehend::entity-recognizer"
TYPES = [{"Type": "PART"}, {"Type": "PLACE"}]
DATA = {"EntityTypes": TYPES, "Documents": {"S3Uri": "s3://ner/documents.txt"}, "EntityList": {"S3Uri": "s3://ner/entities.csv"}}


@pytest.fixture
def comprehend(rtml: Any) -> Iterator[Any]:
    with mock_aws():
        put_corpus(boto3.client("s3", region_name=REGION))
        yield boto3.client("comprehend", region_name=REGION)


def create(comprehend: Any, name: str = "parts", data: Any = DATA, **kwargs: Any) -> str:
    reply = comprehend.create_entity_recognizer(
        RecognizerName=name, DataAccessRoleArn=ROLE, InputDataConfig=data, LanguageCode=kwargs.pop("LanguageCode", "en"), **kwargs
    )
    return str(reply["EntityRecognizerArn"])


def describe(comprehend: Any, arn: str) -> Any:
    return comprehend.describe_entity_recognizer(EntityRecognizerArn=arn)["EntityRecognizerProperties"]


def listed(comprehend: Any, **filter: Any) -> List[str]:
    reply = comprehend.list_entity_recognizers(**({"Filter": filter} if filter else {}))
    return [r["EntityRecognizerArn"] for r in reply["EntityRecognizerPropertiesList"]]


def error_of(call: Any, **kwargs: Any) -> Any:
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response


# -- create --------------------------------------------------------------------------------------
def test_create_returns_the_name_arn_and_with_version_name_the_version_arn(comprehend: Any) -> None:
    assert create(comprehend) == f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer/parts"
    versioned = create(comprehend, VersionName="v2")
    assert versioned == f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer/parts/version/v2"
    assert describe(comprehend, versioned)["VersionName"] == "v2"


def test_create_with_a_name_and_version_in_use_is_resource_in_use(comprehend: Any) -> None:
    create(comprehend, VersionName="v1")
    response = error_of(create, comprehend=comprehend, VersionName="v1")
    assert response["Error"]["Code"] == "ResourceInUseException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_create_again_with_the_same_client_request_token_returns_the_same_recognizer(comprehend: Any) -> None:
    first = create(comprehend, ClientRequestToken="token-1")
    assert create(comprehend, ClientRequestToken="token-1") == first
    assert listed(comprehend) == [first]


@pytest.mark.parametrize(
    "data",
    [
        {"EntityTypes": TYPES, "EntityList": DATA["EntityList"]},
        {"EntityTypes": TYPES, "Documents": DATA["Documents"]},
        {**DATA, "Annotations": {"S3Uri": "s3://ner/annotations.csv"}},
        {**DATA, "EntityTypes": []},
        {**DATA, "EntityTypes": [{"Type": f"T{i}"} for i in range(26)]},
        {"EntityTypes": TYPES, "Documents": {"S3Uri": "s3://ner/d.txt", "TestS3Uri": "s3://ner/t.txt"},
         "Annotations": {"S3Uri": "s3://ner/annotations.csv"}},
        {"EntityTypes": TYPES, "DataFormat": "AUGMENTED_MANIFEST"},
    ],
    ids=["no-documents", "neither-list-nor-annotations", "both", "no-types", "26-types", "test-documents-without-annotations",
         "manifest-without-manifests"],
)
def test_create_with_input_data_aws_cannot_train_from_is_invalid_request(comprehend: Any, data: Any) -> None:
    """EntityRecognizerInputDataConfig docs: COMPREHEND_CSV needs Documents and the Annotations or
    EntityList CSV; 1 to 25 EntityTypes. Our inference: test documents need test annotations."""
    response = error_of(create, comprehend=comprehend, data=data)
    assert response["Error"]["Code"] == "InvalidRequestException"
    assert listed(comprehend) == []


def test_create_in_a_language_recognizers_do_not_support_is_unsupported_language(comprehend: Any) -> None:
    """CreateEntityRecognizer's LanguageCode docs list en, es, fr, it, de and pt."""
    response = error_of(create, comprehend=comprehend, LanguageCode="ja")
    assert response["Error"]["Code"] == "UnsupportedLanguageException"
    assert create(comprehend, LanguageCode="de").endswith("/parts")


def test_create_with_tags_tags_the_recognizer(comprehend: Any) -> None:
    arn = create(comprehend, Tags=[{"Key": "team", "Value": "ner"}])
    assert comprehend.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ner"}]


def test_the_recognizers_quota_refuses_one_more(comprehend: Any, rtml: Any) -> None:
    rtml.quotas["comprehend.entity_recognizers"] = 1
    create(comprehend)
    assert error_of(create, comprehend=comprehend, name="other")["Error"]["Code"] == "ResourceLimitExceededException"


# -- describe ------------------------------------------------------------------------------------
def test_describe_echoes_the_request_with_the_documented_defaults(comprehend: Any) -> None:
    """EntityRecognizerDocuments docs: InputFormat defaults to ONE_DOC_PER_LINE; DataFormat to
    COMPREHEND_CSV. Our inference: Describe shows the defaults, as it does DataFormat for classifiers."""
    props = describe(comprehend, create(comprehend, VolumeKmsKeyId="key-1"))
    assert props["InputDataConfig"] == {
        "DataFormat": "COMPREHEND_CSV", "EntityTypes": TYPES, "EntityList": DATA["EntityList"],
        "Documents": {"S3Uri": "s3://ner/documents.txt", "InputFormat": "ONE_DOC_PER_LINE"},
    }
    assert (props["DataAccessRoleArn"], props["VolumeKmsKeyId"], props["LanguageCode"]) == (ROLE, "key-1", "en")
    assert props["Status"] == "TRAINED"
    assert props["SubmitTime"] <= props["TrainingStartTime"] <= props["TrainingEndTime"] == props["EndTime"]


@pytest.mark.rtml(clock="manual", transitions={RECOGNIZER: {"progression": "time", "seconds": 60}})
def test_training_moves_with_the_clock_and_describe_tells_when_each_step_began(comprehend: Any, rtml: Any) -> None:
    arn = create(comprehend)
    submitted = describe(comprehend, arn)
    assert submitted["Status"] == "SUBMITTED" and "TrainingStartTime" not in submitted
    rtml.clock.advance(60)
    assert describe(comprehend, arn)["TrainingStartTime"] - submitted["SubmitTime"] == datetime.timedelta(seconds=60)
    rtml.clock.advance(60)
    props = describe(comprehend, arn)
    assert (props["Status"], props["EndTime"] - submitted["SubmitTime"]) == ("TRAINED", datetime.timedelta(seconds=120))
    assert props["RecognizerMetadata"]["NumberOfTrainedDocuments"] > 0


def test_describe_an_unknown_recognizer_is_resource_not_found(comprehend: Any) -> None:
    response = error_of(comprehend.describe_entity_recognizer, EntityRecognizerArn=f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer/x")
    assert response["Error"] == {"Code": "ResourceNotFoundException", "Message": "RESOURCE_NOT_FOUND: Could not find specified resource."}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404


# -- list ----------------------------------------------------------------------------------------
@pytest.mark.rtml(clock="manual")
def test_list_filters_by_status_name_and_submit_time(comprehend: Any, rtml: Any) -> None:
    """EntityRecognizerFilter docs: SubmitTimeBefore lists newest first, SubmitTimeAfter oldest first
    (the reverse of DocumentClassifierFilter)."""
    early = create(comprehend, "early")
    rtml.clock.advance(60)
    broken = create(comprehend, "broken", {**DATA, "EntityList": {"S3Uri": "s3://ner/missing.csv"}})
    rtml.clock.advance(60)
    late = create(comprehend, "late")
    middle = describe(comprehend, broken)["SubmitTime"] - datetime.timedelta(seconds=30)
    assert listed(comprehend, Status="TRAINED") == [early, late]
    assert listed(comprehend, Status="IN_ERROR") == [broken]
    assert listed(comprehend, RecognizerName="late") == [late]
    assert listed(comprehend, SubmitTimeBefore=middle + datetime.timedelta(seconds=60)) == [broken, early]
    assert listed(comprehend, SubmitTimeAfter=middle) == [broken, late]


def test_list_with_two_filters_is_invalid_request(comprehend: Any) -> None:
    response = error_of(comprehend.list_entity_recognizers, Filter={"Status": "TRAINED", "RecognizerName": "parts"})
    assert response["Error"] == {"Code": "InvalidRequestException", "Message": "Filters, if specified, must specify exactly 1 filter."}


def test_summaries_group_versions_by_name(comprehend: Any, rtml: Any) -> None:
    create(comprehend, VersionName="v1")
    create(comprehend, VersionName="v2")
    rtml.add_entity_recognizer("people", {"PERSON": ["Marty"]})
    summaries = comprehend.list_entity_recognizer_summaries()["EntityRecognizerSummariesList"]
    assert [(s["RecognizerName"], s["NumberOfVersions"], s.get("LatestVersionName")) for s in summaries] == [
        ("parts", 2, "v2"), ("people", 1, None),
    ]
    assert {s["LatestVersionStatus"] for s in summaries} == {"TRAINED"}


# -- stop and delete -----------------------------------------------------------------------------
def test_stop_training_while_training_ends_stopped_without_metadata(comprehend: Any) -> None:
    with progression(RECOGNIZER, progression="manual", times=1):
        arn = create(comprehend)
        assert describe(comprehend, arn)["Status"] == "TRAINING"
        assert comprehend.stop_training_entity_recognizer(EntityRecognizerArn=arn)["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert listed(comprehend, Status="STOP_REQUESTED") == [arn]  # a list is no describe: it moves nothing
        props = describe(comprehend, arn)
    assert props["Status"] == "STOPPED"
    assert "RecognizerMetadata" not in props and "StopTrainingEntityRecognizer" in props["Message"]
    response = error_of(comprehend.create_endpoint, EndpointName="ep", ModelArn=arn, DesiredInferenceUnits=1)
    assert response["Error"]["Code"] == "ResourceUnavailableException"


def test_stop_training_after_training_keeps_the_trained_recognizer(comprehend: Any) -> None:
    """StopTrainingEntityRecognizer docs: a training that completes first is TRAINED."""
    arn = create(comprehend)
    comprehend.stop_training_entity_recognizer(EntityRecognizerArn=arn)
    assert describe(comprehend, arn)["Status"] == "TRAINED"


def test_delete_while_an_endpoint_uses_the_recognizer_is_resource_in_use(comprehend: Any) -> None:
    arn = create(comprehend)
    endpoint = comprehend.create_endpoint(EndpointName="ep", ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
    assert error_of(comprehend.delete_entity_recognizer, EntityRecognizerArn=arn)["Error"]["Code"] == "ResourceInUseException"
    comprehend.delete_endpoint(EndpointArn=endpoint)
    comprehend.delete_entity_recognizer(EntityRecognizerArn=arn)
    assert listed(comprehend) == []


def test_delete_while_training_is_resource_unavailable(comprehend: Any) -> None:
    """DeleteEntityRecognizer docs: only recognizers in terminated states (IN_ERROR, TRAINED) are deleted."""
    with progression(RECOGNIZER, progression="manual", times=1):
        arn = create(comprehend)
        response = error_of(comprehend.delete_entity_recognizer, EntityRecognizerArn=arn)
    assert response["Error"]["Code"] == "ResourceUnavailableException"


def test_delete_shows_deleting_then_the_recognizer_is_gone_and_its_name_free(comprehend: Any) -> None:
    arn = create(comprehend)
    assert describe(comprehend, arn)["Status"] == "TRAINED"
    with progression(RECOGNIZER, progression="manual", times=2):
        comprehend.delete_entity_recognizer(EntityRecognizerArn=arn)
        assert describe(comprehend, arn)["Status"] == "DELETING"
        response = error_of(comprehend.describe_entity_recognizer, EntityRecognizerArn=arn)
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    assert create(comprehend) == arn


def test_delete_an_unknown_recognizer_is_resource_not_found(comprehend: Any) -> None:
    arn = f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer/nothing"
    assert error_of(comprehend.delete_entity_recognizer, EntityRecognizerArn=arn)["Error"]["Code"] == "ResourceNotFoundException"
    assert error_of(comprehend.stop_training_entity_recognizer, EntityRecognizerArn=arn)["Error"]["Code"] == "ResourceNotFoundException"
