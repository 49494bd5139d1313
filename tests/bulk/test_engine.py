"""The bulk engine without a service: streaming, per-item outcomes, checkpoints, keys, asyncio."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rekog import InvalidRequestError, OutcomeUnknownError
from rekog.bulk import (
    Checkpoint,
    LimiterConfig,
    RateLimiter,
    external_image_id,
    input_key,
    run_async_calls,
)
from rekog.bulk.core import Settings, run_threads
from rekog.errors import InvalidImageFormatException, ProvisionedThroughputExceededException
from rekog.models import Image


def throttling() -> ProvisionedThroughputExceededException:
    error = {"Code": "ProvisionedThroughputExceededException", "Message": "over the quota"}
    return ProvisionedThroughputExceededException({"Error": error}, "DetectText")


def test_inputs_are_streamed_and_concurrency_is_bounded() -> None:
    pulled = 0
    running = peak = 0
    lock = threading.Lock()

    def inputs() -> Iterator[int]:
        nonlocal pulled
        for number in range(200):
            pulled += 1
            yield number

    def call(number: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.002)
        with lock:
            running -= 1
        return number * 2

    settings = Settings(key=str, concurrency=4)
    outcomes = run_threads(inputs(), call, settings)
    first = next(outcomes)
    assert pulled <= 2 * 4 + 1  # not the whole iterable
    rest = list(outcomes)
    assert peak <= 4
    results = sorted(o.result for o in [first, *rest] if o.result is not None)
    assert results == [n * 2 for n in range(200)]
    assert settings.summary.succeeded == 200 and settings.summary.failed == 0


def test_a_bad_input_is_its_own_outcome() -> None:
    def call(number: int) -> int:
        if number == 3:
            raise InvalidImageFormatException(
                {"Error": {"Code": "InvalidImageFormatException"}}, "DetectText"
            )
        if number == 5:
            raise ValueError("broken")
        return number

    def key(number: int) -> str:
        if number == 7:
            raise InvalidRequestError("inputs", "no identity", number)
        return str(number)

    settings = Settings(key=key, concurrency=3)
    outcomes = {o.input: o for o in run_threads(range(10), call, settings)}
    assert len(outcomes) == 10
    assert isinstance(outcomes[3].error, InvalidImageFormatException)
    assert isinstance(outcomes[5].error, ValueError)
    assert isinstance(outcomes[7].error, InvalidRequestError)
    assert all(outcomes[n].ok for n in (0, 1, 2, 4, 6, 8, 9))
    summary = settings.summary
    assert (summary.succeeded, summary.failed) == (7, 3)
    assert summary.errors == {
        "InvalidImageFormatException": 1,
        "ValueError": 1,
        "InvalidRequestError": 1,
    }
    assert "7 succeeded, 3 failed" in str(summary)


def test_checkpoint_skips_done_inputs_and_retries_failed_ones(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    calls: list[int] = []

    def call(number: int) -> int:
        calls.append(number)
        if number % 4 == 0:
            raise ValueError("odd one out")
        return number

    with Checkpoint(path, scope="test") as checkpoint:
        list(run_threads(range(12), call, Settings(key=str, concurrency=2, checkpoint=checkpoint)))
        assert checkpoint.counts() == {"ok": 9, "failed": 3}
    calls.clear()
    with Checkpoint(path, scope="test") as checkpoint:
        settings = Settings(key=str, concurrency=2, checkpoint=checkpoint)
        outcomes = list(run_threads(range(12), call, settings))
    assert sorted(calls) == [0, 4, 8]  # only the failed ones again
    assert sum(o.skipped for o in outcomes) == 9 and settings.summary.skipped == 9
    with pytest.raises(InvalidRequestError, match="another run"):
        Checkpoint(path, scope="something else")
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(InvalidRequestError, match="checkpoint"):
        Checkpoint(tmp_path / "junk.db")


def test_an_outcome_the_service_may_have_reached_stays_pending(tmp_path: Path) -> None:
    # OutcomeUnknownError: the call may have taken effect; a rerun must reconcile, not skip.
    def call(number: int) -> int:
        if number == 2:
            raise OutcomeUnknownError("IndexFaces", "list the faces by ExternalImageId", None)
        return number

    with Checkpoint(tmp_path / "run.db", scope="test") as checkpoint:
        outcomes = list(run_threads(range(4), call, Settings(key=str, checkpoint=checkpoint)))
        assert checkpoint.counts() == {"ok": 3, "pending": 1}
        assert list(checkpoint.pending()) == ["2"]
    assert [type(o.error).__name__ for o in outcomes if o.error] == ["OutcomeUnknownError"]


def test_keys_and_external_image_ids(tmp_path: Path) -> None:
    photo = tmp_path / "my photo (1).jpg"
    assert input_key(photo) == str(photo.resolve())
    assert input_key("s3://bucket/a/b.jpg") == "s3://bucket/a/b.jpg"
    assert input_key(b"abc").startswith("sha256:") and input_key(b"abc") == input_key(
        bytearray(b"abc")
    )
    assert (
        input_key(Image(s3_object={"bucket": "bkt", "name": "k", "version": "3"}))
        == "s3://bkt/k?versionId=3"
    )
    assert input_key({"image": "s3://b/k", "max_faces": 1}) == "s3://b/k"
    assert input_key({"key": "mine", "image": b"x"}) == "mine"
    with pytest.raises(InvalidRequestError):
        input_key(object())
    ext = external_image_id(input_key(photo))
    assert ext.startswith("my_photo_1_.jpg:") and ext == external_image_id(input_key(photo))
    other = external_image_id(str(tmp_path / "elsewhere" / "my photo (1).jpg"))
    assert other != ext  # same file name, another input
    long = external_image_id("/x/" + "é" * 400 + ".png")
    assert len(long) <= 255
    import re

    for value in (ext, long, external_image_id("sha256:abcd")):
        assert re.fullmatch(r"[a-zA-Z0-9_.\-:]+", value)


def test_async_engine_with_a_gated_awaitable() -> None:
    attempts: dict[int, int] = {}
    in_flight = peak = 0

    async def call(number: int) -> int:
        nonlocal in_flight, peak
        attempts[number] = attempts.get(number, 0) + 1
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.001)
        in_flight -= 1
        if number == 2:
            raise throttling()
        return number + 1

    limiter = RateLimiter(LimiterConfig(rate=200, initial_rate=100))

    async def inputs() -> Iterator[int]:  # type: ignore[misc]
        for number in range(30):
            yield number

    async def main() -> list[int]:
        run = run_async_calls(
            inputs(), call, operation="Test", limiter=limiter, concurrency=5, key=str
        )
        results = [o.result async for o in run if o.ok]
        assert run.summary.failed == 1 and run.summary.errors == {
            "ProvisionedThroughputExceededException": 1
        }
        assert run.summary.throttles == 1
        return [r for r in results if r is not None]

    results = asyncio.run(main())
    assert sorted(results) == [n + 1 for n in range(30) if n != 2]
    assert peak <= 5
    assert limiter.throttles == 1 and limiter.successes == 29 and limiter.decreases == 1
