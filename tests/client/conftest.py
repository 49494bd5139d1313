from __future__ import annotations

from collections.abc import Iterator

import pytest

from rekog import Rekognition, RetryPolicy

from .stub_server import StubServer


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server() -> Iterator[StubServer]:
    with StubServer().running() as running:
        yield running


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def rk(server: StubServer, fake_time: FakeTime) -> Rekognition:
    policy = RetryPolicy(
        max_attempts=5, deadline=60.0, sleep=fake_time.sleep, clock=fake_time.clock
    )
    return Rekognition(region="us-east-1", endpoint_url=server.endpoint_url, retry=policy)
