"""The deterministic text learner shared by both services: pure functions, no AWS types.

Training is multinomial Naive Bayes over words (stop words are never features) with Lidstone
smoothing, calibrated on held-back training documents (every tenth):
- one label per document: P(label | text) is a softmax over the labels of the log prior plus the
  words' log-likelihoods, these times one factor in (0, 1] that minimises the log loss of the
  held-back documents (temperature scaling);
- several labels per document: each label's own probability is a logistic of its prior log-odds plus
  two views of its evidence, one-vs-rest (the documents with the label against those without it) and
  its likelihood against the average label, each times a factor in [0, 1] fitted per label the same
  way. A document about two topics gets both; a text with no known word gets the prior.
Naive Bayes counts correlated words as independent evidence; the factors undo that and never sharpen,
and they never touch the priors. Either way the model is linear: a bias per label plus a weight per
(word, label), and scoring adds the weights of the words of the text, once per occurrence. The
weights are fixed-point integers, each word's packed into one Python int, so a text's evidence is one
exact C-level sum: the same floats in every process and Python version, whatever the order of words.
"""
from __future__ import annotations

import math
import re
import struct
from collections import Counter, defaultdict
from operator import itemgetter
from typing import Any, Callable, DefaultDict, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

_WORD = re.compile(r"\w+")  # the rule, for what the C passes below leave: runs of letters and digits
# Latin-1 text (ASCII, and Western European languages), one byte a character: letters and digits
# lower-cased (in Latin-1, always one Latin-1 character), anything else a space; then split. As
# bytes, the table needs no setup per call (str.translate builds a cache on every call).
_LATIN1_WORDS = bytes(ord(c.lower()) if c.isalnum() else 32 for c in map(chr, range(256)))
# Other text, lower-cased, as UTF-8: the same table for ASCII bytes; bytes from 0x80 up (parts of
# longer characters) pass unchanged. The General Punctuation block (U+2000-U+206F: ’ “ ” – — … and
# the like, none of them letters or digits) becomes a space first, in one pass over the bytes.
_UTF8_WORDS = _LATIN1_WORDS[:128] + bytes(range(128, 256))
_PUNCTUATION = re.compile(rb"\xe2(?:\x80[\x80-\xbf]|\x81[\x80-\xaf])")
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have he her his i in is it its of on or our she that the their "
    "them they this to was we were will with you your".split()
)

Example = Tuple[Sequence[str], Sequence[str]]  # (labels, tokens)

SMOOTHING = 0.5  # Lidstone's alpha: the count every word gets in every label before training
KEYWORD_WEIGHT = 2.0  # what one hand-given keyword adds to its label's evidence
HELD_BACK_EVERY = 10  # every 10th training document calibrates the scores...
HELD_BACK_MAX = 500  # ...up to this many
_FRACTION_BITS = 32  # weights are multiples of 2**-32
_FIELD_BITS = 64  # one label's weight in a packed word: |sum over any text| < 2**63
_MAX_WEIGHT = 1024.0  # clamp: 2**42 per occurrence leaves room for 2**21 occurrences in a text
_SCORE = itemgetter(1)  # (label, score) pairs sort best first with reverse=True; ties keep name order


