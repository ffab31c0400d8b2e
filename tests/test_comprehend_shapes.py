"""Every simulated Comprehend operation answers what botocore's output shape (or error shape) describes."""
from __future__ import annotations

from typing import Any, List

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.validate import ParamValidator
from moto import mock_aws
from entity_corpus import put_corpus
from status_progressions import progression
from training_corpus import TITANIC, csv_text, multi_class_rows, multi_label_rows

from mock_rtml import mock_rtml

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/data"


def enum_violations(value: Any, shape: Any, path: str = "") -> List[str]:
    """ParamValidator checks types and required members, not enums: walk the reply for those. A custom
    recognizer's entity types are its own (the developer guide's real-time output: "Type": "JUDGE")."""
    kind = shape.type_name
    if shape.name == "EntityType":
        return []
    if kind == "string" and "enum" in shape.metadata and value not in shape.metadata["enum"]:
        return [f"{path}: {value!r} not in {shape.metadata['enum']}"]
    if kind == "structure":
        return [v for name, item in value.items() for v in enum_violations(item, shape.members[name], f"{path}.{name}")]
    if kind == "list":
        return [v for i, item in enumerate(value) for v in enum_violations(item, shape.member, f"{path}[{i}]")]
    return []


def check(client: Any, operation: str, **params: Any) -> Any:
    """Call the operation and validate the parsed reply against its output shape."""
    reply = getattr(client, operation)(**params)
    parsed = {k: v for k, v in reply.items() if k != "ResponseMetadata"}
    output = client.meta.service_model.operation_model(client.meta.method_to_api_mapping[operation]).output_shape
    if output is None:
        assert parsed == {}, operation
        return reply
    report = ParamValidator().validate(parsed, output)
    assert not report.has_errors(), f"{operation}:\n{report.generate_report()}"
    assert enum_violations(parsed, output) == [], operation
    return reply


def check_error(client: Any, operation: str, code: str, **params: Any) -> None:
    """Call the operation, expect the error code, and validate the error's modeled fields."""
    with pytest.raises(ClientError) as raised:
        getattr(client, operation)(**params)
    response = raised.value.response
    assert response["Error"]["Code"] == code, f"{operation}: {response['Error']}"
    shape = client.meta.service_model.shape_for(code)
    fields = {k: v for k, v in response.items() if k in shape.members and k != "Message"}
    fields["Message"] = response["Error"]["Message"]
    report = ParamValidator().validate(fields, shape)
    assert not report.has_errors(), f"{operation} {code}:\n{report.generate_report()}"
    assert enum_violations(fields, shape) == [], f"{operation} {code}"


