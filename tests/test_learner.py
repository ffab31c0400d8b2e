"""How classifiers learn from their training data and score text: calibrated, explainable, measured honestly.

A trained classifier is a calibrated multinomial Naive Bayes (README, "The models"); the handle's
hand-given keywords are the same kind of model with the weights given. Everything is observed
through the API: ClassifierMetadata, and ClassifyDocument on documents the classifier never saw.
"""
from __future__ import annotations

import math
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import boto3
import pytest
from moto import mock_aws
from training_corpus import Row, csv_text, overlapping_rows

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/comprehend-data"
Answer = Dict[str, float]


@pytest.fixture
def clients(rtml: Any) -> Iterator[Tuple[Any, Any]]:
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="corpus")
        yield s3, boto3.client("comprehend", region_name=REGION)


def trained(clients: Tuple[Any, Any], mode: str, train: Sequence[Row], test: Sequence[Row]) -> Tuple[Any, List[Answer]]:
    """Train through CreateDocumentClassifier (test: TestS3Uri); (ClassifierMetadata, answers to the test texts)."""
    s3, comprehend = clients
    s3.put_object(Bucket="corpus", Key="train.csv", Body=csv_text(train).encode())
    s3.put_object(Bucket="corpus", Key="test.csv", Body=csv_text(test).encode())
    arn = comprehend.create_document_classifier(
        DocumentClassifierName="news", Mode=mode, DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"S3Uri": "s3://corpus/train.csv", "TestS3Uri": "s3://corpus/test.csv"},
    )["DocumentClassifierArn"]
    metadata = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]["ClassifierMetadata"]
    endpoint = comprehend.create_endpoint(EndpointName="news", ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
    key = "Labels" if mode == "MULTI_LABEL" else "Classes"
    answers = [{c["Name"]: c["Score"] for c in comprehend.classify_document(EndpointArn=endpoint, Text=text)[key]} for _, text in test]
    return metadata, answers


def two_topic_rows(count: int) -> List[Row]:
    """Documents about two topics at once, labelled with both ("A|B")."""
    singles = overlapping_rows(count, offset=300)
    return [(f"{a[0]}|{b[0]}", f"{a[1]} {b[1]}") for a, b in zip(singles, singles[1:] + singles[:1]) if a[0] != b[0]]


def metrics(truths: Sequence[set], predictions: Sequence[set], labels: Sequence[str], multi_label: bool) -> Dict[str, float]:
    """The definitions of the developer guide's "Custom classifier metrics", computed here from the answers."""
    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    tp = {n: sum(n in t and n in p for t, p in zip(truths, predictions)) for n in labels}
    fp = {n: sum(n not in t and n in p for t, p in zip(truths, predictions)) for n in labels}
    fn = {n: sum(n in t and n not in p for t, p in zip(truths, predictions)) for n in labels}
    precision = sum(ratio(tp[n], tp[n] + fp[n]) for n in labels) / len(labels)
    recall = sum(ratio(tp[n], tp[n] + fn[n]) for n in labels) / len(labels)
    micro_p = ratio(sum(tp.values()), sum(tp.values()) + sum(fp.values()))
    micro_r = ratio(sum(tp.values()), sum(tp.values()) + sum(fn.values()))
    wrong = sum(len(t ^ p) for t, p in zip(truths, predictions)) if multi_label else sum(t != p for t, p in zip(truths, predictions))
    return {
        "Accuracy": ratio(sum(len(t & p) for t, p in zip(truths, predictions)), sum(len(t) for t in truths)),
        "Precision": precision, "Recall": recall, "F1Score": f1(precision, recall),
        "MicroPrecision": micro_p, "MicroRecall": micro_r, "MicroF1Score": f1(micro_p, micro_r),
        "HammingLoss": wrong / (len(truths) * (len(labels) if multi_label else 1)),
    }


def predicted(answer: Answer, multi_label: bool) -> set:
    if multi_label:
        return {name for name, score in answer.items() if score >= 0.5}
    return {max(answer, key=lambda name: (answer[name], name))}


# -- learning ------------------------------------------------------------------------------------
def test_a_classifier_trained_on_overlapping_topics_classifies_unseen_documents(clients: Any) -> None:
    """A small accuracy check (the benchmark measures a real corpus): every document shares most of
    its words with the other topics and carries one word of another topic."""
    test = overlapping_rows(15, offset=1000)
    metadata, answers = trained(clients, "MULTI_CLASS", overlapping_rows(40), test)
    right = [predicted(a, False) == {label} for a, (label, _) in zip(answers, test)]
    assert sum(right) / len(test) >= 0.9
    assert metadata["EvaluationMetrics"]["Accuracy"] == sum(right) / len(test)


@pytest.mark.parametrize("mode", ["MULTI_CLASS", "MULTI_LABEL"])
def test_classifier_metadata_holds_the_metrics_measured_on_the_test_documents(clients: Any, mode: str) -> None:
    """Accuracy is the share of the test documents' labels predicted; Precision, Recall and F1Score
    are macro averages over the labels; the Micro ones pool every decision; HammingLoss is the share
    of wrong label decisions. One label per document: a wrong document is one wrong decision, so
    HammingLoss = 1 - Accuracy, as in AWS's example (Accuracy 0.9856, HammingLoss 0.0144)."""
    multi_label = mode == "MULTI_LABEL"
    train, test = overlapping_rows(30), overlapping_rows(8, offset=2000)
    if multi_label:
        train, test = train + two_topic_rows(12), test + two_topic_rows(4)
    metadata, answers = trained(clients, mode, train, test)
    truths = [set(label.split("|")) for label, _ in test]
    expected = metrics(truths, [predicted(a, multi_label) for a in answers], sorted(answers[0]), multi_label)
    assert metadata["NumberOfTestDocuments"] == len(test)
    assert metadata["EvaluationMetrics"] == pytest.approx(expected, abs=1e-12)
    if not multi_label:
        assert metadata["EvaluationMetrics"]["HammingLoss"] == pytest.approx(1 - metadata["EvaluationMetrics"]["Accuracy"])


# -- calibration ---------------------------------------------------------------------------------
def test_multi_class_scores_are_a_softmax_whose_confidence_tracks_accuracy(clients: Any) -> None:
    """Scores are probabilities: every answer sums to 1, and on unseen documents the mean top score
    is within 0.15 of the share of right answers (temperature scaling on held-back documents)."""
    test = overlapping_rows(15, offset=3000)
    _, answers = trained(clients, "MULTI_CLASS", overlapping_rows(40), test)
    assert all(abs(math.fsum(a.values()) - 1.0) < 1e-12 for a in answers)
    accuracy = sum(predicted(a, False) == {label} for a, (label, _) in zip(answers, test)) / len(test)
    mean_top = math.fsum(max(a.values()) for a in answers) / len(answers)
    assert abs(mean_top - accuracy) <= 0.15


def test_multi_label_scores_are_an_independent_probability_per_label(clients: Any) -> None:
    """A document about two topics gets both labels at 0.5 or more, so the scores sum to more than 1;
    a document about one topic gets that label only."""
    both, one = two_topic_rows(2)[0], overlapping_rows(1, offset=4000)[0]
    _, answers = trained(clients, "MULTI_LABEL", overlapping_rows(30) + two_topic_rows(12), [both, one])
    assert predicted(answers[0], True) == set(both[0].split("|"))
    assert math.fsum(answers[0].values()) > 1.0
    assert predicted(answers[1], True) == {one[0]}
    assert all(0.0 < s < 1.0 for a in answers for s in a.values())


# -- the handle's keywords -----------------------------------------------------------------------
KEYWORDS = {"SPORTS": ["goal", "match", "team"], "WEATHER": ["rain", "storm"], "POLITICS": ["vote"]}


def keyword_classifier(rtml: Any, mode: str) -> Any:
    """A function text -> {label: score} of an endpoint of the handle's keyword classifier."""
    comprehend = boto3.client("comprehend", region_name=REGION)
    endpoint = rtml.add_endpoint("news-ep", rtml.add_document_classifier("news", KEYWORDS, mode))
    key = "Labels" if mode == "MULTI_LABEL" else "Classes"
    return lambda text: {c["Name"]: c["Score"] for c in comprehend.classify_document(EndpointArn=endpoint, Text=text)[key]}


@pytest.mark.parametrize("mode", ["MULTI_CLASS", "MULTI_LABEL"])
def test_each_further_keyword_of_a_label_raises_its_score(rtml: Any, mode: str) -> None:
    classify = keyword_classifier(rtml, mode)
    texts = ["a quiet day", "a goal", "a goal in the match", "a goal in the match of the team"]
    answers = [classify(text)["SPORTS"] for text in texts]
    assert answers == sorted(answers) and len(set(answers)) == len(answers)


def test_a_multi_label_keywords_label_does_not_depend_on_other_labels_keywords(rtml: Any) -> None:
    """One keyword makes a label likely (0.73) whatever else the text holds; none leaves it unlikely (0.27)."""
    classify = keyword_classifier(rtml, "MULTI_LABEL")
    alone, with_rain = classify("a goal"), classify("a goal in the rain")
    assert alone["SPORTS"] == with_rain["SPORTS"] == pytest.approx(1 / (1 + math.exp(-1)))
    assert alone["WEATHER"] == alone["POLITICS"] == pytest.approx(1 / (1 + math.exp(1)))
