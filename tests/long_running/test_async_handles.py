"""What only the async handles do: waiting is a plain coroutine that cancelling stops at once."""

from __future__ import annotations

import asyncio

import pytest

from rekog.aio.long_running import AsyncStreamProcessorHandle
from rekog.models import DescribeStreamProcessorResponse


def test_cancelling_an_async_wait_stops_it_mid_sleep() -> None:
    polls: list[str] = []

    async def describe() -> DescribeStreamProcessorResponse:
        polls.append("DescribeStreamProcessor")
        return DescribeStreamProcessorResponse.from_response({"Status": "STARTING"})

    async def scenario() -> None:
        sleeping = asyncio.Event()

        async def sleep(seconds: float) -> None:
            sleeping.set()
            await asyncio.Event().wait()  # never set: only cancelling ends this sleep

        handle = AsyncStreamProcessorHandle("door", describe=describe, goal="start", sleep=sleep)
        task = asyncio.ensure_future(handle.wait(timeout=60))
        await sleeping.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert handle.last_description is not None and await handle.status() == "STARTING"

    asyncio.run(scenario())
    assert polls == ["DescribeStreamProcessor"] * 2  # the wait's one poll, then status()
