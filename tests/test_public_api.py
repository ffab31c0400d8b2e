"""The public surface is pinned: a change here is a deliberate API change (and a changelog line)."""
from __future__ import annotations

import inspect

import mock_rtml
from mock_rtml import Rtml, RtmlMock


def _public(cls: type) -> list[str]:
    return sorted(name for name in dir(cls) if not name.startswith("_"))


def test_module_exports_exactly_these_names() -> None:
    assert sorted(mock_rtml.__all__) == [
        "Call", "Rtml", "RtmlMock", "ServiceError", "current_handle", "mock_rtml", "patch_client",
    ]
    for name in mock_rtml.__all__:
        assert getattr(mock_rtml, name) is not None


def test_mock_object_offers_only_start_and_stop() -> None:
    assert _public(RtmlMock) == ["start", "stop"]


def test_mock_is_also_a_sync_and_async_context_manager() -> None:
    for dunder in ("__enter__", "__exit__", "__aenter__", "__aexit__", "__call__"):
        assert callable(getattr(RtmlMock, dunder))


def test_handle_offers_exactly_these_members() -> None:
    assert _public(Rtml) == [
        "add_document_classifier",
        "add_endpoint",
        "add_entity_recognizer",
        "add_ml_model",
        "calls",
        "clear_faults",
        "clock",
        "inject_error",
        "inject_latency",
        "quotas",
        "reset",
        "throttling",
    ]


def test_handle_properties_are_read_only_except_throttling() -> None:
    properties = {name: inspect.getattr_static(Rtml, name) for name in _public(Rtml)}
    properties = {name: p for name, p in properties.items() if isinstance(p, property)}
    assert {name: p.fset is not None for name, p in properties.items()} == {
        "calls": False,
        "clock": False,
        "quotas": False,
        "throttling": True,
    }


def test_mock_rtml_takes_the_target_positionally_and_options_by_keyword_only() -> None:
    params = inspect.signature(mock_rtml.mock_rtml).parameters
    assert [(p.name, p.kind) for p in params.values()] == [
        ("func", inspect.Parameter.POSITIONAL_ONLY),
        ("clock", inspect.Parameter.KEYWORD_ONLY),
        ("throttling", inspect.Parameter.KEYWORD_ONLY),
        ("quotas", inspect.Parameter.KEYWORD_ONLY),
        ("transitions", inspect.Parameter.KEYWORD_ONLY),
        ("calls_limit", inspect.Parameter.KEYWORD_ONLY),
    ]
    mock_params = inspect.signature(RtmlMock).parameters
    assert [p.name for p in mock_params.values()] == ["clock", "throttling", "quotas", "transitions", "calls_limit"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in mock_params.values())


def test_public_objects_have_docstrings() -> None:
    documented = [mock_rtml.mock_rtml, mock_rtml.current_handle, RtmlMock, RtmlMock.start, RtmlMock.stop, Rtml, mock_rtml.Call, mock_rtml.ServiceError]
    documented += [getattr(Rtml, name) for name in _public(Rtml)]
    for obj in documented:
        assert inspect.getdoc(obj), obj


def test_server_module_offers_the_threaded_server_and_the_command() -> None:
    import mock_rtml.server
    from mock_rtml.server import ThreadedRtmlServer

    assert sorted(mock_rtml.server.__all__) == ["ThreadedRtmlServer", "main"]
    assert _public(ThreadedRtmlServer) == ["get_host_and_port", "rtml", "start", "stop", "url"]
    for obj in [ThreadedRtmlServer, mock_rtml.server.main] + [getattr(ThreadedRtmlServer, n) for n in _public(ThreadedRtmlServer)]:
        assert inspect.getdoc(obj), obj
