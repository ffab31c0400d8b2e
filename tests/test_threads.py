"""Eight threads at once: no lost or duplicated resources, only modeled errors, exact token buckets."""
from __future__ import annotations

import threading

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_rtml import mock_rtml

THREADS = 8
NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


def _run(work):
    errors: list = []
    threads = [threading.Thread(target=work, args=(i, errors)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_threads_creating_classifying_updating_and_deleting_keep_state_whole():
    with mock_rtml() as rtml:
        classifier = rtml.add_document_classifier("news", {"SPORTS": ["goal"], "SHIPPING": ["ship"]})
        session = boto3.session.Session()
        clients = [session.client("comprehend", region_name="us-east-1", config=NO_RETRIES) for _ in range(THREADS)]

        def work(i, errors):
            client = clients[i]
            try:
                for round_ in range(3):
                    name = f"ep-{i}-{round_}"
                    arn = client.create_endpoint(EndpointName=name, ModelArn=classifier, DesiredInferenceUnits=1)["EndpointArn"]
                    assert client.classify_document(EndpointArn=arn, Text="a ship")["Classes"][0]["Name"] == "SHIPPING"
                    client.update_endpoint(EndpointArn=arn, DesiredInferenceUnits=2)
                    if round_ < 2:
                        client.delete_endpoint(EndpointArn=arn)
            except ClientError as err:  # a modeled error would be fine; none is expected here
                errors.append(err.response["Error"]["Code"])
            except Exception as err:  # noqa: BLE001 - the test reports any other failure
                errors.append(repr(err))

        assert _run(work) == []
        listed = boto3.client("comprehend", region_name="us-east-1").list_endpoints()["EndpointPropertiesList"]
        names = sorted(e["EndpointArn"].rsplit("/", 1)[1] for e in listed)
        assert names == sorted(f"ep-{i}-2" for i in range(THREADS))
        assert all(e["CurrentInferenceUnits"] == 2 for e in listed)


def test_token_buckets_admit_exactly_what_the_accounting_allows_under_threads():
    with mock_rtml(clock="manual", throttling=True) as rtml:
        classifier = rtml.add_document_classifier("news", {"SPORTS": ["goal"], "SHIPPING": ["ship"]})
        endpoint = rtml.add_endpoint("ep", classifier, inference_units=3)  # 6 documents per second
        session = boto3.session.Session()
        clients = [session.client("comprehend", region_name="us-east-1", config=NO_RETRIES) for _ in range(THREADS)]
        outcomes = []
        lock = threading.Lock()

        def work(i, errors):
            for _ in range(5):
                try:
                    clients[i].classify_document(EndpointArn=endpoint, Text="ship")
                    code = "ok"
                except ClientError as err:
                    code = err.response["Error"]["Code"]
                with lock:
                    outcomes.append(code)

        _run(work)
        assert len(outcomes) == THREADS * 5
        assert outcomes.count("ok") == 6
        assert outcomes.count("TooManyRequestsException") == THREADS * 5 - 6
