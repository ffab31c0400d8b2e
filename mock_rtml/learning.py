"""The deterministic text learner shared by both services: pure functions, no AWS types.

Training is multinomial Naive Bayes over words (stop words are never features) with Lidstone
smoothing, calibrated on a held-back tenth of the training documents:
- one label per document: P(label | text) is a softmax over the labels of (log prior + the sum of
  log P(word | label) over the words of the text) / T, where the temperature T >= 1 minimises the
  log loss of the held-back documents (temperature scaling);
- several labels per document: each label's own probability is a logistic of its log-odds against
  the other labels (the same Naive Bayes, a document counting for each of its labels), with a slope
  and offset per label fitted on the held-back documents (Platt scaling).
The evidence is linear: a bias per label plus a weight per (word, label), and scoring adds the weights
of the words of the text, once per occurrence. The weights are fixed-point integers, each word's
packed into one Python int, so a text's evidence is one exact C-level sum: the same floats in every
process and Python version, whatever the order of the words.
"""
from __future__ import annotations

import math
import re
import struct
from collections import Counter
from operator import itemgetter
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

_WORD = re.compile(r"\w+")  # the rule, for what the C passes below leave: runs of letters and digits
# ASCII text in two C calls: letters and digits lower-cased, anything else a space, then split.
_ASCII_WORDS = str.maketrans({c: c.lower() if c.isalnum() else " " for c in map(chr, range(128))})
# Other text as UTF-8: the same table for ASCII bytes; bytes from 0x80 up (parts of longer characters)
# pass unchanged. The General Punctuation block (U+2000-U+206F: ’ “ ” – — … and the like, none of
# them letters or digits) becomes a space first, in one pass over the bytes.
_BYTE_WORDS = bytes(ord(chr(c).translate(_ASCII_WORDS)) if c < 128 else c for c in range(256))
_PUNCTUATION = re.compile(rb"\xe2(?:\x80[\x80-\xbf]|\x81[\x80-\xaf])")
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have he her his i in is it its of on or our she that the their "
    "them they this to was we were will with you your".split()
)

Example = Tuple[Sequence[str], Sequence[str]]  # (labels, tokens)

SMOOTHING = 0.5  # Lidstone's alpha: the count every word gets in every label before training
KEYWORD_WEIGHT = 2.0  # what one hand-given keyword adds to its label's evidence
HELD_BACK_EVERY = 10  # every 10th training document calibrates the scores...
HELD_BACK_MAX = 2000  # ...up to this many
_FRACTION_BITS = 32  # weights are multiples of 2**-32
_FIELD_BITS = 64  # one label's weight in a packed word: |sum over any text| < 2**63
_MAX_WEIGHT = 1024.0  # clamp: 2**42 per occurrence leaves room for 2**21 occurrences in a text
_SCORE = itemgetter(1)  # (label, score) pairs sort best first with reverse=True; ties keep name order


def words(text: str) -> List[str]:
    """The runs of letters and digits of the lower-cased text, in order, stop words kept (they are
    never features): ``words("Goal_scored! Élan") == ["goal", "scored", "élan"]``. C-level passes."""
    if text.isascii():
        return text.translate(_ASCII_WORDS).split()
    data = text.lower().encode("utf-8", "surrogatepass")
    if b"\xe2" in data:
        data = _PUNCTUATION.sub(b" ", data)
    tokens = data.translate(_BYTE_WORDS).decode("utf-8", "surrogatepass").split()
    if not tokens or "".join(tokens).isalnum():
        return tokens
    # Some token holds another character that is neither a letter, a digit nor a space: split it by the rule.
    return [w for token in tokens for w in ((token,) if token.isalnum() else _WORD.findall(token))]


def tokenize(text: str) -> List[str]:
    """Lower-cased word tokens without stop words: ``tokenize("The Goal!") == ["goal"]``."""
    return [t for t in words(text) if t not in _STOPWORDS]


