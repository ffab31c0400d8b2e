"""Training entity recognizers from moto's S3: entity lists and annotations, AWS's minimums, honest
RecognizerMetadata, and IN_ERROR with a reason for data AWS would not train from.

Formats and minimums: the developer guide's "Entity lists", "Annotations" and "Guidelines and quotas"
(plain-text training): at least 25 entity-list matches or annotations per entity type (the current
entity-list page; an older one said 200), 3 annotated documents, documents of 1 to 5,000 bytes and
5 KB in all. Metrics are percentages, as in the AWS CLI's describe-entity-recognizer example.
"""
from __future__ import annotations

from typing import Any, Dict, Iterator, List

import boto3
import pytest
from entity_corpus import annotations, documents, documents_text, entity_list, put_corpus
from moto import mock_aws

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/comprehend-data"
TYPES = [{"Type": "PART"}, {"Type": "PLACE"}]
DOCS = {"S3Uri": "s3://ner/documents.txt"}
QUIET = "Nothing to report on day {i}: all quiet at the workshop, in the yard and on the loading dock."


@pytest.fixture
def s3(rtml: Any) -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        put_corpus(client)
        yield client


@pytest.fixture
def comprehend(rtml: Any) -> Any:
    return boto3.client("comprehend", region_name=REGION)


def put(s3: Any, key: str, body: Any) -> None:
    s3.put_object(Bucket="ner", Key=key, Body=body.encode() if isinstance(body, str) else body)


def train(comprehend: Any, documents: Any = DOCS, **source: Any) -> Dict[str, Any]:
    source = source or {"EntityList": {"S3Uri": "s3://ner/entities.csv"}}
    arn = comprehend.create_entity_recognizer(
        RecognizerName="parts", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"EntityTypes": source.pop("EntityTypes", TYPES), "Documents": documents, **source},
    )["EntityRecognizerArn"]
    props: Dict[str, Any] = comprehend.describe_entity_recognizer(EntityRecognizerArn=arn)["EntityRecognizerProperties"]
    return props


def found(comprehend: Any, rtml: Any, props: Dict[str, Any], text: str) -> List[Any]:
    endpoint = rtml.add_endpoint("ep", props["EntityRecognizerArn"])
    entities = comprehend.detect_entities(EndpointArn=endpoint, Text=text)["Entities"]
    return [(e["Text"], e["Type"], e["Score"]) for e in entities]


def by_type(metadata: Dict[str, Any]) -> Dict[str, Any]:
    return {t["Type"]: t for t in metadata["EntityTypes"]}


# -- what training learns and reports ---------------------------------------------------------------
@pytest.mark.parametrize("source", ["EntityList", "Annotations"])
def test_training_reports_documents_mentions_and_percent_metrics_on_a_held_out_tenth(s3: Any, comprehend: Any, source: str) -> None:
    """Without test data AWS keeps 10% of the documents for testing (developer guide, "Preparing the
    training data"). Each document of the corpus names one part and one place."""
    uri = {"EntityList": "s3://ner/entities.csv", "Annotations": "s3://ner/annotations.csv"}[source]
    props = train(comprehend, **{source: {"S3Uri": uri}})
    assert props["Status"] == "TRAINED"
    meta = props["RecognizerMetadata"]
    trained, tested = meta["NumberOfTrainedDocuments"], meta["NumberOfTestDocuments"]
    assert trained + tested == 60 and 0 < tested < 15
    assert [(t["Type"], t["NumberOfTrainMentions"]) for t in meta["EntityTypes"]] == [("PART", trained), ("PLACE", trained)]
    assert meta["EvaluationMetrics"] == {"Precision": 100.0, "Recall": 100.0, "F1Score": 100.0}


def test_a_tenth_of_the_documents_is_held_out_even_when_texts_repeat(s3: Any, comprehend: Any) -> None:
    """AWS keeps 10% of the documents, not of the distinct texts (our inference): 6 texts 50 times each."""
    put(s3, "documents.txt", documents_text(6) * 50)
    meta = train(comprehend)["RecognizerMetadata"]
    assert meta["NumberOfTrainedDocuments"] + meta["NumberOfTestDocuments"] == 300
    assert 20 <= meta["NumberOfTestDocuments"] <= 40


