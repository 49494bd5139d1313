"""Fixtures that run the same behavioural tests against ``Rekognition`` and ``AsyncRekognition``.

``make_client`` (parametrised ``sync``/``async``) builds either client with the same options;
an async client is wrapped in ``support.flavours.SyncView``, which runs each coroutine on one event loop
(an ``asyncio.Runner`` per test) and turns async pagers and job handles into the sync
interface, so one test body checks both clients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiobotocore.session import get_session
from support.asyncio_runner import Runner
from support.fake_time import FakeTime
from support.flavours import SyncView, on_clock
from support.stub_server import StubServer

from rekog import AsyncRekognition, Rekognition, RetryPolicy


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
    """Build a Rekognition (sync) or an AsyncRekognition seen through ``SyncView``."""
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
        return SyncView(rk, runner)

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
    """Make a job handle (sync, or async seen through ``SyncView``) wait on ``fake_time``:
    its clock moves only when it sleeps, so no test depends on real time."""
    on_clock(job, fake_time.clock, fake_time.sleep)
