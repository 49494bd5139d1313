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
from typing import TYPE_CHECKING, Any

from aiobotocore.client import AioBaseClient
from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession, get_session
from botocore.config import Config
from botocore.exceptions import NoRegionError

from .._client_options import ClientSettings
from .._generated.aio_client_ops import AsyncOperationMethods
from .._generated.aio_namespaces import AsyncJobs, AsyncPaginators
from .._requests import (
    NO_REGION_HINT,
    OWNED_CLIENT_OPTIONS,
    build_request,
    image_reads,
    prepare_owned_client,
)
from ..errors import (
    ConfigurationError,
)
from ..inputs import coerce_image
from ..retry import RetryPolicy
from ._calls import AsyncCalls

if TYPE_CHECKING:
    from contextlib import AbstractAsyncContextManager

    from ..bulk import AsyncBulk

__all__ = ["AsyncRekognition"]

logger: logging.Logger = logging.getLogger("rekog")


class AsyncRekognition(ClientSettings, AsyncCalls, AsyncOperationMethods):
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
        self._keep_settings(
            session=session,
            region=region,
            endpoint_url=endpoint_url,
            retry=retry,
            client=client,
            config=config,
            fast_parse=fast_parse,
            region_name=region_name,
            profile_name=profile_name,
        )
        if profile_name is not None:
            session = AioSession(profile=profile_name)
        self._session: AioSession | None = session
        self._client: AioBaseClient | None = client
        self._exit_stack: AsyncExitStack | None = None
        self._opening: asyncio.Lock | None = None
        #: Async pagers for every ``NextToken`` operation: ``rk.paginate.list_faces(...)``.
        self.paginate: AsyncPaginators = AsyncPaginators(self)
        #: Handles on long-running work: ``await rk.jobs.start_face_search(...)``,
        #: ``rk.jobs.face_search(id)``, ``await rk.jobs.create_project_version(...)``,
        #: ``rk.jobs.dataset(arn)``.
        self.jobs: AsyncJobs = AsyncJobs(self)

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

    async def open(self) -> AsyncRekognition:
        """Create the aiobotocore client (``async with`` does this); idempotent."""
        await self._ensure_client()
        return self

    async def _open_client(self) -> AioBaseClient:
        return await self._ensure_client()

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
            config = ours.merge(self._config).merge(ours)
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

    def _sqs_client(self, queue_region: str | None) -> AbstractAsyncContextManager[Any]:
        """An SQS client from the same session, in the queue's region, for job notifications."""
        session = self._session or get_session()
        region = queue_region or (
            self._client.meta.region_name if self._client is not None else self._region
        )
        return session.create_client("sqs", region_name=region)

    def _s3_client(self) -> AbstractAsyncContextManager[Any]:
        """An S3 client from the same session and region, for reading long-running results."""
        session = self._session or get_session()
        region = self._client.meta.region_name if self._client is not None else self._region
        return session.create_client("s3", region_name=region)
