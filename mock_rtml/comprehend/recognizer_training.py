"""Training an entity recognizer from moto's S3: documents with an entity list or annotations, AWS's
minimums, and metrics measured on a held-out split.

Formats and minimums (developer guide: "Entity lists", "Annotations", "Guidelines and quotas",
plain-text training): documents one per line (the default) or one per file, each 1 to 5,000 bytes of
UTF-8 and 5 KB in all; an entity list is a CSV with the header `Text,Type`, annotations a CSV with
the header `File,Line,Begin Offset,End Offset,Type` (no `Line` for one document per file; 0-based
lines and character offsets, the end exclusive). Every entity type needs 25 entity-list matches in
the documents, or 25 annotations in at least 3 annotated documents. Rows of types the request does
not name are ignored, as AWS documents for EntityTypes.

The recognizer learns the surface forms that occur in its training documents: every match of an
entity-list text, or every annotated span. A form's type is the one it was labelled with most
often there, its score the share of its occurrences that carried that type (an entity list labels
every occurrence: 1.0); a form labelled in half of its occurrences or fewer is not learned.
"""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, DefaultDict, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from ..core.coexistence import DataUnavailable, read_objects
from .entity_matcher import EntityMatcher, EntityModel
from .trained_models import TrainingFailed, is_held_out, split_digest

MIN_MENTIONS = 25  # per entity type: annotations, or entity-list matches in the documents
MIN_ANNOTATED_DOCUMENTS = 3
MAX_DOCUMENT_BYTES = 5_000
MIN_CORPUS_BYTES = 5_000
MAX_ENTRY_CHARACTERS = 5_000  # an entity list's Text
_ANNOTATION_COLUMNS = ("File", "Line", "Begin Offset", "End Offset", "Type")


@dataclass(frozen=True)
class Document:
    file: str  # as annotations name it: the key below the S3Uri's folder
    line: Optional[int]  # 0-based; None when each file is one document
    text: str


Spot = Tuple[int, int, int, str]  # (document index, begin, end, entity type)


@dataclass(frozen=True)
class TrainedRecognizer:
    model: EntityModel
    metadata: Dict[str, Any]


def _objects(account_id: str, uri: str) -> List[Tuple[str, str]]:
    """(name as annotations give it, UTF-8 text) of the object at uri, or of every object under it."""
    try:
        objects = read_objects(account_id, uri)
    except DataUnavailable as missing:
        raise TrainingFailed(str(missing)) from None
    bucket, _, key = uri[5:].partition("/")
    folder = key[: key.rfind("/") + 1]
    texts = []
    for name, data in objects:
        try:
            texts.append((name[len(folder):], data.decode("utf-8-sig")))
        except UnicodeDecodeError:
            raise TrainingFailed(f"s3://{bucket}/{name} is not UTF-8 text") from None
    return texts


def read_documents(account_id: str, uri: str, one_per_line: bool) -> List[Document]:
    documents = []
    for name, text in _objects(account_id, uri):
        pieces = enumerate(text.split("\n")) if one_per_line else [(None, text)]
        for line, piece in pieces:
            piece = piece[:-1] if one_per_line and piece.endswith("\r") else piece
            if not piece.strip():
                continue  # a blank line (or file) is no document
            size = len(piece.encode("utf-8", "surrogatepass"))
            if size > MAX_DOCUMENT_BYTES:
                where = f"{name} line {line}" if line is not None else name
                raise TrainingFailed(f"the document at {where} is {size} bytes; each document may hold 1 to {MAX_DOCUMENT_BYTES:,} bytes of UTF-8")
            documents.append(Document(name, line, piece))
    return documents


def _rows(account_id: str, uri: str, header: Sequence[str]) -> Iterable[Tuple[str, int, Dict[str, str]]]:
    """(object, 1-based CSV line, row by column) of the CSV objects at uri, which start with `header`."""
    for name, text in _objects(account_id, uri):
        reader = csv.reader(io.StringIO(text, newline=""))
        columns = [cell.strip() for cell in next(reader, [])]
        if columns != list(header):
            raise TrainingFailed(f"{name} must start with the header {','.join(header)}, not {','.join(columns)!r}")
        for row in reader:
            if not "".join(row).strip():
                continue
            if len(row) != len(header):
                raise TrainingFailed(f"{name} line {reader.line_num} has {len(row)} columns; {','.join(header)} are {len(header)}")
            yield name, reader.line_num, dict(zip(header, (cell.strip() for cell in row)))


