"""Data source operations of MachineLearningBackend.

CreateDataSourceFromS3 reads the schema and the CSV files from moto's S3 at once; what cannot be
read or does not fit ends the data source FAILED with a Message saying why (its status still walks
PENDING -> INPROGRESS -> FAILED through the state manager). RDS and Redshift cannot be read by a
simulator, so those data sources always end FAILED.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..core.coexistence import DataUnavailable, read_objects
from ..core.errors import excerpt
from .base import BackendBase
from .exceptions import InvalidInputException
from .listing import describe
from .entities import DATA_SOURCE_MODEL, DataSource, Record
from .schema import Observation, Schema, SchemaError, Splitting, parse_rearrangement, parse_schema, read_observations

_NO_DATABASES = (
    "mock_rtml cannot read {what}: put the query's result as CSV in moto's S3 and create the data source "
    "with CreateDataSourceFromS3 instead"
)


def read_text(account_id: str, uri: str, what: str) -> str:
    """The text of the S3 object (or of every object under the prefix, joined), for schemas and recipes."""
    try:
        return "".join(data.decode("utf-8-sig") for _, data in s3_files(account_id, uri))
    except UnicodeDecodeError:
        raise SchemaError(f"The {what} at {uri} is not UTF-8 text") from None


def s3_files(account_id: str, uri: str) -> List[Tuple[str, bytes]]:
    """(S3 URI, bytes) of the object at `uri`, or of every object under that prefix."""
    bucket = uri[5:].split("/", 1)[0]
    return [(f"s3://{bucket}/{key}", data) for key, data in read_objects(account_id, uri)]


def splitting(rearrangement: Optional[str]) -> Optional[Splitting]:
    """The parsed DataRearrangement; a malformed one is the caller's input error, reported at once."""
    if rearrangement is None:
        return None
    try:
        return parse_rearrangement(rearrangement)
    except SchemaError as error:
        raise InvalidInputException(str(error)) from None