def words(text: str) -> List[str]:
    """The runs of letters and digits of the lower-cased text, in order, stop words kept (they are
    never features): ``words("Goal_scored! Élan") == ["goal", "scored", "élan"]``. C-level passes."""
    try:
        return text.encode("latin-1").translate(_LATIN1_WORDS).decode("latin-1").split()
    except UnicodeEncodeError:
        pass
    data = text.encode("utf-8", "surrogatepass")
    if b"\xe2" in data:  # typographic punctuation: what is left may be Latin-1
        try:
            return _PUNCTUATION.sub(b" ", data).decode().encode("latin-1").translate(_LATIN1_WORDS).decode("latin-1").split()
        except UnicodeError:
            pass
    data = text.lower().encode("utf-8", "surrogatepass")  # lower-cased whole: "Σ" depends on its neighbours
    if b"\xe2" in data:
        data = _PUNCTUATION.sub(b" ", data)
    tokens = data.translate(_UTF8_WORDS).decode("utf-8", "surrogatepass").split()
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

    def __init__(self, labels: Sequence[str], bias: Sequence[float], weights: Mapping[str, Sequence[float]]) -> None:
        if list(labels) != sorted(labels) or len(set(labels)) != len(labels) or len(bias) != len(labels):
            raise ValueError("labels must be distinct and sorted by name, with one bias each")
        self.labels: Tuple[str, ...] = tuple(labels)
        self.bias: Tuple[float, ...] = tuple(bias)
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
        return f"KeywordModel(labels={self.labels!r}, bias={self.bias!r}, words={len(self._index)})"

    def evidence(self, tokens: Iterable[str]) -> List[float]:
        """bias + the weights of the tokens, per label (in label order). Unknown words count nothing."""
        total = sum(filter(None, map(self._index.get, tokens)), self._start)
        return [b + w for b, w in zip(self.bias, self._unpack(total))]

    def classes(self, tokens: Iterable[str]) -> List[Tuple[str, float]]:
        """Every label with its softmax probability (they sum to 1), best first."""
        return sorted(zip(self.labels, _softmax(self.evidence(tokens))), key=_SCORE, reverse=True)

    def label_scores(self, tokens: Iterable[str]) -> List[Tuple[str, float]]:
        """Every label with its own probability in (0, 1), best first."""
        return sorted(zip(self.labels, map(_logistic, self.evidence(tokens))), key=_SCORE, reverse=True)


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

    def __init__(self, everywhere: bool) -> None:
        self.words: Dict[str, Counter[str]] = {}  # label -> word -> occurrences; "" -> of every document
        self.documents: Dict[str, int] = {}
        self.total = 0
        self._pending: DefaultDict[str, List[str]] = defaultdict(list)
        self._everywhere = everywhere  # one-vs-rest needs "" (the rest)

    def add(self, labels: Sequence[str], tokens: Sequence[str]) -> None:
        self.total += 1
        documents, pending = self.documents, self._pending
        for label in labels if len(labels) == 1 else list(dict.fromkeys(labels)):
            documents[label] = documents.get(label, 0) + 1
            waiting = pending[label]
            waiting += tokens
            if len(waiting) > self._BATCH:
                self._count(label)
        if self._everywhere:
            waiting = pending[""]
            waiting += tokens
            if len(waiting) > self._BATCH:
                self._count("")

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
        for label, count in other.documents.items():
            self.documents[label] = self.documents.get(label, 0) + count
        for label, counted in other.words.items():
            self.words.setdefault(label, Counter()).update(counted)

    def vocabulary(self) -> Dict[str, None]:
        """Every word seen, label by label in name order, in the order first seen (no hash order)."""
        seen: Dict[str, None] = {}
        for label in sorted(self.words):
            seen.update(dict.fromkeys(self.words[label]))
        return seen


def _views(counts: _Counts, labels: Sequence[str], multi_label: bool, only: Optional[Iterable[str]] = None) -> Tuple[List[float], List[Dict[str, List[float]]]]:
    """(bias, views): Naive Bayes with Lidstone smoothing, for every word (or only those given).

    The first view is log P(word | label), less its mean over the labels (a constant per word cancels
    in a softmax, and what is left compares each label with the average one). For several labels per
    document a second view comes first: one-vs-rest, log P(word | label) - log P(word | documents
    without the label); and the bias is each label's prior log-odds instead of its log prior.
    """
    vocabulary = counts.vocabulary()
    size = len(vocabulary)
    empty: Counter[str] = Counter()
    per_label = [counts.words.get(label, empty) for label in labels]
    logs = [math.log(sum(c.values()) + SMOOTHING * size) for c in per_label]
    words = [w for w in (vocabulary if only is None else only) if w not in _STOPWORDS]
    likelihoods: Dict[str, List[float]] = {}
    for word in words:
        row = [math.log(c[word] + SMOOTHING) - d for c, d in zip(per_label, logs)]
        mean = math.fsum(row) / len(row)
        likelihoods[word] = [w - mean for w in row]
    if not multi_label:
        share = counts.total + SMOOTHING * len(labels)
        return [math.log((counts.documents.get(label, 0) + SMOOTHING) / share) for label in labels], [likelihoods]
    everywhere = counts.words.get("", empty)
    rest = [math.log(sum(everywhere.values()) - sum(c.values()) + SMOOTHING * size) for c in per_label]
    one_vs_rest = {
        word: [
            math.log(c[word] + SMOOTHING) - d - math.log(everywhere[word] - c[word] + SMOOTHING) + r
            for c, d, r in zip(per_label, logs, rest)
        ]
        for word in words
    }
    inside = [counts.documents.get(label, 0) for label in labels]
    return [math.log((n + SMOOTHING) / (counts.total - n + SMOOTHING)) for n in inside], [one_vs_rest, likelihoods]


