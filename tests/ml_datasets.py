"""Deterministic Amazon ML data sets for the tests (CSV text and data schemas), and an S3 upload helper."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

BUCKET = "ml-data"
REGION = "us-east-1"
# RDSData for CreateDataSourceFromRDS (such a data source is made, then FAILED: the simulator cannot read it).
RDS_DATA = {
    "DatabaseInformation": {"InstanceIdentifier": "db-1", "DatabaseName": "shop"},
    "SelectSqlQuery": "select * from orders",
    "DatabaseCredentials": {"Username": "admin", "Password": "secret-password"},
    "S3StagingLocation": "s3://staging/rds/", "ResourceRole": "r", "ServiceRole": "s",
    "SubnetId": "subnet-1", "SecurityGroupIds": ["sg-1"],
}

_SPAM_WORDS = "winner prize free cash claim offer urgent bonus lottery reward".split()
_HAM_WORDS = "meeting agenda report lunch project schedule review notes budget team".split()


def _text(words: Sequence[str], i: int) -> str:
    return " ".join(words[(i + k) % len(words)] for k in range(4))


def spam_rows(count: int = 20) -> List[Tuple[str, str, str, int]]:
    """(text, sender, is_spam, links): spam has spam words, an unknown sender and many links."""
    rows = []
    for i in range(count):
        rows.append((_text(_SPAM_WORDS, i), "unknown", "1", 5 + i % 3))
        rows.append((_text(_HAM_WORDS, i), "colleague", "0", i % 2))
    return rows


def spam_csv(count: int = 20, header: bool = True) -> str:
    lines = ["text,sender,is_spam,links"] if header else []
    lines += [f"{t},{s},{y},{n}" for t, s, y, n in spam_rows(count)]
    return "\n".join(lines) + "\n"


def spam_schema(target: Optional[str] = "is_spam", target_type: str = "BINARY", header: bool = True,
                **extra: Any) -> str:
    return json.dumps({
        "version": "1.0",
        "targetAttributeName": target,
        "dataFormat": "CSV",
        "dataFileContainsHeader": header,
        "attributes": [
            {"attributeName": "text", "attributeType": "TEXT"},
            {"attributeName": "sender", "attributeType": "CATEGORICAL"},
            {"attributeName": "is_spam", "attributeType": target_type},
            {"attributeName": "links", "attributeType": "NUMERIC"},
        ],
        **extra,
    })


def topics_csv() -> str:
    """MULTICLASS: id,text,topic with three topics, 10 documents each."""
    words = {
        "sports": "goal match team league coach season striker referee stadium cup".split(),
        "politics": "election vote minister parliament senate policy campaign debate cabinet law".split(),
        "science": "atom cell physics experiment theory lab molecule gene quantum energy".split(),
    }
    lines = ["id,text,topic"]
    for i in range(10):
        for topic in sorted(words):
            lines.append(f"{topic}-{i},{_text(words[topic], i)},{topic}")
    return "\n".join(lines) + "\n"


def topics_schema() -> str:
    return json.dumps({
        "version": "1.0",
        "rowId": "id",
        "targetAttributeName": "topic",
        "dataFormat": "CSV",
        "dataFileContainsHeader": True,
        "attributes": [
            {"attributeName": "id", "attributeType": "CATEGORICAL"},
            {"attributeName": "text", "attributeType": "TEXT"},
            {"attributeName": "topic", "attributeType": "CATEGORICAL"},
        ],
    })


def houses(count: int = 12) -> List[Tuple[int, int, float]]:
    """(rooms, area, price) with price = 10 + 3 * rooms + 0.5 * area exactly."""
    return [(1 + i % 5, 40 + 7 * i, 10 + 3 * (1 + i % 5) + 0.5 * (40 + 7 * i)) for i in range(count)]


def houses_csv(rows: Optional[Sequence[Tuple[int, int, float]]] = None) -> str:
    lines = ["rooms,area,price"] + [f"{r},{a},{p}" for r, a, p in (rows if rows is not None else houses())]
    return "\n".join(lines) + "\n"


def houses_schema() -> str:
    return json.dumps({
        "version": "1.0",
        "targetAttributeName": "price",
        "dataFormat": "CSV",
        "dataFileContainsHeader": True,
        "attributes": [
            {"attributeName": "rooms", "attributeType": "NUMERIC"},
            {"attributeName": "area", "attributeType": "NUMERIC"},
            {"attributeName": "price", "attributeType": "NUMERIC"},
        ],
    })


def upload(s3: Any, key: str, body: str, bucket: str = BUCKET) -> str:
    """Put `body` at s3://bucket/key (making the bucket when needed); returns the URI."""
    if bucket not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=body.encode())
    return f"s3://{bucket}/{key}"


def s3_source(ml: Any, s3: Any, source_id: str, csv_text: str, schema: str, statistics: bool = True,
              **spec: Any) -> str:
    """Upload the CSV and create a data source from it; returns the id."""
    location = upload(s3, f"{source_id}.csv", csv_text)
    data_spec: Dict[str, Any] = {"DataLocationS3": location, "DataSchema": schema, **spec}
    ml.create_data_source_from_s3(DataSourceId=source_id, DataSpec=data_spec, ComputeStatistics=statistics)
    return source_id
