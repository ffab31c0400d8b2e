"""BackendBase: the state and shared lookups that every operation mixin of MachineLearningBackend uses."""
from __future__ import annotations

from typing import Any, Mapping, Optional, TypeVar

from ..core.state import Environment, ServiceBackend
from ..core.table import Table
from .entities import BatchPrediction, DataSource, Entity, Evaluation, MLModel
from .exceptions import IdempotentParameterMismatchException, InvalidInputException, ResourceNotFoundException
from .listing import DATA_SOURCE_FILTERS, JOB_FILTERS, ML_MODEL_FILTERS, entity_table

E = TypeVar("E", bound=Entity)


class BackendBase(ServiceBackend):
    """Amazon ML's state in one account and region."""

    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        super().__init__(account_id, region, environment)
        self.data_sources: Table[DataSource] = entity_table(DATA_SOURCE_FILTERS)
        self.ml_models: Table[MLModel] = entity_table(ML_MODEL_FILTERS)
        self.evaluations: Table[Evaluation] = entity_table(JOB_FILTERS)
        self.batch_predictions: Table[BatchPrediction] = entity_table(JOB_FILTERS)

    @property
    def iam_user(self) -> str:
        return f"arn:aws:iam::{self.account_id}:root"

    @property
    def endpoint_url(self) -> str:
        return f"https://realtime.machinelearning.{self.region}.amazonaws.com"

    @staticmethod
    def retried(kind: str, entity_id: str, existing: Optional[Entity], request: Mapping[str, Any]) -> bool:
        """True for a retry of the create that made `existing`; a reuse with other parameters is an error."""
        if existing is None:
            return False
        if existing.record.request == request:
            return True
        raise IdempotentParameterMismatchException(
            f"A {kind} with id {entity_id} already exists and was created with other parameters"
        )

    def found(self, table: Table[E], entity_id: str, kind: str, deleted: bool = False) -> E:
        """The entity; a DELETED one only when `deleted` (Get* shows it, everything else does not)."""
        entity = table.find(entity_id, self.clock.now())
        if entity is None:
            raise ResourceNotFoundException(f"No {kind} with id {entity_id} exists")
        if entity.record.deleted and not deleted:
            raise ResourceNotFoundException(f"The {kind} {entity_id} is DELETED")
        return entity

    @staticmethod
    def usable(table: Table[E], entity_id: str, kind: str) -> E:
        """A referenced entity (Create* inputs): unknown or DELETED is the caller's input error."""
        entity = table.get(entity_id)
        if entity is None or entity.record.deleted:
            state = "does not exist" if entity is None else "is DELETED"
            raise InvalidInputException(f"The {kind} {entity_id} {state}")
        return entity
