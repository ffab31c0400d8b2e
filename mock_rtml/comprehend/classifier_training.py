"""Training a document classifier from its CSV in moto's S3: examples, minimums, metrics, and the
confusion matrix of its training output."""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Iterable, Iterator, List, Mapping, Sequence, Tuple

from ..core.coexistence import DataUnavailable, read_objects
from ..learning import Example, KeywordModel, train, words
from .trained_models import TrainingFailed, is_held_out

MIN_LABELS = 2
MIN_DOCUMENTS_PER_LABEL = 10


@dataclass(frozen=True)
class Trained:
    model: KeywordModel
    metadata: Dict[str, Any]
    confusion_matrix: Dict[str, Any]  # confusion_matrix.json of the training output


Row = Tuple[List[str], str]  # (labels, text)


def _rows(data: bytes, where: str, multi_label: bool, delimiter: str) -> Iterator[Row]:
    # Decoded as it is read (a StringIO of the whole file would take 4 bytes a character).
    lines = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        for number, row in enumerate(csv.reader(lines), 1):
            label = row[0].strip() if row else ""
            text = row[1] if len(row) == 2 else ",".join(row[1:])
            if not label or not text or text.isspace():
                if not "".join(row).strip():
                    continue  # a blank line
                raise TrainingFailed(f"{where} line {number} is not 'label,text': every line needs a label and a document")
            labels = [part.strip() for part in label.split(delimiter)] if multi_label else [label]
            if multi_label and not all(labels):
                raise TrainingFailed(f"{where} line {number} has an empty label")
            yield labels, text
    except UnicodeDecodeError:
        raise TrainingFailed(f"{where} is not UTF-8 text") from None


def _read(account_id: str, uri: str, multi_label: bool, delimiter: str) -> Iterator[Row]:
    """The documents of every object at uri, one at a time (the data is read as it is learned from)."""
    try:
        objects = read_objects(account_id, uri)
    except DataUnavailable as missing:
        raise TrainingFailed(str(missing)) from None
    bucket = uri[5:].split("/")[0]
    for key, data in objects:
        yield from _rows(data, f"s3://{bucket}/{key}", multi_label, delimiter)


def _check_minimums(counts: Mapping[str, int], uri: str) -> None:
    if not counts:
        raise TrainingFailed(f"the training data at {uri} holds no documents")
    if len(counts) < MIN_LABELS:
        raise TrainingFailed(f"the training data has {len(counts)} label(s); at least {MIN_LABELS} are required")
    few = sorted(label for label, n in counts.items() if n < MIN_DOCUMENTS_PER_LABEL)
    if few:
        raise TrainingFailed(
            f"every label needs at least {MIN_DOCUMENTS_PER_LABEL} documents; too few for: {', '.join(few)}"
        )


def train_classifier(account_id: str, input_config: Mapping[str, Any], mode: str) -> Trained:
    """Read, learn and check in one pass; raise TrainingFailed with the reason AWS would give.

    Without TestS3Uri a tenth of the documents (by a hash of each and its position) is the test set, as on AWS;
    ClassifierMetadata holds the metrics measured on it.
    """
    if input_config.get("DataFormat", "COMPREHEND_CSV") != "COMPREHEND_CSV":
        raise TrainingFailed("mock_rtml trains only from COMPREHEND_CSV data; AUGMENTED_MANIFEST is not simulated")
    uri: str = input_config["S3Uri"]  # the backend refuses a COMPREHEND_CSV request without it
    multi_label = mode == "MULTI_LABEL"
    delimiter = input_config.get("LabelDelimiter") or "|"
    test_uri = input_config.get("TestS3Uri")
    counts: Dict[str, int] = {}  # documents per label
    testing: List[Row] = []
    trained = 0

    def training() -> Iterator[Example]:
        nonlocal trained
        for position, (labels, text) in enumerate(_read(account_id, uri, multi_label, delimiter)):
            for label in labels:
                counts[label] = counts.get(label, 0) + 1
            if not test_uri and is_held_out(text, position):
                testing.append((labels, text))
            else:
                trained += 1
                yield labels, words(text)

    model = train(training(), multi_label=multi_label)
    _check_minimums(counts, uri)
    if test_uri:
        testing = list(_read(account_id, test_uri, multi_label, delimiter))
    judged = predict(model, ((labels, words(text)) for labels, text in testing), multi_label)
    metrics = evaluate(model, judged, multi_label=multi_label)
    metadata = {
        "NumberOfLabels": len(model.labels),
        "NumberOfTrainedDocuments": trained,
        "NumberOfTestDocuments": len(testing),
        "EvaluationMetrics": {
            "Accuracy": metrics.accuracy,
            "Precision": metrics.precision,
            "Recall": metrics.recall,
            "F1Score": metrics.f1,
            "MicroPrecision": metrics.micro_precision,
            "MicroRecall": metrics.micro_recall,
            "MicroF1Score": metrics.micro_f1,
            "HammingLoss": metrics.hamming_loss,
        },
    }
    return Trained(model, metadata, confusion_matrix(model.labels, judged, multi_label))


