from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rekog import Rekognition


class SendCounter:
    """A ``before-send`` hook that counts requests and refuses to send them."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, request: Any, **_: Any) -> None:
        self.sent.append(request.headers.get("X-Amz-Target", b"").decode())
        raise AssertionError("a request was sent")


@pytest.fixture
def counter() -> SendCounter:
    return SendCounter()


@pytest.fixture
def rk(counter: SendCounter, monkeypatch: pytest.MonkeyPatch) -> Iterator[Rekognition]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = Rekognition(region="us-east-1", endpoint_url="http://127.0.0.1:9")
    client.client.meta.events.register("before-send.rekognition", counter)
    yield client
    assert counter.sent == []
