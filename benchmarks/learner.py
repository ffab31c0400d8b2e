"""How well mock_rtml's classifiers learn, on a public news corpus; prints each number against its target.

    python benchmarks/learner.py [--rows 100000]

Everything goes through the API a user calls: the corpus (benchmarks/corpus/, AG's news topics as
shipped with an AWS sample) is put into moto's S3, CreateDocumentClassifier trains on the 2,000
training documents with the 950 test documents as TestS3Uri, and ClassifyDocument answers each test
document through an endpoint. Printed:
- held-out MULTI_CLASS accuracy, and that of a plain multinomial Naive Bayes (words, add-one
  smoothing, no calibration) trained and tested on the same split in this script;
- MULTI_LABEL (same documents, one label each): the share of documents whose true label scores 0.5 or
  more, and the share of (document, other label) pairs that do;
- the calibration gap: mean top MULTI_CLASS score minus accuracy;
- ClassifierMetadata as Describe reports it (measured by mock_rtml on the test split);
- training time of CreateDocumentClassifier on --rows rows of about 100 characters (snippets of the
  corpus, made deterministically), in CPU seconds of this process (and wall seconds), and the peak
  of memory allocated meanwhile (tracemalloc) against the CSV's size.
The numbers are mock_rtml's, not Amazon Comprehend's.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import os
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

from mock_rtml import mock_rtml  # noqa: E402
from mock_rtml.learning import words  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/comprehend-data"
Row = Tuple[str, str]


def load(name: str) -> List[Row]:
    with gzip.open(CORPUS / name, "rt", encoding="utf-8", newline="") as f:
        return [(label, text) for label, text in csv.reader(f)]


def csv_bytes(rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def snippets(rows: Sequence[Row], count: int, size: int = 100) -> List[Row]:
    """`count` rows of about `size` characters: row i is a window of document i mod n, shifted by i // n."""
    out = []
    for i in range(count):
        label, text = rows[i % len(rows)]
        start = (i // len(rows) * 37) % max(1, len(text) - size)
        out.append((label, text[start:start + size]))
    return out


def baseline_accuracy(train: Sequence[Row], test: Sequence[Row]) -> float:
    """Plain multinomial Naive Bayes: every word (stop words too), add-one smoothing, log priors."""
    counts: Dict[str, Counter[str]] = {}
    documents: Counter[str] = Counter()
    for label, text in train:
        counts.setdefault(label, Counter()).update(words(text))
        documents[label] += 1
    labels = sorted(counts)
    vocabulary = set().union(*counts.values())
    denominator = {label: math.log(sum(counts[label].values()) + len(vocabulary)) for label in labels}
    right = 0
    for label, text in test:
        tokens = [t for t in words(text) if t in vocabulary]
        score = {
            k: math.log(documents[k] / len(train)) + math.fsum(math.log(counts[k][t] + 1) - denominator[k] for t in tokens)
            for k in labels
        }
        right += max(labels, key=lambda k: (score[k], k)) == label
    return right / len(test)


def train_through_the_api(s3: Any, comprehend: Any, name: str, mode: str, train_uri: str, test_uri: str = "") -> Tuple[str, float, float]:
    """(ARN, wall seconds, CPU seconds of this process) of one CreateDocumentClassifier."""
    config = {"S3Uri": train_uri, **({"TestS3Uri": test_uri} if test_uri else {})}
    wall, cpu = time.perf_counter(), time.process_time()
    arn = comprehend.create_document_classifier(
        DocumentClassifierName=name, Mode=mode, DataAccessRoleArn=ROLE, InputDataConfig=config, LanguageCode="en"
    )["DocumentClassifierArn"]
    return arn, time.perf_counter() - wall, time.process_time() - cpu


def check(name: str, value: float, target: str, ok: bool) -> None:
    print(f"{name:44s} {value:8.4f}  (target {target})  {'ok' if ok else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    train, test = load("ag_news_train.csv.gz"), load("ag_news_test.csv.gz")
    big = csv_bytes(snippets(train, args.rows))

    with mock_aws(), mock_rtml():
        s3 = boto3.client("s3", region_name=REGION)
        comprehend = boto3.client("comprehend", region_name=REGION)
        s3.create_bucket(Bucket="corpus")
        s3.put_object(Bucket="corpus", Key="train.csv", Body=csv_bytes(train))
        s3.put_object(Bucket="corpus", Key="test.csv", Body=csv_bytes(test))
        s3.put_object(Bucket="corpus", Key="big.csv", Body=big)
        answers: Dict[str, List[Dict[str, float]]] = {}
        for mode in ("MULTI_CLASS", "MULTI_LABEL"):
            name = mode.lower().replace("_", "-")
            arn, _, _ = train_through_the_api(s3, comprehend, name, mode, "s3://corpus/train.csv", "s3://corpus/test.csv")
            props = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]
            print(f"{mode} ClassifierMetadata: {props['ClassifierMetadata']}")
            endpoint = comprehend.create_endpoint(EndpointName=name, ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
            key = "Classes" if mode == "MULTI_CLASS" else "Labels"
            answers[mode] = [
                {c["Name"]: c["Score"] for c in comprehend.classify_document(EndpointArn=endpoint, Text=text)[key]}
                for _, text in test
            ]
        _, wall, cpu = train_through_the_api(s3, comprehend, "big", "MULTI_CLASS", "s3://corpus/big.csv")
        tracemalloc.start()
        train_through_the_api(s3, comprehend, "big-memory", "MULTI_CLASS", "s3://corpus/big.csv")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    truths = [label for label, _ in test]
    multi_class = answers["MULTI_CLASS"]
    accuracy = sum(max(a, key=lambda k: (a[k], k)) == t for a, t in zip(multi_class, truths)) / len(test)
    baseline = baseline_accuracy(train, test)
    mean_top = math.fsum(max(a.values()) for a in multi_class) / len(test)
    multi_label = answers["MULTI_LABEL"]
    recall = sum(a[t] >= 0.5 for a, t in zip(multi_label, truths)) / len(test)
    others = [score for a, t in zip(multi_label, truths) for k, score in a.items() if k != t]
    false_positives = sum(score >= 0.5 for score in others) / len(others)

    print(f"corpus: {len(train)} training and {len(test)} test documents, 4 labels; {args.rows} rows of "
          f"about 100 characters = {len(big) / 1e6:.1f} MB of CSV for the training time")
    check("MULTI_CLASS held-out accuracy", accuracy, ">= 0.85 and >= baseline", accuracy >= 0.85 and accuracy >= baseline)
    check("  multinomial Naive Bayes baseline, same split", baseline, "reference", True)
    check("MULTI_LABEL true label scores >= 0.5", recall, ">= 0.75", recall >= 0.75)
    check("MULTI_LABEL unrelated labels scoring >= 0.5", false_positives, "<= 0.05", false_positives <= 0.05)
    check("calibration gap: mean top score - accuracy", mean_top - accuracy, "within +-0.15", abs(mean_top - accuracy) <= 0.15)
    # CPU time: the work itself, whatever else the (shared) machine runs meanwhile; wall time beside it.
    check(f"training time, {args.rows} rows (CPU s; wall {wall:.2f} s)", cpu, "< 2 s", cpu < 2.0)
    check("peak memory while training / CSV size", peak / len(big), "< 5", peak / len(big) < 5)


if __name__ == "__main__":
    main()
