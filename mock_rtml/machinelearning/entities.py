"""Amazon ML entities (data sources, ML models with their realtime endpoints, evaluations, batch
predictions) and how each shows itself on the wire (the Describe* form; Get* adds to it)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..core.lifecycle import Progress, register
from ..core.throughput import TokenBucket
from .schema import Observation, Schema, Splitting, read_observations
from .training import Predictor

DATA_SOURCE_MODEL = "machinelearning::data-source"
ML_MODEL_MODEL = "machinelearning::ml-model"
EVALUATION_MODEL = "machinelearning::evaluation"
BATCH_PREDICTION_MODEL = "machinelearning::batch-prediction"
ENDPOINT_MODEL = "machinelearning::realtime-endpoint"
for _name in (DATA_SOURCE_MODEL, ML_MODEL_MODEL, EVALUATION_MODEL, BATCH_PREDICTION_MODEL, ENDPOINT_MODEL):
    register(_name)

SUCCEEDS = ("PENDING", "INPROGRESS", "COMPLETED")
FAILS = ("PENDING", "INPROGRESS", "FAILED")
DEFAULT_SCORE_THRESHOLD = 0.5


@dataclass
class Record:
    """What the four entity types share: id, name, times, status progression, failure message, tags."""

    entity_id: str
    name: Optional[str]
    iam_user: str
    created_at: float
    progress: Progress
    request: Dict[str, Any]  # the create parameters: a retry repeats them, a conflicting reuse does not
    message: Optional[str] = None  # why it FAILED
    compute_time: int = 0
    last_updated_at: float = 0.0
    deleted: bool = False
    tags: Dict[str, Optional[str]] = field(default_factory=dict)

    @classmethod
    def start(
        cls, model_name: str, entity_id: str, name: Optional[str], iam_user: str, now: float,
        request: Dict[str, Any], failure: Optional[str] = None, compute_time: int = 0,
    ) -> Record:
        steps: Sequence[str] = FAILS if failure is not None else SUCCEEDS
        return cls(entity_id, name, iam_user, now, Progress.start(model_name, steps, now), request, failure,
                   compute_time, last_updated_at=now)

    def rename(self, name: Optional[str], now: float) -> None:
        self.name, self.last_updated_at = name, now

    def delete(self, now: float) -> None:
        self.deleted, self.last_updated_at = True, now

    @property
    def failed(self) -> bool:
        """Whether it ends (or ended) FAILED, whatever its status now."""
        return self.progress.steps[-1] == "FAILED"

    def status(self, now: float, describe: bool = False) -> str:
        if self.deleted:
            return "DELETED"
        return self.progress.status(now, describe)

    def fail(self, message: str) -> None:
        self.message = message

    @property
    def started_at(self) -> Optional[float]:
        """When it left PENDING (an entity made COMPLETED at once started then)."""
        return self.progress.began_at("INPROGRESS", "COMPLETED", "FAILED")

    @property
    def finished_at(self) -> Optional[float]:
        return self.progress.began_at("COMPLETED", "FAILED")

    def last_updated(self, now: float) -> float:
        self.status(now)  # the end of the progression counts as an update
        return max(self.last_updated_at, self.finished_at or 0.0)

    def wire(self, now: float, describe: bool) -> Dict[str, Any]:
        status = self.status(now, describe)
        out: Dict[str, Any] = {
            "CreatedByIamUser": self.iam_user,
            "CreatedAt": self.created_at,
            "LastUpdatedAt": self.last_updated(now),
            "Status": status,
        }
        if self.name is not None:
            out["Name"] = self.name
        if self.message and status in ("FAILED", "DELETED"):
            out["Message"] = self.message
        if self.started_at is not None:
            out["StartedAt"] = self.started_at
        if self.finished_at is not None:
            out["FinishedAt"] = self.finished_at
        if status == "COMPLETED":
            out["ComputeTime"] = self.compute_time
        return out


class Entity:
    """What a Table of entities reads: the status (DELETED once deleted) and what still moves it."""

    record: Record

    def status(self, now: float, describe: bool = False) -> str:
        return self.record.status(now, describe)

    def progressions(self) -> Tuple[Progress, ...]:
        return () if self.record.deleted else (self.record.progress,)


@dataclass
class DataSource(Entity):
    record: Record
    location: str  # DataLocationS3 (the staging location for RDS and Redshift)
    rearrangement: Optional[str]
    compute_statistics: bool
    schema: Optional[Schema]  # None when it could not be read
    schema_text: Optional[str]
    # The CSV files as read, (S3 URI, bytes): a data source keeps its data once, as given, and parses
    # it again where it is used (training, evaluation, batch prediction).
    data: Tuple[Tuple[str, bytes], ...] = ()
    split: Optional[Splitting] = None
    records: int = 0  # observations after DataRearrangement
    role_arn: Optional[str] = None
    rds: Optional[Dict[str, Any]] = None
    redshift: Optional[Dict[str, Any]] = None

    @property
    def observations(self) -> List[Observation]:
        """The observations after DataRearrangement, parsed from the kept CSV."""
        if self.schema is None or not self.data:
            return []
        observations = read_observations(self.schema, self.data)
        return self.split.select(observations) if self.split is not None else observations

    def wire(self, now: float, describe: bool = False) -> Dict[str, Any]:
        out = {"DataSourceId": self.record.entity_id, "DataLocationS3": self.location, **self.record.wire(now, describe)}
        if self.rearrangement is not None:
            out["DataRearrangement"] = self.rearrangement
        if out["Status"] == "COMPLETED":
            out["DataSizeInBytes"] = sum(len(data) for _, data in self.data)
            out["NumberOfFiles"] = len(self.data)
        optional = {"RoleARN": self.role_arn, "RDSMetadata": self.rds, "RedshiftMetadata": self.redshift}
        out.update({k: v for k, v in optional.items() if v is not None})
        out["ComputeStatistics"] = self.compute_statistics
        return out


@dataclass
class RealtimeEndpoint:
    url: str
    created_at: float
    progress: Progress
    peak_requests_per_second: int
    bucket: Optional[TokenBucket] = None  # Predict's throughput, when the mock enforces it

    def status(self, now: float, describe: bool = False) -> str:
        return self.progress.status(now, describe)


@dataclass
class MLModel(Entity):
    record: Record
    model_type: str
    training_data_source_id: Optional[str]
    input_location: Optional[str]
    parameters: Dict[str, str]
    recipe: Optional[str]
    schema_text: Optional[str]
    predictor: Optional[Predictor]
    score_threshold: Optional[float] = None
    score_threshold_updated_at: Optional[float] = None
    endpoint: Optional[RealtimeEndpoint] = None
    size_in_bytes: int = 0

    def status(self, now: float, describe: bool = False) -> str:
        if self.endpoint is not None:
            self.endpoint.status(now, describe)
        return self.record.status(now, describe)

    def progressions(self) -> Tuple[Progress, ...]:
        return super().progressions() + ((self.endpoint.progress,) if self.endpoint is not None else ())

    def endpoint_status(self, now: float) -> str:
        return self.endpoint.status(now) if self.endpoint is not None else "NONE"

    def endpoint_info(self, now: float, describe: bool = False) -> Dict[str, Any]:
        if self.endpoint is None:
            return {"PeakRequestsPerSecond": 0, "EndpointStatus": "NONE"}
        return {
            "PeakRequestsPerSecond": self.endpoint.peak_requests_per_second,
            "CreatedAt": self.endpoint.created_at,
            "EndpointUrl": self.endpoint.url,
            "EndpointStatus": self.endpoint.status(now, describe),
        }

    def wire(self, now: float, describe: bool = False) -> Dict[str, Any]:
        out = {"MLModelId": self.record.entity_id, **self.record.wire(now, describe)}
        optional = {
            "TrainingDataSourceId": self.training_data_source_id,
            "InputDataLocationS3": self.input_location,
            "ScoreThreshold": self.score_threshold,
            "ScoreThresholdLastUpdatedAt": self.score_threshold_updated_at,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        out.update({
            "EndpointInfo": self.endpoint_info(now, describe),
            "TrainingParameters": dict(self.parameters),
            "Algorithm": "sgd",
            "MLModelType": self.model_type,
        })
        if out["Status"] == "COMPLETED":
            out["SizeInBytes"] = self.size_in_bytes
        return out


@dataclass
class Evaluation(Entity):
    record: Record
    ml_model_id: str
    data_source_id: str
    input_location: str
    metrics: Dict[str, str]

    def wire(self, now: float, describe: bool = False) -> Dict[str, Any]:
        out = {
            "EvaluationId": self.record.entity_id,
            "MLModelId": self.ml_model_id,
            "EvaluationDataSourceId": self.data_source_id,
            "InputDataLocationS3": self.input_location,
            **self.record.wire(now, describe),
        }
        if out["Status"] == "COMPLETED":
            out["PerformanceMetrics"] = {"Properties": dict(self.metrics)}
        return out


@dataclass
class BatchPrediction(Entity):
    record: Record
    ml_model_id: str
    data_source_id: str
    input_location: str
    output_uri: str
    total: int = 0
    invalid: int = 0

    def wire(self, now: float, describe: bool = False) -> Dict[str, Any]:
        out = {
            "BatchPredictionId": self.record.entity_id,
            "MLModelId": self.ml_model_id,
            "BatchPredictionDataSourceId": self.data_source_id,
            "InputDataLocationS3": self.input_location,
            "OutputUri": self.output_uri,
            **self.record.wire(now, describe),
        }
        if out["Status"] == "COMPLETED":
            out["TotalRecordCount"] = self.total
            out["InvalidRecordCount"] = self.invalid
        return out
