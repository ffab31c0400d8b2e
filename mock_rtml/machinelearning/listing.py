"""Describe*: FilterVariable with EQ/GT/LT/GE/LE/NE/Prefix, SortOrder, Limit and NextToken.

Each FilterVariable is an index (core.table) of the entity table on the value the wire form shows.
Timestamps compare as epoch seconds (the operand may be epoch seconds or ISO 8601); everything else
compares as text, a missing value as "". Results are sorted by the FilterVariable (by CreatedAt
without one), then by id, ascending unless SortOrder is dsc; a page reads only the entities it
returns (and those whose status is still changing, when sorted by a value that changes with it).
"""
from __future__ import annotations

import datetime
import math
from typing import Any, Callable, Dict, Mapping, Optional

from ..core.errors import excerpt
from ..core.pagination import page
from ..core.table import Index, Range, Table
from .exceptions import InvalidInputException

_TIMES = ("CreatedAt", "LastUpdatedAt")

COMMON: Mapping[str, Index[Any]] = {
    "CreatedAt": Index(lambda e, now: e.record.created_at),
    "LastUpdatedAt": Index(lambda e, now: e.record.last_updated(now), moves=True),
    "Status": Index(lambda e, now: e.status(now), moves=True),
    "Name": Index(lambda e, now: e.record.name or ""),
    "IAMUser": Index(lambda e, now: e.record.iam_user),
}
DATA_SOURCE_FILTERS: Mapping[str, Index[Any]] = {**COMMON, "DataLocationS3": Index(lambda s, now: s.location)}
ML_MODEL_FILTERS: Mapping[str, Index[Any]] = {
    **COMMON,
    "TrainingDataSourceId": Index(lambda m, now: m.training_data_source_id or ""),
    "RealtimeEndpointStatus": Index(lambda m, now: m.endpoint_status(now), moves=True),
    "MLModelType": Index(lambda m, now: m.model_type),
    "Algorithm": Index(lambda m, now: "sgd"),
    "TrainingDataURI": Index(lambda m, now: m.input_location or ""),
}
# Evaluations and batch predictions name their model, data source and input alike.
JOB_FILTERS: Mapping[str, Index[Any]] = {
    **COMMON,
    "MLModelId": Index(lambda j, now: j.ml_model_id),
    "DataSourceId": Index(lambda j, now: j.data_source_id),
    "DataURI": Index(lambda j, now: j.input_location),
}


def entity_table(filters: Mapping[str, Index[Any]]) -> Table[Any]:
    """Entities by id, indexed by every FilterVariable; DELETED ones stay (Get* and Describe* show them)."""
    return Table(lambda e: e.record.entity_id, lambda e: (e.record.entity_id,), filters)


def _operand(variable: str, raw: str) -> Any:
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
    table: Table[Any],
    read: Callable[[Any], Dict[str, Any]],
    now: float,
    kind: str,
    filter_variable: Optional[str] = None,
    sort_order: str = "asc",
    next_token: Optional[str] = None,
    limit: int = 100,
    prefix: Optional[str] = None,
    **operators: Optional[str],
) -> Dict[str, Any]:
    """The Describe* reply for a table of `kind` (DataSource, MLModel...) under the request's filter,
    order and page; `read` gives an entity's wire form."""
    conditions: Dict[str, str] = {op.upper(): value for op, value in operators.items() if value is not None}
    if prefix is not None:
        conditions["PREFIX"] = prefix
    if conditions and filter_variable is None:
        raise InvalidInputException(f"{', '.join(sorted(conditions))} needs a FilterVariable to compare with")
    variable = filter_variable or "CreatedAt"
    where = Range()
    for op, raw in sorted(conditions.items()):
        where = where.narrowed(op, raw if op == "PREFIX" else _operand(variable, raw))
    scope = f"Describe {kind} {variable} {sort_order} {sorted(conditions.items())!r}"
    results, following = page(table, variable, where, next_token, limit, read, now, scope, InvalidInputException,
                              descending=sort_order == "dsc")
    reply: Dict[str, Any] = {"Results": results}
    if following:
        reply["NextToken"] = following
    return reply
