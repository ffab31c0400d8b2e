"""A deterministic keyword learner shared by both services: pure functions, no AWS types.

Training keeps, per label, the tokens whose smoothed log-likelihood ratio for that label is highest
(its keywords). Scoring adds the label's log prior and the weights of the keywords found in the text,
then a softmax (one label per document) or a logistic per label (several labels per document).
Everything is ordered explicitly, so the same input gives the same floats in every process.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter, sub, truediv
from typing import Dict, Iterable, List, Mapping, Sequence, Tuple

KEYWORDS_PER_LABEL = 25
_WORD = re.compile(r"\w+")  # with "_" made a space first: runs of letters and digits (faster than [^\W_]+)
# The same rule for ASCII text, in two C calls: letters and digits lower-cased, anything else a space.
_ASCII_WORDS = str.maketrans({c: c.lower() if c.isalnum() else " " for c in map(chr, range(128))})
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have he her his i in is it its of on or our she that the their "
    "them they this to was we were will with you your".split()
)

Example = Tuple[Sequence[str], Sequence[str]]  # (labels, tokens)


def words(text: str) -> List[str]:
    """Lower-cased word tokens, stop words kept: enough for scoring, where a stop word is never a keyword."""
    if text.isascii():
        return text.translate(_ASCII_WORDS).split()
    return _WORD.findall(text.lower().replace("_", " "))


def tokenize(text: str) -> List[str]:
    """Lower-cased word tokens without stop words: ``tokenize("The Goal!") == ["goal"]``."""
    return [t for t in words(text) if t not in _STOPWORDS]


@dataclass(frozen=True)
class KeywordModel:
    labels: Tuple[str, ...]  # sorted by name
    priors: Mapping[str, float]  # label -> log prior
    keywords: Mapping[str, Mapping[str, float]]  # label -> keyword -> weight
    # keyword -> ((label position, weight), ...): one lookup per token when scoring
    _index: Mapping[str, Tuple[Tuple[int, float], ...]] = field(init=False, repr=False, compare=False)
    _prior_values: Tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if list(self.labels) != sorted(self.labels):
            raise ValueError("labels must be sorted by name")  # ties in the ranking keep name order
        index: Dict[str, List[Tuple[int, float]]] = {}
        for position, label in enumerate(self.labels):
            for keyword, weight in sorted(self.keywords[label].items()):
                index.setdefault(keyword, []).append((position, weight))
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})
        object.__setattr__(self, "_prior_values", tuple(self.priors[label] for label in self.labels))

    def _evidence(self, tokens: Sequence[str]) -> List[float]:
        """label -> log prior + square root of the weights of the keywords present (once per occurrence).

        The square root keeps confidence realistic: one keyword leans, many keywords convince, and
        scores approach but do not reach 1. (Scoring runs on every request: plain loops and C calls.)
        """
        index = self._index
        evidence = list(self._prior_values)
        terms: Dict[int, List[float]] = {}
        for token in tokens:
            entries = index.get(token)
            if entries is not None:
                for position, weight in entries:
                    found = terms.get(position)
                    if found is None:
                        terms[position] = [weight]
                    else:
                        found.append(weight)
        # fsum is exactly rounded, so the order of the terms cannot change the result.
        for position, found in terms.items():
            evidence[position] += math.sqrt(math.fsum(found))
        return evidence

    def classes(self, tokens: Sequence[str]) -> List[Tuple[str, float]]:
        """Every label with a softmax score (summing to 1), best first, ties by label name."""
        evidence = self._evidence(tokens)
        weights = list(map(math.exp, map(sub, evidence, repeat(max(evidence)))))  # exp(e - top)
        scores = map(truediv, weights, repeat(math.fsum(weights)))
        return sorted(zip(self.labels, scores), key=_SCORE, reverse=True)

    def label_scores(self, tokens: Sequence[str]) -> List[Tuple[str, float]]:
        """Every label with an independent probability in (0, 1), best first."""
        evidence = self._evidence(tokens)
        scores = [1.0 / (1.0 + math.exp(-max(min(e, 50.0), -50.0))) for e in evidence]
        return sorted(zip(self.labels, scores), key=_SCORE, reverse=True)


# (label, score) pairs sort best first with this key and reverse=True; the sort is stable and
# labels come sorted by name, so ties go by name.
_SCORE = itemgetter(1)


def from_keywords(labels: Mapping[str, Sequence[str]], weight: float = 4.0, multi_label: bool = False) -> KeywordModel:
    """A model that answers by the given keywords: each occurrence adds `weight` to its label."""
    names = tuple(sorted(labels))
    prior = -math.sqrt(weight) / 2 if multi_label else 0.0  # multi-label: one keyword -> above 0.5, none -> below
    keywords = {name: {t: weight for k in labels[name] for t in tokenize(k)} for name in names}
    return KeywordModel(names, {name: prior for name in names}, keywords)


def train(examples: Sequence[Example], multi_label: bool = False, per_label: int = KEYWORDS_PER_LABEL) -> KeywordModel:
    """Learn keywords per label from (labels, tokens) examples."""
    names = tuple(sorted({label for labels, _ in examples for label in labels}))
    docs = len(examples)
    in_label: Dict[str, Dict[str, int]] = {n: {} for n in names}  # label -> token -> documents
    label_docs: Dict[str, int] = {n: 0 for n in names}
    everywhere: Dict[str, int] = {}
    for labels, tokens in examples:
        seen = sorted(set(tokens))
        for token in seen:
            everywhere[token] = everywhere.get(token, 0) + 1
        for label in set(labels):
            label_docs[label] += 1
            bucket = in_label[label]
            for token in seen:
                bucket[token] = bucket.get(token, 0) + 1
    keywords: Dict[str, Dict[str, float]] = {}
    priors: Dict[str, float] = {}
    for label in names:
        inside, outside = label_docs[label], docs - label_docs[label]
        weights = {}
        for token, count in in_label[label].items():
            p_in = (count + 0.5) / (inside + 1.0)
            p_out = (everywhere[token] - count + 0.5) / (outside + 1.0)
            weight = math.log(p_in / p_out)
            if weight > 0:
                weights[token] = weight
        best = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:per_label]
        keywords[label] = dict(best)
        share = (inside + 0.5) / (docs + 1.0)
        priors[label] = math.log(share / (1.0 - share)) if multi_label else math.log(share)
    return KeywordModel(names, priors, keywords)


def is_held_out(text: str, percent: int = 10) -> bool:
    """The deterministic test split: a document is held out by a hash of its text."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % 100 < percent


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


