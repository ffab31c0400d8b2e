"""Per-call cost of mock_rtml against baselines measured in the same run; prints ratios.

    python benchmarks/bench.py [--calls 200] [--repeats 25]

(a) floor: the cheapest possible before-send handler, returning a fixed copy of the very reply
    mock_rtml gives (status, headers and body, captured once), so botocore's own work (serialize,
    sign, emit, parse the same reply) is the same on both sides and the ratio is mock_rtml's cost;
(b) moto: DescribeEndpoint answered by moto's mock_aws;
(c) enter + leave of `with mock_rtml():` against `with mock_aws():`;
(d) Amazon ML Predict through mock_rtml against its floor, made the same way;
(e) ClassifyDocument with a classifier trained on the benchmark corpus (benchmarks/corpus/), at 100 B,
    1 KB and 10 KB of news text, ASCII and non-ASCII (the same text with every "e" an "é"), each
    against its own floor; and the cost per KB (10 KB minus 100 B) against botocore's own per KB;
(f) DetectEntities on the seed paragraph (the Guardian's Titanic report, 450 characters, 7 entities),
    with a recognizer of a few surface forms and with one of 2,000 (names from the benchmark corpus),
    and on 10 KB of news text, each against its own floor.
Each repeat times every series in turn (alternating which goes first); a series' time is its best
repeat, the one least disturbed by other work on the shared machine, and a ratio is of best times.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

import boto3  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from moto import mock_aws  # noqa: E402

from mock_rtml import mock_rtml  # noqa: E402

REGION = "us-east-1"
TEXT = "The Titanic struck an iceberg off the Grand Banks of Newfoundland and sent signals of distress."
SEED = (
    "From the Tuesday, April 16th, 1912 edition of The Guardian newspaper: The maiden voyage of the White Star "
    "liner Titanic, the largest ship ever launched ended in disaster. The Titanic started her trip from "
    "Southampton for New York on Wednesday. Late on Sunday night she struck an iceberg off the Grand Banks of "
    "Newfoundland. By wireless telegraphy she sent out signals of distress, and several liners were near enough "
    "to catch and respond to the call."
)
SEED_ENTITIES = {"SHIP": ["Titanic"], "LINE": ["White Star"], "PLACE": ["Southampton", "New York", "Grand Banks", "Newfoundland"]}
TARGETS = {
    "classify/floor": 1.15, "classify/moto": 0.6, "enter+leave/moto": 0.1, "predict/floor": 1.15,
    "detect/floor": 1.15, "detect-2000-forms/floor": 1.15, "detect-10KB/floor": 1.3,
}
SIZES = {"100B": 100, "1KB": 1_000, "10KB": 10_000}
CORPUS = Path(__file__).resolve().parent / "corpus"
for _kind in ("ascii", "non-ascii"):
    TARGETS.update({f"classify-{_kind}-{size}/floor": 1.3 for size in SIZES})
    TARGETS[f"classify-{_kind}-per-KB/botocore"] = 2.0


class _Raw:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Any:
        return (self._data,)


def _floor(client: Any, call: Callable[[Any], object]) -> Any:
    """`client`, made to answer `call` with a fixed copy of the reply mock_rtml gives it (while active)."""
    from mock_rtml.core import interceptor

    seen: Dict[str, Any] = {}

    def capture(response_dict: Dict[str, Any], **_: object) -> None:
        seen.update(response_dict)

    client.meta.events.register("before-parse", capture)
    call(client)
    client.meta.events.unregister("before-parse", capture)
    status, headers, data = seen["status_code"], dict(seen["headers"]), seen["body"]

    def handler(request: Any, **_: object) -> AWSResponse:
        return AWSResponse(request.url, status, headers, _Raw(data))  # type: ignore[arg-type]

    event = f"before-send.{client.meta.service_model.service_id.hyphenize()}"
    client.meta.events.unregister(event, interceptor._before_send)  # mock_rtml's handler would answer first
    client.meta.events.register_first(event, handler)
    return client


def _per_call(run: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls


def _texts() -> Dict[str, str]:
    """News text of each size in UTF-8 bytes, ASCII and non-ASCII, cut at a character boundary."""
    with gzip.open(CORPUS / "ag_news_test.csv.gz", "rt", encoding="utf-8", newline="") as f:
        news = " ".join(text for _, text in csv.reader(f))
    texts = {}
    for kind, whole in (("ascii", news), ("non-ascii", news.replace("e", "\u00e9"))):
        for name, size in SIZES.items():
            texts[f"{kind} {name}"] = whole.encode()[:size].decode(errors="ignore")
    return texts


def _trained_classifier(rtml: Any) -> str:
    """An endpoint of a classifier trained (through the API, from moto's S3) on the benchmark corpus."""
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="corpus")
        with gzip.open(CORPUS / "ag_news_train.csv.gz", "rb") as f:
            s3.put_object(Bucket="corpus", Key="train.csv", Body=f.read())
        comprehend = boto3.client("comprehend", region_name=REGION)
        arn = comprehend.create_document_classifier(
            DocumentClassifierName="news", DataAccessRoleArn="arn:aws:iam::123456789012:role/data",
            InputDataConfig={"S3Uri": "s3://corpus/train.csv"}, LanguageCode="en",
        )["DocumentClassifierArn"]
    return str(rtml.add_endpoint("news", arn))