def test_metrics_are_measured_on_the_test_documents_in_percent(s3: Any, comprehend: Any, rtml: Any) -> None:
    """With TestS3Uri every training document trains. A part listed but never seen in training is
    missed in the test documents: PART recall 2 of 4 = 50%."""
    put(s3, "entities.csv", entity_list() + "time circuit,PART\n")
    put(s3, "test.txt", "The warp coil reached New York.\nThe time circuit failed in Hill Valley.\n"
                        "A time circuit for Grand Banks.\nThe flux capacitor went to Southampton.\n")
    meta = train(comprehend, {**DOCS, "TestS3Uri": "s3://ner/test.txt"})["RecognizerMetadata"]
    assert (meta["NumberOfTrainedDocuments"], meta["NumberOfTestDocuments"]) == (60, 4)
    assert by_type(meta)["PART"]["EvaluationMetrics"] == {"Precision": 100.0, "Recall": 50.0, "F1Score": 200 * 50 / 150}
    assert by_type(meta)["PLACE"]["EvaluationMetrics"]["Recall"] == 100.0
    assert meta["EvaluationMetrics"]["Recall"] == 75.0  # 6 of the 8 entities


def test_a_forms_score_is_the_share_of_its_occurrences_annotated_with_its_type(s3: Any, comprehend: Any, rtml: Any) -> None:
    """Our model: a form annotated in 8 of its 12 occurrences scores 8/12; one annotated in half of
    them or fewer is not learned."""
    assert documents_text().count("New York") == documents_text().count("Southampton") == 12
    put(s3, "annotations.csv", annotations(documents(), limit={"New York": 8, "Southampton": 6}))
    put(s3, "test.txt", documents_text(6, start=60))
    put(s3, "test.csv", annotations(documents(6, start=60), file="test.txt"))
    props = train(comprehend, {**DOCS, "TestS3Uri": "s3://ner/test.txt"},
                  Annotations={"S3Uri": "s3://ner/annotations.csv", "TestS3Uri": "s3://ner/test.csv"})
    assert found(comprehend, rtml, props, "New York, Southampton and Hill Valley") == [
        ("New York", "PLACE", 8 / 12), ("Hill Valley", "PLACE", 1.0),
    ]


def test_one_document_per_file_with_annotations_without_a_line_column(s3: Any, comprehend: Any, rtml: Any) -> None:
    files = [" ".join(documents(15, start=15 * n)) for n in range(4)]
    for n, text in enumerate(files):
        put(s3, f"files/file{n}", text)
    put(s3, "annotations.csv", annotations(files, per_line=False))
    props = train(comprehend, {"S3Uri": "s3://ner/files/", "InputFormat": "ONE_DOC_PER_FILE"},
                  Annotations={"S3Uri": "s3://ner/annotations.csv"})
    assert props["Status"] == "TRAINED", props.get("Message")
    # None of the four falls in the hashed tenth: one is held out all the same, so that there is a test.
    meta = props["RecognizerMetadata"]
    assert (meta["NumberOfTrainedDocuments"], meta["NumberOfTestDocuments"]) == (3, 1)
    assert [text for text, _, _ in found(comprehend, rtml, props, "a warp coil for Twin Pines Mall")] == ["warp coil", "Twin Pines Mall"]


def test_rows_of_types_the_request_does_not_name_are_ignored(s3: Any, comprehend: Any, rtml: Any) -> None:
    """EntityTypes docs: "Any entity types that you don't specify are ignored"."""
    props = train(comprehend, EntityList={"S3Uri": "s3://ner/entities.csv"}, EntityTypes=[{"Type": "PART"}])
    assert [t["Type"] for t in props["RecognizerMetadata"]["EntityTypes"]] == ["PART"]
    assert found(comprehend, rtml, props, "the warp coil from New York") == [("warp coil", "PART", 1.0)]


# -- data AWS would not train from ------------------------------------------------------------------
_FEW = "".join(f"{line}\n" for line in documents(20) + [QUIET.format(i=i) for i in range(40)])
_TOO_LONG = documents_text() + "x" * 5001 + "\n"
_BAD_OFFSETS = annotations(documents()) + "documents.txt,3,10,500,PART\n"
_UNKNOWN_LINE = annotations(documents()) + "documents.txt,99,0,4,PART\n"
_TWO_DOCUMENTS = "".join(row + "\n" for row in annotations(documents()).splitlines() if row.split(",")[1] in ("Line", "0", "1"))


