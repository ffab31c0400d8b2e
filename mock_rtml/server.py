"""Server mode: mock_rtml over HTTP, for the AWS CLI, other SDKs and other processes.

One WSGI app, served by werkzeug as moto's server is (127.0.0.1 unless told otherwise):

- a request whose ``X-Amz-Target`` names a Comprehend or Amazon ML operation that mock_rtml simulates is
  answered by the same Dispatcher the in-process mock uses (region and access key from the signature);
- ``/mock-rtml/<operation>`` steers the simulation through its Rtml handle (JSON in and out);
- everything else (S3, IAM, Comprehend operations mock_rtml leaves to moto, ``/moto-api/...``) goes to
  moto's own server app in the same process, whose S3 is where training reads its data.
  ``POST /moto-api/reset`` resets both.

    python -m mock_rtml server [--host 127.0.0.1] [--port 5000] [--throttling] [--clock manual] [--quota NAME=N]
"""
from __future__ import annotations

import argparse
import io
import ipaddress
import json
import re
import sys
import threading
import time
from http import HTTPStatus
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wsgi import get_input_stream

from .core import coexistence
from .core.dispatch import Dispatcher
from .core.errors import NotSimulated
from .core.model import SERVICES, service_model
from .core.options import ClockOption, Layer
from .core.protocol import Reply, credential_scope, encode
from .handle import Rtml
from .mock import RtmlMock

StartResponse = Callable[..., Any]
_CONTROL_PREFIX = "/mock-rtml/"
# The handle's operations over HTTP: path under _CONTROL_PREFIX -> attribute path on the Rtml handle.
# Reads answer GET and POST; the rest POST only. Operations the handle lacks are left out.
_READS = ("calls", "clock/now")
_WRITES = (
    "add_document_classifier", "add_endpoint", "add_ml_model", "add_entity_recognizer",
    "inject_error", "inject_latency", "clear_faults", "reset", "clock/advance",
)
# Amazon ML's realtime endpoint host, as the simulation reports it (machinelearning/base.py); the
# server stands in for it (see _to_aws and _from_aws).
_AWS_REALTIME = "https://realtime.machinelearning.{region}.amazonaws.com"
_ENDPOINT_URL = re.compile(rb'"EndpointUrl":"https://realtime\.machinelearning\.[a-z0-9-]+\.amazonaws\.com"')
_STATUS_LINES = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}


