"""The bulk engine: many inputs, bounded concurrency, one outcome per input.

It knows nothing about Rekognition: it takes the inputs, a ``call(input)`` (a function, or a
coroutine function for :func:`run_async`), a ``key(input)`` for the checkpoint, and yields an
:class:`Outcome` per input as soon as it is known (completion order, not input order). At most
``concurrency`` calls run and about twice as many inputs are held at once: inputs are pulled
from the iterable as slots free up, and outcomes are handed out, never collected.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..errors import InvalidRequestError, OutcomeUnknownError, ServiceError
from .checkpoint import FAILED, OK, PENDING, Checkpoint
from .progress import Progress

if TYPE_CHECKING:
    from .limiter import RateLimiter

__all__ = ["OnceRun", "Outcome", "Summary", "run_async", "run_threads"]

logger: logging.Logger = logging.getLogger("rekog.bulk")

I = TypeVar("I")  # noqa: E741
R = TypeVar("R")
S = TypeVar("S")


@dataclass(frozen=True)
class Outcome(Generic[I, R]):
    """What happened to one input.

    Attributes:
        input: the input as given.
        key: its checkpoint key.
        result: the typed result, when the call succeeded.
        error: the typed error (an ``InvalidRequestError``, a ``ServiceError`` subclass, ...)
            when it failed.
        skipped: done by an earlier run (per the checkpoint); nothing was sent.
    """

    input: I
    key: str
    result: R | None = None
    error: BaseException | None = None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        """Succeeded now or in an earlier run."""
        return self.error is None


@dataclass
class Summary:
    """Counts of a bulk run, updated as outcomes are handed out."""

    operation: str = ""
    succeeded: int = 0
    failed: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    errors: dict[str, int] = field(default_factory=dict)
    #: Throttled attempts and the limiter's final rate (when a limiter was used).
    throttles: int = 0
    final_rate: float | None = None

    @property
    def total(self) -> int:
        """Inputs seen."""
        return self.succeeded + self.failed + self.skipped

    @property
    def elapsed(self) -> float:
        """Seconds from start to finish (or to now)."""
        return (self.finished or time.monotonic()) - self.started

    @property
    def rate(self) -> float:
        """Inputs processed (not skipped) per second."""
        done = self.succeeded + self.failed
        return done / self.elapsed if self.elapsed > 0 else 0.0

    def add(self, outcome: Outcome[Any, Any]) -> None:
        """Count one outcome."""
        if outcome.skipped:
            self.skipped += 1
        elif outcome.error is None:
            self.succeeded += 1
        else:
            self.failed += 1
            name = error_name(outcome.error)
            self.errors[name] = self.errors.get(name, 0) + 1

    def __str__(self) -> str:
        text = (
            f"{self.operation}: {self.succeeded} succeeded, {self.failed} failed, "
            f"{self.skipped} skipped in {self.elapsed:.1f}s ({self.rate:.2f}/s)"
        )
        if self.errors:
            text += "; errors: " + ", ".join(f"{k} x{v}" for k, v in sorted(self.errors.items()))
        if self.final_rate is not None:
            text += f"; {self.throttles} throttled attempts, final rate {self.final_rate:.2f}/s"
        return text


def error_name(error: BaseException) -> str:
    """The error code of a service error, else the exception's class name."""
    return error.code if isinstance(error, ServiceError) else type(error).__name__


@dataclass
class Settings:
    """What the engine needs besides inputs and the call."""

    key: Callable[[Any], str]
    concurrency: int = 8
    checkpoint: Checkpoint | None = None
    detail: Callable[[Any, str], str | None] | None = None
    progress: Progress | None = None
    summary: Summary = field(default_factory=Summary)
    rate: Callable[[], float | None] = lambda: None
    #: Called with the summary when the run ends, before it is logged.
    on_finish: Callable[[Summary], None] | None = None

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise InvalidRequestError("concurrency", "must be at least 1", self.concurrency)


def _admit(item: Any, settings: Settings) -> tuple[str, Outcome[Any, Any] | None]:
    """The key of ``item``, and an outcome if it must not be sent (done, or no key)."""
    try:
        key = settings.key(item)
    except Exception as error:  # a bad input is that input's outcome, never the batch's
        return "", Outcome(item, "", error=error)
    checkpoint = settings.checkpoint
    if checkpoint is not None:
        if checkpoint.is_done(key):
            return key, Outcome(item, key, skipped=True)
        detail = settings.detail(item, key) if settings.detail is not None else None
        checkpoint.mark(key, PENDING, detail)
    return key, None