@pytest.mark.parametrize(
    ("objects", "source", "expected"),
    [
        ({"documents.txt": _FEW}, "EntityList", "at least 25 entity-list matches in the documents; too few for: PART (20), PLACE (20)"),
        ({"documents.txt": documents_text(30)}, "EntityList", "at least 5,000 (5 KB)"),
        ({"documents.txt": _TOO_LONG}, "EntityList", "documents.txt line 60 is 5001 bytes"),
        ({"documents.txt": "caf\xe9\n".encode("latin-1")}, "EntityList", "s3://ner/documents.txt is not UTF-8 text"),
        ({"entities.csv": "Name,Kind\nwarp coil,PART\n"}, "EntityList", "must start with the header Text,Type"),
        ({"entities.csv": "Text,Type\n,PART\n"}, "EntityList", "each Text holds 1 to 5,000 characters"),
        ({"entities.csv": "Text,Type\n"}, "EntityList", "has no entries"),
        ({"annotations.csv": _BAD_OFFSETS}, "Annotations", "offsets 10 to 500 are not a span"),
        ({"annotations.csv": _UNKNOWN_LINE}, "Annotations", "no document documents.txt line 99"),
        ({"annotations.csv": "File,Line,Begin,End,Type\n"}, "Annotations", "File,Line,Begin Offset,End Offset,Type"),
        ({"annotations.csv": annotations(documents()) + "documents.txt,1,a,4,PART\n"}, "Annotations", "whole numbers"),
        ({"annotations.csv": _TWO_DOCUMENTS}, "Annotations", "annotations mark entities in 2 document(s); at least 3"),
        ({"documents.txt": None}, "EntityList", "no object has that key or prefix"),
    ],
    ids=["few-matches", "small-corpus", "long-document", "not-utf8", "list-header", "empty-text", "empty-list",
         "offsets", "unknown-line", "annotations-header", "offset-not-a-number", "two-annotated-documents", "missing"],
)
def test_data_aws_would_not_train_from_ends_in_error_with_the_reason(s3: Any, comprehend: Any, objects: Any, source: str, expected: str) -> None:
    for key, body in objects.items():
        if body is None:
            s3.delete_object(Bucket="ner", Key=key)
        else:
            put(s3, key, body)
    uri = {"EntityList": "s3://ner/entities.csv", "Annotations": "s3://ner/annotations.csv"}[source]
    props = train(comprehend, **{source: {"S3Uri": uri}})
    assert props["Status"] == "IN_ERROR"
    assert expected in props["Message"]
    assert "RecognizerMetadata" not in props


def test_test_data_without_an_entity_type_ends_in_error(s3: Any, comprehend: Any) -> None:
    """Developer guide, "Annotations": the test data must include at least one annotation for each
    entity type of the request."""
    put(s3, "test.txt", "Only the warp coil is mentioned here.\n")
    props = train(comprehend, {**DOCS, "TestS3Uri": "s3://ner/test.txt"})
    assert props["Status"] == "IN_ERROR"
    assert "none for: PLACE" in props["Message"]


def test_augmented_manifests_are_not_simulated_and_end_in_error(s3: Any, comprehend: Any) -> None:
    manifests = [{"S3Uri": "s3://ner/manifest.json", "AttributeNames": ["ner"]}]
    arn = comprehend.create_entity_recognizer(
        RecognizerName="parts", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"DataFormat": "AUGMENTED_MANIFEST", "EntityTypes": TYPES, "AugmentedManifests": manifests},
    )["EntityRecognizerArn"]
    props = comprehend.describe_entity_recognizer(EntityRecognizerArn=arn)["EntityRecognizerProperties"]
    assert (props["Status"], "AUGMENTED_MANIFEST" in props["Message"]) == ("IN_ERROR", True)


def test_training_without_moto_ends_in_error_saying_how_to_provide_the_data(comprehend: Any) -> None:
    props = train(comprehend)
    assert props["Status"] == "IN_ERROR"
    assert "mock_aws" in props["Message"] and "put_object" in props["Message"]