def _json(start_response: StartResponse, status: int, value: Mapping[str, object]) -> List[bytes]:
    body = encode(value)
    start_response(_STATUS_LINES[status], [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


class _RtmlApplication:
    """The WSGI app: mock_rtml for what it simulates, the handle under /mock-rtml/, moto for the rest."""

    def __init__(self, dispatcher: Dispatcher, moto: Callable[[Dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.dispatcher = dispatcher
        self.rtml = Rtml(dispatcher)
        self.url = ""  # where the server listens, once it does: Amazon ML's EndpointUrl
        self._moto = moto
        self._services = {service_model(s).metadata["targetPrefix"]: s for s in SERVICES}
        self._operations = {
            path: path in _READS
            for path in _READS + _WRITES
            if hasattr(self.rtml, path.split("/")[0])
        }

    def __call__(self, environ: Dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        prefix, _, operation = environ.get("HTTP_X_AMZ_TARGET", "").partition(".")
        service = self._services.get(prefix)
        if service is not None:
            body = get_input_stream(environ).read()
            reply = self._answer(environ, service, operation, body)
            if reply is not None:
                status, head, data = reply
                start_response(_STATUS_LINES[status], list(head.items()))
                return [data]
            environ["wsgi.input"] = io.BytesIO(body)  # moto answers it: give it the body again
            environ["CONTENT_LENGTH"] = str(len(body))
            try:
                return self._moto(environ, start_response)
            except NotImplementedError:  # moto lacks it too: say so, as the in-process mock does
                message = f"neither mock_rtml nor moto simulates {service} {operation} (nothing was sent to AWS)"
                return _json(start_response, 501, {"__type": "NotImplementedError", "message": message})
        elif path.startswith(_CONTROL_PREFIX):
            return self._control(environ, start_response, path[len(_CONTROL_PREFIX):])
        elif path == "/moto-api/reset" and environ.get("REQUEST_METHOD") == "POST":
            self.rtml.reset()
            self.rtml.clear_faults()
        return self._moto(environ, start_response)

    # -- AWS requests -------------------------------------------------------------------------------
    def _answer(self, environ: Dict[str, Any], service: str, operation: str, body: bytes) -> Optional[Reply]:
        access_key, region = credential_scope({"Authorization": environ.get("HTTP_AUTHORIZATION", "")})
        if service == "machinelearning" and operation == "Predict":
            body = self._to_aws(environ, body, region)
        try:
            reply = self.dispatcher.answer(service, operation, body, region, access_key, moto=True)
        except NotSimulated:
            return None
        return self._from_aws(reply) if service == "machinelearning" and self.url else reply

    def _to_aws(self, environ: Dict[str, Any], body: bytes, region: str) -> bytes:
        """A Predict that reached the server was sent to it as PredictEndpoint (botocore sends Predict to
        that host): to the simulation, that is AWS's realtime endpoint."""
        try:
            params = json.loads(body)
            here = urlsplit(params["PredictEndpoint"]).netloc in (environ.get("HTTP_HOST"), urlsplit(self.url).netloc)
        except (ValueError, TypeError, KeyError, AttributeError):
            return body  # the simulation answers what is wrong with it
        if not here:
            return body
        params["PredictEndpoint"] = _AWS_REALTIME.format(region=region)
        return encode(params)

    def _from_aws(self, reply: Reply) -> Reply:
        """Amazon ML's EndpointUrl is the server's own URL, so that Predict sent there comes here."""
        status, head, data = reply
        if b'"EndpointUrl"' not in data:
            return reply
        data = _ENDPOINT_URL.sub(b'"EndpointUrl":"' + self.url.encode() + b'"', data)
        return status, {**head, "Content-Length": str(len(data))}, data

    # -- the handle over HTTP ---------------------------------------------------------------------
    def _control(self, environ: Dict[str, Any], start_response: StartResponse, path: str) -> List[bytes]:
        read = self._operations.get(path.strip("/"))
        if read is None:
            message = f"no mock_rtml operation {path!r}; the operations are: {', '.join(self._operations)}"
            return _json(start_response, 404, {"error": "NotFound", "message": message})
        method = environ.get("REQUEST_METHOD", "GET")
        if method != "POST" and not (read and method == "GET"):
            message = f"{path} takes POST" + (" or GET" if read else "")
            return _json(start_response, 405, {"error": "MethodNotAllowed", "message": message})
        try:
            body = get_input_stream(environ).read()
            kwargs = json.loads(body) if body.strip() else {}
            if not isinstance(kwargs, dict):
                raise TypeError("the body must be a JSON object of keyword arguments")
            target: Any = self.rtml
            for name in path.strip("/").split("/"):
                target = getattr(target, name)
            if callable(target):
                result = target(**kwargs)
            elif kwargs:
                raise TypeError(f"{path} takes no arguments")
            else:  # the one property among the operations: calls
                result = [call._asdict() for call in target]
        except (TypeError, ValueError) as error:  # the handle's own checks (and bad JSON)
            return _json(start_response, 400, {"error": type(error).__name__, "message": str(error)})
        return _json(start_response, 200, {"result": result})


def _moto_server() -> Tuple[Callable[[Dict[str, Any], StartResponse], Iterable[bytes]], Any]:
    """moto's server app, and the request handler its own server uses (moto >= 5.2; werkzeug's before)."""
    try:
        from moto.moto_server import werkzeug_app
    except ImportError as missing:
        raise ImportError(f"server mode needs flask and flask-cors: pip install 'mock_rtml[server]' ({missing})") from None
    app = werkzeug_app.DomainDispatcherApplication(werkzeug_app.create_backend_app)
    return app, getattr(werkzeug_app, "MotoRequestHandler", None)


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ThreadedRtmlServer:
    """mock_rtml and moto's server on one port, in a thread, as moto's ThreadedMotoServer.

    >>> server = ThreadedRtmlServer(port=0)  # doctest: +SKIP
    >>> rtml = server.start()  # the handle; port 0 picks a free port
    >>> client = boto3.client("comprehend", region_name="us-east-1", endpoint_url=server.url)
    >>> server.stop()
    """

    def __init__(
        self,
        ip_address: str = "127.0.0.1",
        port: int = 5000,
        *,
        clock: ClockOption = "system",
        throttling: bool = False,
        quotas: Optional[Mapping[str, int]] = None,
    ) -> None:
        if type(port) is not int or not 0 <= port <= 65535:
            raise ValueError(f"port must be an int from 0 to 65535, not {port!r}")
        mock = RtmlMock(clock=clock, throttling=throttling, quotas=quotas)  # checks the options
        self._ip_address = ip_address
        self._port = port
        moto, self._handler = _moto_server()
        dispatcher = mock._make_dispatcher()
        Layer(mock._options).apply(dispatcher.store.environment)  # the options, for the server's lifetime
        self._app = _RtmlApplication(dispatcher, moto)
        self._server: Optional[BaseWSGIServer] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def rtml(self) -> Rtml:
        """The handle of the simulation this server answers from."""
        return self._app.rtml

    @property
    def url(self) -> str:
        """``http://host:port`` once started; Amazon ML reports it as every realtime EndpointUrl."""
        if self._server is None:
            raise RuntimeError("the server is not started; call start() first")
        return self._app.url

    def get_host_and_port(self) -> Tuple[str, int]:
        """(host, port) the server listens on, as moto's ThreadedMotoServer reports them."""
        if self._server is None:
            raise RuntimeError("the server is not started; call start() first")
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> Rtml:
        """Listen (OSError if the address cannot be had) and serve in a daemon thread; returns the handle."""
        if self._server is not None:
            raise RuntimeError("this server is already started; call stop() first")
        try:
            self._server = make_server(self._ip_address, self._port, self._app, threaded=True, request_handler=self._handler)
        except SystemExit:  # werkzeug prints why on stderr, then exits
            raise OSError(f"cannot listen on {self._ip_address}:{self._port}") from None
        host, port = self.get_host_and_port()
        if ipaddress.ip_address(host).is_unspecified:  # every interface: loopback is one of them
            host = "127.0.0.1" if ":" not in host else "::1"
        self._app.url = f"http://{host}:{port}" if ":" not in host else f"http://[{host}]:{port}"
        coexistence.serving_moto(+1)
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock_rtml server", daemon=True)
        self._thread.start()
        return self._app.rtml

    def stop(self) -> None:
        """Stop serving and close the port; start() serves the same state again."""
        if self._server is None or self._thread is None:
            raise RuntimeError("this server was not started")
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()
        self._server = self._thread = None
        coexistence.serving_moto(-1)


# -- python -m mock_rtml server -----------------------------------------------------------------------
def _quota(text: str) -> Tuple[str, int]:
    name, sep, value = text.partition("=")
    if not sep or not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected NAME=N (N an integer >= 0), not {text!r}")
    return name.strip(), int(value)


def _parser() -> argparse.ArgumentParser:
    described = argparse.ArgumentParser(
        prog="python -m mock_rtml server",
        description="Serve mock_rtml (Comprehend custom models, Amazon ML) and moto (every other service) "
        "over HTTP, for the AWS CLI and any SDK: pass --endpoint-url http://HOST:PORT. The handle's "
        f"operations answer under {_CONTROL_PREFIX}; POST /moto-api/reset resets everything.",
    )
    described.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback only)")
    described.add_argument("--port", type=int, default=5000, help="port to listen on; 0 picks a free one (default 5000)")
    described.add_argument("--throttling", action="store_true", help="enforce endpoint throughput (TooManyRequestsException, LimitExceededException)")
    described.add_argument("--clock", choices=("system", "manual"), default="system",
                           help=f"manual: time moves only by POST {_CONTROL_PREFIX}clock/advance (default system)")
    described.add_argument("--quota", type=_quota, action="append", default=[], metavar="NAME=N",
                           help="set a service quota, e.g. comprehend.endpoints=2 (repeatable)")
    return described


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m mock_rtml server ...``: serve until Ctrl-C; 1 when the address cannot be had."""
    args = _parser().parse_args(argv)
    if not _is_loopback(args.host):
        print(f"warning: listening on {args.host}, not loopback: other machines can reach this server, "
              "which has no authentication", file=sys.stderr, flush=True)
    try:
        server = ThreadedRtmlServer(args.host, args.port, clock=args.clock, throttling=args.throttling, quotas=dict(args.quota))
        server.start()
    except (OSError, ValueError, TypeError) as error:
        print(f"mock_rtml server: cannot start on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    print(f"mock_rtml server listening on {server.url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


__all__ = ["ThreadedRtmlServer", "main"]
