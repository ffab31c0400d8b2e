"""Describe*: FilterVariable with EQ/GT/LT/GE/LE/NE/Prefix, SortOrder, Limit and NextToken.

Each FilterVariable names a member of the listed wire form. Timestamps compare as epoch seconds
(the operand may be epoch seconds or ISO 8601); everything else compares as text. Results are
sorted by the FilterVariable (by CreatedAt without one), then by id, ascending unless SortOrder is dsc.
"""
from __future__ import annotations

import datetime
import math
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from ..core.errors import excerpt
from ..core.pagination import page
from .exceptions import InvalidInputException

Getter = Callable[[Mapping[str, Any]], Any]
Key = Union[float, str]
_OPERATORS: Mapping[str, Callable[[Key, Key], bool]] = {
    "EQ": lambda a, b: a == b,
    "NE": lambda a, b: a != b,
    "GT": lambda a, b: a > b,  # type: ignore[operator]
    "GE": lambda a, b: a >= b,  # type: ignore[operator]
    "LT": lambda a, b: a < b,  # type: ignore[operator]
    "LE": lambda a, b: a <= b,  # type: ignore[operator]
}
_TIMES = ("CreatedAt", "LastUpdatedAt")


def _member(name: str) -> Getter:
    return lambda item: item.get(name)


COMMON: Mapping[str, Getter] = {
    "CreatedAt": _member("CreatedAt"),
    "LastUpdatedAt": _member("LastUpdatedAt"),
    "Status": _member("Status"),
    "Name": _member("Name"),
    "IAMUser": _member("CreatedByIamUser"),
}
DATA_SOURCE_FILTERS: Mapping[str, Getter] = {**COMMON, "DataLocationS3": _member("DataLocationS3")}
ML_MODEL_FILTERS: Mapping[str, Getter] = {
    **COMMON,
    "TrainingDataSourceId": _member("TrainingDataSourceId"),
    "RealtimeEndpointStatus": lambda item: item["EndpointInfo"]["EndpointStatus"],
    "MLModelType": _member("MLModelType"),
    "Algorithm": _member("Algorithm"),
    "TrainingDataURI": _member("InputDataLocationS3"),
}
EVALUATION_FILTERS: Mapping[str, Getter] = {
    **COMMON,
    "MLModelId": _member("MLModelId"),
    "DataSourceId": _member("EvaluationDataSourceId"),
    "DataURI": _member("InputDataLocationS3"),
}
BATCH_PREDICTION_FILTERS: Mapping[str, Getter] = {
    **EVALUATION_FILTERS,
    "DataSourceId": _member("BatchPredictionDataSourceId"),
}


def _operand(variable: str, raw: str) -> Key:
    if variable not in _TIMES:
        return raw
    try:
        number = float(raw)
        if math.isfinite(number):
            return number
    except ValueError:
        pass
    try:
        moment = datetime.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputException(f"{variable} filters take epoch seconds or an ISO 8601 time, not '{excerpt(raw)}'") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def describe(
    items: Sequence[Mapping[str, Any]],
    id_key: str,
    filters: Mapping[str, Getter],
    filter_variable: Optional[str] = None,
    sort_order: str = "asc",
    next_token: Optional[str] = None,
    limit: int = 100,
    prefix: Optional[str] = None,
    **operators: Optional[str],
) -> Dict[str, Any]:
    """The Describe* reply for `items` (wire forms) under the request's filter, order and page."""
    conditions: Dict[str, str] = {op.upper(): value for op, value in operators.items() if value is not None}
    if prefix is not None:
        conditions["PREFIX"] = prefix
    if conditions and filter_variable is None:
        raise InvalidInputException(f"{', '.join(sorted(conditions))} needs a FilterVariable to compare with")
    getter = filters[filter_variable] if filter_variable else filters["CreatedAt"]
    chosen: List[Tuple[Key, str, Mapping[str, Any]]] = []
    for item in items:
        value = getter(item)
        key: Key = value if isinstance(value, (int, float)) else ("" if value is None else str(value))
        if _matches(filter_variable or "CreatedAt", key, conditions):
            chosen.append((key, str(item[id_key]), item))
    chosen.sort(key=lambda entry: (entry[0], entry[1]), reverse=sort_order == "dsc")
    results, token = page([item for _, _, item in chosen], next_token, limit, InvalidInputException)
    reply: Dict[str, Any] = {"Results": results}
    if token:
        reply["NextToken"] = token
    return reply


def _matches(variable: str, key: Key, conditions: Mapping[str, str]) -> bool:
    for op, raw in conditions.items():
        if op == "PREFIX":
            if not str(key).startswith(raw):
                return False
            continue
        operand = _operand(variable, raw)
        if isinstance(key, str) != isinstance(operand, str):
            return False
        if not _OPERATORS[op](key, operand):
            return False
    return True
