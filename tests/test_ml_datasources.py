"""Amazon ML data sources: S3 (schema inline or in S3, DataRearrangement), RDS and Redshift, Get/Update/Delete."""
from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.moto_api import state_manager

from mock_rtml import mock_rtml
from ml_datasets import BUCKET, RDS_DATA, REGION, s3_source, spam_csv, spam_schema, upload


def _error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response


def test_s3_data_source_reads_csv_and_reports_size(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    source = ml.get_data_source(DataSourceId="ds")
    assert source["Status"] == "COMPLETED"
    assert source["DataLocationS3"] == f"s3://{BUCKET}/ds.csv"
    assert source["DataSizeInBytes"] == len(spam_csv().encode())
    assert source["NumberOfFiles"] == 1
    assert source["ComputeStatistics"] is True
    assert source["CreatedByIamUser"] == "arn:aws:iam::123456789012:root"
    assert "DataSourceSchema" not in source


def test_verbose_get_returns_the_schema(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    assert ml.get_data_source(DataSourceId="ds", Verbose=True)["DataSourceSchema"] == spam_schema()


def test_schema_location_and_a_prefix_of_several_files(ml_clients):
    ml, s3 = ml_clients
    upload(s3, "parts/a.csv", spam_csv(5))
    upload(s3, "parts/b.csv", spam_csv(5))
    schema_uri = upload(s3, "schemas/mail.schema", spam_schema())
    ml.create_data_source_from_s3(
        DataSourceId="ds", DataSpec={"DataLocationS3": f"s3://{BUCKET}/parts/", "DataSchemaLocationS3": schema_uri}
    )
    source = ml.get_data_source(DataSourceId="ds", Verbose=True)
    assert (source["Status"], source["NumberOfFiles"], source["DataSourceSchema"]) == ("COMPLETED", 2, spam_schema())


def test_status_walks_pending_inprogress_completed_under_manual_transitions(ml_clients):
    ml, s3 = ml_clients
    state_manager.set_transition("machinelearning::data-source", {"progression": "manual", "times": 1})
    try:
        s3_source(ml, s3, "ds", spam_csv(), spam_schema())
        seen = [ml.get_data_source(DataSourceId="ds")["Status"] for _ in range(4)]
    finally:
        state_manager.unset_transition("machinelearning::data-source")
    assert seen == ["INPROGRESS", "COMPLETED", "COMPLETED", "COMPLETED"]


def test_data_rearrangement_splits_sequentially_and_with_complement(ml_clients):
    ml, s3 = ml_clients
    for source_id, split in (("first", {"percentBegin": 0, "percentEnd": 25}),
                             ("rest", {"percentBegin": 0, "percentEnd": 25, "complement": "true"})):
        s3_source(ml, s3, source_id, spam_csv(), spam_schema(), DataRearrangement=json.dumps({"splitting": split}))
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="rest")
    for source_id in ("first", "rest"):
        # The record counts show through a batch prediction.
        ml.create_batch_prediction(BatchPredictionId=f"bp-{source_id}", MLModelId="m", BatchPredictionDataSourceId=source_id,
              OutputUri=f"s3://{BUCKET}/out/")
    counts = [ml.get_batch_prediction(BatchPredictionId=f"bp-{s}")["TotalRecordCount"] for s in ("first", "rest")]
    assert counts == [10, 30]
    assert ml.get_data_source(DataSourceId="first")["DataRearrangement"] == json.dumps(
        {"splitting": {"percentBegin": 0, "percentEnd": 25}}
    )


def test_random_split_is_seeded_and_complementary(ml_clients):
    ml, s3 = ml_clients
    split = {"percentBegin": 0, "percentEnd": 50, "strategy": "random", "randomSeed": "seed-1"}
    s3_source(ml, s3, "a", spam_csv(), spam_schema(), DataRearrangement=json.dumps({"splitting": split}))
    s3_source(ml, s3, "b", spam_csv(), spam_schema(), DataRearrangement=json.dumps({"splitting": {**split, "complement": True}}))
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="a")
    counts = []
    for source_id in ("a", "b"):
        ml.create_batch_prediction(BatchPredictionId=source_id, MLModelId="m", BatchPredictionDataSourceId=source_id,
                                   OutputUri=f"s3://{BUCKET}/out/")
        counts.append(ml.get_batch_prediction(BatchPredictionId=source_id)["TotalRecordCount"])
    assert sum(counts) == 40 and 0 < counts[0] < 40


