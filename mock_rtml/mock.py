"""mock_rtml(): decorator (sync, async, methods, classes), context manager, start()/stop()."""
from __future__ import annotations

import functools
import inspect
import os
import unittest
from pathlib import Path
from types import TracebackType
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Type, TypeVar, Union, overload

from typing_extensions import Literal, ParamSpec

from . import comprehend as _comprehend  # noqa: F401  (registers the service)
from . import machinelearning as _machinelearning  # noqa: F401  (registers the service)
from .core import interceptor
from .core.calls import DEFAULT_CALLS_LIMIT, check_limit
from .core.clock import Clock
from .core.dispatch import Dispatcher
from .core.quotas import Quotas
from .core.state import Environment, Store
from .handle import Rtml

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)
ClockOption = Literal["system", "manual"]
_CLOCKS = ("system", "manual")
_FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "FOOBARKEY", "AWS_SECRET_ACCESS_KEY": "FOOBARSECRET"}


def _credentials_configured() -> bool:
    if os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE"):
        return True
    shared = os.environ.get("AWS_SHARED_CREDENTIALS_FILE") or str(Path.home() / ".aws" / "credentials")
    return Path(shared).is_file()


class RtmlMock:
    """Activates the simulation. Use ``mock_rtml()`` to make one.

    >>> @mock_rtml  # doctest: +SKIP
    ... def test_classify(): ...
    """

    def __init__(
        self, *, clock: ClockOption = "system", throttling: bool = False, quotas: Optional[Mapping[str, int]] = None,
        calls_limit: Optional[int] = DEFAULT_CALLS_LIMIT,
    ) -> None:
        if clock not in _CLOCKS:
            raise ValueError(f"clock must be one of {_CLOCKS}, not {clock!r}")
        if not isinstance(throttling, bool):
            raise TypeError(f"throttling must be True or False, not {throttling!r}")
        Quotas(quotas)  # unknown names and bad values fail here, at once
        check_limit(calls_limit)
        self._clock = clock
        self._throttling = throttling
        self._quotas = dict(quotas or {})
        self._calls_limit = calls_limit
        self._handle: Optional[Rtml] = None
        self._saved_env: Dict[str, Optional[str]] = {}

    # -- start / stop -------------------------------------------------------------------------
    def _make_dispatcher(self) -> Dispatcher:
        environment = Environment(
            clock=Clock(frozen=self._clock == "manual"), throttling=self._throttling, quotas=Quotas(self._quotas)
        )
        return Dispatcher(Store(environment), self._calls_limit)

    def start(self) -> Rtml:
        """Activate (the outermost activation starts from empty state) and return the handle."""
        if self._handle is not None:
            raise RuntimeError("this mock_rtml() is already started; call stop() first")
        dispatcher = interceptor.enter(self._make_dispatcher)
        self._saved_env = {}
        if not _credentials_configured():
            self._saved_env = {k: os.environ.get(k) for k in _FAKE_CREDENTIALS}
            os.environ.update(_FAKE_CREDENTIALS)
        self._handle = Rtml(dispatcher)
        return self._handle

    def stop(self) -> None:
        """Deactivate; the outermost stop drops all state and restores the environment."""
        if self._handle is None:
            raise RuntimeError("this mock_rtml() was not started")
        self._handle = None
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = {}
        interceptor.leave()

    def __enter__(self) -> Rtml:
        return self.start()

    def __exit__(self, kind: Optional[Type[BaseException]], value: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.stop()

    async def __aenter__(self) -> Rtml:
        return self.start()

    async def __aexit__(self, kind: Optional[Type[BaseException]], value: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.stop()

    # -- decorating -----------------------------------------------------------------------------
    # A coroutine function matches Callable[P, R] with R = Coroutine[...], so it keeps its type.
    @overload
    def __call__(self, target: C) -> C: ...
    @overload
    def __call__(self, target: Callable[P, R]) -> Callable[P, R]: ...

    def __call__(self, target: Any) -> Any:
        if isinstance(target, type):
            return self._decorate_class(target)
        if inspect.iscoroutinefunction(target):
            return self._decorate_coroutine(target)
        if callable(target):
            return self._decorate_function(target)
        raise TypeError(f"mock_rtml decorates a function, coroutine function or class, not {type(target).__name__}")

    def _fresh(self) -> RtmlMock:
        return RtmlMock(clock=self._clock, throttling=self._throttling, quotas=self._quotas, calls_limit=self._calls_limit)

    def _decorate_function(self, func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with self._fresh():
                return func(*args, **kwargs)

        return wrapper

    def _decorate_coroutine(self, func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            async with self._fresh():
                return await func(*args, **kwargs)

        return wrapper

    def _decorate_class(self, cls: C) -> C:
        if issubclass(cls, unittest.TestCase):
            # setUp, the test and tearDown run inside one activation.
            run = cls.run
            mock = self

            def run_inside(test: Any, result: Any = None) -> Any:
                with mock._fresh():
                    return run(test, result)

            setattr(cls, "run", functools.wraps(run)(run_inside))
            return cls
        for name, attr in list(vars(cls).items()):
            if name.startswith("test") and callable(attr) and not isinstance(attr, type):
                setattr(cls, name, self(attr))
        return cls


# No Awaitable overload: Callable[P, R] keeps a coroutine function's Coroutine return type
# (which asyncio.run requires), where Callable[P, Awaitable[R]] would widen it.
@overload
def mock_rtml(func: C, /) -> C: ...
@overload
def mock_rtml(func: Callable[P, R], /) -> Callable[P, R]: ...
@overload
def mock_rtml(
    func: None = None, /, *, clock: ClockOption = "system", throttling: bool = False, quotas: Optional[Mapping[str, int]] = None,
    calls_limit: Optional[int] = DEFAULT_CALLS_LIMIT,
) -> RtmlMock: ...


def mock_rtml(
    func: Optional[Callable[..., Any]] = None,
    /,
    *,
    clock: ClockOption = "system",
    throttling: bool = False,
    quotas: Optional[Mapping[str, int]] = None,
    calls_limit: Optional[int] = DEFAULT_CALLS_LIMIT,
) -> Union[RtmlMock, Callable[..., Any]]:
    """Simulate Comprehend custom models and Amazon ML in real time.

    As a decorator (``@mock_rtml`` or ``@mock_rtml(clock="manual")``), a context manager
    (``with mock_rtml() as rtml:``) or by hand (``m = mock_rtml(); rtml = m.start(); m.stop()``).
    ``rtml.calls`` keeps the most recent `calls_limit` calls (None: every call).
    """
    mock = RtmlMock(clock=clock, throttling=throttling, quotas=quotas, calls_limit=calls_limit)
    if func is None:
        return mock
    return mock(func)
