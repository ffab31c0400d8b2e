"""The AWS CLI against `python -m mock_rtml server`, and the server's command-line options
(--clock manual, --throttling, --quota) as a client sees them."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_rtml.demo import SEED_TEXT  # the Guardian paragraph of the seed's classify-document
from server_process import REGION, aws_cli, control, request, serve, session

LABELS = {"SHIPPING": ["ship", "liner", "iceberg", "voyage", "wireless"], "SPORTS": ["goal", "match", "team"]}
PER_ENDPOINT = 5  # --quota comprehend.inference_units_per_endpoint


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "stderr.log"
    yield from serve(log, "--clock", "manual", "--throttling", "--quota", f"comprehend.inference_units_per_endpoint={PER_ENDPOINT}")


@pytest.fixture(autouse=True)
def _fresh_state(server: str) -> None:
    assert request(server, "/moto-api/reset")[0] == 200


@pytest.fixture
def model(server: str) -> str:
    return str(control(server, "add_document_classifier", name="news", labels=LABELS))


@pytest.fixture
def cli(server: str, tmp_path: Path) -> Any:
    def run(*arguments: str) -> Any:
        return aws_cli(server, tmp_path, *arguments)

    return run


def test_the_seed_commands_create_classify_update_describe_and_delete_an_endpoint(cli: Any, model: str) -> None:
    created = cli("comprehend", "create-endpoint", "--desired-inference-units", "5", "--endpoint-name", "seed-endpoint",
                  "--model-arn", model, "--tags", "Key=My1stTag,Value=Value1")
    assert created.returncode == 0, created.stderr
    endpoint = json.loads(created.stdout)["EndpointArn"]
    assert endpoint == f"arn:aws:comprehend:{REGION}:123456789012:document-classifier-endpoint/seed-endpoint"

    classified = cli("comprehend", "classify-document", "--endpoint-arn", endpoint, "--text", SEED_TEXT)
    assert classified.returncode == 0, classified.stderr
    assert json.loads(classified.stdout)["Classes"][0]["Name"] == "SHIPPING"

    updated = cli("comprehend", "update-endpoint", "--endpoint-arn", endpoint, "--desired-inference-units", "3")
    assert updated.returncode == 0, updated.stderr
    described = cli("comprehend", "describe-endpoint", "--endpoint-arn", endpoint)
    props = json.loads(described.stdout)["EndpointProperties"]
    assert (props["Status"], props["DesiredInferenceUnits"], props["CurrentInferenceUnits"]) == ("IN_SERVICE", 3, 3)

    assert cli("comprehend", "delete-endpoint", "--endpoint-arn", endpoint).returncode == 0
    gone = cli("comprehend", "describe-endpoint", "--endpoint-arn", endpoint)
    assert gone.returncode != 0
    assert "An error occurred (ResourceNotFoundException) when calling the DescribeEndpoint operation" in gone.stderr


def test_the_cli_reports_the_servers_validation_errors(cli: Any, model: str) -> None:
    """botocore checks no pattern before sending: the server's ValidationException is what the CLI prints."""
    bad = cli("comprehend", "create-endpoint", "--desired-inference-units", "1", "--endpoint-name", "bad name!!", "--model-arn", model)
    assert bad.returncode != 0
    assert "(ValidationException) when calling the CreateEndpoint operation: Value 'bad name!!' at 'endpointName'failed to satisfy constraint" in bad.stderr


def test_quota_option_sets_the_inference_units_per_endpoint(model: str, server: str) -> None:
    comprehend = session().client("comprehend", endpoint_url=server)
    with pytest.raises(ClientError) as info:
        comprehend.create_endpoint(EndpointName="big", ModelArn=model, DesiredInferenceUnits=PER_ENDPOINT + 1)
    assert info.value.response["Error"]["Code"] == "ResourceLimitExceededException"
    assert comprehend.create_endpoint(EndpointName="fits", ModelArn=model, DesiredInferenceUnits=PER_ENDPOINT)["EndpointArn"]


def test_manual_clock_option_moves_time_only_by_clock_advance(server: str) -> None:
    before = control(server, "clock/now", method="GET")
    assert control(server, "clock/now") == before
    control(server, "clock/advance", seconds=90)
    assert control(server, "clock/now") == before + 90


def test_throttling_option_limits_each_endpoint_to_its_inference_units(server: str, model: str) -> None:
    endpoint = control(server, "add_endpoint", name="one-unit", model_arn=model, inference_units=1)
    comprehend = session().client("comprehend", endpoint_url=server, config=Config(retries={"total_max_attempts": 1}))
    for _ in range(2):  # two documents a second per inference unit
        comprehend.classify_document(EndpointArn=endpoint, Text="a ship")
    with pytest.raises(ClientError) as info:
        comprehend.classify_document(EndpointArn=endpoint, Text="a ship")
    assert info.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    control(server, "clock/advance", seconds=1)  # the manual clock: a new second
    assert comprehend.classify_document(EndpointArn=endpoint, Text="a ship")["Classes"][0]["Name"] == "SHIPPING"
