"""The same training data and text give the same scores: in fresh mocks and under any hash seed."""
from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import boto3
import pytest
from moto import mock_aws
from ml_datasets import s3_source, spam_csv, spam_schema, topics_csv, topics_schema
from entity_corpus import annotations, documents, documents_text
from training_corpus import TITANIC, csv_text, multi_class_rows, multi_label_rows

from mock_rtml import mock_rtml

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/data"
TEXTS = [
    TITANIC,
    "The minister called an election after the vote",
    "Goal! The striker scored for the team",
    "nothing",
    "Élection: le ministre perd le vote",  # Latin-1
    "The captain’s ship — «ΠΛΟΙΟ» in the harbour",  # other Unicode
    TITANIC * 20,  # 8 KB
    "🚀 The warp coil from New York reached Hill Valley and Southampton",
]
URL = "https://realtime.machinelearning.us-east-1.amazonaws.com"
RECORDS = [{"text": "claim your cash prize", "sender": "unknown", "links": "7"}, {"text": "the striker scored a goal"}]
TESTS = Path(__file__).resolve().parent


def outcome() -> Dict[str, Any]:
    """Train a multi-class and a multi-label classifier and an entity recognizer from moto's S3, classify
    TEXTS and find their entities; every number."""
    result: Dict[str, Any] = {}
    with mock_rtml(), mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        comprehend = boto3.client("comprehend", region_name=REGION)
        s3.create_bucket(Bucket="corpus")
        for name, mode, rows in (("news", "MULTI_CLASS", multi_class_rows()), ("tags", "MULTI_LABEL", multi_label_rows())):
            s3.put_object(Bucket="corpus", Key=f"{name}.csv", Body=csv_text(rows).encode())
            model = comprehend.create_document_classifier(
                DocumentClassifierName=name, Mode=mode, DataAccessRoleArn=ROLE, LanguageCode="en",
                InputDataConfig={"S3Uri": f"s3://corpus/{name}.csv"},
            )["DocumentClassifierArn"]
            props = comprehend.describe_document_classifier(DocumentClassifierArn=model)["DocumentClassifierProperties"]
            endpoint = comprehend.create_endpoint(EndpointName=name, ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
            answers = [comprehend.classify_document(EndpointArn=endpoint, Text=text) for text in TEXTS]
            result[name] = {
                "metadata": props["ClassifierMetadata"],
                "answers": [a.get("Classes") or a.get("Labels") for a in answers],
            }
        # Some places annotated in only part of their occurrences: scores other than 1.
        s3.put_object(Bucket="corpus", Key="documents.txt", Body=documents_text().encode())
        s3.put_object(Bucket="corpus", Key="annotations.csv", Body=annotations(documents(), limit={"New York": 9}).encode())
        model = comprehend.create_entity_recognizer(
            RecognizerName="parts", DataAccessRoleArn=ROLE, LanguageCode="en",
            InputDataConfig={"EntityTypes": [{"Type": "PART"}, {"Type": "PLACE"}], "Documents": {"S3Uri": "s3://corpus/documents.txt"},
                             "Annotations": {"S3Uri": "s3://corpus/annotations.csv"}},
        )["EntityRecognizerArn"]
        props = comprehend.describe_entity_recognizer(EntityRecognizerArn=model)["EntityRecognizerProperties"]
        endpoint = comprehend.create_endpoint(EndpointName="parts", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
        result["parts"] = {
            "metadata": props["RecognizerMetadata"],
            "answers": [comprehend.detect_entities(EndpointArn=endpoint, Text=text)["Entities"] for text in TEXTS],
        }
        ml = boto3.client("machinelearning", region_name=REGION)
        for model, kind, data, schema in (("spam", "BINARY", spam_csv(), spam_schema()), ("topics", "MULTICLASS", topics_csv(), topics_schema())):
            s3_source(ml, s3, f"{model}-data", data, schema)
            ml.create_ml_model(MLModelId=model, MLModelType=kind, TrainingDataSourceId=f"{model}-data")
            ml.create_realtime_endpoint(MLModelId=model)
            record = RECORDS[0] if kind == "BINARY" else RECORDS[1]
            result[model] = ml.predict(MLModelId=model, Record=record, PredictEndpoint=URL)["Prediction"]
    return result


@pytest.fixture(scope="module")
def first() -> Dict[str, Any]:
    return outcome()


def test_two_fresh_mocks_give_identical_scores(first: Dict[str, Any]) -> None:
    assert outcome() == first
    assert first["news"]["answers"][0][0]["Name"] == "MARITIME"


def test_the_scores_are_the_same_in_every_python_version(first: Dict[str, Any]) -> None:
    """Pinned to the last digit, as CPython 3.9 to 3.13 all compute them: the learner counts in
    integers, sums weights as integers and floats only with math.fsum (exactly rounded; the plain
    sum() of floats changed in 3.12), so no interpreter can round differently."""
    assert first["news"]["answers"][0] == [
        {"Name": "MARITIME", "Score": 0.999982963431364},
        {"Name": "SPORTS", "Score": 9.447659535570451e-06},
        {"Name": "POLITICS", "Score": 7.588909100419154e-06},
    ]
    assert first["tags"]["answers"][5] == [
        {"Name": "MARITIME", "Score": 0.9999697755628701},
        {"Name": "SPORTS", "Score": 0.00204662366814541},
        {"Name": "POLITICS", "Score": 0.0016613054545599802},
    ]
    assert first["parts"]["answers"][-1] == [  # offsets count characters: the rocket is one
        {"Score": 1.0, "Type": "PART", "Text": "warp coil", "BeginOffset": 6, "EndOffset": 15},
        {"Score": 0.75, "Type": "PLACE", "Text": "New York", "BeginOffset": 21, "EndOffset": 29},
        {"Score": 1.0, "Type": "PLACE", "Text": "Hill Valley", "BeginOffset": 38, "EndOffset": 49},
        {"Score": 1.0, "Type": "PLACE", "Text": "Southampton", "BeginOffset": 54, "EndOffset": 65},
    ]
    assert first["spam"]["predictedScores"] == {"1": 0.9999998789163596}
    assert first["topics"]["predictedScores"] == {"politics": 0.012048192769039274, "science": 0.012048192769039274, "sports": 0.9759036144619215}


def test_the_scores_do_not_depend_on_the_hash_seed(first: Dict[str, Any]) -> None:
    """Run the same code in fresh interpreters with different PYTHONHASHSEED values; the JSON of
    every score and metric must match this process's to the last digit."""
    script = f"import json, sys; sys.path.insert(0, {str(TESTS)!r}); from test_determinism import outcome; print(json.dumps(outcome()))"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=TESTS.parent, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0] == json.loads(json.dumps(first))


@pytest.mark.parametrize("text", TEXTS[1:4])
def test_a_repeated_request_gets_the_same_answer(rtml: Any, text: str) -> None:
    comprehend = boto3.client("comprehend", region_name=REGION)
    model = rtml.add_document_classifier("news", labels={"SPORTS": ["goal", "team"], "POLITICS": ["vote", "minister"]})
    endpoint = rtml.add_endpoint("news-ep", model)
    answers = [comprehend.classify_document(EndpointArn=endpoint, Text=text)["Classes"] for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]


def test_request_ids_are_uuid_shaped_distinct_and_the_same_in_every_fresh_mock() -> None:
    def ids() -> list[str]:
        with mock_rtml():
            comprehend = boto3.client("comprehend", region_name=REGION)
            return [comprehend.list_endpoints()["ResponseMetadata"]["RequestId"] for _ in range(12)]

    first = ids()
    assert first == ids()
    assert len(set(first)) == len(first)
    for request_id in first:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", request_id)
