"""Deterministic identifiers: counters and hashlib, never uuid4(), random or hash()."""
from __future__ import annotations

import hashlib


def stable_uuid(*parts: object) -> str:
    """A UUID-formatted string that depends only on its parts."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
