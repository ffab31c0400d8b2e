"""Entity detection jobs with custom recognizers: S3 input, the output.tar.gz AWS writes, and answers
exactly as DetectEntities on an endpoint of the same recognizer.

The output as AWS documents it: the developer guide's "Outputs for asynchronous analysis jobs"
(https://docs.aws.amazon.com/comprehend/latest/dg/outputs-cer-async.html) shows, for ONE_DOC_PER_LINE
input, one JSON line per document `{"File": "50_docs", "Line": 0, "Entities": [{"BeginOffset",
"EndOffset", "Score", "Text", "Type"}]}` (Line a number, unlike the classification job's string); the AWS
CLI example start-entities-detection-job.rst shows ONE_DOC_PER_FILE documents with `"Line": 0` each, and
describe-entities-detection-job.rst the path `<S3Uri>/<account>-NER-<job id>/output/output.tar.gz`.
A line for a document without entities has `"Entities": []` (real output quoted in ConSol's write-up
"AWS Comprehend and the output.tar.gz", 2020). The file inside the archive is named `output`: that
write-up extracts `output` from the archive (the CLI example calls it output.txt); our inference.
"""
from __future__ import annotations

from typing import Any, List

import boto3
import pytest
from entity_corpus import documents, put_corpus
from job_inputs import ACCOUNT, BUCKET, ENTITIES, OUTPUT, REGION, ROLE, archive, entities_job, output_files, put, start_entities


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


@pytest.fixture
def recognizer(rtml: Any) -> str:
    return str(rtml.add_entity_recognizer("parts", ENTITIES))


def detected(comprehend: Any, endpoint: str, texts: List[str]) -> List[Any]:
    """What DetectEntities on the endpoint answers for each text."""
    return [comprehend.detect_entities(EndpointArn=endpoint, Text=text)["Entities"] for text in texts]


def test_a_job_with_a_recognizer_trained_from_s3_writes_what_its_endpoint_detects(
    rtml: Any, jobs_s3: Any, comprehend: Any,
) -> None:
    put_corpus(jobs_s3)
    recognizer = comprehend.create_entity_recognizer(
        RecognizerName="parts", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"EntityTypes": [{"Type": "PART"}, {"Type": "PLACE"}], "Documents": {"S3Uri": "s3://ner/documents.txt"},
                         "EntityList": {"S3Uri": "s3://ner/entities.csv"}},
    )["EntityRecognizerArn"]
    texts = [*documents(3, start=100), "Nothing to find in this line.", "A warp coil from Hill Valley and a flux capacitor."]
    uri = put(jobs_s3, "input/tickets.txt", "\n".join(texts) + "\n")

    started = comprehend.start_entities_detection_job(
        JobName="tickets", EntityRecognizerArn=recognizer, LanguageCode="en", DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": uri, "InputFormat": "ONE_DOC_PER_LINE"}, OutputDataConfig={"S3Uri": OUTPUT},
    )
    assert (started["JobStatus"], started["EntityRecognizerArn"]) == ("SUBMITTED", recognizer)
    job = entities_job(comprehend, started["JobId"])
    assert (job["JobStatus"], job["JobName"], job["EntityRecognizerArn"]) == ("COMPLETED", "tickets", recognizer)

    (name, lines), = output_files(jobs_s3, job["OutputDataConfig"]["S3Uri"]).items()
    expected = detected(comprehend, rtml.add_endpoint("parts-ep", recognizer), texts)
    assert name == "output"
    assert lines == [{"File": "tickets.txt", "Line": n, "Entities": found} for n, found in enumerate(expected)]
    assert lines[3]["Entities"] == []
    assert [(e["Text"], e["Type"], e["BeginOffset"], e["EndOffset"]) for e in lines[4]["Entities"]] == [
        ("warp coil", "PART", 2, 11), ("Hill Valley", "PLACE", 17, 28), ("flux capacitor", "PART", 35, 49),
    ]


def test_entity_job_ids_arns_and_the_output_path_are_formed_as_aws_forms_them(
    jobs_s3: Any, comprehend: Any, recognizer: str,
) -> None:
    uri = put(jobs_s3, "one.txt", "a warp coil")
    job_id = start_entities(comprehend, recognizer, uri, OutputDataConfig={"S3Uri": f"s3://{BUCKET}/ner-out", "KmsKeyId": "alias/out"})
    job = entities_job(comprehend, job_id)
    assert job["JobArn"] == f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entities-detection-job/{job_id}"
    assert job["OutputDataConfig"] == {
        "S3Uri": f"s3://{BUCKET}/ner-out/{ACCOUNT}-NER-{job_id}/output/output.tar.gz", "KmsKeyId": "alias/out",
    }
    assert archive(jobs_s3, job["OutputDataConfig"]["S3Uri"])[:2] == b"\x1f\x8b"  # gzip


def test_one_doc_per_file_is_the_default_and_each_files_line_is_line_0(
    rtml: Any, jobs_s3: Any, comprehend: Any, recognizer: str,
) -> None:
    """The AWS CLI example (three files, ONE_DOC_PER_FILE) shows `"Line": 0` on every file's line."""
    texts = {"b.txt": "Ship the warp coil.\nThen the flux capacitor.", "a.txt": "Greetings from Zürich"}
    for key, text in texts.items():
        put(jobs_s3, f"docs/{key}", text)
    job = entities_job(comprehend, start_entities(comprehend, recognizer, f"s3://{BUCKET}/docs/", per_line=False))
    assert job["InputDataConfig"] == {"S3Uri": f"s3://{BUCKET}/docs/", "InputFormat": "ONE_DOC_PER_FILE"}
    lines = output_files(jobs_s3, job["OutputDataConfig"]["S3Uri"])["output"]
    endpoint = rtml.add_endpoint("parts-ep", recognizer)
    assert lines == [{"File": key, "Line": 0, "Entities": found}
                     for key, found in zip(sorted(texts), detected(comprehend, endpoint, [texts[k] for k in sorted(texts)]))]
    assert [e["Text"] for e in lines[1]["Entities"]] == ["warp coil", "flux capacitor"]


def test_offsets_in_the_output_count_characters_as_detect_entities_does(
    rtml: Any, jobs_s3: Any, comprehend: Any, recognizer: str,
) -> None:
    text = "🚀 Café in Zürich: a warp coil"
    job = entities_job(comprehend, start_entities(comprehend, recognizer, put(jobs_s3, "utf8.txt", text.encode())))
    (line,) = output_files(jobs_s3, job["OutputDataConfig"]["S3Uri"])["output"]
    assert line["Entities"] == detected(comprehend, rtml.add_endpoint("parts-ep", recognizer), [text])[0]
    assert [text[e["BeginOffset"]:e["EndOffset"]] for e in line["Entities"]] == ["Zürich", "warp coil"]


def test_describe_echoes_the_language_role_vpc_and_kms_settings(jobs_s3: Any, comprehend: Any, recognizer: str) -> None:
    vpc = {"SecurityGroupIds": ["sg-0123"], "Subnets": ["subnet-0123"]}
    job_id = start_entities(comprehend, recognizer, put(jobs_s3, "in.txt", "warp coil"), VpcConfig=vpc, VolumeKmsKeyId="key-1",
                            LanguageCode="de")
    job = entities_job(comprehend, job_id)
    assert (job["VpcConfig"], job["VolumeKmsKeyId"], job["DataAccessRoleArn"], job["LanguageCode"]) == (vpc, "key-1", ROLE, "de")
    assert job["SubmitTime"] <= job["EndTime"]
    assert "Message" not in job
