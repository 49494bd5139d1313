"""``rekog.bulk.retrying`` is the clients' own retry layer: the policy's rules, backoff,
deadline, log lines and ``sleep`` (a fake here: nothing sleeps for real)."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator

import pytest
from botocore.exceptions import ClientError
from support.fake_time import FakeTime

from rekog import RetryPolicy, ServiceError
from rekog._generated.sync._retry import call_with_retry
from rekog.bulk import retrying
from rekog.errors import from_client_error


def client_error(code: str, status: int = 400) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}},  # type: ignore[typeddict-item]
        "IndexFaces",
    )


class Script:
    """A callable that raises the scripted errors, then answers ``"indexed"``."""

    def __init__(self, *errors: ClientError) -> None:
        self._errors: Iterator[ClientError] = iter(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        error = next(self._errors, None)
        if error is not None:
            raise error
        return "indexed"

    async def item(self, item: str) -> str:
        del item
        return self()


def run(call: Callable[[str], Awaitable[str]]) -> str:
    async def one() -> str:
        return await call("a.jpg")

    return asyncio.run(one())


def policy(time: FakeTime, **rules: object) -> RetryPolicy:
    return RetryPolicy(sleep=time.sleep, clock=time.clock, jitter=False, **rules)  # type: ignore[arg-type]


def test_throttling_then_success_sleeps_the_policys_backoff_through_its_sleep() -> None:
    time = FakeTime()
    script = Script(client_error("ThrottlingException"), client_error("ThrottlingException"))
    call = retrying(script.item, policy(time), "IndexFaces")
    assert run(call) == "indexed"
    assert script.calls == 3
    assert time.sleeps == [0.2, 0.4]


def test_the_same_sleeps_and_log_lines_as_the_clients_retry_layer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    errors = [client_error("ThrottlingException"), client_error("InternalServerError", 500)]
    caplog.set_level(logging.INFO, logger="rekog")
    bulk_time, client_time = FakeTime(), FakeTime()
    bulk = Script(*errors)
    run(retrying(bulk.item, policy(bulk_time), "IndexFaces"))
    bulk_log = [r.getMessage() for r in caplog.records]
    caplog.clear()
    client = Script(*errors)

    def attempt(number: int) -> str:
        del number
        try:
            return client()
        except ClientError as raw:
            raise from_client_error(raw, "IndexFaces") from raw

    call_with_retry(attempt, policy(client_time), "IndexFaces")
    assert bulk_time.sleeps == client_time.sleeps == [0.2, 0.4]
    assert bulk_log == [r.getMessage() for r in caplog.records]
    assert bulk_log[0] == (
        "IndexFaces attempt 1 failed (ThrottlingException, HTTP 400); retrying in 0.200s"
    )


def test_no_attempt_after_max_attempts_and_the_error_is_typed() -> None:
    time = FakeTime()
    script = Script(*[client_error("ThrottlingException")] * 5)
    call = retrying(script.item, policy(time, max_attempts=3), "IndexFaces")
    with pytest.raises(ServiceError) as raised:
        run(call)
    assert raised.value.code == "ThrottlingException" and raised.value.attempts == 3
    assert script.calls == 3 and time.sleeps == [0.2, 0.4]


def test_no_sleep_past_the_deadline_and_no_attempt_after_it() -> None:
    time = FakeTime()
    script = Script(*[client_error("ThrottlingException")] * 5)
    rules = {"initial": 0.8, "deadline": 1.0}
    call = retrying(script.item, policy(time, **rules), "IndexFaces")
    with pytest.raises(ServiceError) as raised:
        run(call)
    # 0.8, then clipped to the 0.2 left; the attempt failing at the deadline is the last
    # (the policy's six attempts would go on).
    assert time.sleeps == pytest.approx([0.8, 0.2]) and script.calls == 3
    assert raised.value.attempts == 3


def test_a_non_retryable_error_is_raised_typed_at_once() -> None:
    time = FakeTime()
    script = Script(client_error("AccessDeniedException"))
    call = retrying(script.item, policy(time), "IndexFaces")
    with pytest.raises(ServiceError) as raised:
        run(call)
    assert raised.value.code == "AccessDeniedException" and raised.value.attempts == 1
    assert type(raised.value).__module__.startswith("rekog")
    assert script.calls == 1 and time.sleeps == []


def test_the_loop_needs_no_aiobotocore() -> None:
    # bulk (and its retry loop, rekog.aio._retry) works with any async callable: importing
    # and running it must not pull in the async client's aiobotocore.
    code = (
        "import asyncio, sys\n"
        "from rekog import RetryPolicy\n"
        "from rekog.bulk import retrying\n"
        "async def call(item): return item\n"
        "assert asyncio.run(retrying(call, RetryPolicy())('x')) == 'x'\n"
        "print('aiobotocore' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