class DataSourcesMixin(BackendBase):
    def create_data_source_from_s3(
        self,
        data_source_id: str,
        data_spec: Mapping[str, Any],
        data_source_name: Optional[str] = None,
        compute_statistics: bool = False,
    ) -> Dict[str, Any]:
        request = {"From": "S3", "DataSpec": dict(data_spec), "Name": data_source_name, "Statistics": compute_statistics}
        if self.retried("DataSource", data_source_id, self.data_sources.get(data_source_id), request):
            return {"DataSourceId": data_source_id}
        schema_text, schema_uri = data_spec.get("DataSchema"), data_spec.get("DataSchemaLocationS3")
        if (schema_text is None) == (schema_uri is None):
            raise InvalidInputException("Give exactly one of DataSpec.DataSchema and DataSpec.DataSchemaLocationS3")
        rearrangement = data_spec.get("DataRearrangement")
        split = splitting(rearrangement)
        location = data_spec["DataLocationS3"]
        schema: Optional[Schema] = None
        chosen = 0
        files: List[Tuple[str, bytes]] = []
        failure: Optional[str] = None
        try:
            if schema_uri is not None:
                schema_text = read_text(self.account_id, schema_uri, "data schema")
            schema = parse_schema(schema_text or "")
            files = s3_files(self.account_id, location)
            observations = read_observations(schema, files)
            _check_fit(location, len(schema.attributes), observations)
            chosen = len(split.select(observations)) if split is not None else len(observations)
            if not chosen:
                raise SchemaError(f"DataRearrangement {excerpt(rearrangement)} selects none of the {len(observations)} records")
        except (DataUnavailable, SchemaError) as error:
            failure, schema, files, chosen = str(error), None, [], 0
        now = self.clock.now()
        record = Record.start(DATA_SOURCE_MODEL, data_source_id, data_source_name, self.iam_user, now,
                              request, failure, compute_time=10 * chosen)
        source = DataSource(record, location, rearrangement, compute_statistics, schema, schema_text, tuple(files), split, chosen)
        self.data_sources.add(source, now)
        return {"DataSourceId": data_source_id}

    def create_data_source_from_rds(
        self,
        data_source_id: str,
        rds_data: Mapping[str, Any],
        role_arn: str,
        data_source_name: Optional[str] = None,
        compute_statistics: bool = False,
    ) -> Dict[str, Any]:
        request = {"From": "RDS", "RDSData": dict(rds_data), "RoleARN": role_arn, "Name": data_source_name,
                   "Statistics": compute_statistics}
        if self.retried("DataSource", data_source_id, self.data_sources.get(data_source_id), request):
            return {"DataSourceId": data_source_id}
        splitting(rds_data.get("DataRearrangement"))
        metadata = {
            "Database": dict(rds_data["DatabaseInformation"]),
            "DatabaseUserName": rds_data["DatabaseCredentials"]["Username"],
            "SelectSqlQuery": rds_data["SelectSqlQuery"],
            "ResourceRole": rds_data["ResourceRole"],
            "ServiceRole": rds_data["ServiceRole"],
        }
        self._database_source(data_source_id, data_source_name, request, rds_data, role_arn, compute_statistics,
                              "Amazon RDS databases").rds = metadata
        return {"DataSourceId": data_source_id}

    def create_data_source_from_redshift(
        self,
        data_source_id: str,
        data_spec: Mapping[str, Any],
        role_arn: str,
        data_source_name: Optional[str] = None,
        compute_statistics: bool = False,
    ) -> Dict[str, Any]:
        request = {"From": "Redshift", "DataSpec": dict(data_spec), "RoleARN": role_arn, "Name": data_source_name,
                   "Statistics": compute_statistics}
        if self.retried("DataSource", data_source_id, self.data_sources.get(data_source_id), request):
            return {"DataSourceId": data_source_id}
        splitting(data_spec.get("DataRearrangement"))
        metadata = {
            "RedshiftDatabase": dict(data_spec["DatabaseInformation"]),
            "DatabaseUserName": data_spec["DatabaseCredentials"]["Username"],
            "SelectSqlQuery": data_spec["SelectSqlQuery"],
        }
        self._database_source(data_source_id, data_source_name, request, data_spec, role_arn, compute_statistics,
                              "Amazon Redshift clusters").redshift = metadata
        return {"DataSourceId": data_source_id}

    def _database_source(
        self, data_source_id: str, name: Optional[str], request: Dict[str, Any],
        spec: Mapping[str, Any], role_arn: str, compute_statistics: bool, what: str,
    ) -> DataSource:
        record = Record.start(DATA_SOURCE_MODEL, data_source_id, name, self.iam_user, self.clock.now(), request,
                              _NO_DATABASES.format(what=what))
        source = DataSource(record, spec["S3StagingLocation"], spec.get("DataRearrangement"), compute_statistics,
                            None, spec.get("DataSchema"), role_arn=role_arn)
        self.data_sources.add(source, record.created_at)
        return source

    def get_data_source(self, data_source_id: str, verbose: bool = False) -> Dict[str, Any]:
        source = self.found(self.data_sources, data_source_id, "DataSource", deleted=True)
        reply = source.wire(self.clock.now(), describe=True)
        if verbose and source.schema_text is not None:
            reply["DataSourceSchema"] = source.schema_text
        return reply

    def describe_data_sources(self, **query: Any) -> Dict[str, Any]:
        now = self.clock.now()
        return describe(self.data_sources, lambda source: source.wire(now, describe=True), now, "DataSource", **query)

    def update_data_source(self, data_source_id: str, data_source_name: str) -> Dict[str, Any]:
        source = self.found(self.data_sources, data_source_id, "DataSource")
        source.record.rename(data_source_name, self.clock.now())
        self.data_sources.changed(source, self.clock.now())
        return {"DataSourceId": data_source_id}

    def delete_data_source(self, data_source_id: str) -> Dict[str, Any]:
        source = self.found(self.data_sources, data_source_id, "DataSource")
        source.record.delete(self.clock.now())
        self.data_sources.changed(source, self.clock.now())
        return {"DataSourceId": data_source_id}


def _check_fit(location: str, width: int, observations: List[Observation]) -> None:
    if not observations:
        raise SchemaError(f"{location} holds no records")
    if all(o.values is None for o in observations):
        first = observations[0]
        raise SchemaError(
            f"None of the {len(observations)} records in {location} fits the schema ({width} attributes with "
            f"values of their types); the first misfit is line {first.line} of {first.source}"
        )
