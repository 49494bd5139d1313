"""One test body for both clients: a ``Rekognition`` as is, an ``AsyncRekognition`` seen
through :class:`SyncView`, which runs its coroutines on one event loop and drains its async
iterators, so ``rk.jobs.create_dataset(...).wait()`` reads the same in either flavour.

Whatever an async object returns -- a coroutine's result, an attribute, an item -- is wrapped
again when it comes from rekog's async modules (namespaces, handles, distributions).
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

from rekog import Rekognition
from support.asyncio_runner import Runner

if TYPE_CHECKING:
    from rekog import AsyncRekognition

_ASYNC_HOMES = ("rekog.aio.", "rekog._generated.aio_")


def _is_async_object(value: Any) -> bool:
    return type(value).__module__.startswith(_ASYNC_HOMES)


class SyncView:
    """An object of the async client (the client, ``rk.jobs``, a handle), called from sync code."""

    def __init__(self, target: Any, runner: Runner) -> None:
        self._target = target
        self._runner = runner

    @property
    def target(self) -> Any:
        """The async object itself."""
        return self._target

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, AsyncIterator):
            return self._drain(value)
        if isinstance(value, tuple):
            return tuple(self._wrap(item) for item in value)
        if _is_async_object(value):
            return SyncView(value, self._runner)
        return value

    def _drain(self, iterator: AsyncIterator[Any]) -> Iterator[Any]:
        while True:
            try:
                yield self._runner.run(_next(iterator))
            except StopAsyncIteration:
                return

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value) or isinstance(value, type):
            return self._wrap(value)

        def call(*args: Any, **kwargs: Any) -> Any:
            result = value(*args, **kwargs)
            if inspect.isawaitable(result):
                result = self._runner.run(_awaited(result))
            return self._wrap(result)

        return call

    def __iter__(self) -> Iterator[Any]:
        """``for x in view`` over an async iterable target (an ``AsyncPager``)."""
        return self._drain(self._target.__aiter__())

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("_target", "_runner"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._target, name, value)

    def __repr__(self) -> str:
        return repr(self._target)


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


async def _next(iterator: AsyncIterator[Any]) -> Any:
    return await iterator.__anext__()


def unwrapped(value: Any) -> Any:
    """The object under a :class:`SyncView` (the value itself otherwise)."""
    return value.target if isinstance(value, SyncView) else value


class Clients:
    """Builds clients of one flavour (``"sync"`` or ``"async"``); closes the async ones."""

    def __init__(self, flavour: str, runner: Runner) -> None:
        self.flavour = flavour
        self._runner = runner
        self._opened: list[AsyncRekognition] = []

    def __call__(self, **options: Any) -> Any:
        """A ``Rekognition`` or a :class:`SyncView` over an open ``AsyncRekognition``."""
        if self.flavour == "sync":
            return Rekognition(**options)
        # The async extra, needed by this flavour only.
        from aiobotocore.session import get_session

        from rekog import AsyncRekognition

        options.setdefault("session", get_session())
        rk = AsyncRekognition(**options)
        self._runner.run(rk.open())
        self._opened.append(rk)
        return SyncView(rk, self._runner)

    def close(self) -> None:
        for rk in self._opened:
            self._runner.run(rk.close())
        self._opened.clear()


def on_clock(handle: Any, clock: Callable[[], float], sleep: Callable[[float], None]) -> Any:
    """Make a handle (of either flavour) wait on a fake clock its sleeps advance; return it.

    The async handles take a plain function as their sleep, so no test sleeps for real."""
    target = unwrapped(handle)
    target._clock = clock
    target._sleep = sleep
    return handle
