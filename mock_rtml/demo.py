"""`python -m mock_rtml demo`: the seed story, run entirely inside the mock."""
from __future__ import annotations

import json
from typing import Any, Callable, List, Tuple

SEED_TEXT = (
    "From the Tuesday, April 16th, 1912 edition of The Guardian newspaper: The maiden voyage of the White Star "
    "liner Titanic, the largest ship ever launched ended in disaster. The Titanic started her trip from "
    "Southampton for New York on Wednesday. Late on Sunday night she struck an iceberg off the Grand Banks of "
    "Newfoundland. By wireless telegraphy she sent out signals of distress, and several liners were near enough "
    "to catch and respond to the call."
)
VOCABULARY = {
    "SHIPPING": "ship liner voyage iceberg harbour captain crew passengers steamer wireless distress port sailed "
    "maiden atlantic lifeboats hull cargo vessel".split(),
    "SPORTS": "match goal team season league coach striker stadium fans trophy referee penalty champions cup "
    "score players final keeper".split(),
    "FINANCE": "shares market bank profit investors dividend bonds trading earnings exchange stocks revenue "
    "quarter losses interest inflation capital fund".split(),
}
COMMON = "the report said on monday that people across town were talking about it again".split()
# Entities for the recognizer: ships and places of the North Atlantic run, found in the same paragraph.
SHIPS = ("Titanic", "Carpathia", "Californian", "Olympic", "Lusitania")
PLACES = ("Southampton", "New York", "Queenstown", "Cherbourg", "Halifax", "Grand Banks", "Newfoundland")
SENTENCES = (
    "Day {i}: the {ship} left {place} on schedule with mail, cargo and passengers aboard.",
    "Wireless report {i}: the {ship} passed {place} in clear weather and good time.",
    "Note {i} from the harbour office: the {ship} is expected at {place} before noon.",
)


def training_csv(documents_per_label: int = 20) -> str:
    """A deterministic training set: label,text lines mixing label words with common words."""
    lines = []
    for label in sorted(VOCABULARY):
        words = VOCABULARY[label]
        for i in range(documents_per_label):
            picked = [words[(i * 7 + j * 3) % len(words)] for j in range(6)]
            filler = [COMMON[(i + j) % len(COMMON)] for j in range(5)]
            lines.append(f"{label},{' '.join(w for pair in zip(picked, filler) for w in pair)} {picked[-1]}")
    return "\n".join(lines) + "\n"


def recognizer_data(documents: int = 60) -> Tuple[str, str]:
    """A deterministic entity-recognizer training set: one document a line, and its entity list (about
    6 KB and 60 mentions of each entity type: AWS's minimums are 5 KB and 25)."""
    lines = [SENTENCES[i % len(SENTENCES)].format(i=i, ship=SHIPS[i % len(SHIPS)], place=PLACES[i % len(PLACES)])
             for i in range(documents)]
    entity_list = "Text,Type\n" + "".join(f"{ship},SHIP\n" for ship in SHIPS) + "".join(f"{place},PLACE\n" for place in PLACES)
    return "\n".join(lines) + "\n", entity_list


def run(say: Callable[[str], None] = print) -> List[str]:
    """Run the story; returns the classes, best first."""
    import boto3
    from moto import mock_aws

    from . import mock_rtml

    region = "us-east-1"
    with mock_aws(), mock_rtml() as rtml:
        s3 = boto3.client("s3", region_name=region)
        comprehend = boto3.client("comprehend", region_name=region)
        s3.create_bucket(Bucket="demo-training")
        s3.put_object(Bucket="demo-training", Key="news/train.csv", Body=training_csv().encode())
        say("1. uploaded s3://demo-training/news/train.csv (moto's S3)")

        arn = comprehend.create_document_classifier(
            DocumentClassifierName="news",
            VersionName="v1",
            DataAccessRoleArn="arn:aws:iam::123456789012:role/comprehend-access",
            InputDataConfig={"S3Uri": "s3://demo-training/news/"},
            LanguageCode="en",
        )["DocumentClassifierArn"]
        props = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]
        meta = props["ClassifierMetadata"]
        say(f"2. classifier {arn}: {props['Status']}, {meta['NumberOfLabels']} labels, "
            f"{meta['NumberOfTrainedDocuments']} trained / {meta['NumberOfTestDocuments']} test documents, "
            f"accuracy {meta['EvaluationMetrics']['Accuracy']:.2f}")

        endpoint = comprehend.create_endpoint(EndpointName="news-endpoint", ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
        status = comprehend.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]["Status"]
        say(f"3. endpoint {endpoint}: {status}")

        classes = comprehend.classify_document(EndpointArn=endpoint, Text=SEED_TEXT)["Classes"]
        say("4. classified the Guardian's Titanic paragraph:")
        for item in classes:
            say(f"     {item['Name']:10s} {item['Score']:.4f}")

        comprehend.update_endpoint(EndpointArn=endpoint, DesiredInferenceUnits=2)
        serving = comprehend.describe_endpoint(EndpointArn=endpoint)["EndpointProperties"]
        say(f"5. updated the endpoint: {serving['Status']}, CurrentInferenceUnits={serving['CurrentInferenceUnits']}")
        _throttled(rtml, endpoint, say)

        comprehend.delete_endpoint(EndpointArn=endpoint)
        comprehend.delete_document_classifier(DocumentClassifierArn=arn)
        left = len(comprehend.list_endpoints()["EndpointPropertiesList"])
        say(f"6. deleted the endpoint and the classifier; endpoints left: {left}")
        _entities(s3, comprehend, say)
        _machine_learning(s3, boto3.client("machinelearning", region_name=region), say)
        return [item["Name"] for item in classes]


