"""Comprehend's asynchronous jobs in tests: their input in moto's S3, and their output read back the
way AWS's Python example reads it (download OutputDataConfig.S3Uri, open the tar.gz, json.loads each
line of each file)."""
from __future__ import annotations

import io
import json
import tarfile
from typing import Any, Dict, List, Union

REGION = "us-east-1"
ACCOUNT = "123456789012"
BUCKET = "jobs"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/comprehend-jobs"
OUTPUT = f"s3://{BUCKET}/results/"
LABELS = {"SPORTS": ["goal", "match", "team"], "SHIPPING": ["ship", "iceberg", "harbour"]}
ENTITIES = {"PART": ["warp coil", "flux capacitor"], "PLACE": ["Hill Valley", "Zürich"]}


def put(s3: Any, key: str, body: Union[str, bytes]) -> str:
    """Put an input object into the jobs bucket; its s3:// URI."""
    s3.put_object(Bucket=BUCKET, Key=key, Body=body.encode() if isinstance(body, str) else body)
    return f"s3://{BUCKET}/{key}"


def start_classification(comprehend: Any, classifier: str, uri: str, per_line: bool = True, **options: Any) -> str:
    """Start a classification job over `uri`; its JobId."""
    data = {"S3Uri": uri, **({"InputFormat": "ONE_DOC_PER_LINE"} if per_line else {})}
    reply = comprehend.start_document_classification_job(
        DocumentClassifierArn=classifier, InputDataConfig=data, DataAccessRoleArn=ROLE,
        OutputDataConfig=options.pop("OutputDataConfig", {"S3Uri": OUTPUT}), **options,
    )
    return str(reply["JobId"])


def classification_job(comprehend: Any, job_id: str) -> Dict[str, Any]:
    return dict(comprehend.describe_document_classification_job(JobId=job_id)["DocumentClassificationJobProperties"])


def start_entities(comprehend: Any, recognizer: str, uri: str, per_line: bool = True, **options: Any) -> str:
    """Start an entity detection job with a custom recognizer over `uri`; its JobId."""
    data = {"S3Uri": uri, **({"InputFormat": "ONE_DOC_PER_LINE"} if per_line else {})}
    reply = comprehend.start_entities_detection_job(
        EntityRecognizerArn=recognizer, LanguageCode=options.pop("LanguageCode", "en"), InputDataConfig=data,
        DataAccessRoleArn=ROLE, OutputDataConfig=options.pop("OutputDataConfig", {"S3Uri": OUTPUT}), **options,
    )
    return str(reply["JobId"])


def entities_job(comprehend: Any, job_id: str) -> Dict[str, Any]:
    return dict(comprehend.describe_entities_detection_job(JobId=job_id)["EntitiesDetectionJobProperties"])


def archive(s3: Any, uri: str) -> bytes:
    bucket, _, key = uri[len("s3://"):].partition("/")
    return bytes(s3.get_object(Bucket=bucket, Key=key)["Body"].read())


def output_files(s3: Any, uri: str) -> Dict[str, List[Dict[str, Any]]]:
    """The files of the output.tar.gz at `uri`, each as its parsed JSON lines."""
    with tarfile.open(fileobj=io.BytesIO(archive(s3, uri)), mode="r:gz") as tar:
        return {
            name: [json.loads(line) for line in tar.extractfile(name).read().decode().strip().splitlines()]
            for name in tar.getnames()
        }
