"""Comprehend's asynchronous jobs in tests: their input in moto's S3, and their output read back the
way AWS's Python example reads it (download OutputDataConfig.S3Uri, open the tar.gz, json.loads each
line of each file)."""
from __future__ import annotations

import io
import json
import tarfile
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Union

from botocore import xform_name

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


@dataclass(frozen=True)
class JobKind:
    """One kind of Comprehend job as a user's code drives it: Start<wire>Job with a model, Describe, List."""

    wire: str  # DocumentClassification, EntitiesDetection
    model: str  # the model's stem: DocumentClassifier, EntityRecognizer
    analysis: str  # what an endpoint of the model answers: classify_document, detect_entities
    needs: Mapping[str, Any]  # what Start needs besides the model and the data (LanguageCode)
    document: str  # a document the test models answer something about

    @property
    def snake(self) -> str:
        return xform_name(self.wire)

    @property
    def progression(self) -> str:
        """The model name of its jobs' progressions in moto's state manager."""
        return f"comprehend::{self.snake.replace('_', '-')}-job"

    def add_model(self, rtml: Any, name: str = "news") -> str:
        """A TRAINED model of the kind, made by the handle."""
        if self.model == "DocumentClassifier":
            return str(rtml.add_document_classifier(name, LABELS))
        return str(rtml.add_entity_recognizer(name, ENTITIES))

    def start(self, comprehend: Any, model: str, uri: str, per_line: bool = True, **options: Any) -> str:
        """Start a job of the model over `uri`; its JobId."""
        data = {"S3Uri": uri, **({"InputFormat": "ONE_DOC_PER_LINE"} if per_line else {})}
        reply = getattr(comprehend, f"start_{self.snake}_job")(**{
            f"{self.model}Arn": model, **self.needs, "InputDataConfig": data, "DataAccessRoleArn": ROLE,
            "OutputDataConfig": {"S3Uri": OUTPUT}, **options,
        })
        return str(reply["JobId"])

    def describe(self, comprehend: Any, job_id: str) -> Dict[str, Any]:
        return dict(getattr(comprehend, f"describe_{self.snake}_job")(JobId=job_id)[f"{self.wire}JobProperties"])

    def listed(self, comprehend: Any, **query: Any) -> List[str]:
        """The ids of the jobs ListXJobs lists, through its paginator, two a page."""
        pages = comprehend.get_paginator(f"list_{self.snake}_jobs").paginate(**query, PaginationConfig={"PageSize": 2})
        return [job["JobId"] for page in pages for job in page[f"{self.wire}JobPropertiesList"]]

    def delete_model(self, comprehend: Any, model: str) -> None:
        getattr(comprehend, f"delete_{xform_name(self.model)}")(**{f"{self.model}Arn": model})


CLASSIFICATION = JobKind("DocumentClassification", "DocumentClassifier", "classify_document", {}, "a late goal")
ENTITIES_DETECTION = JobKind("EntitiesDetection", "EntityRecognizer", "detect_entities", {"LanguageCode": "en"}, "a warp coil")
start_classification, classification_job = CLASSIFICATION.start, CLASSIFICATION.describe
start_entities, entities_job = ENTITIES_DETECTION.start, ENTITIES_DETECTION.describe


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


def output_written(s3: Any, job: Mapping[str, Any]) -> bool:
    """Whether the job's output.tar.gz is in S3 (at the path Describe reports)."""
    key = job["OutputDataConfig"]["S3Uri"].split(f"{BUCKET}/", 1)[1]
    return "Contents" in s3.list_objects_v2(Bucket=BUCKET, Prefix=key)