class KeywordModel:
    """A linear text model: evidence(label) = bias(label) + the weights of the words of the text.

    ``classes`` answers a softmax over the labels (one label per document), ``label_scores`` an
    independent logistic per label (several labels per document); both best first, ties by name.
    ``weights(word)`` explains a word's part in every label.
    """

    def __init__(
        self,
        labels: Sequence[str],
        bias: Sequence[float],
        weights: Mapping[str, Sequence[float]],
        platt: Optional[Sequence[Tuple[float, float]]] = None,
    ) -> None:
        if list(labels) != sorted(labels) or len(set(labels)) != len(labels) or len(bias) != len(labels):
            raise ValueError("labels must be distinct and sorted by name, with one bias each")
        if platt is not None and len(platt) != len(labels):
            raise ValueError("Platt scaling needs one (slope, offset) per label")
        self.labels: Tuple[str, ...] = tuple(labels)
        self.bias: Tuple[float, ...] = tuple(bias)
        # None: each label's probability is the logistic of its evidence (the handle's keywords);
        # else the logistic of slope * (its evidence - the log-sum-exp of the others') + offset.
        self.platt: Optional[Tuple[Tuple[float, float], ...]] = tuple(platt) if platt is not None else None
        count = len(self.labels)
        self._half = 1 << (_FIELD_BITS - 1)
        # Summing starts here: every field then holds weight + 2**63, never negative, so the total
        # reads back as unsigned fields with one C call (to_bytes) and struct.unpack.
        self._start = sum(self._half << (_FIELD_BITS * j) for j in range(count))
        self._layout = struct.Struct(f"<{count}Q")
        self._index: Dict[str, int] = {word: self._pack(row) for word, row in weights.items() if any(row)}

    def _pack(self, row: Sequence[float]) -> int:
        if len(row) != len(self.labels):
            raise ValueError("every word needs one weight per label")
        fields = [round(max(-_MAX_WEIGHT, min(_MAX_WEIGHT, w)) * (1 << _FRACTION_BITS)) + self._half for w in row]
        return int.from_bytes(self._layout.pack(*fields), "little") - self._start

    def _unpack(self, total: int) -> List[float]:
        fields = self._layout.unpack(total.to_bytes(self._layout.size, "little"))
        return [(f - self._half) / (1 << _FRACTION_BITS) for f in fields]

    def weights(self, word: str) -> Dict[str, float]:
        """label -> what one occurrence of the word adds to that label's evidence (0.0 for unknown words)."""
        return dict(zip(self.labels, self._unpack(self._index.get(word, 0) + self._start)))

    def words(self) -> List[str]:
        """Every word with a weight, sorted."""
        return sorted(self._index)

    def __repr__(self) -> str:
        return f"KeywordModel(labels={self.labels!r}, bias={self.bias!r}, platt={self.platt!r}, words={len(self._index)})"

    def evidence(self, tokens: Iterable[str]) -> List[float]:
        """bias + the weights of the tokens, per label (in label order). Unknown words count nothing."""
        total = sum(filter(None, map(self._index.get, tokens)), self._start)
        return [b + w for b, w in zip(self.bias, self._unpack(total))]

    def classes(self, tokens: Iterable[str]) -> List[Tuple[str, float]]:
        """Every label with its softmax probability (they sum to 1), best first."""
        return sorted(zip(self.labels, _softmax(self.evidence(tokens))), key=_SCORE, reverse=True)

    def label_scores(self, tokens: Iterable[str]) -> List[Tuple[str, float]]:
        """Every label with its own probability in (0, 1), best first."""
        evidence = self.evidence(tokens)
        if self.platt is not None:
            evidence = [a * c + b for (a, b), c in zip(self.platt, against_others(evidence))]
        return sorted(zip(self.labels, map(_logistic, evidence)), key=_SCORE, reverse=True)


def against_others(evidence: Sequence[float]) -> List[float]:
    """Each label's log-odds against the others: e[j] - log(sum of exp(e[k]) over k != j)."""
    if len(evidence) < 2:
        return list(evidence)
    top = max(range(len(evidence)), key=evidence.__getitem__)
    shifted = [math.exp(e - evidence[top]) for e in evidence]
    total = math.fsum(shifted)
    rest = [total - x for x in shifted]  # >= 1 (the top's own term) except at the top itself
    rest[top] = math.fsum(shifted[:top] + shifted[top + 1:])
    return [e - evidence[top] - math.log(r) for e, r in zip(evidence, rest)]


