"""How mock_rtml's cost grows with the work: resources, pages, calls, and moto's mock_aws beside it.

    python benchmarks/scaling.py [--small 20] [--large 4000] [--list-small 200] [--calls 50000] [--repeats 5]

Printed side by side, each a ratio of times measured in the same run:
(a) CreateEndpoint with `large` endpoints in the account against with `small`;
(b) a full ListEndpoints pagination (100 a page), per endpoint, of `large` endpoints against `list-small`;
(c) the same for DescribeMLModels (100 a page) over Amazon ML models;
(d) resident memory growth over `calls` ClassifyDocument calls of 1 KB text, with the default limit
    of recorded calls;
(e) ClassifyDocument against its floor (bench.py's: a handler replaying mock_rtml's own reply), with
    moto's mock_aws active and without, each series first in turn.
Times are this process's CPU time (time.process_time: other work on a shared machine disturbs it
less than wall time); a series' time is its best repeat.
"""
from __future__ import annotations

import argparse
import os
import time
from typing import Any, Callable, Dict, List

os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

import bench  # noqa: E402  (benchmarks/bench.py: the floor client)
from mock_rtml import mock_rtml  # noqa: E402

REGION = bench.REGION
LABELS = {"SHIPPING": ["titanic", "iceberg"], "SPORTS": ["goal", "match"]}
TARGETS = {
    "create large/small": 1.5,
    "list endpoints per item large/small": 1.5,
    "describe models per item large/small": 1.5,
    "resident growth (MiB)": 32.0,
    "classify/floor": 1.15,
    "classify/floor with mock_aws": 1.15,
    "with mock_aws/without": 1.03,
}
# Room for `large` endpoints and one more batch of creates.
QUOTAS = {"comprehend.endpoints": 1_000_000, "comprehend.inference_units": 1_000_000}


def _best(run: Callable[[], float], repeats: int) -> float:
    return min(run() for _ in range(repeats))


def _create_cost(existing: int, creates: int) -> float:
    """Seconds per CreateEndpoint call with `existing` endpoints in the account."""
    with mock_rtml(quotas=QUOTAS) as rtml:
        model = rtml.add_document_classifier("bench", LABELS)
        for i in range(existing):
            rtml.add_endpoint(f"existing-{i}", model)
        client = boto3.client("comprehend", region_name=REGION)
        start = time.process_time()
        for i in range(creates):
            client.create_endpoint(EndpointName=f"new-{i}", ModelArn=model, DesiredInferenceUnits=1)
        return (time.process_time() - start) / creates


def _paginate_cost(count: int, service: str, make: Callable[[Any, int], None], operation: str, key: str) -> float:
    """Seconds per item of a full pagination (100 items a page) over `count` resources."""
    with mock_rtml(quotas=QUOTAS, calls_limit=0) as rtml:
        make(rtml, count)
        client = boto3.client(service, region_name=REGION)
        start = time.process_time()
        seen = sum(len(page[key]) for page in client.get_paginator(operation).paginate())
        elapsed = time.process_time() - start
        assert seen == count, (seen, count)
        return elapsed / count


def _endpoints(rtml: Any, count: int) -> None:
    model = rtml.add_document_classifier("bench", LABELS)
    for i in range(count):
        rtml.add_endpoint(f"ep-{i}", model)


def _ml_models(rtml: Any, count: int) -> None:
    for i in range(count):
        rtml.add_ml_model(f"m-{i}", "MULTICLASS", labels={"SPAM": ["winner"], "HAM": ["meeting"]})


def _resident() -> int:
    """Resident set size in bytes (Linux: /proc; elsewhere the peak, which only grows)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _growth(calls: int) -> float:
    """MiB the process grows by over `calls` ClassifyDocument calls of 1 KB text (default calls limit)."""
    text = (bench.TEXT + " ") * (1024 // (len(bench.TEXT) + 1)) + "x" * (1024 % (len(bench.TEXT) + 1))
    with mock_rtml() as rtml:
        endpoint = rtml.add_endpoint("bench", rtml.add_document_classifier("bench", LABELS))
        client = boto3.client("comprehend", region_name=REGION)
        for _ in range(min(calls, 2000)):  # warm up: caches, the first thousand recorded calls
            client.classify_document(EndpointArn=endpoint, Text=text)
        before = _resident()
        for _ in range(calls):
            client.classify_document(EndpointArn=endpoint, Text=text)
        return (_resident() - before) / 2**20


def _per_call(run: Callable[[], object], calls: int) -> float:
    start = time.process_time()
    for _ in range(calls):
        run()
    return (time.process_time() - start) / calls


def _classify_ratios(calls: int, repeats: int) -> Dict[str, float]:
    samples: Dict[str, List[float]] = {}
    with mock_rtml() as rtml:
        endpoint = rtml.add_endpoint("bench", rtml.add_document_classifier("bench", LABELS))
        classify: Callable[[Any], object] = lambda c: c.classify_document(EndpointArn=endpoint, Text=bench.TEXT)  # noqa: E731
        client = boto3.client("comprehend", region_name=REGION)
        floor = bench._floor(boto3.client("comprehend", region_name=REGION), classify)

        def with_moto() -> float:
            with mock_aws():
                return _per_call(lambda: classify(client), calls)

        series = [
            ("floor", lambda: _per_call(lambda: classify(floor), calls)),
            ("mock_rtml", lambda: _per_call(lambda: classify(client), calls)),
            ("mock_rtml with mock_aws", with_moto),
        ]
        for repeat in range(repeats):
            turn = repeat % len(series)  # each series goes first in turn
            for name, run in series[turn:] + series[:turn]:
                samples.setdefault(name, []).append(run())
            rtml.calls.clear()
    best = {name: min(values) for name, values in samples.items()}
    return {
        "classify/floor": best["mock_rtml"] / best["floor"],
        "classify/floor with mock_aws": best["mock_rtml with mock_aws"] / best["floor"],
        "with mock_aws/without": best["mock_rtml with mock_aws"] / best["mock_rtml"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--large", type=int, default=4000)
    parser.add_argument("--list-small", type=int, default=200)
    parser.add_argument("--creates", type=int, default=100)
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    small, large, list_small, repeats = args.small, args.large, args.list_small, args.repeats

    times: Dict[str, float] = {}
    for existing in (small, large):
        times[f"create at {existing}"] = _best(lambda: _create_cost(existing, args.creates), repeats)
    for count in (list_small, large):
        times[f"list endpoints at {count}"] = _best(
            lambda: _paginate_cost(count, "comprehend", _endpoints, "list_endpoints", "EndpointPropertiesList"), repeats)
        times[f"describe models at {count}"] = _best(
            lambda: _paginate_cost(count, "machinelearning", _ml_models, "describe_ml_models", "Results"), repeats)
    for name, seconds in times.items():
        print(f"{name:32s} {seconds * 1e6:10.1f} us")

    results = {
        "create large/small": times[f"create at {large}"] / times[f"create at {small}"],
        "list endpoints per item large/small": times[f"list endpoints at {large}"] / times[f"list endpoints at {list_small}"],
        "describe models per item large/small": times[f"describe models at {large}"] / times[f"describe models at {list_small}"],
        "resident growth (MiB)": _growth(args.calls),
        **_classify_ratios(max(args.calls // 250, 3), max(repeats * 5, 2)),
    }
    for name, value in results.items():
        verdict = "ok" if value <= TARGETS[name] else "ABOVE TARGET"
        print(f"{name:40s} {value:8.3f}  (target <= {TARGETS[name]})  {verdict}")


if __name__ == "__main__":
    main()