def _many_forms(count: int = 2000) -> Dict[str, List[str]]:
    """Capitalised names of one or two words from the benchmark corpus, the most frequent first."""
    with gzip.open(CORPUS / "ag_news_train.csv.gz", "rt", encoding="utf-8", newline="") as f:
        words = " ".join(text for _, text in csv.reader(f)).split()
    counts: Dict[str, int] = {}
    for first, second in zip(words, words[1:]):
        if first.isalpha() and first.istitle():
            counts[first] = counts.get(first, 0) + 1
            if second.isalpha() and second.istitle():
                counts[f"{first} {second}"] = counts.get(f"{first} {second}", 0) + 1
    names = sorted(counts, key=lambda name: (-counts[name], name))[:count]
    return {"NAME": [name for name in names if name not in SEED_ENTITIES["PLACE"]], **SEED_ENTITIES}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=25)
    args = parser.parse_args()
    calls, repeats = args.calls, args.repeats

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
        classify: Callable[[Any], object] = lambda c: c.classify_document(EndpointArn=endpoint, Text=TEXT)  # noqa: E731
        predict: Callable[[Any], object] = lambda c: c.predict(MLModelId="bench", Record=record, PredictEndpoint=url)  # noqa: E731
        floor_client = _floor(boto3.client("comprehend", region_name=REGION), classify)
        ml_floor = _floor(boto3.client("machinelearning", region_name=REGION), predict)
        series = [
            ("floor classify_document", lambda: classify(floor_client)),
            ("mock_rtml classify_document", lambda: classify(client)),
            ("floor predict", lambda: predict(ml_floor)),
            ("mock_rtml predict", lambda: predict(ml)),
        ]
        recognizer = rtml.add_endpoint("entities", rtml.add_entity_recognizer("entities", SEED_ENTITIES))
        names = rtml.add_endpoint("names", rtml.add_entity_recognizer("names", _many_forms()))
        for name, arn, text in (("detect", recognizer, SEED), ("detect-2000-forms", names, SEED),
                                ("detect-10KB", recognizer, _texts()["ascii 10KB"])):
            find: Callable[[Any], object] = lambda c, arn=arn, text=text: c.detect_entities(EndpointArn=arn, Text=text)  # noqa: E731
            find_floor = _floor(boto3.client("comprehend", region_name=REGION), find)
            series.append((f"floor {name}", lambda find=find, c=find_floor: find(c)))
            series.append((f"mock_rtml {name}", lambda find=find: find(client)))
        news = _trained_classifier(rtml)
        for name, text in _texts().items():
            call: Callable[[Any], object] = lambda c, text=text: c.classify_document(EndpointArn=news, Text=text)  # noqa: E731
            text_floor = _floor(boto3.client("comprehend", region_name=REGION), call)
            series.append((f"floor classify {name}", lambda call=call, c=text_floor: call(c)))
            series.append((f"mock_rtml classify {name}", lambda call=call: call(client)))
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

    ratios = {
        "classify/floor": best["mock_rtml classify_document"] / best["floor classify_document"],
        "classify/moto": best["mock_rtml classify_document"] / best["moto describe_endpoint"],
        "enter+leave/moto": best["mock_rtml enter+leave"] / best["mock_aws enter+leave"],
        "predict/floor": best["mock_rtml predict"] / best["floor predict"],
    }
    for name in ("detect", "detect-2000-forms", "detect-10KB"):
        ratios[f"{name}/floor"] = best[f"mock_rtml {name}"] / best[f"floor {name}"]
    for kind in ("ascii", "non-ascii"):
        for size in SIZES:
            ratios[f"classify-{kind}-{size}/floor"] = best[f"mock_rtml classify {kind} {size}"] / best[f"floor classify {kind} {size}"]
        per_kb = {who: best[f"{who} classify {kind} 10KB"] - best[f"{who} classify {kind} 100B"] for who in ("mock_rtml", "floor")}
        print(f"{kind} per KB: mock_rtml {per_kb['mock_rtml'] / 9.9 * 1e6:.1f} us, botocore's own {per_kb['floor'] / 9.9 * 1e6:.1f} us")
        ratios[f"classify-{kind}-per-KB/botocore"] = per_kb["mock_rtml"] / per_kb["floor"]
    for name, ratio in ratios.items():
        verdict = "ok" if ratio <= TARGETS[name] else "ABOVE TARGET"
        print(f"ratio {name:34s} {ratio:7.3f}  (target <= {TARGETS[name]})  {verdict}")


if __name__ == "__main__":
    main()
