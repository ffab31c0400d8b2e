"""Document classification jobs: S3 input, the output.tar.gz AWS writes, and answers as the endpoint's.

Output as the developer guide's "Outputs for asynchronous analysis jobs" (custom classification) shows
it: one `output.tar.gz` at `<S3Uri>/<account>-CLN-<job id>/output/output.tar.gz` (AWS CLI examples of
describe-document-classification-job), holding `predictions.jsonl`: for ONE_DOC_PER_LINE input
`{"File", "Line" (a string), "Classes"}` per line, for ONE_DOC_PER_FILE `{"File", "Classes"}`;
`Labels` instead of `Classes` for a MULTI_LABEL classifier.
"""
from __future__ import annotations

import gzip
import io
import re
import tarfile
from typing import Any

import boto3
import pytest
from job_inputs import (
    ACCOUNT, BUCKET, LABELS, OUTPUT, REGION, ROLE, archive, classification_job, output_files, put,
    start_classification,
)
from moto import mock_aws
from training_corpus import TITANIC, csv_text, multi_class_rows

from mock_rtml import mock_rtml


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


def test_a_job_with_a_classifier_trained_from_s3_writes_what_the_endpoint_answers(
    rtml: Any, jobs_s3: Any, comprehend: Any,
) -> None:
    training = put(jobs_s3, "train.csv", csv_text(multi_class_rows()))
    classifier = comprehend.create_document_classifier(
        DocumentClassifierName="news", DataAccessRoleArn=ROLE, InputDataConfig={"S3Uri": training}, LanguageCode="en",
    )["DocumentClassifierArn"]
    documents = [TITANIC, "the striker scored a late goal for the team", "the minister lost the vote", "parliament debate"]
    uri = put(jobs_s3, "input/news.txt", "\n".join(documents) + "\n")

    started = comprehend.start_document_classification_job(
        JobName="news-job", DocumentClassifierArn=classifier, DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": uri, "InputFormat": "ONE_DOC_PER_LINE"}, OutputDataConfig={"S3Uri": OUTPUT},
    )
    assert (started["JobStatus"], started["DocumentClassifierArn"]) == ("SUBMITTED", classifier)
    job = classification_job(comprehend, started["JobId"])
    assert (job["JobStatus"], job["JobName"], job["DocumentClassifierArn"]) == ("COMPLETED", "news-job", classifier)

    (name, lines), = output_files(jobs_s3, job["OutputDataConfig"]["S3Uri"]).items()
    endpoint = rtml.add_endpoint("news-ep", classifier)
    expected = [comprehend.classify_document(EndpointArn=endpoint, Text=text)["Classes"] for text in documents]
    assert name == "predictions.jsonl"
    assert lines == [{"File": "news.txt", "Line": str(n), "Classes": classes} for n, classes in enumerate(expected)]
    assert [line["Classes"][0]["Name"] for line in lines] == ["MARITIME", "SPORTS", "POLITICS", "POLITICS"]


