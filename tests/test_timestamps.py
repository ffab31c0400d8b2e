"""Timestamps in replies follow the virtual clock and the status progression's real steps, are never
later than the call that reports them, and are whole milliseconds, as AWS sends them."""
from __future__ import annotations

import datetime
from typing import Any, Iterator, List

import boto3
import pytest
import time_machine
from moto import mock_aws

from ml_datasets import REGION, s3_source, spam_csv, spam_schema
from status_progressions import progression
from training_corpus import multi_class_rows, put_training_data

ROLE = "arn:aws:iam::123456789012:role/comprehend-data"
STEP = 240.0  # seconds per step of the "time" progressions below


@pytest.fixture
def comprehend(rtml: Any) -> Iterator[Any]:
    """A Comprehend client, with training data at s3://training/train.csv in moto's S3."""
    with mock_aws():
        put_training_data("training", {"train.csv": multi_class_rows()})
        yield boto3.client("comprehend", region_name=REGION)


def create(comprehend: Any) -> str:
    return str(comprehend.create_document_classifier(
        DocumentClassifierName="news", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"S3Uri": "s3://training/train.csv"},
    )["DocumentClassifierArn"])


def describe(comprehend: Any, arn: str) -> Any:
    return comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]


def after(props: Any, member: str, start: str = "SubmitTime") -> float:
    return float((props[member] - props[start]).total_seconds())


def timestamps(reply: Any) -> List[datetime.datetime]:
    if isinstance(reply, datetime.datetime):
        return [reply]
    if isinstance(reply, dict):
        return [t for value in reply.values() for t in timestamps(value)]
    if isinstance(reply, list):
        return [t for value in reply for t in timestamps(value)]
    return []


def test_training_times_are_when_the_progression_reached_each_status(rtml: Any, comprehend: Any) -> None:
    rtml.clock.freeze()
    with progression("comprehend::document-classifier", progression="time", seconds=STEP):
        arn = create(comprehend)
        rtml.clock.advance(STEP + 30)
        training = describe(comprehend, arn)
        assert training["Status"] == "TRAINING"
        assert after(training, "TrainingStartTime") == pytest.approx(STEP, abs=0.002)
        assert "TrainingEndTime" not in training and "EndTime" not in training
        rtml.clock.advance(STEP * 5)
        trained = describe(comprehend, arn)
        assert trained["Status"] == "TRAINED"
        assert trained["TrainingStartTime"] == training["TrainingStartTime"]
        assert after(trained, "TrainingEndTime") == after(trained, "EndTime") == pytest.approx(2 * STEP, abs=0.002)


def test_a_stopped_training_ends_when_it_stopped(rtml: Any, comprehend: Any) -> None:
    rtml.clock.freeze()
    with progression("comprehend::document-classifier", progression="time", seconds=STEP):
        arn = create(comprehend)
        rtml.clock.advance(STEP + 10)
        comprehend.stop_training_document_classifier(DocumentClassifierArn=arn)
        rtml.clock.advance(STEP * 3)
        stopped = describe(comprehend, arn)
    assert stopped["Status"] == "STOPPED"
    assert after(stopped, "TrainingStartTime") == pytest.approx(STEP, abs=0.002)
    assert after(stopped, "EndTime") == pytest.approx(2 * STEP + 10, abs=0.002)  # a step after the stop


def test_no_time_in_a_reply_is_later_than_the_call(rtml: Any, comprehend: Any) -> None:
    """With the default progression training ends at once: the times are the submit time, not later."""
    arn = create(comprehend)
    reply = comprehend.describe_document_classifier(DocumentClassifierArn=arn)
    now = datetime.datetime.fromtimestamp(rtml.clock.now(), datetime.timezone.utc)
    assert reply["DocumentClassifierProperties"]["Status"] == "TRAINED"
    assert len(timestamps(reply)) == 4
    assert all(t <= now for t in timestamps(reply))
    listed = comprehend.list_document_classifiers()["DocumentClassifierPropertiesList"][0]
    assert listed["TrainingEndTime"] == reply["DocumentClassifierProperties"]["TrainingEndTime"]


def test_amazon_ml_started_and_finished_at_are_when_the_progression_reached_them(rtml: Any, ml_clients: Any) -> None:
    ml, s3 = ml_clients
    rtml.clock.freeze()
    with progression("machinelearning::data-source", progression="time", seconds=STEP):
        s3_source(ml, s3, "ds", spam_csv(), spam_schema())
        rtml.clock.advance(3 * STEP)
        source = ml.get_data_source(DataSourceId="ds")
    assert source["Status"] == "COMPLETED"
    assert after(source, "StartedAt", "CreatedAt") == pytest.approx(STEP, abs=0.002)
    assert after(source, "FinishedAt", "CreatedAt") == pytest.approx(2 * STEP, abs=0.002)


def test_timestamps_are_whole_milliseconds(rtml: Any, ml_clients: Any) -> None:
    ml, s3 = ml_clients
    when = datetime.datetime(2030, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc)
    with time_machine.travel(when, tick=False):
        s3_source(ml, s3, "ds", spam_csv(), spam_schema())
        ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds")
        ml.create_realtime_endpoint(MLModelId="m")
        comprehend = boto3.client("comprehend", region_name=REGION)
        endpoint = rtml.add_endpoint("ep", rtml.add_document_classifier("news", {"A": ["a"], "B": ["b"]}))
        replies = [
            ml.get_ml_model(MLModelId="m"),
            ml.describe_data_sources(),
            comprehend.describe_endpoint(EndpointArn=endpoint),
            comprehend.list_document_classifiers(),
            comprehend.list_document_classifier_summaries(),
        ]
    found = [t for reply in replies for t in timestamps({k: v for k, v in reply.items() if k != "ResponseMetadata"})]
    assert len(found) >= 15
    assert set(found) == {when.replace(microsecond=123000)}