# -- metrics on the test split ----------------------------------------------------------------------
@dataclass(frozen=True)
class Metrics:
    accuracy: float
    precision: float
    recall: float
    f1: float
    micro_precision: float
    micro_recall: float
    micro_f1: float
    hamming_loss: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


Judged = Tuple[FrozenSet[str], FrozenSet[str]]  # a test document's labels, and the labels predicted for it


def predict(model: KeywordModel, examples: Iterable[Example], multi_label: bool) -> List[Judged]:
    """What the model predicts for each test example: a multi-label model the labels scoring 0.5 or
    more, a multi-class one its best label."""
    judged = []
    for labels, tokens in examples:
        if multi_label:
            predicted = frozenset(label for label, score in model.label_scores(tokens) if score >= 0.5)
        else:
            predicted = frozenset((model.classes(tokens)[0][0],))
        judged.append((frozenset(labels), predicted))
    return judged


def evaluate(model: KeywordModel, judged: Sequence[Judged], multi_label: bool = False) -> Metrics:
    """The metrics of Comprehend's developer guide ("Custom classifier metrics") of the predictions for the test documents.

    Accuracy is the share of the documents' labels that were predicted; precision, recall and F1 are
    macro averages over the labels, the micro ones pool every decision; Hamming loss is the share of
    wrong decisions: of (document, label) pairs for several labels per document, of documents for one.
    """
    tp = dict.fromkeys(model.labels, 0)
    fp, fn = dict(tp), dict(tp)
    documents = found = given = wrong = 0
    for truth, predicted in judged:
        wrong += len(predicted ^ truth) if multi_label else predicted != truth
        documents += 1
        found += len(predicted & truth)
        given += len(truth)
        for label in model.labels:
            tp[label] += label in predicted and label in truth
            fp[label] += label in predicted and label not in truth
            fn[label] += label not in predicted and label in truth
    if documents == 0:
        return Metrics(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    precisions = [_ratio(tp[n], tp[n] + fp[n]) for n in model.labels]
    recalls = [_ratio(tp[n], tp[n] + fn[n]) for n in model.labels]
    precision, recall = math.fsum(precisions) / len(precisions), math.fsum(recalls) / len(recalls)
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p, micro_r = _ratio(all_tp, all_tp + all_fp), _ratio(all_tp, all_tp + all_fn)
    return Metrics(
        accuracy=_ratio(found, given),
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_f1=_f1(micro_p, micro_r),
        hamming_loss=wrong / (documents * len(model.labels)) if multi_label else wrong / documents,
    )


def confusion_matrix(known: Sequence[str], judged: Sequence[Judged], multi_label: bool) -> Dict[str, Any]:
    """confusion_matrix.json as the developer guide's "Classifier training output" shows it: "type",
    "confusion_matrix", "labels", "all_labels". "labels" (our reading: the page's examples have them
    equal) are the labels the test documents have or were predicted, by name: the matrix's rows and
    columns; "all_labels" every label of the classifier and of its test data, by name. Rows are the
    actual labels, columns the predicted ones. MULTI_CLASS: one row per label, `[actual][predicted]`
    counts of documents. MULTI_LABEL: one 2x2 matrix per label, `[[TN, FP], [FN, TP]]` (rows: whether
    a document has the label, columns: whether it was predicted).
    """
    labels = sorted({label for truth, predicted in judged for label in truth | predicted})
    matrix: List[Any]
    if multi_label:
        cells = {label: [[0, 0], [0, 0]] for label in labels}
        for truth, predicted in judged:
            for label in truth | predicted:
                cells[label][label in truth][label in predicted] += 1
        for label in labels:  # a document neither has nor got the label: a true negative
            cells[label][0][0] = len(judged) - sum(map(sum, cells[label]))
        matrix = [cells[label] for label in labels]
    else:
        row = {label: i for i, label in enumerate(labels)}
        matrix = [[0] * len(labels) for _ in labels]
        for truth, predicted in judged:
            for actual in truth:
                for guess in predicted:
                    matrix[row[actual]][row[guess]] += 1
    return {
        "type": "multi_label" if multi_label else "multi_class",
        "confusion_matrix": matrix,
        "labels": labels,
        "all_labels": sorted({*known, *labels}),
    }