def _random_split_counts(ml, s3, name, **seed):
    """TotalRecordCount of batch predictions over a random 0-50% split of the 40 rows and its complement."""
    split = {"percentBegin": 0, "percentEnd": 50, "strategy": "random", **seed}
    sources = [f"{name}-half", f"{name}-rest"]
    for source_id, complement in zip(sources, (False, True)):
        s3_source(ml, s3, source_id, spam_csv(), spam_schema(),
                  DataRearrangement=json.dumps({"splitting": {**split, "complement": complement}}))
    ml.create_ml_model(MLModelId=f"{name}-m", MLModelType="BINARY", TrainingDataSourceId=sources[0])
    for source_id in sources:
        ml.create_batch_prediction(BatchPredictionId=source_id, MLModelId=f"{name}-m", BatchPredictionDataSourceId=source_id,
                                   OutputUri=f"s3://{BUCKET}/out/")
    return [ml.get_batch_prediction(BatchPredictionId=source_id)["TotalRecordCount"] for source_id in sources]


def test_random_seed_may_be_given_in_strategy_params_as_aws_k_fold_sample_sends_it(ml_clients):
    """AWS's k-fold cross-validation sample (awslabs/machine-learning-samples) sends the seed as
    splitting.strategyParams.randomSeed; the API reference shows splitting.randomSeed. Both seed the same split."""
    inline = _random_split_counts(*ml_clients, "inline", randomSeed="RANDOMSEED")
    nested = _random_split_counts(*ml_clients, "nested", strategyParams={"randomSeed": "RANDOMSEED"})
    assert nested == inline and sum(inline) == 40 and 0 < inline[0] < 40


def test_random_seed_is_optional(ml_clients):
    """The k-fold sample's README: randomSeed is optional, its default the empty string."""
    assert _random_split_counts(*ml_clients, "unseeded") == _random_split_counts(*ml_clients, "empty", randomSeed="")


@pytest.mark.parametrize(
    "rearrangement",
    ["not json", json.dumps({"percentBegin": 0}), json.dumps({"splitting": {"percentBegin": 80, "percentEnd": 20}}),
     json.dumps({"splitting": {"percentEnd": 101}}), json.dumps({"splitting": {"strategy": "random", "randomSeed": 7}}),
     json.dumps({"splitting": {"strategy": "random", "strategyParams": "seed"}}),
     json.dumps({"splitting": {"complement": "maybe"}})],
)
def test_malformed_data_rearrangement_is_invalid_input(ml_clients, rearrangement):
    ml, s3 = ml_clients
    location = upload(s3, "x.csv", spam_csv())
    error = _error(ml.create_data_source_from_s3, DataSourceId="ds",
                   DataSpec={"DataLocationS3": location, "DataSchema": spam_schema(), "DataRearrangement": rearrangement})
    assert error["Error"]["Code"] == "InvalidInputException"
    assert _error(ml.get_data_source, DataSourceId="ds")["Error"]["Code"] == "ResourceNotFoundException"


@pytest.mark.parametrize("spec", [{}, {"DataSchema": "{}", "DataSchemaLocationS3": "s3://x/y"}])
def test_exactly_one_schema_is_required(ml_clients, spec):
    ml, _ = ml_clients
    error = _error(ml.create_data_source_from_s3, DataSourceId="ds", DataSpec={"DataLocationS3": "s3://x/y", **spec})
    assert error["Error"]["Code"] == "InvalidInputException"
    assert "DataSchema" in error["Error"]["Message"]


@pytest.mark.parametrize(
    "schema, words",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"attributes": []}), "non-empty 'attributes'"),
        (json.dumps({"dataFormat": "JSON", "attributes": [{"attributeName": "a", "attributeType": "TEXT"}]}), "dataFormat"),
        (json.dumps({"attributes": [{"attributeName": "a", "attributeType": "DATE"}]}), "attributeType 'DATE'"),
        (json.dumps({"attributes": [{"attributeName": "a", "attributeType": "TEXT"}] * 2}), "more than once"),
        (spam_schema(target="nope"), "targetAttributeName 'nope'"),
        (spam_schema(rowId="nope"), "rowId 'nope'"),
        (spam_schema(excludedAttributeNames=["nope"]), "excludedAttributeNames"),
    ],
)
def test_bad_schema_ends_failed_with_a_message(ml_clients, schema, words):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), schema)
    source = ml.get_data_source(DataSourceId="ds")
    assert source["Status"] == "FAILED"
    assert words in source["Message"]
    assert "DataSizeInBytes" not in source


