"""Deterministic training data for custom entity recognizers (no randomness).

Document i (one per line) names one part and one place, picked by i, in one of a few sentences; 60
documents make about 6 KB with 60 mentions of each entity type, above AWS's minimums (25 mentions per
type, 5 KB of documents, 3 annotated documents).
"""
from __future__ import annotations

import csv
import io
from typing import Any, Dict, List, Mapping, Sequence, Tuple

ENTITIES: Mapping[str, Sequence[str]] = {
    "PART": ("flux capacitor", "warp coil", "dilithium crystal", "Mr. Fusion"),
    "PLACE": ("Hill Valley", "Grand Banks", "New York", "Southampton", "Twin Pines Mall"),
}
_SENTENCES = (
    "Report {i}: the {part} was shipped from {place} to the workshop after a careful inspection.",
    "On day {i} a spare {part} arrived in {place}, where the crew fitted it before the evening run.",
    "Ticket {i}: customers in {place} asked whether the {part} can be repaired within a week.",
)


def document(i: int) -> Tuple[str, Dict[str, str]]:
    """Document i, and its entities (text -> type)."""
    part = ENTITIES["PART"][i % len(ENTITIES["PART"])]
    place = ENTITIES["PLACE"][(i * 3) % len(ENTITIES["PLACE"])]
    return _SENTENCES[i % len(_SENTENCES)].format(i=i, part=part, place=place), {part: "PART", place: "PLACE"}


def documents(count: int = 60, start: int = 0) -> List[str]:
    return [document(i)[0] for i in range(start, start + count)]


def documents_text(count: int = 60, start: int = 0) -> str:
    """ONE_DOC_PER_LINE: one document a line."""
    return "".join(f"{line}\n" for line in documents(count, start))


def entity_list(entities: Mapping[str, Sequence[str]] = ENTITIES) -> str:
    """The entity list CSV, header `Text,Type`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Text", "Type"])
    for kind, forms in entities.items():
        writer.writerows([form, kind] for form in forms)
    return out.getvalue()


def annotations(
    lines: Sequence[str], file: str = "documents.txt", per_line: bool = True, limit: Mapping[str, int] = {}
) -> str:
    """The annotations CSV of every entity in the lines (header `File,Line,Begin Offset,End Offset,Type`,
    without Line for one document per file: then `lines` are the files' texts, named file0, file1 ...),
    or of the first `limit[form]` occurrences of a form."""
    seen: Dict[str, int] = {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["File", "Line", "Begin Offset", "End Offset", "Type"] if per_line else ["File", "Begin Offset", "End Offset", "Type"])
    for number, line in enumerate(lines):
        for kind, forms in ENTITIES.items():
            for form in forms:
                at = line.find(form)
                while at >= 0:
                    seen[form] = seen.get(form, 0) + 1
                    if seen[form] <= limit.get(form, seen[form]):
                        where = [file, number] if per_line else [f"file{number}"]
                        writer.writerow([*where, at, at + len(form), kind])
                    at = line.find(form, at + len(form))
    return out.getvalue()


def put_corpus(s3: Any, bucket: str = "ner") -> None:
    """Make the bucket in moto's S3 with documents.txt (60 documents), entities.csv and annotations.csv."""
    s3.create_bucket(Bucket=bucket)
    for key, body in (("documents.txt", documents_text()), ("entities.csv", entity_list()), ("annotations.csv", annotations(documents()))):
        s3.put_object(Bucket=bucket, Key=key, Body=body.encode())
