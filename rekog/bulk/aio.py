"""The asyncio variant: the same engine, limiter and checkpoint, with tasks for threads.

:func:`run_async_calls` runs any coroutine function over the inputs. Its limiter can sit at
one of two places:

* per attempt, on an aiobotocore client's events (:func:`~rekog.bulk.attach_async`): the
  client's own retries each await a slot and report throttling -- the right place when the
  call retries internally (``rekog.AsyncRekognition``);
* per call (:func:`gated`): for a callable that makes one attempt per call, the limiter
  awaits a slot before it and reads a throttling error (a ``ServiceError`` with a throttling
  code) raised by it.

:class:`AsyncBulk` is ``rk.bulk`` for an asyncio client whose methods have the same names
and arguments as :class:`~rekog.Rekognition`'s, returning coroutines.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from .._generated.bulk_ops import AsyncBulkOperationMethods
from ..aio._retry import call_with_retry_async
from ..errors import InvalidRequestError, OutcomeUnknownError, ServiceError, from_client_error
from ..retry import THROTTLING_CODES, RetryPolicy
from .checkpoint import Checkpoint
from .core import I, OnceRun, Outcome, R, Settings, Summary, run_async
from .keys import input_key
from .limiter import LimiterConfig, RateLimiter
from .progress import Progress

if TYPE_CHECKING:
    from .sync import BulkPlan

__all__ = ["AsyncBulk", "AsyncBulkRun", "gated", "retrying", "run_async_calls"]


def gated(call: Callable[[I], Awaitable[R]], limiter: RateLimiter) -> Callable[[I], Awaitable[R]]:
    """``call`` with each invocation awaiting a slot of ``limiter`` and reporting back."""

    async def limited(item: I) -> R:
        sent_at = await limiter.acquire_async()
        try:
            result = await call(item)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code in THROTTLING_CODES:
                limiter.on_throttle(sent_at, str(code))
            raise
        limiter.on_success(sent_at)
        return result

    return limited


def retrying(
    call: Callable[[I], Awaitable[R]], policy: RetryPolicy, operation: str = ""
) -> Callable[[I], Awaitable[R]]:
    """``call`` (one attempt per call) retried under a client's :class:`~rekog.RetryPolicy`.

    For callables that do not retry themselves -- e.g. an aiobotocore client with its retries
    off and the limiter on its events. This is the clients' own retry layer (the same loop,
    rules, backoff, deadline, log lines and the policy's ``sleep``), not a copy of it. A
    botocore ``ClientError`` becomes rekog's typed error. Never wrap a callable that already
    retries (``rekog.AsyncRekognition``).
    """

    async def attempt_all(item: I) -> R:
        async def attempt(number: int) -> R:
            try:
                return await call(item)
            except ClientError as raw:
                if isinstance(raw, ServiceError):
                    raise
                raise from_client_error(raw, operation, attempts=number) from raw

        return await call_with_retry_async(attempt, policy, operation)

    return attempt_all


class AsyncBulkRun(OnceRun[AsyncIterator[Outcome[I, R]]]):
    """An asyncio bulk run: ``async for outcome in run``, then ``run.summary``."""

    def __aiter__(self) -> AsyncIterator[Outcome[I, R]]:
        return self._begin()

    async def run(self) -> Summary:
        """Consume every outcome (keeping none) and return the summary."""
        async for _outcome in self:
            pass
        return self.summary


def run_async_calls(
    inputs: Iterable[I] | AsyncIterable[I],
    call: Callable[[I], Awaitable[R]],
    *,
    operation: str = "",
    limiter: RateLimiter | LimiterConfig | None = None,
    concurrency: int = 8,
    checkpoint: Checkpoint | None = None,
    progress: bool | None = False,
    key: Callable[[Any], str] = input_key,
) -> AsyncBulkRun[I, R]:
    """Run the coroutine function ``call`` over ``inputs``: one :class:`Outcome` per input.

    Args:
        inputs: an iterable or async iterable, read lazily.
        call: ``async def call(input) -> result``.
        operation: a name for logs and the summary.
        limiter: a limiter (or its config) put in front of every call with :func:`gated`;
            ``None`` when the limiter already sits on the client's events.
        concurrency: calls in flight at once.
        checkpoint: skip inputs it records as done; record outcomes in it.
        progress: a progress bar on stderr (``None``: when stderr is a terminal).
        key: the checkpoint key of an input.
    """
    if isinstance(limiter, LimiterConfig):
        limiter = RateLimiter(limiter, name=operation)
    summary = Summary(operation=operation)
    limited = gated(call, limiter) if limiter is not None else call
    current = limiter

    def on_finish(summary: Summary) -> None:
        if current is not None:
            summary.throttles = current.throttles
            summary.final_rate = current.rate

    total = len(inputs) if isinstance(inputs, (list, tuple)) else None
    settings = Settings(
        key=key,
        concurrency=concurrency,
        checkpoint=checkpoint,
        progress=Progress(progress, total, operation),
        summary=summary,
        rate=(lambda: current.rate) if current is not None else (lambda: None),
        on_finish=on_finish,
    )

    def start() -> AsyncIterator[Outcome[I, R]]:
        return run_async(inputs, limited, settings)

    return AsyncBulkRun(start, summary, limiter)


class AsyncBulk(AsyncBulkOperationMethods):
    """``rk.bulk`` for an asyncio client: the same operations, ``async for`` the outcomes.

    ``client`` has :class:`~rekog.Rekognition`'s method names and arguments, returning
    coroutines (``rekog.AsyncRekognition``). Options are those of :class:`~rekog.bulk.Bulk`
    but ``dask_client``; ``concurrency`` counts tasks. Where the limiter sits:

    * ``attach_to=`` an aiobotocore client with its retries off (the one ``client`` calls
      through), or an ``async def`` returning it (a client created on first use): per
      attempt, on its events -- the client's own retries each await a slot;
    * otherwise per logical call (:func:`gated`): a throttle the client's retries absorbed
      is not seen, only one that ends the call.

    The operation methods are :class:`~rekog.bulk.Bulk`'s, generated from the same table
    (``tools/writers_bulk.py``), each returning an ``AsyncBulkRun`` of the same response type.
    """

    def __init__(self, client: Any, *, attach_to: Any = None) -> None:
        self._client = client
        self._attach_to = attach_to

    def _run(
        self, method: str, inputs: Iterable[Any] | AsyncIterable[Any], options: dict[str, Any]
    ) -> AsyncBulkRun[Any, Any]:
        from .gate import attach_async, shared_limiter
        from .sync import BulkPlan

        plan = BulkPlan.create(self._client, method, options)
        if plan.dask_client is not None:
            raise InvalidRequestError("dask_client", "Dask runs from the thread variant (rk.bulk)")
        client, attach_to = self._client, self._attach_to

        async def call(item: Any) -> Any:
            arguments = plan.call_arguments(item, plan.key(item))
            send = getattr(client, method)
            if plan.settles_unknowns(arguments):
                return await _index_settling_unknowns(client, send, arguments)
            return await send(**arguments)

        summary = Summary(operation=plan.operation)
        run: AsyncBulkRun[Any, Any]
        before = 0

        def on_finish(summary: Summary) -> None:
            if run.limiter is not None:
                summary.throttles = run.limiter.throttles - before
                summary.final_rate = run.limiter.rate

        async def start() -> AsyncIterator[Outcome[Any, Any]]:
            nonlocal before
            events_client = attach_to
            if events_client is not None and not hasattr(events_client, "meta"):
                events_client = await events_client()
            # The quota's one limiter, shared with every run (sync or async) on the same
            # account, region and endpoint: known once the client is open.
            scope = await _quota_key(client, events_client)
            limiter = run.limiter = shared_limiter(plan.operation, plan.limiter_config, scope=scope)
            before = limiter.throttles
            checkpoint = await _open_checkpoint(plan, client)
            total = len(inputs) if isinstance(inputs, (list, tuple)) else None
            settings = plan.settings(summary, checkpoint, total, lambda: limiter.rate, on_finish)
            try:
                if attach_to is None:
                    async for outcome in run_async(inputs, gated(call, limiter), settings):
                        yield outcome
                else:
                    with attach_async(events_client, plan.operation, limiter):
                        async for outcome in run_async(inputs, call, settings):
                            yield outcome
            finally:
                if checkpoint is not None and checkpoint is not plan.checkpoint_path:
                    checkpoint.close()

        run = AsyncBulkRun(start, summary, None)
        return run


async def _quota_key(client: Any, events_client: Any) -> tuple[str, ...]:
    """The quota key of an async run: from the aiobotocore client when there is one."""
    from .quota import access_key_id_async, quota_key

    botocore_client = events_client
    if botocore_client is None:  # per-call gating: the client's own, if it is open
        botocore_client = getattr(client, "_client", None)
    if botocore_client is not None and hasattr(botocore_client, "meta"):
        meta = botocore_client.meta
        account = await access_key_id_async(botocore_client)
        return quota_key(account, meta.region_name, meta.endpoint_url)
    region = getattr(client, "_region", None)
    return quota_key("", region, getattr(client, "_endpoint_url", None))


async def _index_settling_unknowns(
    client: Any, send: Callable[..., Awaitable[Any]], arguments: dict[str, Any]
) -> Any:
    """:meth:`BulkPlan.index_settling_unknowns <rekog.bulk.BulkPlan.index_settling_unknowns>`
    with the calls awaited: an uncertain ``IndexFaces`` is settled by the input's
    ``ExternalImageId`` (its faces already indexed are the result), else indexed again."""
    from .sync import UNKNOWN_OUTCOME_ROUNDS, UnknownOutcome

    settler = UnknownOutcome(arguments)
    for _ in range(UNKNOWN_OUTCOME_ROUNDS):
        try:
            return await send(**arguments)
        except OutcomeUnknownError as error:
            settler.failure = error
        faces = client.paginate.list_faces(collection_id=settler.collection_id)
        if hasattr(faces, "__aiter__"):  # keep only the input's own faces, not the collection
            faces = [face async for face in faces if face.external_image_id == settler.name]
        settled = settler.settle(faces)
        if settled is not None:
            return settled
    raise settler.raised()


async def _open_checkpoint(plan: BulkPlan, client: Any) -> Checkpoint | None:
    """:meth:`BulkPlan.open_checkpoint <rekog.bulk.BulkPlan.open_checkpoint>` with the
    collection's faces listed through the async client's pager."""
    checkpoint = plan.checkpoint_file()
    resume = None if checkpoint is None else plan.reconciliation(checkpoint)
    if resume is not None:
        if resume.needs_faces:
            faces = client.paginate.list_faces(collection_id=plan.arguments["collection_id"])
            if hasattr(faces, "__aiter__"):
                async for face in faces:
                    resume.see(face.external_image_id)
            else:  # a client whose pagers are sync
                for face in faces:
                    resume.see(face.external_image_id)
        resume.finish()
    return checkpoint