def read_entity_list(account_id: str, uri: str, types: Sequence[str]) -> Dict[str, str]:
    """Text -> Type of the entity list (the first row of a Text wins), for the types named."""
    entities: Dict[str, str] = {}
    rows = 0
    for name, line, row in _rows(account_id, uri, ("Text", "Type")):
        text, kind = row["Text"], row["Type"]
        if not text or len(text) > MAX_ENTRY_CHARACTERS:
            raise TrainingFailed(f"{name} line {line}: each Text holds 1 to {MAX_ENTRY_CHARACTERS:,} characters")
        rows += 1
        if kind in types:
            entities.setdefault(text, kind)
    if not rows:
        raise TrainingFailed(f"the entity list at {uri} has no entries")
    return entities


def read_annotations(
    account_id: str, uri: str, documents: Sequence[Document], types: Sequence[str], one_per_line: bool
) -> Set[Spot]:
    """The annotated spans of the types named, checked against the documents they point into."""
    header = _ANNOTATION_COLUMNS if one_per_line else tuple(c for c in _ANNOTATION_COLUMNS if c != "Line")
    index = {(d.file, d.line): i for i, d in enumerate(documents)}
    spots = set()
    for name, number, row in _rows(account_id, uri, header):
        where = f"{name} line {number}"
        try:
            line = int(row["Line"]) if one_per_line else None
            begin, end = int(row["Begin Offset"]), int(row["End Offset"])
        except ValueError:
            raise TrainingFailed(f"{where}: Line, Begin Offset and End Offset must be whole numbers") from None
        at = index.get((row["File"], line))
        if at is None:
            document = f"{row['File']} line {line}" if one_per_line else row["File"]
            raise TrainingFailed(f"{where}: no document {document} (blank lines are no documents)")
        if not 0 <= begin < end <= len(documents[at].text):
            raise TrainingFailed(f"{where}: offsets {begin} to {end} are not a span of its document of {len(documents[at].text)} characters")
        if row["Type"] in types:
            spots.add((at, begin, end, row["Type"]))
    return spots


def _held_out(documents: Sequence[Document]) -> Set[int]:
    """The documents AWS keeps for testing when no test set is given: a tenth, by a hash of each
    document and its position (at least one, so that there is something to measure)."""
    held = {i for i, document in enumerate(documents) if is_held_out(document.text, i)}
    if not held and len(documents) > 1:
        held = {min(range(len(documents)), key=lambda i: (split_digest(documents[i].text, i), i))}
    return held


def _subset(documents: Sequence[Document], spots: Iterable[Spot], chosen: Iterable[int]) -> Tuple[List[Document], Set[Spot]]:
    """Some of the documents, and their spots numbered as in the subset."""
    number = {old: new for new, old in enumerate(sorted(chosen))}
    return [documents[i] for i in number], {(number[i], b, e, t) for i, b, e, t in spots if i in number}