def _softmax(evidence: Sequence[float]) -> List[float]:
    top = max(evidence)
    weights = [math.exp(e - top) for e in evidence]
    total = math.fsum(weights)  # exactly rounded: the order of the terms cannot matter
    return [w / total for w in weights]


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-700.0, min(700.0, x))))


def from_keywords(labels: Mapping[str, Sequence[str]], weight: float = KEYWORD_WEIGHT, multi_label: bool = False) -> KeywordModel:
    """A model that answers by the given keywords: each occurrence adds `weight` to its label.

    With the default weight 2, one keyword of two labels gives its label 0.88 of a softmax; as an
    independent label (bias -1) a text without its keywords scores 0.27, one keyword 0.73, two 0.95.
    """
    names = sorted(labels)
    rows: Dict[str, List[float]] = {}
    for j, name in enumerate(names):
        for token in sorted({t for keyword in labels[name] for t in tokenize(keyword)}):
            rows.setdefault(token, [0.0] * len(names))[j] += weight
    return KeywordModel(names, [-weight / 2 if multi_label else 0.0] * len(names), rows)


# -- training ------------------------------------------------------------------------------------
class _Counts:
    """Word occurrences per label and documents per label, added one document at a time. Tokens wait
    in a list per label and are counted in batches by Counter's C loop."""

    _BATCH = 1 << 13

    def __init__(self) -> None:
        self.words: Dict[str, Counter[str]] = {}
        self.documents: Counter[str] = Counter()
        self.total = 0
        self._pending: Dict[str, List[str]] = {}

    def add(self, labels: Iterable[str], tokens: Sequence[str]) -> None:
        self.total += 1
        for label in dict.fromkeys(labels):
            self.documents[label] += 1
            pending = self._pending.get(label)
            if pending is None:
                pending = self._pending[label] = []
            pending += tokens
            if len(pending) > self._BATCH:
                self._count(label)

    def _count(self, label: str) -> None:
        self.words.setdefault(label, Counter()).update(self._pending.pop(label, ()))

    def finish(self) -> _Counts:
        """Count what waits; stop words are never features."""
        for label in sorted(self._pending):
            self._count(label)
        for counted in self.words.values():
            for word in _STOPWORDS & counted.keys():
                del counted[word]
        return self

    def merge(self, other: _Counts) -> None:
        self.total += other.total
        self.documents.update(other.documents)
        for label, counted in other.words.items():
            self.words.setdefault(label, Counter()).update(counted)

    def vocabulary(self) -> Dict[str, None]:
        """Every word seen, in first-seen order per label in name order (an order that hashing cannot change)."""
        seen: Dict[str, None] = {}
        for label in sorted(self.words):
            seen.update(dict.fromkeys(self.words[label]))
        return seen


def _naive_bayes(counts: _Counts, labels: Sequence[str], scale: float = 1.0, only: Optional[Iterable[str]] = None) -> Tuple[List[float], Dict[str, List[float]]]:
    """(bias, word -> weights), times `scale`: log priors and log P(word | label) with Lidstone
    smoothing, for every word (or only those given). A constant per word cancels wherever the weights
    are compared, so each word keeps only its differences."""
    vocabulary = counts.vocabulary()
    empty: Counter[str] = Counter()
    per_label = [counts.words.get(label, empty) for label in labels]
    logs = [math.log(sum(c.values()) + SMOOTHING * len(vocabulary)) for c in per_label]
    rows: Dict[str, List[float]] = {}
    for word in vocabulary if only is None else only:
        if word in _STOPWORDS:
            continue
        row = [math.log(c[word] + SMOOTHING) - d for c, d in zip(per_label, logs)]
        mean = math.fsum(row) / len(row)
        rows[word] = [scale * (w - mean) for w in row]
    share = counts.total + SMOOTHING * len(labels)
    return [scale * math.log((counts.documents[label] + SMOOTHING) / share) for label in labels], rows


