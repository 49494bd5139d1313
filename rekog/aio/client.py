"""``AsyncRekognition``: the typed client for asyncio code, over aiobotocore.

The typed ``async`` methods are generated (``_generated/aio_client_ops.py``) from the same
operation table and builders as the sync client's; each funnels into
:meth:`AsyncRekognition._invoke`, which shares every I/O-free step with
:class:`rekog.Rekognition` (``rekog._requests``): coercion, idempotency tokens, validation,
error classes and typed parsing from the raw response bytes. What is async here: reading an
image file (a worker thread), sending (aiobotocore), and the retry layer's sleep.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any, ClassVar

from aiobotocore.client import AioBaseClient
from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession, get_session
from botocore.config import Config
from botocore.exceptions import BotoCoreError as BotocoreError
from botocore.exceptions import NoRegionError

from .._client_options import one_of, warn_if_retries_dropped
from .._exceptions import (
    ConfigurationError,
    InvalidRequestError,
    OutcomeUnknownError,
    RekognitionError,
)
from .._generated.aio_client_ops import AsyncOperationMethods
from .._generated.aio_namespaces import AsyncJobs, AsyncPaginators
from .._generated.errors import ServiceExceptions
from .._generated.operations import OPERATIONS
from .._requests import (
    NO_REGION_HINT,
    OWNED_CLIENT_OPTIONS,
    attempt_failure,
    build_request,
    check_known,
    image_reads,
    prepare_owned_client,
    recovered_response,
    single_layer_policy,
    split_page_size,
    typed_response,
)
from ..idempotency import CallJudge, EarlierAttemptSucceeded, RetryRule
from ..inputs import coerce_image
from ..jobs.polling import PollPolicy
from ..jobs.video import JOB_KINDS, job_results_pager
from ..paging import PAGED_OPERATIONS
from ..retry import RetryPolicy
from ._retry import call_with_retry_async
from .jobs import AsyncVideoJob
from .paging import AsyncPager

if TYPE_CHECKING:
    from contextlib import AbstractAsyncContextManager

    from ..bulk import AsyncBulk

__all__ = ["AsyncRekognition"]

logger: logging.Logger = logging.getLogger("rekog")


class AsyncRekognition(AsyncOperationMethods):
    """A typed Amazon Rekognition client for asyncio, over aiobotocore.

    The same API as :class:`rekog.Rekognition` with ``await``: one ``async`` method per
    operation, ``rk.paginate`` (``async for``) and ``rk.jobs``. Use it as an async context
    manager, which opens and closes its connections::

        async with AsyncRekognition(region="eu-west-1") as rk:
            result = await rk.detect_text(image="sign.jpg")

    Without ``async with``, the first call opens the client; ``await rk.close()`` closes it.

    Args:
        session: an ``aiobotocore.session.AioSession`` (default: a new one, which reads the
            usual AWS environment and config files).
        region: the AWS region (default: the session's).
        endpoint_url: another endpoint, e.g. ``rekog local serve``'s ``http://127.0.0.1:4566``.
        retry: the :class:`~rekog.RetryPolicy` (default ``RetryPolicy()``); sleeps with
            ``asyncio.sleep``.
        client: an existing aiobotocore Rekognition client (already entered) to use instead
            of creating one; you keep closing it. If its botocore retries are on, rekog does
            not retry on top of them (one layer only).
        config: a ``botocore.config.Config`` / ``AioConfig`` merged into the client rekog
            creates (its retry settings are overridden: rekog's own layer is the only one).
        fast_parse: build responses straight from the raw JSON bytes (clients rekog creates).
        region_name: boto3's name for ``region``.
        profile_name: a profile of the AWS config files (instead of ``session``).

    A ``config`` whose retry settings would make botocore retry gets a ``UserWarning`` naming
    ``retry=RetryPolicy(...)``, the setting rekog honours.

    One object serves any number of concurrent calls from one event loop; it is bound to
    the loop that opened it.
    """

    def __init__(
        self,
        *,
        session: AioSession | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        retry: RetryPolicy | None = None,
        client: AioBaseClient | None = None,
        config: Config | None = None,
        fast_parse: bool = True,
        region_name: str | None = None,
        profile_name: str | None = None,
    ) -> None:
        if profile_name is not None:
            if session is not None:
                raise InvalidRequestError(
                    "profile_name", "give session= or profile_name=, not both", profile_name
                )
            session = AioSession(profile=profile_name)
        if config is not None and client is None:
            warn_if_retries_dropped(config)
        self._session = session
        self._region = one_of("region", region, "region_name", region_name)
        self._endpoint_url = endpoint_url
        self._config = config
        self._fast_parse = fast_parse
        self._client: AioBaseClient | None = client
        self._owns_client = client is None
        self._exit_stack: AsyncExitStack | None = None
        self._opening: asyncio.Lock | None = None
        self._policy = retry if retry is not None else RetryPolicy()
        self._known_operations: frozenset[str] | None = None
        if client is not None:
            self._policy = single_layer_policy(client, retry)
        #: Async pagers for every ``NextToken`` operation: ``rk.paginate.list_faces(...)``.
        self.paginate: AsyncPaginators = AsyncPaginators(self)
        #: Video job handles: ``await rk.jobs.start_face_search(...)``, ``rk.jobs.face_search(id)``.
        self.jobs: AsyncJobs = AsyncJobs(self)

    #: The service's error classes by code, as on a boto3 client:
    #: ``except rk.exceptions.ResourceNotFoundException``.
    exceptions: ClassVar[type[ServiceExceptions]] = ServiceExceptions

    # ------------------------------------------------------------------ client

    @property
    def client(self) -> AioBaseClient:
        """The underlying aiobotocore client (once opened: ``async with`` or a first call)."""
        if self._client is None:
            raise RuntimeError("the client is not open yet: use `async with AsyncRekognition()`")
        return self._client

    @property
    def bulk(self) -> AsyncBulk:
        """Bulk runs of image operations at the quota, in this event loop:
        ``async for outcome in rk.bulk.index_faces(paths, collection_id=...)``.

        The rate limiter gates every attempt on this client's aiobotocore client (opened on
        first use), so throttles its retries absorb still slow the run down.
        """
        from ..bulk import AsyncBulk  # on use: bulk pulls in threads, SQLite and the limiter

        return AsyncBulk(self, attach_to=self._ensure_client)

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy in force (``RetryPolicy.none()`` over a retrying user client)."""
        return self._policy

    async def open(self) -> AsyncRekognition:
        """Create the aiobotocore client (``async with`` does this); idempotent."""
        await self._ensure_client()
        return self

    async def _ensure_client(self) -> AioBaseClient:
        if self._client is not None:
            return self._client
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            if self._client is None:
                stack = AsyncExitStack()
                try:
                    self._client = await stack.enter_async_context(self._client_context())
                except NoRegionError:
                    raise ConfigurationError(NO_REGION_HINT) from None
                self._exit_stack = stack
                prepare_owned_client(self._client, self._fast_parse)
        return self._client

    def _client_context(self) -> AbstractAsyncContextManager[AioBaseClient]:
        session = self._session or get_session()
        ours = AioConfig(**OWNED_CLIENT_OPTIONS)
        config = ours
        if self._config is not None:
            # The caller's options (a plain botocore Config is fine), then ours on top.
            config = ours.merge(self._config).merge(ours)  # type: ignore[arg-type]
        return session.create_client(
            "rekognition",
            region_name=self._region,
            endpoint_url=self._endpoint_url,
            config=config,
        )

    async def close(self) -> None:
        """Close the aiobotocore client's connections if rekog created it."""
        stack, self._exit_stack = self._exit_stack, None
        if stack is not None:
            await stack.aclose()
            self._client = None

    async def __aenter__(self) -> AsyncRekognition:
        return await self.open()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        region = self._client.meta.region_name if self._client is not None else self._region
        return f"AsyncRekognition(region={region!r}, endpoint_url={self._endpoint_url!r})"

    # ------------------------------------------------------------------ calls

    async def _invoke(self, operation: str, arguments: dict[str, Any]) -> Any:
        reads = image_reads(operation, arguments)
        if reads:
            # A file can be large: read (and check) it in a worker thread, not on the loop.
            arguments = dict(arguments)
            for name in reads:
                arguments[name] = await asyncio.to_thread(
                    coerce_image, arguments[name], name, operation=operation
                )
        return await self._send(operation, build_request(operation, arguments))

    async def _send(self, operation: str, wire: dict[str, Any]) -> Any:
        """Call ``operation`` with validated wire parameters under the retry policy."""
        spec = OPERATIONS[operation]
        client = await self._ensure_client()
        if self._known_operations is None:
            self._known_operations = frozenset(client.meta.service_model.operation_names)
        check_known(self._known_operations, operation)
        method = getattr(client, spec.method)

        judge = CallJudge(operation, client.meta.endpoint_url)

        async def attempt(number: int) -> Any:
            if number > 1:
                logger.debug("%s attempt %d", operation, number)
            judge.attempts = number
            try:
                return await method(**wire)
            except Exception as error:
                failure = attempt_failure(error, operation, number)
            judge.raise_failure(failure)

        try:
            response = await call_with_retry_async(attempt, self._policy, operation)
        except EarlierAttemptSucceeded as success:
            return await self._recover(judge.rule, wire, success.error)
        except (RekognitionError, BotocoreError) as error:
            judge.raise_given_up(error)
        return typed_response(operation, response, judge.attempts)

    async def _recover(self, rule: RetryRule, wire: dict[str, Any], proof: BaseException) -> Any:
        """The response of a call whose earlier attempt succeeded unseen (as the sync
        client's ``_recover``, with the describe call awaited)."""
        recovery = rule.recovery
        assert recovery is not None
        found = None
        if recovery.describe is not None:
            try:
                found = await self._send(recovery.describe, recovery.request(wire))
            except RekognitionError as error:
                raise OutcomeUnknownError(rule.operation, rule.how_to_check, error) from error
        return recovered_response(rule, wire, found, proof)

    def _pager(
        self,
        operation: str,
        arguments: dict[str, Any],
        *,
        starting_token: str | None = None,
        max_items: int | None = None,
    ) -> AsyncPager[Any, Any]:
        """An async pager over ``operation``; arguments are validated now, before any request."""
        paged = PAGED_OPERATIONS[operation]
        wire = build_request(operation, arguments)
        page_size = split_page_size(operation, wire)

        async def fetch(extra: dict[str, Any]) -> Any:
            # Each page is one logical call: retried under the client's policy.
            return await self._send(operation, {**wire, **extra})

        return AsyncPager(
            fetch,
            items=paged.items,
            operation=operation,
            token_field=paged.token_field,
            page_size_field=paged.page_size_field,
            page_size=page_size,
            starting_token=starting_token,
            max_items=max_items,
            page_size_min=paged.page_size_min,
            token_max_length=paged.token_max_length,
        )

    def _video_job(
        self, kind_name: str, job_id: str, poll: PollPolicy | None = None
    ) -> AsyncVideoJob[Any, Any]:
        """A handle on an existing video job of kind ``kind_name``."""
        kind = JOB_KINDS[kind_name]
        wire = build_request(kind.get_operation, {"job_id": job_id})

        async def get(extra: dict[str, Any]) -> Any:
            return await self._send(kind.get_operation, {**wire, **extra})

        return AsyncVideoJob(
            job_id,
            kind=kind,
            get=get,
            pager=job_results_pager(self._pager, kind.get_operation, job_id),
            sqs_client_factory=self._sqs_client,
            poll=poll or PollPolicy(),
        )

    def _sqs_client(self, queue_region: str | None) -> AbstractAsyncContextManager[Any]:
        """An SQS client from the same session, in the queue's region, for job notifications."""
        session = self._session or get_session()
        region = queue_region or (
            self._client.meta.region_name if self._client is not None else self._region
        )
        return session.create_client("sqs", region_name=region)
