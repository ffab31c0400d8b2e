"""Replies are exactly the JSON a service writes: compact, ASCII-escaped, blobs in base64."""
from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_rtml.core import protocol

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=4))
def test_a_reply_body_is_what_json_dumps_writes(reply: Any) -> None:
    assert protocol.encode(reply) == json.dumps(reply, separators=(",", ":")).encode()


def test_without_the_c_accelerator_the_body_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    reply = {"Classes": [{"Name": "SPORTS", "Score": 0.9441927807928303}], "Text": "é", "Blob": b"\x00\xff"}
    fast = protocol.encode(reply)
    monkeypatch.setattr(protocol, "_C_ENCODER", None)
    assert protocol.encode(reply) == fast


def test_blobs_are_base64_text() -> None:
    assert json.loads(protocol.encode({"Bytes": b"\x00\xffabc"})) == {"Bytes": base64.b64encode(b"\x00\xffabc").decode()}
