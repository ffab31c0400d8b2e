"""Training, prediction and evaluation metrics of Amazon ML models, deterministic and honest.

BINARY and MULTICLASS models are the calibrated Naive Bayes of Comprehend's classifiers
(mock_rtml.learning: a softmax over the labels, so the BINARY score is P("1")), learned from tokens of
the features: TEXT attributes give their words, CATEGORICAL and BINARY ones give "name=value", and
NUMERIC ones give "name:high" or "name:low" against the training median. REGRESSION fits least
squares on the NUMERIC and BINARY (0/1) attributes, filling a missing value with the training mean.

As the developer guide describes Predict, a record's attributes that the model does not know are
ignored, and a value that is not valid for its attribute's type is treated as missing.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Union

from ..learning import KeywordModel, from_keywords, train, words
from .least_squares import fit_linear
from .schema import Observation, Schema, SchemaError, binary_value, numeric_value

Features = Tuple[Tuple[str, str], ...]  # (name, type); empty: any attribute, read as TEXT


class NotFinite(ArithmeticError):
    """A prediction or metric that would not be a finite number; str() says why."""


@dataclass(frozen=True)
class Classifier:
    model_type: str  # BINARY or MULTICLASS
    keywords: KeywordModel
    features: Features
    cuts: Mapping[str, float]  # NUMERIC attribute -> training median

    def tokens(self, record: Mapping[str, str]) -> List[str]:
        if not self.features:  # the handle's keyword models: stop words are never keywords, so words() will do
            return words(" ".join(map(record.__getitem__, sorted(record))))
        tokens: List[str] = []
        for name, kind in self.features:
            raw = record.get(name)
            if raw is None:
                continue
            try:
                tokens.extend(_tokens(name, kind, raw, self.cuts))
            except ValueError:
                continue  # an invalid value is a missing one
        return tokens

    def scores(self, record: Mapping[str, str]) -> List[Tuple[str, float]]:
        """Every label with its probability, best first."""
        return self.keywords.classes(self.tokens(record))

    def positive(self, record: Mapping[str, str]) -> float:
        """BINARY: the probability of "1"."""
        return dict(self.scores(record)).get("1", 0.0)


@dataclass(frozen=True)
class Regressor:
    features: Tuple[str, ...]  # NUMERIC or BINARY attributes, in schema order
    kinds: Tuple[str, ...]
    coefficients: Tuple[float, ...]
    intercept: float
    means: Tuple[float, ...]

    def value(self, record: Mapping[str, str]) -> float:
        total = [self.intercept]
        for name, kind, weight, mean in zip(self.features, self.kinds, self.coefficients, self.means):
            raw = record.get(name)
            try:
                number = _number(kind, raw) if raw is not None else None
            except ValueError:
                number = None  # an invalid value is a missing one
            total.append(weight * (mean if number is None else number))
        try:
            value = math.fsum(total)
        except (OverflowError, ValueError):  # a sum past the largest float, or inf - inf
            value = math.inf
        if not math.isfinite(value):
            raise NotFinite("The record's values are too large: the predicted value is not a finite number")
        return value


Predictor = Union[Classifier, Regressor]


def _number(kind: str, raw: str) -> Optional[float]:
    if kind == "BINARY":
        value = binary_value(raw)
        return None if value is None else float(value)
    return numeric_value(raw)


def _tokens(name: str, kind: str, raw: str, cuts: Mapping[str, float]) -> List[str]:
    if kind == "TEXT":
        return words(raw)  # stop words are never features
    if kind == "NUMERIC":
        number = numeric_value(raw)
        if number is None or name not in cuts:
            return []
        return [f"{name}:high" if number > cuts[name] else f"{name}:low"]
    value = binary_value(raw) if kind == "BINARY" else raw.strip().lower()
    return [f"{name}={value}"] if value else []


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else ordered[middle - 1] / 2 + ordered[middle] / 2  # halves: no overflow


_TARGET_TYPE = {"BINARY": "BINARY", "MULTICLASS": "CATEGORICAL", "REGRESSION": "NUMERIC"}


def target_label(model_type: str, raw: str) -> Optional[str]:
    """The label (BINARY "0"/"1", MULTICLASS category) or the number as text; None when missing."""
    if model_type == "BINARY":
        return binary_value(raw)
    if model_type == "REGRESSION":
        number = numeric_value(raw)
        return None if number is None else repr(number)
    return raw.strip() or None


def labelled(schema: Schema, model_type: str, observations: Sequence[Observation]) -> List[Tuple[str, Mapping[str, str]]]:
    """(label, values) of the valid observations that carry the target."""
    if schema.target is None:
        raise SchemaError("The data schema has no targetAttributeName; a model needs one to learn from")
    kind = schema.type_of(schema.target)
    wanted = _TARGET_TYPE[model_type]
    if kind != wanted:
        raise SchemaError(
            f"A {model_type} model needs a {wanted} target attribute; '{schema.target}' is {kind}"
        )
    rows = []
    for observation in observations:
        if observation.values is None:
            continue
        label = target_label(model_type, observation.values[schema.target])
        if label is not None:
            rows.append((label, observation.values))
    if not rows:
        raise SchemaError("The data source has no valid observation with a value for the target attribute")
    return rows


def train_predictor(schema: Schema, model_type: str, observations: Sequence[Observation]) -> Predictor:
    rows = labelled(schema, model_type, observations)
    if model_type == "REGRESSION":
        return _train_regressor(schema, rows)
    labels = sorted({label for label, _ in rows})
    if len(labels) < 2:
        raise SchemaError(f"The target attribute '{schema.target}' has only one value ({labels[0]}); a classifier needs two or more")
    cuts: Dict[str, float] = {}
    for name, kind in schema.features:
        if kind == "NUMERIC":
            numbers = [n for _, values in rows if (n := numeric_value(values[name])) is not None]
            if numbers:
                cuts[name] = _median(numbers)
    shell = Classifier(model_type, from_keywords({}), schema.features, cuts)
    examples = [([label], shell.tokens(values)) for label, values in rows]
    return Classifier(model_type, train(examples), schema.features, cuts)


def _train_regressor(schema: Schema, rows: Sequence[Tuple[str, Mapping[str, str]]]) -> Regressor:
    columns = [(name, kind) for name, kind in schema.features if kind in ("NUMERIC", "BINARY")]
    raw = [[_number(kind, values[name]) for name, kind in columns] for _, values in rows]
    targets = [float(label) for label, _ in rows]
    try:
        means = []
        for j in range(len(columns)):
            present = [v for v in (r[j] for r in raw) if v is not None]
            means.append(math.fsum(present) / len(present) if present else 0.0)
        filled = [[means[j] if v is None else v for j, v in enumerate(r)] for r in raw]
        coefficients, intercept = fit_linear(filled, targets) if columns else ([], math.fsum(targets) / len(targets))
    except (OverflowError, ValueError):  # sums past the largest float (or inf - inf) on the way
        coefficients, intercept = [math.inf], math.inf
    if not all(map(math.isfinite, [*coefficients, intercept, *means])):
        raise SchemaError("The NUMERIC values are too large to fit a linear model: its coefficients would not be finite numbers")
    return Regressor(
        tuple(n for n, _ in columns), tuple(k for _, k in columns), tuple(coefficients), intercept, tuple(means)
    )


def keyword_classifier(model_type: str, labels: Mapping[str, Sequence[str]]) -> Classifier:
    """The handle's model: answers by keywords per label, reading every record attribute as text.

    Each keyword found adds 2 to its label's evidence. A BINARY model starts "1" at -1, so a record
    without keywords scores about 0.27 (label "0") and one "1" keyword about 0.73 (label "1").
    """
    model = from_keywords(labels)
    if model_type == "BINARY":
        model = KeywordModel(model.labels, [0.0, -1.0], {w: list(model.weights(w).values()) for w in model.words()})
    return Classifier(model_type, model, (), {})


def coefficient_regressor(coefficients: Mapping[str, float], intercept: float) -> Regressor:
    names = tuple(sorted(coefficients))
    return Regressor(
        names, tuple("NUMERIC" for _ in names), tuple(float(coefficients[n]) for n in names), float(intercept),
        tuple(0.0 for _ in names),
    )


# -- metrics ---------------------------------------------------------------------------------------
def binary_auc(truths: Sequence[str], scores: Sequence[float]) -> float:
    """Area under the ROC curve (Mann-Whitney U with ties counted half)."""
    ranked = sorted(zip(scores, truths), key=lambda pair: pair[0])
    positives = sum(1 for t in truths if t == "1")
    negatives = len(truths) - positives
    if positives == 0 or negatives == 0:
        raise SchemaError("BinaryAUC needs observations of both classes (0 and 1) in the evaluation data")
    rank_sum, index = 0.0, 0
    while index < len(ranked):
        end = index
        while end + 1 < len(ranked) and ranked[end + 1][0] == ranked[index][0]:
            end += 1
        average_rank = (index + end) / 2 + 1
        rank_sum += average_rank * sum(1 for _, t in ranked[index : end + 1] if t == "1")
        index = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def average_f1(truths: Sequence[str], predictions: Sequence[str]) -> float:
    """Macro-averaged F1 over the classes seen in the truths or the predictions."""
    classes = sorted(set(truths) | set(predictions))
    scores = []
    for label in classes:
        tp = sum(1 for t, p in zip(truths, predictions) if t == p == label)
        fp = sum(1 for t, p in zip(truths, predictions) if p == label != t)
        fn = sum(1 for t, p in zip(truths, predictions) if t == label != p)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return math.fsum(scores) / len(scores)


def rmse(truths: Sequence[float], predictions: Sequence[float]) -> float:
    """Root mean squared error, without squaring past the largest float (NotFinite if it is not)."""
    value = math.hypot(*(t - p for t, p in zip(truths, predictions))) / math.sqrt(len(truths))
    if not math.isfinite(value):
        raise NotFinite("The predictions are too far from the targets for a finite RMSE")
    return value
