"""mock_rtml(): decorator (functions, coroutines, generators, methods, classes), context manager,
start()/stop(), and current_handle()."""
from __future__ import annotations

import functools
import inspect
import unittest
from types import TracebackType
from typing import Any, AsyncGenerator, Awaitable, Callable, Generator, Mapping, Optional, Type, TypeVar, Union, overload

from typing_extensions import ParamSpec

from . import comprehend as _comprehend  # noqa: F401  (registers the service)
from . import machinelearning as _machinelearning  # noqa: F401  (registers the service)
from .core import interceptor
from .core.clock import Clock
from .core.dispatch import Dispatcher
from .core.options import UNSET, CallsLimit, ClockOption, Layer, Options
from .core.state import Environment, Store
from .handle import Rtml

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)
Transitions = Mapping[str, Mapping[str, Any]]


class RtmlMock:
    """Activates the simulation. Use ``mock_rtml()`` to make one.

    >>> @mock_rtml  # doctest: +SKIP
    ... def test_classify(): ...
    """

    def __init__(
        self,
        *,
        clock: Optional[ClockOption] = None,
        throttling: Optional[bool] = None,
        quotas: Optional[Mapping[str, int]] = None,
        transitions: Optional[Transitions] = None,
        calls_limit: CallsLimit = UNSET,
    ) -> None:
        self._options = Options(clock, throttling, quotas or {}, transitions or {}, calls_limit)  # checks every option
        self._layer: Optional[Layer] = None

    # -- start / stop -------------------------------------------------------------------------
    @staticmethod
    def _make_dispatcher() -> Dispatcher:
        return Dispatcher(Store(Environment(clock=Clock())))

    def start(self) -> Rtml:
        """Activate and return the handle. The first activation to open starts from empty state and
        sets fake credentials; an inner one shares the state and applies its options until it stops."""
        if self._layer is not None:
            raise RuntimeError("this mock_rtml() is already started; call stop() first")
        layer = Layer(self._options)
        dispatcher = interceptor.enter(self._make_dispatcher, layer)
        layer.owner = handle = Rtml(dispatcher)
        self._layer = layer
        return handle

    def stop(self) -> None:
        """Deactivate: this activation's options are taken back and its handle closes. When the last
        open activation stops (in whatever order they stop), all state is dropped and the
        environment restored."""
        layer = self._layer
        if layer is None:
            raise RuntimeError("this mock_rtml() was not started")
        self._layer = None
        handle = layer.owner
        assert isinstance(handle, Rtml)
        handle._close()
        interceptor.leave(layer)

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
        if inspect.isgeneratorfunction(target):
            return self._decorate_generator(target)
        if inspect.isasyncgenfunction(target):
            return self._decorate_async_generator(target)
        if callable(target):
            return self._decorate_function(target)
        raise TypeError(f"mock_rtml decorates a function, coroutine function or class, not {type(target).__name__}")

    def _fresh(self) -> RtmlMock:
        fresh = RtmlMock()
        fresh._options = self._options
        return fresh

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

    def _decorate_generator(self, func: Callable[..., Generator[Any, Any, Any]]) -> Callable[..., Generator[Any, Any, Any]]:
        # Active from the first next() to the end, across every yield (send, throw and close pass through).
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
            with self._fresh():
                return (yield from func(*args, **kwargs))

        return wrapper

    def _decorate_async_generator(self, func: Callable[..., AsyncGenerator[Any, Any]]) -> Callable[..., AsyncGenerator[Any, Any]]:
        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> AsyncGenerator[Any, Any]:
            async with self._fresh():
                inner = func(*args, **kwargs)
                try:
                    value = await inner.__anext__()
                    while True:
                        try:
                            sent = yield value
                        except GeneratorExit:
                            raise
                        except BaseException as thrown:  # athrow() into the wrapper: pass it on
                            value = await inner.athrow(thrown)
                        else:
                            value = await inner.asend(sent)
                except StopAsyncIteration:
                    return
                finally:
                    await inner.aclose()

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
    func: None = None,
    /,
    *,
    clock: Optional[ClockOption] = None,
    throttling: Optional[bool] = None,
    quotas: Optional[Mapping[str, int]] = None,
    transitions: Optional[Transitions] = None,
    calls_limit: CallsLimit = UNSET,
) -> RtmlMock: ...


def mock_rtml(
    func: Optional[Callable[..., Any]] = None,
    /,
    *,
    clock: Optional[ClockOption] = None,
    throttling: Optional[bool] = None,
    quotas: Optional[Mapping[str, int]] = None,
    transitions: Optional[Transitions] = None,
    calls_limit: CallsLimit = UNSET,
) -> Union[RtmlMock, Callable[..., Any]]:
    """Simulate Comprehend custom models and Amazon ML in real time.

    As a decorator (``@mock_rtml`` or ``@mock_rtml(clock="manual")``, on functions, coroutine
    functions, generators, async generators and classes), a context manager
    (``with mock_rtml() as rtml:``) or by hand (``m = mock_rtml(); rtml = m.start(); m.stop()``).

    Options (each left as the enclosing activation has it when not given; outermost defaults:
    system clock, no throttling, AWS's quotas, immediate transitions): ``clock="manual"`` freezes
    the virtual clock; ``throttling=True`` enforces provisioned throughput; ``quotas={name: n}``;
    ``transitions={"comprehend::endpoint": {"progression": "time", "seconds": 600}}`` sets status
    progressions in moto's state manager until the activation stops; ``calls_limit=n`` keeps the
    most recent n calls in ``rtml.calls`` (default 1,000; None keeps every call).
    """
    mock = RtmlMock(clock=clock, throttling=throttling, quotas=quotas, transitions=transitions, calls_limit=calls_limit)
    if func is None:
        return mock
    return mock(func)


def current_handle() -> Rtml:
    """The handle of the innermost open activation, e.g. inside a test decorated with ``@mock_rtml``.

    >>> @mock_rtml  # doctest: +SKIP
    ... def test_scale():
    ...     rtml = current_handle()

    RuntimeError when no activation is open.
    """
    handle = interceptor.innermost_owner()
    if not isinstance(handle, Rtml):
        raise RuntimeError("no mock_rtml activation is open: use @mock_rtml, `with mock_rtml():` or the rtml fixture")
    return handle