def evaluate(model: KeywordModel, examples: Iterable[Example], multi_label: bool = False) -> Metrics:
    """Accuracy, macro and micro precision/recall/F1 and Hamming loss of a model on examples."""
    tp = {n: 0 for n in model.labels}
    fp = dict(tp)
    fn = dict(tp)
    exact = total = wrong_assignments = 0
    for labels, tokens in examples:
        truth = set(labels)
        if multi_label:
            predicted = {label for label, score in model.label_scores(tokens) if score >= 0.5}
        else:
            predicted = {model.classes(tokens)[0][0]}
        total += 1
        exact += predicted == truth
        wrong_assignments += len(predicted ^ truth)
        for label in model.labels:
            tp[label] += label in predicted and label in truth
            fp[label] += label in predicted and label not in truth
            fn[label] += label not in predicted and label in truth
    if total == 0:
        return Metrics(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    precisions = [tp[n] / (tp[n] + fp[n]) if tp[n] + fp[n] else 0.0 for n in model.labels]
    recalls = [tp[n] / (tp[n] + fn[n]) if tp[n] + fn[n] else 0.0 for n in model.labels]
    precision, recall = math.fsum(precisions) / len(precisions), math.fsum(recalls) / len(recalls)
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = all_tp / (all_tp + all_fp) if all_tp + all_fp else 0.0
    micro_r = all_tp / (all_tp + all_fn) if all_tp + all_fn else 0.0
    return Metrics(
        accuracy=exact / total,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_f1=_f1(micro_p, micro_r),
        hamming_loss=wrong_assignments / (total * len(model.labels)),
    )


def fit_linear(rows: Sequence[Sequence[float]], targets: Sequence[float], ridge: float = 1e-9) -> Tuple[List[float], float]:
    """Least squares: (coefficients, intercept) that minimise the squared error of ``rows @ c + i``.

    Solves the normal equations of the centred data by Gaussian elimination with partial pivoting.
    A tiny ridge (relative to the largest variance) keeps constant or collinear columns solvable;
    such columns get a coefficient near 0. ``fit_linear([[1.0], [2.0]], [3.0, 5.0])`` is about ``([2.0], 1.0)``.
    """
    count = len(rows)
    if count == 0 or count != len(targets):
        raise ValueError("fit_linear needs as many rows as targets, and at least one")
    width = len(rows[0])
    x_mean = [math.fsum(row[j] for row in rows) / count for j in range(width)]
    y_mean = math.fsum(targets) / count
    centred = [[row[j] - x_mean[j] for j in range(width)] for row in rows]
    gram = [[math.fsum(r[i] * r[j] for r in centred) for j in range(width)] for i in range(width)]
    moment = [math.fsum(r[i] * (t - y_mean) for r, t in zip(centred, targets)) for i in range(width)]
    scale = max([gram[i][i] for i in range(width)] + [1.0])
    for i in range(width):
        gram[i][i] += ridge * scale
    coefficients = _solve(gram, moment)
    intercept = y_mean - math.fsum(c * m for c, m in zip(coefficients, x_mean))
    return coefficients, intercept


def _solve(matrix: List[List[float]], vector: List[float]) -> List[float]:
    """x with matrix @ x == vector (Gaussian elimination, partial pivoting; first row wins ties)."""
    size = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: (abs(a[r][col]), -r))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-300:
            continue
        for row in range(col + 1, size):
            factor = a[row][col] / a[col][col]
            if factor:
                for k in range(col, size + 1):
                    a[row][k] -= factor * a[col][k]
    solution = [0.0] * size
    for row in range(size - 1, -1, -1):
        if abs(a[row][row]) < 1e-300:
            continue
        rest = math.fsum(a[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (a[row][size] - rest) / a[row][row]
    return solution
