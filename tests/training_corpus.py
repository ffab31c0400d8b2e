"""Deterministic labelled documents for training custom classifiers in tests (no randomness).

Each label has its own vocabulary; document i of a label takes five of its words, starting at
word i, plus two neutral words, so the documents are distinct and the same on every run.
"""
from __future__ import annotations

from typing import Dict, List, Mapping, Sequence, Tuple

import boto3

VOCABULARY: Mapping[str, Sequence[str]] = {
    "MARITIME": (
        "ship liner voyage iceberg harbour captain vessel ocean passengers steamer atlantic crew "
        "lifeboats wireless sailed"
    ).split(),
    "POLITICS": (
        "minister election parliament vote government party policy senate campaign president law "
        "debate cabinet reform candidate"
    ).split(),
    "SPORTS": (
        "match goal team season league coach scored players championship stadium cup referee striker "
        "tournament football"
    ).split(),
}
_NEUTRAL = ("report", "today", "people", "week", "news", "local", "morning")

# The seed's paragraph (AWS CLI example of ClassifyDocument).
TITANIC = (
    "From the Tuesday, April 16th, 1912 edition of The Guardian newspaper: The maiden voyage of the White "
    "Star liner Titanic, the largest ship ever launched ended in disaster. The Titanic started her trip "
    "from Southampton for New York on Wednesday. Late on Sunday night she struck an iceberg off the Grand "
    "Banks of Newfoundland. By wireless telegraphy she sent out signals of distress, and several liners "
    "were near enough to catch and respond to the call."
)

Row = Tuple[str, str]  # (label field, text)


def document(label: str, i: int, vocabulary: Mapping[str, Sequence[str]] = VOCABULARY) -> str:
    words = vocabulary[label]
    picked = [words[(i + 3 * j) % len(words)] for j in range(5)]
    return " ".join([*picked, _NEUTRAL[i % len(_NEUTRAL)], _NEUTRAL[(i + 2) % len(_NEUTRAL)]])


def multi_class_rows(per_label: int = 15, labels: Sequence[str] = tuple(VOCABULARY)) -> List[Row]:
    """per_label distinct documents for each label (at most 15), interleaved."""
    return [(label, document(label, i)) for i in range(per_label) for label in labels]


def multi_label_rows(per_label: int = 12, delimiter: str = "|") -> List[Row]:
    """Documents with one label, plus documents mixing two labels' words (both labels)."""
    rows = multi_class_rows(per_label)
    names = sorted(VOCABULARY)
    for i in range(per_label):
        first, second = names[i % 3], names[(i + 1) % 3]
        text = document(first, i) + " " + document(second, i + 7)
        rows.append((f"{first}{delimiter}{second}", text))
    return rows


def csv_text(rows: Sequence[Row]) -> str:
    """COMPREHEND_CSV: `label,text` per line, no header (texts hold no commas or quotes)."""
    return "".join(f"{label},{text}\n" for label, text in rows)


def label_counts(rows: Sequence[Row], delimiter: str = "|") -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for field, _ in rows:
        for label in field.split(delimiter):
            counts[label] = counts.get(label, 0) + 1
    return counts


def put_training_data(bucket: str, objects: Mapping[str, Sequence[Row]], region: str = "us-east-1") -> None:
    """Make the bucket in moto's S3 and put each key's rows there as COMPREHEND_CSV."""
    s3 = boto3.client("s3", region_name=region)
    s3.create_bucket(Bucket=bucket)
    for key, rows in objects.items():
        s3.put_object(Bucket=bucket, Key=key, Body=csv_text(rows).encode())