def test_job_ids_arns_and_the_output_path_are_formed_as_aws_forms_them(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    classifier = rtml.add_document_classifier("news", LABELS)
    uri = put(jobs_s3, "one.txt", "a goal")
    for given in (f"s3://{BUCKET}/results/", f"s3://{BUCKET}/results"):
        job_id = start_classification(comprehend, classifier, uri, OutputDataConfig={"S3Uri": given, "KmsKeyId": "alias/out"})
        job = classification_job(comprehend, job_id)
        assert re.fullmatch("[0-9a-f]{32}", job_id)
        assert job["JobArn"] == f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classification-job/{job_id}"
        assert job["OutputDataConfig"] == {
            "S3Uri": f"s3://{BUCKET}/results/{ACCOUNT}-CLN-{job_id}/output/output.tar.gz", "KmsKeyId": "alias/out",
        }
        assert archive(jobs_s3, job["OutputDataConfig"]["S3Uri"])[:2] == b"\x1f\x8b"  # gzip


def test_one_doc_per_file_is_the_default_and_its_lines_name_only_the_file(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    """Our reading of the guide: per-file output lines carry File and Classes, no Line."""
    classifier = rtml.add_document_classifier("news", LABELS)
    put(jobs_s3, "docs/b.txt", "The ship left the harbour.\nIt hit an iceberg.\n")
    put(jobs_s3, "docs/a.txt", "The team scored a goal in the match.")
    put(jobs_s3, "other/c.txt", "not under the prefix")
    job = classification_job(comprehend, start_classification(comprehend, classifier, f"s3://{BUCKET}/docs/", per_line=False))
    assert job["InputDataConfig"] == {"S3Uri": f"s3://{BUCKET}/docs/", "InputFormat": "ONE_DOC_PER_FILE"}
    lines = output_files(jobs_s3, job["OutputDataConfig"]["S3Uri"])["predictions.jsonl"]
    assert [(line["File"], sorted(line), line["Classes"][0]["Name"]) for line in lines] == [
        ("a.txt", ["Classes", "File"], "SPORTS"), ("b.txt", ["Classes", "File"], "SHIPPING"),
    ]


def test_a_multi_label_classifier_writes_labels(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    classifier = rtml.add_document_classifier("topics", LABELS, mode="MULTI_LABEL")
    endpoint = rtml.add_endpoint("topics-ep", classifier)
    job_id = start_classification(comprehend, classifier, put(jobs_s3, "in.txt", "a ship and a goal"))
    job = classification_job(comprehend, job_id)
    (line,) = output_files(jobs_s3, job["OutputDataConfig"]["S3Uri"])["predictions.jsonl"]
    assert line == {"File": "in.txt", "Line": "0",
                    "Labels": comprehend.classify_document(EndpointArn=endpoint, Text="a ship and a goal")["Labels"]}


def test_lines_end_at_lf_cr_or_crlf_and_empty_lines_are_no_documents_but_keep_their_number(
    rtml: Any, jobs_s3: Any, comprehend: Any,
) -> None:
    """The guide: each line ends with LF, CR or CRLF, not U+2028. Our choice: an empty line is not a
    document (nothing to classify) but counts, so Line stays the input's line number."""
    classifier = rtml.add_document_classifier("news", LABELS)
    uri = put(jobs_s3, "in.txt", "goal\r\nship\rgoal\n\nship\u2028goal\n")
    job = classification_job(comprehend, start_classification(comprehend, classifier, uri))
    lines = output_files(jobs_s3, job["OutputDataConfig"]["S3Uri"])["predictions.jsonl"]
    assert [line["Line"] for line in lines] == ["0", "1", "2", "4"]


def test_utf8_documents_get_the_endpoints_answer(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    classifier = rtml.add_document_classifier("news", {"SPORTS": ["but", "équipe"], "SHIPPING": ["navire", "port"]})
    endpoint = rtml.add_endpoint("news-ep", classifier)
    text = "L'équipe a marqué un but 🥅"
    job = classification_job(comprehend, start_classification(comprehend, classifier, put(jobs_s3, "fr.txt", text.encode())))
    (line,) = output_files(jobs_s3, job["OutputDataConfig"]["S3Uri"])["predictions.jsonl"]
    assert line["Classes"] == comprehend.classify_document(EndpointArn=endpoint, Text=text)["Classes"]
    assert line["Classes"][0]["Name"] == "SPORTS"


def test_describe_echoes_the_role_vpc_and_kms_settings(rtml: Any, jobs_s3: Any, comprehend: Any) -> None:
    classifier = rtml.add_document_classifier("news", LABELS)
    vpc = {"SecurityGroupIds": ["sg-0123"], "Subnets": ["subnet-0123", "subnet-4567"]}
    job_id = start_classification(comprehend, classifier, put(jobs_s3, "in.txt", "goal"), VpcConfig=vpc, VolumeKmsKeyId="key-1")
    job = classification_job(comprehend, job_id)
    assert (job["VpcConfig"], job["VolumeKmsKeyId"], job["DataAccessRoleArn"]) == (vpc, "key-1", ROLE)
    assert job["SubmitTime"] <= job["EndTime"]
    assert "Message" not in job


def _run(documents: str) -> bytes:
    with mock_aws(), mock_rtml() as rtml:
        jobs_s3 = boto3.client("s3", region_name=REGION)
        jobs_s3.create_bucket(Bucket=BUCKET)
        comprehend = boto3.client("comprehend", region_name=REGION)
        classifier = rtml.add_document_classifier("news", LABELS)
        job = classification_job(comprehend, start_classification(comprehend, classifier, put(jobs_s3, "in.txt", documents)))
        return archive(jobs_s3, job["OutputDataConfig"]["S3Uri"])


def test_the_same_job_writes_the_same_bytes_in_two_fresh_mocks() -> None:
    documents = "goal\nship\nthe match at the harbour\n"
    first = _run(documents)
    assert _run(documents) == first
    assert gzip.decompress(first)[:9] == b"predictio"  # a plain tar: the member's header comes first
    with tarfile.open(fileobj=io.BytesIO(first), mode="r:gz") as tar:
        (member,) = tar.getmembers()
    assert (member.name, member.mtime, member.uid, member.uname) == ("predictions.jsonl", 0, 0, "")