def _throttled(rtml: Any, endpoint: str, say: Callable[[str], None]) -> None:
    """Throughput on: 2 units serve 4 documents a second; botocore's retries recover on the virtual clock."""
    from botocore.config import Config

    rtml.throttling = True
    rtml.clock.freeze()
    start = rtml.clock.now()
    import boto3

    client = boto3.client("comprehend", region_name="us-east-1", config=Config(retries={"mode": "standard", "total_max_attempts": 10}))
    attempts = [client.classify_document(EndpointArn=endpoint, Text=SEED_TEXT[:90])["ResponseMetadata"]["RetryAttempts"]
                for _ in range(6)]
    throttled = sum(1 for call in rtml.calls.of("ClassifyDocument") if call.error == "TooManyRequestsException")
    say(f"   throttling on: 6 quick documents, {throttled} answered TooManyRequestsException and retried by botocore "
        f"(RetryAttempts {attempts}); {rtml.clock.now() - start:.2f} s passed on the virtual clock, none in real time")
    rtml.throttling = False
    rtml.clock.unfreeze()


def _entities(s3: Any, comprehend: Any, say: Callable[[str], None]) -> None:
    """A custom entity recognizer from an entity list, its endpoint, and DetectEntities on the paragraph."""
    documents, entity_list = recognizer_data()
    s3.put_object(Bucket="demo-training", Key="entities/documents.txt", Body=documents.encode())
    s3.put_object(Bucket="demo-training", Key="entities/list.csv", Body=entity_list.encode())
    arn = comprehend.create_entity_recognizer(
        RecognizerName="voyages",
        DataAccessRoleArn="arn:aws:iam::123456789012:role/comprehend-access",
        InputDataConfig={
            "EntityTypes": [{"Type": "SHIP"}, {"Type": "PLACE"}],
            "Documents": {"S3Uri": "s3://demo-training/entities/documents.txt"},
            "EntityList": {"S3Uri": "s3://demo-training/entities/list.csv"},
        },
        LanguageCode="en",
    )["EntityRecognizerArn"]
    props = comprehend.describe_entity_recognizer(EntityRecognizerArn=arn)["EntityRecognizerProperties"]
    meta = props["RecognizerMetadata"]
    mentions = ", ".join(f"{t['Type']} {t['NumberOfTrainMentions']}" for t in meta["EntityTypes"])
    say(f"7. entity recognizer {arn}: {props['Status']}, {meta['NumberOfTrainedDocuments']} trained / "
        f"{meta['NumberOfTestDocuments']} test documents, mentions {mentions}, F1 {meta['EvaluationMetrics']['F1Score']:.1f}%")
    endpoint = comprehend.create_endpoint(EndpointName="voyages-endpoint", ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
    say(f"8. found entities in the same paragraph through {endpoint}:")
    for entity in comprehend.detect_entities(EndpointArn=endpoint, Text=SEED_TEXT)["Entities"]:
        say(f"     {entity['Type']:6s} {entity['Text']:14s} characters {entity['BeginOffset']}-{entity['EndOffset']}, score {entity['Score']:.2f}")
    comprehend.delete_endpoint(EndpointArn=endpoint)
    comprehend.delete_entity_recognizer(EntityRecognizerArn=arn)
    left = len(comprehend.list_endpoints()["EndpointPropertiesList"])
    say(f"9. deleted the endpoint and the recognizer; endpoints left: {left}")


def _machine_learning(s3: Any, ml: Any, say: Callable[[str], None]) -> None:
    """Amazon ML: data source -> model -> waiter -> realtime endpoint -> Predict -> delete."""
    rows = ["text,topic"] + [f"{text},{label}" for label, text in (line.split(",", 1) for line in training_csv().splitlines())]
    schema = {
        "version": "1.0", "targetAttributeName": "topic", "dataFormat": "CSV", "dataFileContainsHeader": True,
        "attributes": [{"attributeName": "text", "attributeType": "TEXT"},
                       {"attributeName": "topic", "attributeType": "CATEGORICAL"}],
    }
    s3.put_object(Bucket="demo-training", Key="ml/news.csv", Body="\n".join(rows).encode())
    ml.create_data_source_from_s3(
        DataSourceId="news-ds", DataSpec={"DataLocationS3": "s3://demo-training/ml/news.csv", "DataSchema": json.dumps(schema)},
        ComputeStatistics=True,
    )
    ml.create_ml_model(MLModelId="news-model", MLModelType="MULTICLASS", TrainingDataSourceId="news-ds")
    ml.get_waiter("ml_model_available").wait(FilterVariable="TrainingDataSourceId", EQ="news-ds")
    info = ml.create_realtime_endpoint(MLModelId="news-model")["RealtimeEndpointInfo"]
    say(f"10. Amazon ML model news-model trained; realtime endpoint {info['EndpointUrl']}")
    prediction = ml.predict(MLModelId="news-model", Record={"text": SEED_TEXT}, PredictEndpoint=info["EndpointUrl"])["Prediction"]
    scores = ", ".join(f"{k} {v:.4f}" for k, v in sorted(prediction["predictedScores"].items()))
    say(f"11. Predict on the same paragraph: {prediction['predictedLabel']} ({scores})")
    ml.delete_realtime_endpoint(MLModelId="news-model")
    ml.delete_ml_model(MLModelId="news-model")
    ml.delete_data_source(DataSourceId="news-ds")
    say("12. deleted the realtime endpoint, the model and the data source")
