"""The ``Rekognition`` client: construction, one retry layer, validation and typed parsing.

The typed per-operation methods are generated (``_generated/client_ops.py``); each one funnels into
:meth:`Rekognition._invoke`, which does the same steps for every operation:

1. drop unset arguments, coerce image/video arguments, add a ``ClientRequestToken`` when the
   operation takes one (once per logical call, so every retry reuses it);
2. validate against the request model: a bad argument raises ``InvalidRequestError`` and
   nothing is sent;
3. call boto3 under the retry policy, mapping ``ClientError`` to rekog's error classes;
4. build the typed response (from the raw bytes on clients rekog created).
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import TYPE_CHECKING, Any

import botocore.session
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import NoRegionError

from ._client_options import ClientSettings
from ._generated.client_ops import OperationMethods
from ._generated.sync._calls import Calls
from ._requests import (
    GENERATED_WITH_BOTOCORE as GENERATED_WITH_BOTOCORE,
)
from ._requests import (
    NO_REGION_HINT,
    OWNED_CLIENT_OPTIONS,
    build_request,
    prepare_owned_client,
)
from .errors import (
    ConfigurationError,
)
from .retry import RetryPolicy

if TYPE_CHECKING:
    import boto3

    from . import jobs as _jobs
    from . import paging as _paging
    from ._generated import namespaces as _namespaces
    from .bulk import Bulk
    from .jobs import video as _video_jobs
else:
    from ._lazy import ImportOnUse

    # Only named in annotations, which still resolve at run time (typing.get_type_hints);
    # the import waits for first use.
    boto3 = ImportOnUse("boto3")
    _namespaces = ImportOnUse("rekog._generated.namespaces")
    # Pagers and job handles: not needed by a plain call.
    _jobs = ImportOnUse("rekog.jobs")
    _video_jobs = ImportOnUse("rekog.jobs.video")
    _paging = ImportOnUse("rekog.paging")

__all__ = ["Rekognition"]

logger: logging.Logger = logging.getLogger("rekog")


def _default_session(profile: str | None) -> botocore.session.Session:
    # What boto3.Session() wraps, built directly: a cold start (Lambda) spares boto3's
    # import (~100 ms, mostly s3transfer), and the Rekognition client is the same.
    return botocore.session.Session(profile=profile)


def _named_profile(session: boto3.session.Session | None) -> str | None:
    """The profile a pickled copy should use: only one that exists in the config files."""
    if session is None or session.profile_name not in session.available_profiles:
        return None
    return session.profile_name


def _has_explicit_keys(session: boto3.session.Session | None, client: BaseClient | None) -> bool:
    """Whether the client's credentials were given as keys (not a profile or the chain)."""
    credentials: Any = None
    if client is not None:
        credentials = getattr(getattr(client, "_request_signer", None), "_credentials", None)
    elif session is not None:
        # Set only by explicit keys (or once the chain resolved, with its own method name).
        credentials = getattr(getattr(session, "_session", None), "_credentials", None)
    return getattr(credentials, "method", None) == "explicit"


