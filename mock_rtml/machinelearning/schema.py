"""Amazon ML data schemas, CSV observations and DataRearrangement, as the developer guide defines them.

A schema is JSON: {"version", "targetAttributeName", "rowId", "dataFormat": "CSV",
"dataFileContainsHeader", "attributes": [{"attributeName", "attributeType"}], "excludedAttributeNames"}.
The API reference spells the same keys targetFieldName / fieldName / fieldType /
excludedVariableNames; both spellings are accepted. Every problem is a SchemaError whose text says
what is wrong, which the backend turns into a FAILED resource with that Message.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..core.errors import excerpt
from ..core.protocol import JSONError, parse_json

ATTRIBUTE_TYPES = ("BINARY", "CATEGORICAL", "NUMERIC", "TEXT")
_UNSUPPORTED_TYPES = ("WEIGHTED_INT_SEQUENCE", "WEIGHTED_STRING_SEQUENCE")
_TRUE = frozenset({"1", "y", "yes", "t", "true"})
_FALSE = frozenset({"0", "n", "no", "f", "false"})


class SchemaError(ValueError):
    """A schema, data file or rearrangement that Amazon ML would reject; str() says why."""


def binary_value(raw: str) -> Optional[str]:
    """"1", "0", or None for a missing value; ValueError for anything else."""
    value = raw.strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return "1"
    if value in _FALSE:
        return "0"
    raise ValueError(f"'{excerpt(raw)}' is not a BINARY value (0, 1, y, n, yes, no, t, f, true, false)")


def numeric_value(raw: str) -> Optional[float]:
    """The number, or None for a missing value; ValueError for anything else."""
    value = raw.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{excerpt(raw)}' is not a NUMERIC value") from None
    if not math.isfinite(number):
        raise ValueError(f"'{excerpt(raw)}' is not a finite NUMERIC value")
    return number


def check_value(kind: str, raw: str) -> None:
    if kind == "BINARY":
        binary_value(raw)
    elif kind == "NUMERIC":
        numeric_value(raw)


@dataclass(frozen=True)
class Schema:
    attributes: Tuple[Tuple[str, str], ...]  # (name, type) in column order
    target: Optional[str]
    row_id: Optional[str]
    excluded: Tuple[str, ...]
    header: bool
    text: str  # the schema as given

    def type_of(self, name: str) -> Optional[str]:
        return dict(self.attributes).get(name)

    @property
    def features(self) -> Tuple[Tuple[str, str], ...]:
        """The attributes a model learns from: all but the target, the row id and the excluded ones."""
        skip = {self.target, self.row_id, *self.excluded}
        return tuple((n, t) for n, t in self.attributes if n not in skip)


def _pick(document: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in document:
            return document[key]
    return None


def parse_schema(text: str) -> Schema:
    try:
        document = parse_json(text)
    except JSONError as error:
        raise SchemaError(f"The data schema is not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise SchemaError("The data schema must be a JSON object")
    data_format = document.get("dataFormat", "CSV")
    if data_format != "CSV":
        raise SchemaError(f"dataFormat must be CSV, not {excerpt(data_format, quoted=True)}")
    header = document.get("dataFileContainsHeader", False)
    if not isinstance(header, bool):
        raise SchemaError("dataFileContainsHeader must be true or false")
    raw_attributes = document.get("attributes")
    if not isinstance(raw_attributes, list) or not raw_attributes:
        raise SchemaError("The data schema must list its attributes in a non-empty 'attributes' array")
    attributes: List[Tuple[str, str]] = []
    for index, item in enumerate(raw_attributes):
        name = _pick(item, "attributeName", "fieldName") if isinstance(item, dict) else None
        kind = _pick(item, "attributeType", "fieldType") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name:
            raise SchemaError(f"attributes[{index}] has no attributeName")
        if kind in _UNSUPPORTED_TYPES:
            raise SchemaError(f"Attribute '{excerpt(name)}': mock_rtml does not simulate {kind} attributes; use TEXT")
        if kind not in ATTRIBUTE_TYPES:
            raise SchemaError(
                f"Attribute '{excerpt(name)}' has attributeType {excerpt(kind, quoted=True)}; expected one of {', '.join(ATTRIBUTE_TYPES)}"
            )
        if any(name == seen for seen, _ in attributes):
            raise SchemaError(f"Attribute '{excerpt(name)}' is defined more than once")
        attributes.append((name, kind))
    names = {name for name, _ in attributes}
    target = _pick(document, "targetAttributeName", "targetFieldName")
    row_id = document.get("rowId")
    excluded = _pick(document, "excludedAttributeNames", "excludedVariableNames") or []
    for role, value in (("targetAttributeName", target), ("rowId", row_id)):
        if value is not None and (not isinstance(value, str) or value not in names):
            raise SchemaError(f"{role} {excerpt(value, quoted=True)} is not one of the schema's attributes")
    if not isinstance(excluded, list) or any(not isinstance(n, str) or n not in names for n in excluded):
        raise SchemaError(f"excludedAttributeNames {excerpt(excluded)} must list attributes of the schema")
    if target is not None and target == row_id:
        raise SchemaError("The target attribute cannot also be the rowId")
    return Schema(tuple(attributes), target, row_id, tuple(excluded), header, text)


@dataclass(frozen=True)
class Observation:
    source: str  # the S3 URI of the file it came from
    line: int  # 1-based line number in that file
    values: Optional[Mapping[str, str]]  # None: the record does not fit the schema (its number of columns)


def read_observations(schema: Schema, files: Sequence[Tuple[str, bytes]]) -> List[Observation]:
    """Every record of the CSV files, in order; records that do not fit the schema have values None."""
    names = [name for name, _ in schema.attributes]
    observations: List[Observation] = []
    for uri, data in files:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SchemaError(f"{uri} is not UTF-8 text") from None
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as error:
            raise SchemaError(f"{uri} is not valid CSV: {error}") from None
        for number, row in enumerate(rows, 1):
            if (schema.header and number == 1) or not any(cell.strip() for cell in row):
                continue
            values: Optional[Dict[str, str]] = dict(zip(names, row)) if len(row) == len(names) else None
            if values is not None:
                for name, kind in schema.attributes:
                    try:
                        check_value(kind, values[name])
                    except ValueError:
                        values[name] = ""  # an invalid value is read as a missing one
            observations.append(Observation(uri, number, values))
    return observations


@dataclass(frozen=True)
class Splitting:
    begin: int
    end: int
    complement: bool
    strategy: str
    seed: str

    def select(self, observations: Sequence[Observation]) -> List[Observation]:
        if self.strategy == "sequential":
            count = len(observations)
            low, high = count * self.begin // 100, count * self.end // 100
            return [o for i, o in enumerate(observations) if (low <= i < high) != self.complement]
        return [o for o in observations if (self.begin <= self._draw(o) < self.end) != self.complement]

    def _draw(self, observation: Observation) -> int:
        # AWS draws from the seed and the record's byte offset; the line number stands in for it.
        key = f"{self.seed}\x1f{observation.line}".encode("utf-8", "surrogatepass")
        return int(hashlib.sha256(key).hexdigest()[:8], 16) % 100


def _percent(splitting: Mapping[str, Any], key: str, default: int) -> int:
    value = splitting.get(key, default)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():  # "50", not "٥٠" or "²"
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise SchemaError(f"DataRearrangement {key} must be an integer from 0 to 100, not {excerpt(value, quoted=True)}")
    return value


def parse_rearrangement(text: str) -> Splitting:
    """{"splitting": {"percentBegin", "percentEnd", "complement", "strategy", "randomSeed"}}; the seed may
    also come as "strategyParams": {"randomSeed"}."""
    try:
        document = parse_json(text)
    except JSONError as error:
        raise SchemaError(f"DataRearrangement is not valid JSON ({error}): {excerpt(text, quoted=True)}") from None
    splitting = document.get("splitting") if isinstance(document, dict) else None
    if not isinstance(splitting, dict):
        raise SchemaError('DataRearrangement must be a JSON object with a "splitting" object')
    begin, end = _percent(splitting, "percentBegin", 0), _percent(splitting, "percentEnd", 100)
    if begin > end:
        raise SchemaError(f"DataRearrangement percentBegin ({begin}) must not be greater than percentEnd ({end})")
    complement = splitting.get("complement", False)
    if isinstance(complement, str) and complement.lower() in ("true", "false"):
        complement = complement.lower() == "true"
    if not isinstance(complement, bool):
        raise SchemaError(f"DataRearrangement complement must be true or false, not {excerpt(complement, quoted=True)}")
    strategy = splitting.get("strategy", "sequential")
    if strategy not in ("sequential", "random"):
        raise SchemaError(f"DataRearrangement strategy must be 'sequential' or 'random', not {excerpt(strategy, quoted=True)}")
    # The API reference puts randomSeed in "splitting", AWS's k-fold sample in "strategyParams"; optional, default "".
    params = splitting.get("strategyParams", {})
    if not isinstance(params, dict):
        raise SchemaError(f"DataRearrangement strategyParams must be a JSON object, not {excerpt(params, quoted=True)}")
    seed = splitting.get("randomSeed", params.get("randomSeed", ""))
    if not isinstance(seed, str):
        raise SchemaError(f"DataRearrangement randomSeed must be a string, not {excerpt(seed, quoted=True)}")
    return Splitting(begin, end, complement, strategy, seed)
