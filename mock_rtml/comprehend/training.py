"""Training a document classifier from its CSV in moto's S3: examples, minimums, metrics."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Sequence, Tuple

from ..core.coexistence import DataUnavailable, read_objects
from ..learning import Example, KeywordModel, evaluate, is_held_out, tokenize, train

MIN_LABELS = 2
MIN_DOCUMENTS_PER_LABEL = 10


class TrainingFailed(Exception):
    """Training ends IN_ERROR; str() is the classifier's Message."""


@dataclass(frozen=True)
class Trained:
    model: KeywordModel
    metadata: Dict[str, Any]


def _examples(data: bytes, where: str, multi_label: bool, delimiter: str) -> List[Tuple[Sequence[str], str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TrainingFailed(f"{where} is not UTF-8 text") from None
    rows: List[Tuple[Sequence[str], str]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2 or not row[0].strip() or not ",".join(row[1:]).strip():
            raise TrainingFailed(f"{where} line {number} is not 'label,text': every line needs a label and a document")
        labels = [part.strip() for part in row[0].split(delimiter)] if multi_label else [row[0].strip()]
        if any(not label for label in labels):
            raise TrainingFailed(f"{where} line {number} has an empty label")
        rows.append((labels, ",".join(row[1:])))
    return rows


def _read(account_id: str, uri: str, multi_label: bool, delimiter: str) -> List[Tuple[Sequence[str], str]]:
    try:
        objects = read_objects(account_id, uri)
    except DataUnavailable as missing:
        raise TrainingFailed(str(missing)) from None
    rows = [row for key, data in objects for row in _examples(data, f"s3://{uri[5:].split('/')[0]}/{key}", multi_label, delimiter)]
    if not rows:
        raise TrainingFailed(f"the training data at {uri} holds no documents")
    return rows


def _check_minimums(rows: Sequence[Tuple[Sequence[str], str]]) -> None:
    counts: Dict[str, int] = {}
    for labels, _ in rows:
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
    if len(counts) < MIN_LABELS:
        raise TrainingFailed(f"the training data has {len(counts)} label(s); at least {MIN_LABELS} are required")
    few = sorted(label for label, n in counts.items() if n < MIN_DOCUMENTS_PER_LABEL)
    if few:
        raise TrainingFailed(
            f"every label needs at least {MIN_DOCUMENTS_PER_LABEL} documents; too few for: {', '.join(few)}"
        )


def _tokens(rows: Sequence[Tuple[Sequence[str], str]]) -> List[Example]:
    return [(labels, tokenize(text)) for labels, text in rows]


def train_classifier(account_id: str, input_config: Mapping[str, Any], mode: str) -> Trained:
    """Read, check and learn; raise TrainingFailed with the reason AWS would give."""
    if input_config.get("DataFormat", "COMPREHEND_CSV") != "COMPREHEND_CSV":
        raise TrainingFailed("mock_rtml trains only from COMPREHEND_CSV data; AUGMENTED_MANIFEST is not simulated")
    uri: str = input_config["S3Uri"]  # the backend refuses a COMPREHEND_CSV request without it
    multi_label = mode == "MULTI_LABEL"
    delimiter = input_config.get("LabelDelimiter") or "|"
    rows = _read(account_id, uri, multi_label, delimiter)
    _check_minimums(rows)
    test_uri = input_config.get("TestS3Uri")
    if test_uri:
        training, testing = rows, _read(account_id, test_uri, multi_label, delimiter)
    else:
        testing = [row for row in rows if is_held_out(row[1])]
        training = [row for row in rows if not is_held_out(row[1])]
    model = train(_tokens(training), multi_label=multi_label)
    metrics = evaluate(model, _tokens(testing), multi_label=multi_label)
    evaluation = {
        "Accuracy": metrics.accuracy,
        "Precision": metrics.precision,
        "Recall": metrics.recall,
        "F1Score": metrics.f1,
        "MicroPrecision": metrics.micro_precision,
        "MicroRecall": metrics.micro_recall,
        "MicroF1Score": metrics.micro_f1,
        "HammingLoss": metrics.hamming_loss if multi_label else 1 - metrics.accuracy,  # the wrong fraction
    }
    metadata = {
        "NumberOfLabels": len(model.labels),
        "NumberOfTrainedDocuments": len(training),
        "NumberOfTestDocuments": len(testing),
        "EvaluationMetrics": evaluation,
    }
    return Trained(model, metadata)