class Rekognition(ClientSettings, Calls, OperationMethods):
    """A typed Amazon Rekognition client.

    Args:
        session: a ``boto3.Session`` to create the client from (default: a new botocore
            session, the one ``boto3.Session()`` wraps: the same environment variables,
            config files and credential chain, without importing boto3).
        region: the AWS region (default: the session's).
        endpoint_url: another endpoint, e.g. ``rekog local serve``'s ``http://127.0.0.1:4566``.
        retry: the :class:`RetryPolicy` (default ``RetryPolicy()``).
        client: an existing boto3 Rekognition client to use instead of creating one. If its
            botocore retries are on, rekog does not retry on top of them (one layer only).
        config: a ``botocore.config.Config`` merged into the client rekog creates (its retry
            settings are overridden: rekog's own layer is the only one).
        fast_parse: build responses straight from the raw JSON bytes (clients rekog creates).
        region_name: boto3's name for ``region``.
        profile_name: a profile of the AWS config files, as ``boto3.Session(profile_name=...)``
            (instead of ``session``).

    A ``config`` whose retry settings would make botocore retry gets a ``UserWarning`` naming
    ``retry=RetryPolicy(...)``, the setting rekog honours.

    The object is thread-safe, and pickles without credentials: a copy re-creates its boto3
    client from the region, endpoint and profile in the new process. A client built from
    explicit access keys refuses to pickle (:class:`~rekog.ConfigurationError`) rather than
    switch accounts silently.

    Raises:
        ConfigurationError: no region could be found (on first use), or no credentials.
    """

    def __init__(
        self,
        *,
        session: boto3.session.Session | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        retry: RetryPolicy | None = None,
        client: BaseClient | None = None,
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
        self._session: boto3.session.Session | None = session
        self._profile = _named_profile(session) if profile_name is None else profile_name
        self._lock = threading.Lock()
        self._client: BaseClient | None = client

    # ------------------------------------------------------------------ namespaces
    # Built on first use: a client that only calls operations never loads them.

    @functools.cached_property
    def paginate(self) -> _namespaces.Paginators:
        """Pagers for every operation that takes ``NextToken``: ``rk.paginate.list_faces(...)``."""
        return _namespaces.Paginators(self)

    @functools.cached_property
    def jobs(self) -> _namespaces.Jobs:
        """Handles on long-running work: ``rk.jobs.start_face_search(...)``,
        ``rk.jobs.dataset(arn)``."""
        return _namespaces.Jobs(self)

    # ------------------------------------------------------------------ client

    @property
    def client(self) -> BaseClient:
        """The underlying boto3 client (created on first use)."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._create_client()
        return self._client

    @property
    def bulk(self) -> Bulk:
        """Bulk runs of image operations at the quota: ``rk.bulk.index_faces(paths, ...)``."""
        from .bulk import Bulk  # on use: bulk pulls in threads, SQLite and asyncio

        return Bulk(self)

    def _create_client(self) -> BaseClient:
        ours = Config(**OWNED_CLIENT_OPTIONS)
        config = self._config.merge(ours) if self._config is not None else ours
        try:
            client: BaseClient = self._service_client(
                "rekognition", self._region, endpoint_url=self._endpoint_url, config=config
            )
        except NoRegionError:
            raise ConfigurationError(NO_REGION_HINT) from None
        prepare_owned_client(client, self._fast_parse)
        return client

    def _s3_client(self) -> Any:
        """An S3 client from the same session and region, for long-running result files."""
        return self._service_client("s3", self.client.meta.region_name)

    def _service_client(self, service: str, region: str | None, **options: Any) -> Any:
        """A botocore client of ``service`` from this client's session (or a default one)."""
        if self._session is not None:
            session: Any = self._session  # boto3-stubs type client() per literal service name
            return session.client(service, region_name=region, **options)
        return _default_session(self._profile).create_client(service, region_name=region, **options)

    def close(self) -> None:
        """Close the boto3 client's connections if rekog created it."""
        if self._client is not None and self._owns_client:
            self._client.close()

    def __enter__(self) -> Rekognition:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ pickling

    def __getstate__(self) -> dict[str, Any]:
        # Settings only: no session, no client, no credentials -- and the identity kept: the
        # region as resolved here (a copy must not fall back to another machine's default),
        # the named profile, and a refusal for explicit keys (a copy could only carry the
        # secret or silently use someone else's credentials).
        if _has_explicit_keys(self._session, None if self._owns_client else self._client):
            raise ConfigurationError(
                "this Rekognition client was built from explicit access keys and cannot be "
                "pickled: the copy would have to carry the secret or silently use other "
                "credentials. Build it from a named profile (boto3.Session(profile_name=...)) "
                "or from environment/instance credentials instead"
            )
        region, endpoint = self._region, self._endpoint_url
        if self._client is not None:
            region = self._client.meta.region_name
            if not self._owns_client:
                endpoint = self._client.meta.endpoint_url
        elif region is None:
            if self._session is not None:
                region = self._session.region_name
            else:
                region = _default_session(self._profile).get_config_variable("region")
        return {
            "profile": self._profile,
            "region": region,
            "endpoint_url": endpoint,
            "retry": self._policy if self._owns_client else RetryPolicy(),
            "config": self._config,
            "fast_parse": self._fast_parse,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            region=state["region"],
            endpoint_url=state["endpoint_url"],
            retry=state["retry"],
            config=state["config"],
            fast_parse=state["fast_parse"],
        )
        self._profile = state["profile"]  # the session is made from it on first use

    # ------------------------------------------------------------------ calls

    def _invoke(self, operation: str, arguments: dict[str, Any]) -> Any:
        return self._send(operation, build_request(operation, arguments))

    def _open_client(self) -> BaseClient:
        return self.client

    def _sqs_client(self, queue_region: str | None) -> Any:
        """An SQS client from the same session, in the queue's region, for job notifications."""
        return self._service_client("sqs", queue_region or self.client.meta.region_name)