def train(examples: Iterable[Example], multi_label: bool = False) -> KeywordModel:
    """Learn a calibrated Naive Bayes model from (labels, tokens) examples, read once, in order.
    Stop words in the tokens are ignored: ``words(text)`` will do."""
    fitted, held = _Counts(multi_label), _Counts(multi_label)
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
    views = 2 if multi_label else 1
    factors = [[1.0] * views for _ in names]  # per label, what each view's weights are multiplied by
    if held_back and fitted.total:
        bias, drafts = _views(fitted, names, multi_label, only={t: None for _, tokens in held_back for t in tokens})
        models = [KeywordModel(names, [0.0] * len(names), rows) for rows in drafts]
        evidence = [(labels, [m.evidence(tokens) for m in models]) for labels, tokens in held_back]
        if multi_label:
            factors = [
                _fit([(b, [e[j] for e in views_of], name in labels) for labels, views_of in evidence], _logistic_loss, views)
                for j, (name, b) in enumerate(zip(names, bias))
            ]
        else:
            cases = [(bias, views_of, names.index(labels[0])) for labels, views_of in evidence]
            factors = [_fit(cases, _softmax_loss, 1)] * len(names)
    fitted.merge(held)
    bias, rows = _views(fitted, names, multi_label)
    combined = {
        word: [math.fsum(f * view[word][j] for f, view in zip(factors[j], rows)) for j in range(len(names))] for word in rows[0]
    }
    return KeywordModel(names, bias, combined)


Terms = Tuple[float, List[float], List[List[float]]]  # a loss, its gradient and its Hessian in the factors


def _softmax_loss(case: Tuple[Sequence[float], Sequence[Sequence[float]], int], factors: Sequence[float]) -> Terms:
    """-log softmax(bias + sum of factor * view)[truth], and its derivatives in the factors."""
    bias, views, truth = case
    z = [math.fsum([b, *(f * view[k] for f, view in zip(factors, views))]) for k, b in enumerate(bias)]
    top = max(z)
    exps = [math.exp(x - top) for x in z]
    total = math.fsum(exps)
    p = [e / total for e in exps]
    loss = top + math.log(total) - z[truth]
    means = [math.fsum(pi * x for pi, x in zip(p, view)) for view in views]
    gradient = [m - view[truth] for m, view in zip(means, views)]
    hessian = [[math.fsum(pi * (u[k] - mu) * (v[k] - mv) for k, pi in enumerate(p)) for v, mv in zip(views, means)] for u, mu in zip(views, means)]
    return loss, gradient, hessian


def _logistic_loss(case: Tuple[float, Sequence[float], bool], factors: Sequence[float]) -> Terms:
    """The log loss of logistic(bias + sum of factor * view) against the truth, and its derivatives."""
    bias, views, truth = case
    z = math.fsum([bias, *(f * x for f, x in zip(factors, views))])
    p = _logistic(z)
    loss = max(z, 0.0) + math.log1p(math.exp(-abs(z))) - truth * z
    return loss, [(p - truth) * x for x in views], [[p * (1 - p) * x * y for y in views] for x in views]


def _fit(cases: Sequence[Any], terms: Callable[[Any, Sequence[float]], Terms], count: int) -> List[float]:
    """The factors in [0, 1] on the views' weights (never on the priors) that minimise the log loss
    of the held-back documents. Naive Bayes counts correlated words as independent evidence; this
    undoes it, and never sharpens. The loss is convex: projected Newton steps (a factor at a bound
    that the gradient pushes outward stays there), halved until the loss falls."""
    def total(factors: Sequence[float]) -> Terms:
        parts = [terms(case, factors) for case in cases]
        return (
            math.fsum(p[0] for p in parts),
            [math.fsum(p[1][i] for p in parts) for i in range(count)],
            [[math.fsum(p[2][i][j] for p in parts) for j in range(count)] for i in range(count)],
        )

    factors = [1.0] * count
    loss, gradient, hessian = total(factors)
    for _ in range(100):
        free = [i for i in range(count) if not (factors[i] <= 0.0 < gradient[i] or gradient[i] < 0.0 <= factors[i] - 1.0)]
        if not free:
            break
        step = _solve([[hessian[i][j] for j in free] for i in free], [gradient[i] for i in free])
        if max(map(abs, step)) < 1e-7:  # factors on weights: seven decimals are plenty
            break
        size = 1.0
        while size > 1e-9:
            trial = list(factors)
            for i, s in zip(free, step):
                trial[i] = min(1.0, max(0.0, factors[i] - size * s))
            trial_terms = total(trial)
            if trial_terms[0] <= loss:
                break
            size /= 2
        else:
            break
        factors, (loss, gradient, hessian) = trial, trial_terms
    return factors


def _solve(matrix: List[List[float]], vector: List[float]) -> List[float]:
    """x with matrix @ x == vector for one or two unknowns; a gradient step where the curvature vanishes."""
    if len(vector) == 1:
        return [vector[0] / matrix[0][0]] if matrix[0][0] > 0 else list(vector)
    (a, b), (c, d) = matrix
    det = a * d - b * c
    if det <= 1e-300 * max(1.0, abs(a * d)):
        return list(vector)
    return [(d * vector[0] - b * vector[1]) / det, (a * vector[1] - c * vector[0]) / det]