@mock_rtml
def test_every_simulated_operation_answers_its_output_shape() -> None:
    comprehend = boto3.client("comprehend", region_name=REGION)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="corpus")
        s3.put_object(Bucket="corpus", Key="news.csv", Body=csv_text(multi_class_rows()).encode())
        s3.put_object(Bucket="corpus", Key="tags.csv", Body=csv_text(multi_label_rows()).encode())
        news = check(
            comprehend, "create_document_classifier", DocumentClassifierName="news", VersionName="v1",
            DataAccessRoleArn=ROLE, InputDataConfig={"S3Uri": "s3://corpus/news.csv"}, LanguageCode="en",
            Tags=[{"Key": "team", "Value": "news"}],
        )["DocumentClassifierArn"]
        tags = check(
            comprehend, "create_document_classifier", DocumentClassifierName="tags", Mode="MULTI_LABEL",
            DataAccessRoleArn=ROLE, InputDataConfig={"S3Uri": "s3://corpus/tags.csv"}, LanguageCode="en",
        )["DocumentClassifierArn"]
        s3.put_object(Bucket="corpus", Key="in.txt", Body=TITANIC.encode())
        for model in (news, tags):
            job = check(comprehend, "start_document_classification_job", DocumentClassifierArn=model, JobName="job",
                        InputDataConfig={"S3Uri": "s3://corpus/in.txt"}, OutputDataConfig={"S3Uri": "s3://corpus/out"},
                        DataAccessRoleArn=ROLE, VpcConfig={"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]},
                        Tags=[{"Key": "team", "Value": "news"}])["JobId"]
            assert check(comprehend, "describe_document_classification_job", JobId=job)["DocumentClassificationJobProperties"]
    failed = check(comprehend, "start_document_classification_job", DocumentClassifierArn=news,
                   InputDataConfig={"S3Uri": "s3://corpus/in.txt"}, OutputDataConfig={"S3Uri": "s3://corpus/out"},
                   DataAccessRoleArn=ROLE)["JobId"]
    assert check(comprehend, "describe_document_classification_job", JobId=failed)["DocumentClassificationJobProperties"]["Message"]
    jobs = check(comprehend, "list_document_classification_jobs", MaxResults=2)
    check(comprehend, "list_document_classification_jobs", MaxResults=2, NextToken=jobs["NextToken"])
    check(comprehend, "list_document_classification_jobs", Filter={"JobStatus": "FAILED"})
    check_error(comprehend, "describe_document_classification_job", "JobNotFoundException", JobId="0" * 32)
    check_error(comprehend, "list_document_classification_jobs", "InvalidRequestException", Filter={"JobName": "a", "JobStatus": "FAILED"})
    broken = check(
        comprehend, "create_document_classifier", DocumentClassifierName="broken",
        DataAccessRoleArn=ROLE, InputDataConfig={"S3Uri": "s3://corpus/missing.csv"}, LanguageCode="en",
    )["DocumentClassifierArn"]
    props = check(comprehend, "describe_document_classifier", DocumentClassifierArn=news)["DocumentClassifierProperties"]
    assert props["ClassifierMetadata"]["EvaluationMetrics"]
    assert check(comprehend, "describe_document_classifier", DocumentClassifierArn=broken)["DocumentClassifierProperties"]["Message"]
    first = check(comprehend, "list_document_classifiers", MaxResults=2)
    check(comprehend, "list_document_classifiers", MaxResults=2, NextToken=first["NextToken"])
    check(comprehend, "list_document_classifiers", Filter={"Status": "IN_ERROR"})
    check(comprehend, "list_document_classifier_summaries")
    check(comprehend, "stop_training_document_classifier", DocumentClassifierArn=news)

    endpoint = check(
        comprehend, "create_endpoint", EndpointName="news-ep", ModelArn=news, DesiredInferenceUnits=2,
        DataAccessRoleArn=ROLE, Tags=[{"Key": "team", "Value": "news"}],
    )["EndpointArn"]
    labels_endpoint = check(comprehend, "create_endpoint", EndpointName="tags-ep", ModelArn=tags, DesiredInferenceUnits=1)["EndpointArn"]
    check(comprehend, "describe_endpoint", EndpointArn=endpoint)
    check(comprehend, "list_endpoints")
    check(comprehend, "list_endpoints", Filter={"ModelArn": news}, MaxResults=1)
    assert check(comprehend, "classify_document", EndpointArn=endpoint, Text=TITANIC)["Classes"]
    assert check(comprehend, "classify_document", EndpointArn=endpoint, Bytes=TITANIC.encode())["Classes"]
    assert check(comprehend, "classify_document", EndpointArn=labels_endpoint, Text="goal and vote")["Labels"]
    check(comprehend, "update_endpoint", EndpointArn=endpoint, DesiredInferenceUnits=3)
    check(comprehend, "describe_endpoint", EndpointArn=endpoint)

    for arn in (news, endpoint):
        check(comprehend, "tag_resource", ResourceArn=arn, Tags=[{"Key": "stage", "Value": "prod"}, {"Key": "empty"}])
        check(comprehend, "untag_resource", ResourceArn=arn, TagKeys=["team"])
        assert len(check(comprehend, "list_tags_for_resource", ResourceArn=arn)["Tags"]) == 2

    # Modeled errors carry only what their shapes allow.
    check_error(comprehend, "classify_document", "InvalidRequestException", EndpointArn=endpoint)
    check_error(comprehend, "classify_document", "InvalidRequestException", EndpointArn=endpoint, Bytes=b"\xff\xfe")
    check_error(comprehend, "classify_document", "TextSizeLimitExceededException", EndpointArn=endpoint, Text="a" * 10001)
    check_error(comprehend, "describe_endpoint", "ResourceNotFoundException", EndpointArn=endpoint + "x")
    check_error(comprehend, "create_endpoint", "ResourceInUseException", EndpointName="news-ep", ModelArn=news, DesiredInferenceUnits=1)
    check_error(comprehend, "create_endpoint", "ResourceUnavailableException", EndpointName="e2", ModelArn=broken, DesiredInferenceUnits=1)
    check_error(comprehend, "create_endpoint", "ResourceLimitExceededException", EndpointName="e3", ModelArn=news, DesiredInferenceUnits=11)
    check_error(comprehend, "tag_resource", "TooManyTagsException", ResourceArn=news, Tags=[{"Key": f"k{i}"} for i in range(51)])
    check_error(comprehend, "untag_resource", "TooManyTagKeysException", ResourceArn=news, TagKeys=[f"k{i}" for i in range(51)])
    check_error(comprehend, "list_endpoints", "InvalidRequestException", Filter={"ModelArn": news, "Status": "IN_SERVICE"})
    check_error(comprehend, "delete_document_classifier", "ResourceInUseException", DocumentClassifierArn=news)

    check(comprehend, "delete_endpoint", EndpointArn=endpoint)
    check(comprehend, "delete_endpoint", EndpointArn=labels_endpoint)
    check(comprehend, "delete_document_classifier", DocumentClassifierArn=news)
    check(comprehend, "delete_document_classifier", DocumentClassifierArn=broken)


@mock_rtml
def test_every_recognizer_operation_answers_its_output_shape() -> None:
    comprehend = boto3.client("comprehend", region_name=REGION)
    types = [{"Type": "PART"}, {"Type": "PLACE"}]
    documents_config = {"S3Uri": "s3://ner/documents.txt"}
    with mock_aws():
        put_corpus(boto3.client("s3", region_name=REGION))
        listed = check(
            comprehend, "create_entity_recognizer", RecognizerName="parts", VersionName="v1", DataAccessRoleArn=ROLE,
            LanguageCode="en", Tags=[{"Key": "team", "Value": "ner"}],
            InputDataConfig={"EntityTypes": types, "Documents": documents_config, "EntityList": {"S3Uri": "s3://ner/entities.csv"}},
        )["EntityRecognizerArn"]
        annotated = check(
            comprehend, "create_entity_recognizer", RecognizerName="parts", VersionName="v2", DataAccessRoleArn=ROLE, LanguageCode="en",
            InputDataConfig={"EntityTypes": types, "Documents": documents_config, "Annotations": {"S3Uri": "s3://ner/annotations.csv"}},
        )["EntityRecognizerArn"]
    broken = check(
        comprehend, "create_entity_recognizer", RecognizerName="broken", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"EntityTypes": types, "Documents": documents_config, "EntityList": {"S3Uri": "s3://ner/entities.csv"}},
    )["EntityRecognizerArn"]
    for arn in (listed, annotated):
        assert check(comprehend, "describe_entity_recognizer", EntityRecognizerArn=arn)["EntityRecognizerProperties"]["RecognizerMetadata"]
    assert check(comprehend, "describe_entity_recognizer", EntityRecognizerArn=broken)["EntityRecognizerProperties"]["Message"]
    first = check(comprehend, "list_entity_recognizers", MaxResults=2)
    check(comprehend, "list_entity_recognizers", MaxResults=2, NextToken=first["NextToken"])
    check(comprehend, "list_entity_recognizers", Filter={"RecognizerName": "parts"})
    check(comprehend, "list_entity_recognizer_summaries")
    check(comprehend, "stop_training_entity_recognizer", EntityRecognizerArn=listed)

    endpoint = check(comprehend, "create_endpoint", EndpointName="parts-ep", ModelArn=listed, DesiredInferenceUnits=1)["EndpointArn"]
    assert check(comprehend, "detect_entities", EndpointArn=endpoint, Text=TITANIC)["Entities"]
    assert check(comprehend, "detect_entities", EndpointArn=endpoint, Bytes="a warp coil in Zürich".encode())["Entities"]
    check(comprehend, "update_endpoint", EndpointArn=endpoint, DesiredModelArn=annotated)
    check(comprehend, "tag_resource", ResourceArn=listed, Tags=[{"Key": "stage", "Value": "prod"}])
    check(comprehend, "untag_resource", ResourceArn=listed, TagKeys=["team"])
    assert check(comprehend, "list_tags_for_resource", ResourceArn=listed)["Tags"] == [{"Key": "stage", "Value": "prod"}]

    check_error(comprehend, "detect_entities", "TextSizeLimitExceededException", EndpointArn=endpoint, Text="a" * 10001)
    check_error(comprehend, "detect_entities", "InvalidRequestException", EndpointArn=endpoint)
    check_error(comprehend, "delete_entity_recognizer", "ResourceInUseException", EntityRecognizerArn=annotated)
    check_error(comprehend, "create_entity_recognizer", "UnsupportedLanguageException", RecognizerName="x", DataAccessRoleArn=ROLE,
                LanguageCode="ja", InputDataConfig={"EntityTypes": types, "Documents": documents_config})
    check(comprehend, "delete_endpoint", EndpointArn=endpoint)
    for arn in (listed, annotated, broken):
        check(comprehend, "delete_entity_recognizer", EntityRecognizerArn=arn)