def test_data_that_does_not_fit_the_schema_ends_failed(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", "a,b\n1,2\n3,4\n", spam_schema())
    source = ml.get_data_source(DataSourceId="ds")
    assert source["Status"] == "FAILED"
    assert "None of the 2 records" in source["Message"] and "line 2" in source["Message"]


def test_missing_object_or_bucket_ends_failed(ml_clients):
    ml, s3 = ml_clients
    upload(s3, "other.csv", "x")
    ml.create_data_source_from_s3(DataSourceId="a", DataSpec={"DataLocationS3": f"s3://{BUCKET}/nope.csv", "DataSchema": spam_schema()})
    ml.create_data_source_from_s3(DataSourceId="b", DataSpec={"DataLocationS3": "s3://no-bucket/x.csv", "DataSchema": spam_schema()})
    assert "no object has that key" in ml.get_data_source(DataSourceId="a")["Message"]
    assert "bucket no-bucket does not exist" in ml.get_data_source(DataSourceId="b")["Message"]


@mock_rtml
def test_without_moto_the_data_source_fails_and_says_how_to_fix_it():
    ml = boto3.client("machinelearning", region_name=REGION)
    ml.create_data_source_from_s3(DataSourceId="ds", DataSpec={"DataLocationS3": "s3://b/x.csv", "DataSchema": spam_schema()})
    source = ml.get_data_source(DataSourceId="ds")
    assert source["Status"] == "FAILED"
    assert "mock_aws" in source["Message"]


def test_rds_data_source_is_created_and_fails_without_a_traceback(ml_clients):
    ml, _ = ml_clients
    ml.create_data_source_from_rds(DataSourceId="rds", RoleARN="arn:aws:iam::123456789012:role/ml", RDSData=RDS_DATA)
    source = ml.get_data_source(DataSourceId="rds")
    assert source["Status"] == "FAILED"
    assert "cannot read Amazon RDS" in source["Message"]
    assert source["RDSMetadata"]["Database"] == {"InstanceIdentifier": "db-1", "DatabaseName": "shop"}
    assert source["RDSMetadata"]["DatabaseUserName"] == "admin"
    assert source["RoleARN"] == "arn:aws:iam::123456789012:role/ml"
    assert "secret-password" not in json.dumps(source, default=str)


def test_redshift_data_source_is_created_and_fails(ml_clients):
    ml, _ = ml_clients
    ml.create_data_source_from_redshift(
        DataSourceId="rs", RoleARN="arn:aws:iam::123456789012:role/ml",
        DataSpec={
            "DatabaseInformation": {"DatabaseName": "dw", "ClusterIdentifier": "cluster-1"},
            "SelectSqlQuery": "select 1", "DatabaseCredentials": {"Username": "u", "Password": "password1"},
            "S3StagingLocation": "s3://staging/rs/",
        },
    )
    source = ml.get_data_source(DataSourceId="rs")
    assert (source["Status"], source["DataLocationS3"]) == ("FAILED", "s3://staging/rs/")
    assert "cannot read Amazon Redshift" in source["Message"]
    assert source["RedshiftMetadata"]["RedshiftDatabase"] == {"DatabaseName": "dw", "ClusterIdentifier": "cluster-1"}


def test_same_create_twice_is_idempotent_and_other_parameters_conflict(ml_clients):
    ml, s3 = ml_clients
    location = upload(s3, "x.csv", spam_csv())
    spec = {"DataLocationS3": location, "DataSchema": spam_schema()}
    assert ml.create_data_source_from_s3(DataSourceId="ds", DataSpec=spec)["DataSourceId"] == "ds"
    assert ml.create_data_source_from_s3(DataSourceId="ds", DataSpec=spec)["DataSourceId"] == "ds"
    error = _error(ml.create_data_source_from_s3, DataSourceId="ds", DataSpec=spec, ComputeStatistics=True)
    assert error["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_update_renames_and_delete_marks_deleted(ml_clients):
    """AWS's DeleteDataSource "assigns the DELETED status"; Get still shows it. Updating or deleting it
    again is ResourceNotFoundException (our inference: a deleted entity is unusable)."""
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    assert ml.update_data_source(DataSourceId="ds", DataSourceName="renamed")["DataSourceId"] == "ds"
    assert ml.get_data_source(DataSourceId="ds")["Name"] == "renamed"
    ml.delete_data_source(DataSourceId="ds")
    assert ml.get_data_source(DataSourceId="ds")["Status"] == "DELETED"
    for call, kwargs in ((ml.delete_data_source, {}), (ml.update_data_source, {"DataSourceName": "again"})):
        error = _error(call, DataSourceId="ds", **kwargs)
        assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("ResourceNotFoundException", 404)


@pytest.mark.parametrize("operation", ["get_data_source", "delete_data_source"])
def test_unknown_data_source_is_not_found_with_status_404(ml_clients, operation):
    ml, _ = ml_clients
    error = _error(getattr(ml, operation), DataSourceId="nope")
    assert error["Error"] == {"Code": "ResourceNotFoundException", "Message": "No DataSource with id nope exists"}
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