def _settle(outcome: Outcome[I, R], settings: Settings) -> Outcome[I, R]:
    # An outcome the service may or may not have reached stays pending: a rerun reconciles
    # it (for IndexFaces, by its ExternalImageId) instead of skipping or repeating it.
    unknown = isinstance(outcome.error, OutcomeUnknownError)
    if settings.checkpoint is not None and outcome.key and not outcome.skipped and not unknown:
        settings.checkpoint.mark(outcome.key, OK if outcome.error is None else FAILED)
    settings.summary.add(outcome)
    if outcome.error is not None:
        logger.debug("%s failed: %s", outcome.key, outcome.error)
    if settings.progress is not None:
        settings.progress.update(settings.summary.failed, settings.rate())
    return outcome


def _finish(settings: Settings) -> None:
    settings.summary.finished = time.monotonic()
    if settings.on_finish is not None:
        settings.on_finish(settings.summary)
    if settings.progress is not None:
        settings.progress.close()
    logger.info("%s", settings.summary)


class OnceRun(Generic[S]):
    """What a bulk run of either flavour holds: how to start it (once), its summary and its
    limiter; ``BulkRun`` iterates it with threads, ``AsyncBulkRun`` with tasks."""

    def __init__(
        self, start: Callable[[], S], summary: Summary, limiter: RateLimiter | None
    ) -> None:
        self._start: Callable[[], S] | None = start
        #: The counts so far, final once iteration has ended.
        self.summary = summary
        #: The rate limiter the run's calls go through, if any (for an async ``rk.bulk`` run,
        #: set once iteration starts: the quota's shared limiter, which the open client names).
        self.limiter = limiter

    def _begin(self) -> S:
        if self._start is None:
            raise RuntimeError(f"a bulk run ({type(self).__name__}) can be iterated once")
        start, self._start = self._start, None
        return start()


def run_threads(
    items: Iterable[I], call: Callable[[I], R], settings: Settings
) -> Iterator[Outcome[I, R]]:
    """Run ``call`` over ``items`` in a thread pool; yield outcomes as they complete."""

    def one(item: I, key: str) -> Outcome[I, R]:
        try:
            return Outcome(item, key, result=call(item))
        except Exception as error:
            return Outcome(item, key, error=error)

    pending: set[Future[Outcome[I, R]]] = set()
    pool = ThreadPoolExecutor(settings.concurrency, thread_name_prefix="rekog-bulk")
    try:
        for item in items:
            key, early = _admit(item, settings)
            if early is not None:
                yield _settle(early, settings)
                continue
            # Hold at most 2 x concurrency inputs: the iterable is pulled as slots free up.
            while len(pending) >= 2 * settings.concurrency:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield _settle(future.result(), settings)
            pending.add(pool.submit(one, item, key))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield _settle(future.result(), settings)
    finally:
        # Stopped early (break, error, close): unstarted inputs are dropped, running ones end.
        pool.shutdown(wait=True, cancel_futures=True)
        _finish(settings)


async def run_async(
    items: Iterable[I] | AsyncIterable[I],
    call: Callable[[I], Awaitable[R]],
    settings: Settings,
) -> AsyncIterator[Outcome[I, R]]:
    """Run the coroutine function ``call`` over ``items`` as tasks; yield outcomes as they complete."""

    async def one(item: I, key: str) -> Outcome[I, R]:
        try:
            return Outcome(item, key, result=await call(item))
        except Exception as error:
            return Outcome(item, key, error=error)

    async def source() -> AsyncIterator[I]:
        if isinstance(items, AsyncIterable):
            async for item in items:
                yield item
        else:
            for item in items:
                yield item

    pending: set[asyncio.Task[Outcome[I, R]]] = set()
    try:
        async for item in source():
            key, early = _admit(item, settings)
            if early is not None:
                yield _settle(early, settings)
                continue
            while len(pending) >= settings.concurrency:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    yield _settle(task.result(), settings)
            pending.add(asyncio.ensure_future(one(item, key)))
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                yield _settle(task.result(), settings)
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        _finish(settings)
