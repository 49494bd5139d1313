"""Fixtures that run the same behavioural tests against ``Rekognition`` and ``AsyncRekognition``.

``make_client`` (parametrised ``sync``/``async``) builds either client with the same options;
an async client is wrapped in :class:`AsyncView`, which runs each coroutine on one event loop
(an ``asyncio.Runner`` per test) and turns async pagers and job handles into the sync
interface, so one test body checks both clients.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiobotocore.session import get_session
from support.asyncio_runner import Runner
from support.fake_time import FakeTime
from support.stub_server import StubServer

from rekog import AsyncRekognition, Rekognition, RetryPolicy
from rekog.aio import AsyncPager, AsyncVideoJob
from rekog.aio.client import AsyncJobs, AsyncPaginators


class PagerView:
    """An :class:`AsyncPager` driven from sync code (``for``, ``pages()``, ``first_page()``)."""

    def __init__(self, pager: AsyncPager[Any, Any], runner: Runner) -> None:
        self._pager = pager
        self._runner = runner

    def _drain(self, iterator: Any) -> Iterator[Any]:
        while True:
            try:
                yield self._runner.run(iterator.__anext__())
            except StopAsyncIteration:
                return

    def __iter__(self) -> Iterator[Any]:
        return self._drain(self._pager.__aiter__())

    def pages(self) -> Iterator[Any]:
        return self._drain(self._pager.pages())

    def first_page(self) -> Any:
        return self._runner.run(self._pager.first_page())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pager, name)


class AsyncView:
    """An async client, namespace or job handle, called from sync code."""

    def __init__(self, target: Any, runner: Runner) -> None:
        self._target = target
        self._runner = runner

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, AsyncPager):
            return PagerView(value, self._runner)
        if isinstance(value, (AsyncVideoJob, AsyncPaginators, AsyncJobs)):
            return self if value is self._target else AsyncView(value, self._runner)
        return value

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


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


@pytest.fixture
def server() -> Iterator[StubServer]:
    with StubServer().running() as running:
        yield running


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


MakeClient = Callable[..., Any]


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def runner() -> Iterator[Runner]:
    with Runner() as running:
        yield running


@pytest.fixture
def make_client(flavour: str, runner: Runner) -> Iterator[MakeClient]:
    """Build a Rekognition (sync) or an AsyncRekognition seen through :class:`AsyncView`."""
    opened: list[AsyncRekognition] = []

    def make(**options: Any) -> Any:
        if flavour == "sync":
            return Rekognition(**options)
        if "client" in options and options.get("client") is not None:
            rk = AsyncRekognition(**options)
        else:
            if "profile_name" not in options:
                options.setdefault("session", get_session())
            rk = AsyncRekognition(**options)
            runner.run(rk.open())
        opened.append(rk)
        return AsyncView(rk, runner)

    yield make
    for rk in opened:
        runner.run(rk.close())


@pytest.fixture
def rk(make_client: MakeClient, server: StubServer, fake_time: FakeTime) -> Any:
    policy = RetryPolicy(
        max_attempts=5, deadline=60.0, sleep=fake_time.sleep, clock=fake_time.clock
    )
    return make_client(region="us-east-1", endpoint_url=server.endpoint_url, retry=policy)


def on_fake_time(job: Any, fake_time: FakeTime) -> None:
    """Make a job handle (sync, or async seen through :class:`AsyncView`) wait on
    ``fake_time``: its clock moves only when it sleeps, so no test depends on real time."""
    target = job._target if isinstance(job, AsyncView) else job
    target._clock = fake_time.clock
    target._sleep = fake_time.sleep
