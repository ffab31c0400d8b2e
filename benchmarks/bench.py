"""Per-call cost of mock_rtml against baselines measured in the same run; prints ratios.

    python benchmarks/bench.py [--calls 300] [--repeats 7]

(a) floor: the cheapest possible before-send handler returning a fixed ClassifyDocument body, so
    only botocore's own work (serialize, sign, emit, parse) remains;
(b) moto: DescribeEndpoint answered by moto's mock_aws;
(c) enter + leave of `with mock_rtml():` against `with mock_aws():`;
(d) Amazon ML Predict through mock_rtml against the same kind of floor.
Each repeat times a series and its baseline back to back. A ratio is the median over repeats of
those paired ratios, so a burst of load on the shared machine moves one pair, not the result; the
times printed are each series' best repeat. (b) runs inside moto, apart: its ratio is of bests.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any, Callable, Dict, List

os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

import boto3  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from moto import mock_aws  # noqa: E402

from mock_rtml import mock_rtml  # noqa: E402

REGION = "us-east-1"
TEXT = "The Titanic struck an iceberg off the Grand Banks of Newfoundland and sent signals of distress."
TARGETS = {"classify/floor": 1.15, "classify/moto": 0.6, "enter+leave/moto": 0.1, "predict/floor": 1.15}


class _Raw:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Any:
        return (self._data,)


def _fixed(body: Dict[str, Any]) -> Callable[..., AWSResponse]:
    data = json.dumps(body).encode()

    def handler(request: Any, **_: object) -> AWSResponse:
        return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.1"}, _Raw(data))  # type: ignore[arg-type]

    return handler


def _without_mock(client: Any) -> Any:
    """The floor's clients must not carry mock_rtml's handler, which would answer first while active."""
    from mock_rtml.core import interceptor

    for event in ("before-send.comprehend", "before-send.machine-learning"):
        client.meta.events.unregister(event, interceptor._before_send)
    return client


def _per_call(run: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    calls, repeats = args.calls, args.repeats

    floor_client = _without_mock(boto3.client("comprehend", region_name=REGION))
    floor_client.meta.events.register_first(
        "before-send.comprehend", _fixed({"Classes": [{"Name": "SHIPPING", "Score": 0.9}, {"Name": "SPORTS", "Score": 0.1}]})
    )
    ml_floor = _without_mock(boto3.client("machinelearning", region_name=REGION))
    ml_floor.meta.events.register_first(
        "before-send.machine-learning",
        _fixed({"Prediction": {"predictedLabel": "SPAM", "predictedScores": {"SPAM": 0.9, "HAM": 0.1},
                               "details": {"PredictiveModelType": "MULTICLASS", "Algorithm": "SGD"}}}),
    )
    client = boto3.client("comprehend", region_name=REGION)
    ml = boto3.client("machinelearning", region_name=REGION)
    record = {"text": "you are a winner, claim your prize now"}
    url = f"https://realtime.machinelearning.{REGION}.amazonaws.com"

    samples: Dict[str, List[float]] = {}

    def keep(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    with mock_aws():
        moto_client = boto3.client("comprehend", region_name=REGION)
        moto_arn = moto_client.create_endpoint(
            EndpointName="bench", DesiredInferenceUnits=1,
            ModelArn=f"arn:aws:comprehend:{REGION}:123456789012:document-classifier/bench",
        )["EndpointArn"]
        moto_describe = lambda: moto_client.describe_endpoint(EndpointArn=moto_arn)  # noqa: E731
        for _ in range(repeats):
            keep("moto describe_endpoint", _per_call(moto_describe, calls))

    with mock_rtml() as rtml:
        arn = rtml.add_document_classifier("bench", {"SHIPPING": ["titanic", "iceberg"], "SPORTS": ["goal", "match"]})
        endpoint = rtml.add_endpoint("bench", arn)
        rtml.add_ml_model("bench", "MULTICLASS", labels={"SPAM": ["winner", "prize"], "HAM": ["meeting"]}, endpoint=True)
        series = [
            ("floor classify_document", lambda: floor_client.classify_document(EndpointArn=endpoint, Text=TEXT)),
            ("mock_rtml classify_document", lambda: client.classify_document(EndpointArn=endpoint, Text=TEXT)),
            ("floor predict", lambda: ml_floor.predict(MLModelId="bench", Record=record, PredictEndpoint=url)),
            ("mock_rtml predict", lambda: ml.predict(MLModelId="bench", Record=record, PredictEndpoint=url)),
        ]
        for repeat in range(repeats):
            for name, run in series if repeat % 2 == 0 else series[::-1]:  # alternate who goes first
                keep(name, _per_call(run, calls))
            rtml.calls.clear()

    def enter_leave_rtml() -> None:
        with mock_rtml():
            pass

    def enter_leave_moto() -> None:
        with mock_aws():
            pass

    for repeat in range(repeats):
        pair = [("mock_rtml enter+leave", enter_leave_rtml), ("mock_aws enter+leave", enter_leave_moto)]
        for name, run in pair if repeat % 2 == 0 else pair[::-1]:
            keep(name, _per_call(run, max(calls // 10, 10)))

    best = {name: min(values) for name, values in samples.items()}
    for name, seconds in sorted(best.items()):
        print(f"{name:32s} {seconds * 1e6:10.1f} us")

    def paired(series: str, baseline: str) -> float:
        return statistics.median(a / b for a, b in zip(samples[series], samples[baseline]))

    ratios = {
        "classify/floor": paired("mock_rtml classify_document", "floor classify_document"),
        "classify/moto": best["mock_rtml classify_document"] / best["moto describe_endpoint"],
        "enter+leave/moto": paired("mock_rtml enter+leave", "mock_aws enter+leave"),
        "predict/floor": paired("mock_rtml predict", "floor predict"),
    }
    for name, ratio in ratios.items():
        verdict = "ok" if ratio <= TARGETS[name] else "ABOVE TARGET"
        print(f"ratio {name:20s} {ratio:6.3f}  (target <= {TARGETS[name]})  {verdict}")


if __name__ == "__main__":
    main()
