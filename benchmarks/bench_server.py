"""Per-call cost of mock_rtml's server against moto's server, measured in the same run; prints the ratio.

    python benchmarks/bench_server.py [--calls 200] [--repeats 15]

DescribeEndpoint from a boto3 client given endpoint_url, over loopback, to (a) ThreadedRtmlServer
(mock_rtml answers), (b) moto's ThreadedMotoServer (moto's Comprehend answers) and (c) a floor: werkzeug
serving a WSGI app that returns a fixed copy of the reply mock_rtml gives, so (a)/(c) is the server's
own cost. All in this process, all served by werkzeug with request logging off. Each repeat times every
series in turn (alternating the order); a series' time is its best repeat; ratios are of best times.
"""
from __future__ import annotations

import argparse
import logging
import threading
from typing import Any, Callable, Dict, Iterable, List

import boto3
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server
from werkzeug.wsgi import get_input_stream

from bench import _per_call  # benchmarks/bench.py: the same timing for every series
from mock_rtml.server import ThreadedRtmlServer

REGION = "us-east-1"
TARGETS = {"server/moto-server": 1.0, "server/floor": 1.15}


def _fixed(reply: Dict[str, Any]) -> Callable[[Dict[str, Any], Any], Iterable[bytes]]:
    """A WSGI app that answers every request with `reply` (status, headers and body as botocore saw them)."""
    status = f"{reply['status_code']} OK"
    headers = [(k, v) for k, v in reply["headers"].items() if k.lower() not in ("server", "date", "connection")]

    def app(environ: Dict[str, Any], start_response: Any) -> Iterable[bytes]:
        get_input_stream(environ).read()
        start_response(status, headers)
        return [reply["body"]]

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # neither server logs each request
    session = boto3.session.Session(aws_access_key_id="bench", aws_secret_access_key="bench", region_name=REGION)

    ours = ThreadedRtmlServer(port=0)
    rtml = ours.start()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        endpoint = rtml.add_endpoint("bench", rtml.add_document_classifier("bench", {"A": ["alpha"], "B": ["beta"]}))
        client = session.client("comprehend", endpoint_url=ours.url)
        host, port = moto.get_host_and_port()
        moto_client = session.client("comprehend", endpoint_url=f"http://{host}:{port}")
        moto_endpoint = moto_client.create_endpoint(
            EndpointName="bench", DesiredInferenceUnits=1,
            ModelArn=f"arn:aws:comprehend:{REGION}:123456789012:document-classifier/bench",
        )["EndpointArn"]
        seen: Dict[str, Any] = {}
        client.meta.events.register("before-parse", lambda response_dict, **_: seen.update(response_dict))
        client.describe_endpoint(EndpointArn=endpoint)
        floor = make_server("127.0.0.1", 0, _fixed(dict(seen)), threaded=True)
        threading.Thread(target=floor.serve_forever, daemon=True).start()
        floor_client = session.client("comprehend", endpoint_url=f"http://127.0.0.1:{floor.server_address[1]}")
        series = [
            ("mock_rtml server describe_endpoint", lambda: client.describe_endpoint(EndpointArn=endpoint)),
            ("moto server describe_endpoint", lambda: moto_client.describe_endpoint(EndpointArn=moto_endpoint)),
            ("floor describe_endpoint", lambda: floor_client.describe_endpoint(EndpointArn=endpoint)),
        ]
        samples: Dict[str, List[float]] = {}
        for repeat in range(args.repeats):
            for name, run in series if repeat % 2 == 0 else series[::-1]:
                samples.setdefault(name, []).append(_per_call(run, args.calls))
            rtml.calls.clear()
        floor.shutdown()
        floor.server_close()
    finally:
        moto.stop()
        ours.stop()

    best = {name: min(values) for name, values in samples.items()}
    for name, seconds in sorted(best.items()):
        print(f"{name:36s} {seconds * 1e6:10.1f} us")
    ours_best = best["mock_rtml server describe_endpoint"]
    ratios = {
        "server/moto-server": ours_best / best["moto server describe_endpoint"],
        "server/floor": ours_best / best["floor describe_endpoint"],
    }
    for name, ratio in ratios.items():
        verdict = "ok" if ratio <= TARGETS[name] else "ABOVE TARGET"
        print(f"ratio {name:20s} {ratio:6.3f}  (target <= {TARGETS[name]})  {verdict}")


if __name__ == "__main__":
    main()
