from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.fake_time import FakeTime
from support.stub_server import StubServer

from rekog import Rekognition, RetryPolicy


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