def train_recognizer(account_id: str, input_config: Mapping[str, Any]) -> TrainedRecognizer:
    """Read, check, learn and measure; raise TrainingFailed with the reason AWS would give."""
    if input_config.get("DataFormat", "COMPREHEND_CSV") != "COMPREHEND_CSV":
        raise TrainingFailed("mock_rtml trains only from COMPREHEND_CSV data; AUGMENTED_MANIFEST is not simulated")
    types = list(dict.fromkeys(t["Type"] for t in input_config["EntityTypes"]))
    docs_config = input_config["Documents"]  # the backend refuses a COMPREHEND_CSV request without it
    one_per_line = docs_config.get("InputFormat", "ONE_DOC_PER_LINE") == "ONE_DOC_PER_LINE"
    documents = read_documents(account_id, docs_config["S3Uri"], one_per_line)
    corpus = sum(len(d.text.encode("utf-8", "surrogatepass")) for d in documents)
    if corpus < MIN_CORPUS_BYTES:
        raise TrainingFailed(f"the documents at {docs_config['S3Uri']} hold {corpus} bytes; at least {MIN_CORPUS_BYTES:,} (5 KB) are needed")
    test_uri = docs_config.get("TestS3Uri")
    tests = read_documents(account_id, test_uri, one_per_line) if test_uri else []

    if "EntityList" in input_config:
        listed = read_entity_list(account_id, input_config["EntityList"]["S3Uri"], types)
        finder = EntityMatcher.of(listed)

        def matched(docs: Sequence[Document]) -> Set[Spot]:
            return {(i, b, e, listed[form]) for i, d in enumerate(docs) for b, e, form in finder.spans(d.text)}

        nouns, spots, test_spots = ("entity-list match", "entity-list matches in the documents"), matched(documents), matched(tests)
    else:
        annotations = input_config["Annotations"]  # the backend asks for both TestS3Uri or neither
        nouns = ("annotation", "annotations")
        spots = read_annotations(account_id, annotations["S3Uri"], documents, types, one_per_line)
        test_spots = read_annotations(account_id, annotations["TestS3Uri"], tests, types, one_per_line) if test_uri else set()
        annotated = len({i for i, _, _, _ in spots})
        if annotated < MIN_ANNOTATED_DOCUMENTS:
            raise TrainingFailed(f"annotations mark entities in {annotated} document(s); at least {MIN_ANNOTATED_DOCUMENTS} are needed")
    mentions = Counter(t for _, _, _, t in spots)
    few = [t for t in types if mentions[t] < MIN_MENTIONS]
    if few:
        counted = ", ".join(f"{t} ({mentions[t]})" for t in few)
        raise TrainingFailed(f"every entity type needs at least {MIN_MENTIONS} {nouns[1]}; too few for: {counted}")
    if test_uri:
        missing = [t for t in types if not any(s[3] == t for s in test_spots)]
        if missing:
            raise TrainingFailed(f"the test data needs at least one {nouns[0]} of every entity type; none for: {', '.join(missing)}")
        train_docs, train_spots = documents, spots
    else:
        held = _held_out(documents)
        train_docs, train_spots = _subset(documents, spots, (i for i in range(len(documents)) if i not in held))
        tests, test_spots = _subset(documents, spots, held)
    model = learn(train_docs, train_spots)
    metadata = {
        "NumberOfTrainedDocuments": len(train_docs),
        "NumberOfTestDocuments": len(tests),
        **evaluate(model, tests, test_spots, types, Counter(t for _, _, _, t in train_spots)),
    }
    return TrainedRecognizer(model, metadata)


def learn(documents: Sequence[Document], spots: Iterable[Spot]) -> EntityModel:
    """The surface forms of the labelled spans, each with its most frequent type and the share of its
    occurrences in the documents that carried that type."""
    labelled: Dict[Tuple[int, int, int], List[str]] = defaultdict(list)
    for number, begin, end, kind in spots:
        labelled[number, begin, end].append(kind)
    forms = {documents[i].text[b:e] for i, b, e in labelled}
    finder = EntityMatcher.of(forms)
    seen: Counter[str] = Counter()
    types: DefaultDict[str, Counter[str]] = defaultdict(Counter)
    for i, document in enumerate(documents):
        for begin, end, form in finder.spans(document.text):
            seen[form] += 1
            types[form].update(labelled.get((i, begin, end), ()))
    labels = {}
    for form, counts in types.items():
        if not counts:
            continue  # found, but never where it was labelled
        kind, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
        if count * 2 > seen[form]:
            labels[form] = (kind, count / seen[form])
    return EntityModel.of(labels)


def _metrics(tp: int, fp: int, fn: int) -> Dict[str, float]:
    """Precision, recall and F1 in percent, as RecognizerMetadata reports them (0 when undefined)."""
    precision = 100.0 * tp / (tp + fp) if tp + fp else 0.0
    recall = 100.0 * tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"Precision": precision, "Recall": recall, "F1Score": f1}


def evaluate(
    model: EntityModel, tests: Sequence[Document], truth: Set[Spot], types: Sequence[str], mentions: Mapping[str, int]
) -> Dict[str, Any]:
    """EvaluationMetrics over every entity (an entity counts when its span and type are right), and
    per type, on the test documents."""
    found = {(i, b, e, kind) for i, d in enumerate(tests) for b, e, _, kind, _ in model.find(d.text)}
    per_type = []
    for kind in types:
        mine, theirs = {s for s in found if s[3] == kind}, {s for s in truth if s[3] == kind}
        per_type.append({
            "Type": kind,
            "EvaluationMetrics": _metrics(len(mine & theirs), len(mine - theirs), len(theirs - mine)),
            "NumberOfTrainMentions": mentions.get(kind, 0),
        })
    overall = _metrics(len(found & truth), len(found - truth), len(truth - found))
    return {"EvaluationMetrics": overall, "EntityTypes": per_type}