def train(examples: Iterable[Example], multi_label: bool = False) -> KeywordModel:
    """Learn a calibrated Naive Bayes model from (labels, tokens) examples, read once, in order.
    Stop words in the tokens are ignored: ``words(text)`` will do."""
    fitted, held = _Counts(), _Counts()
    held_back: List[Example] = []
    for position, (labels, tokens) in enumerate(examples, 1):
        if position % HELD_BACK_EVERY == 0 and len(held_back) < HELD_BACK_MAX:
            held.add(labels, tokens)
            held_back.append((labels, tokens))
        else:
            fitted.add(labels, tokens)
    fitted.finish()
    held.finish()
    names = sorted(set(fitted.documents) | set(held.documents))
    beta, platt = 1.0, [(1.0, 0.0)] * len(names)
    if held_back and fitted.total:
        draft = KeywordModel(names, *_naive_bayes(fitted, names, only={t: None for _, tokens in held_back for t in tokens}))
        evidence = [(labels, draft.evidence(tokens)) for labels, tokens in held_back]
        if multi_label:
            contrasts = [(labels, against_others(e)) for labels, e in evidence]
            platt = [_platt([c[j] for _, c in contrasts], [name in labels for labels, _ in contrasts]) for j, name in enumerate(names)]
        else:
            beta = _temperature([(e, names.index(labels[0])) for labels, e in evidence])
    fitted.merge(held)
    if multi_label:
        return KeywordModel(names, *_naive_bayes(fitted, names), platt)
    return KeywordModel(names, *_naive_bayes(fitted, names, beta))


def _temperature(evidence: Sequence[Tuple[Sequence[float], int]]) -> float:
    """beta = 1/T in (0, 1] minimising the log loss of softmax(beta * evidence): Newton's method on a
    convex function of one variable, kept inside a shrinking bracket."""
    def slope(beta: float) -> Tuple[float, float]:
        gradient, curvature = [], []
        for e, truth in evidence:
            p = _softmax([beta * x for x in e])
            mean = math.fsum(pi * x for pi, x in zip(p, e))
            gradient.append(mean - e[truth])
            curvature.append(math.fsum(pi * (x - mean) ** 2 for pi, x in zip(p, e)))
        return math.fsum(gradient), math.fsum(curvature)

    low, high, beta = 0.0, 1.0, 1.0
    for _ in range(60):
        gradient, curvature = slope(beta)
        if gradient <= 0:  # the loss still falls at beta: the optimum is above it
            if beta == 1.0:
                return 1.0
            low = beta
        else:
            high = beta
        step = beta - gradient / curvature if curvature > 0 else -1.0
        following = step if low < step < high else (low + high) / 2
        if abs(following - beta) < 1e-9:
            break
        beta = following
    return max(beta, 1e-6)


def _platt(scores: Sequence[float], truths: Sequence[bool]) -> Tuple[float, float]:
    """(a, b) of P = logistic(a * score + b) by Platt's method (targets smoothed by the class counts,
    Newton's method with step halving), a kept in [0, 1]: calibration never sharpens Naive Bayes."""
    positives = sum(truths)
    high, low = (positives + 1) / (positives + 2), 1 / (len(truths) - positives + 2)
    targets = [high if t else low for t in truths]

    def loss(a: float, b: float) -> float:
        return math.fsum(_log1pexp(a * s + b) - t * (a * s + b) for s, t in zip(scores, targets))

    def fit(a: float, b: float, free_a: bool) -> Tuple[float, float]:
        current = loss(a, b)
        for _ in range(100):
            p = [_logistic(a * s + b) for s in scores]
            d = [pi - t for pi, t in zip(p, targets)]
            w = [pi * (1 - pi) + 1e-12 for pi in p]
            gb, hbb = math.fsum(d), math.fsum(w)
            ga, haa, hab = (math.fsum(x * s for x, s in zip(d, scores)), math.fsum(x * s * s for x, s in zip(w, scores)),
                            math.fsum(x * s for x, s in zip(w, scores))) if free_a else (0.0, 1.0, 0.0)
            det = haa * hbb - hab * hab
            da, db = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det) if free_a and det > 0 else (0.0, gb / hbb)
            step = 1.0
            while step > 1e-10:
                na, nb = a - step * da, b - step * db
                candidate = loss(na, nb)
                if candidate <= current:
                    break
                step /= 2
            else:
                break
            if abs(current - candidate) < 1e-12 * max(1.0, abs(current)):
                a, b = na, nb
                break
            a, b, current = na, nb, candidate
        return a, b

    a, b = fit(1.0, 0.0, True)
    if not 0.0 <= a <= 1.0:
        a, b = fit(min(max(a, 0.0), 1.0), b, False)
    return a, b


def _log1pexp(x: float) -> float:
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))
