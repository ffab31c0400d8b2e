"""What we take from moto when its mock_aws is active: whether it is on, its S3 objects, and its
records in the form of our replies."""
from __future__ import annotations

import datetime
import sys
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .model import Shape, operation_model

_HOW = (
    "mock_rtml reads data from moto's S3 and writes job output there: activate moto's mock_aws together "
    "with mock_rtml and upload the file first, e.g. s3.put_object(Bucket='bucket', Key='train.csv', Body=csv_text)"
)


class DataUnavailable(Exception):
    """The S3 data a resource needs cannot be read; str() says why and what to do."""


_moto_servers = 0  # mock_rtml servers running in this process; each serves moto's backends too


def moto_active() -> bool:
    models = sys.modules.get("moto.core.models")
    return bool(models is not None and models.botocore_stubber.enabled)


def moto_handler() -> Optional[Callable[..., Any]]:
    """moto's before-send handler (which botocore's BUILTIN_HANDLERS carry), once moto is imported."""
    models = sys.modules.get("moto.core.models")
    return None if models is None else models.botocore_stubber


def moto_serving() -> bool:
    """Whether moto's backends are in use: its mock_aws is active, or a mock_rtml server serves them."""
    return bool(_moto_servers) or moto_active()


def serving_moto(change: int) -> None:
    """A server (mock_rtml.server) started (+1) or stopped (-1): while one runs, moto's S3 holds the data."""
    global _moto_servers
    _moto_servers += change


def _split(uri: str) -> Tuple[str, str]:
    if not uri.startswith("s3://"):
        raise DataUnavailable(f"{uri} is not an s3:// URI")
    bucket, _, key = uri[5:].partition("/")
    return bucket, key


def _bucket(account_id: str, uri: str, verb: str = "read") -> Tuple[Any, str]:
    if not moto_serving():
        raise DataUnavailable(f"cannot {verb} {uri}: moto's mock_aws is not active. {_HOW}")
    from moto.s3.models import s3_backends

    name, key = _split(uri)
    backend = s3_backends[account_id]["aws"]
    bucket = backend.buckets.get(name)
    if bucket is None:
        raise DataUnavailable(f"cannot {verb} {uri}: the bucket {name} does not exist in moto's S3")
    return bucket, key


def read_objects(account_id: str, uri: str) -> List[Tuple[str, bytes]]:
    """(key, bytes) of the object at uri, or of every object under that prefix, sorted by key."""
    bucket, key = _bucket(account_id, uri)
    exact = bucket.keys.get(key) if key else None
    if exact is not None:
        return [(key, bytes(exact.value))]
    found = sorted(k for k in bucket.keys.keys() if k.startswith(key) and not k.endswith("/"))
    if not found:
        raise DataUnavailable(f"cannot read {uri}: no object has that key or prefix in moto's S3")
    return [(k, bytes(bucket.keys.get(k).value)) for k in found]


def write_object(account_id: str, uri: str, data: bytes) -> None:
    """Put an object into moto's S3 (the bucket must exist)."""
    bucket, key = _bucket(account_id, uri, "write")
    from moto.s3.models import s3_backends

    s3_backends[account_id]["aws"].put_object(bucket.name, key, data)


def output_on_completion(
    account_id: str, outputs: Sequence[Tuple[str, bytes]], failed: Callable[[str], None], ends: str = "FAILED"
) -> Callable[[], Optional[str]]:
    """What a job's progression runs when it completes (`Progress.on_done`): put the job's output
    files, (S3 URI, bytes), into moto's S3. If they cannot be written, `failed` gets the reason and the
    job ends `ends` (a training's failed status is IN_ERROR)."""

    def write() -> Optional[str]:
        try:
            for uri, data in outputs:
                write_object(account_id, uri, data)
        except DataUnavailable as error:
            failed(str(error))
            return ends
        return None

    return write


Fit = Callable[[Any], Any]


def _fit(shape: Shape) -> Fit:
    """What gives a copy of a value of moto's in this shape's wire form: a structure keeps only the
    shape's members that are not None, a timestamp (a datetime at moto) is epoch seconds."""
    kind = shape.type_name
    if kind == "structure":
        members = {name: _fit(member) for name, member in shape.members.items()}  # type: ignore[attr-defined]
        return lambda value: {name: members[name](v) for name, v in value.items() if name in members and v is not None}
    if kind == "list":
        item = _fit(shape.member)  # type: ignore[attr-defined]
        return lambda value: [item(v) for v in value]
    if kind == "map":
        entry = _fit(shape.value)  # type: ignore[attr-defined]
        return lambda value: {k: entry(v) for k, v in value.items()}
    if kind == "timestamp":
        return lambda value: value.timestamp() if isinstance(value, datetime.datetime) else value
    return lambda value: value


@lru_cache(maxsize=None)
def listed(service: str, operation: str) -> Callable[[Dict[str, Any]], Dict[str, Any]]:
    """What makes one of moto's records (a `to_dict()`, which also carries moto's own keys) an item of
    a List operation's reply: the item shape of the reply's list member."""
    output: Any = operation_model(service, operation).output_shape
    return _fit(next(member.member for member in output.members.values() if member.type_name == "list"))