def test_every_entity_job_operation_answers_its_output_shape(rtml: Any) -> None:
    comprehend = boto3.client("comprehend", region_name=REGION)
    recognizer = rtml.add_entity_recognizer("parts", {"PART": ["warp coil"]})
    job_config = {"InputDataConfig": {"S3Uri": "s3://corpus/in.txt"}, "OutputDataConfig": {"S3Uri": "s3://corpus/out"},
                  "DataAccessRoleArn": ROLE, "LanguageCode": "en"}
    with mock_aws(), progression("comprehend::entities-detection-job", progression="manual", times=1):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="corpus")
        s3.put_object(Bucket="corpus", Key="in.txt", Body=b"a warp coil\nnothing\n")
        job = check(comprehend, "start_entities_detection_job", EntityRecognizerArn=recognizer, JobName="job", Tags=[{"Key": "a"}],
                    VpcConfig={"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]}, VolumeKmsKeyId="key", **job_config)["JobId"]
        for _ in range(3):
            check(comprehend, "describe_entities_detection_job", JobId=job)
        stopped = check(comprehend, "start_entities_detection_job", EntityRecognizerArn=recognizer, **job_config)["JobId"]
        check(comprehend, "stop_entities_detection_job", JobId=stopped)
        check(comprehend, "describe_entities_detection_job", JobId=stopped)
    failed = check(comprehend, "start_entities_detection_job", EntityRecognizerArn=recognizer, **job_config)["JobId"]
    assert check(comprehend, "describe_entities_detection_job", JobId=failed)["EntitiesDetectionJobProperties"]["Message"]
    jobs = check(comprehend, "list_entities_detection_jobs", MaxResults=2)
    check(comprehend, "list_entities_detection_jobs", MaxResults=2, NextToken=jobs["NextToken"])
    check(comprehend, "list_entities_detection_jobs", Filter={"JobStatus": "STOPPED"})
    check_error(comprehend, "describe_entities_detection_job", "JobNotFoundException", JobId="0" * 32)
    check_error(comprehend, "stop_entities_detection_job", "JobNotFoundException", JobId="0" * 32)
    check_error(comprehend, "stop_entities_detection_job", "InvalidRequestException", JobId=job)
    check_error(comprehend, "start_entities_detection_job", "ResourceNotFoundException", EntityRecognizerArn=recognizer + "x", **job_config)
    check_error(comprehend, "list_entities_detection_jobs", "InvalidRequestException", Filter={"JobName": "a", "JobStatus": "FAILED"})
