"""The ``Rekognition`` client: construction, one retry layer, validation and typed parsing.

The typed per-operation methods are generated (``_client_ops.py``); each one funnels into
:meth:`Rekognition._invoke`, which does the same steps for every operation:

1. drop unset arguments, coerce image/video arguments, add a ``ClientRequestToken`` when the
   operation takes one (once per logical call, so every retry reuses it);
2. validate against the request model: a bad argument raises ``InvalidRequestError`` and
   nothing is sent;
3. call boto3 under the retry policy, mapping ``ClientError`` to rekog's error classes;
4. build the typed response (from the raw bytes on clients rekog created).
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import TYPE_CHECKING, Any

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from pydantic import ValidationError

from . import models
from ._client_ops import OperationMethods
from ._exceptions import InvalidRequestError, RekognitionError
from ._namespaces import Jobs, Paginators
from ._operations import OPERATIONS
from ._parsing import keep_raw_body, parse_response
from ._validation import invalid_request_from
from .errors import from_client_error
from .inputs import coerce_image, coerce_video
from .jobs import JOB_KINDS, PollPolicy, VideoJob
from .paging import PAGED_OPERATIONS, Pager
from .retry import RetryPolicy, call_with_retry

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from .bulk import Bulk

__all__ = ["Rekognition"]

logger = logging.getLogger("rekog")

# The botocore rekog's models were generated from; an older one may lack operations.
GENERATED_WITH_BOTOCORE = "1.43.117"

# Default retry budgets of botocore's retry modes, used to tell whether a client retries.
_BOTOCORE_DEFAULT_ATTEMPTS = {"legacy": 5, "standard": 3, "adaptive": 3}


def botocore_attempts(client: BaseClient) -> int:
    """How many attempts botocore itself makes per call on ``client``."""
    retries: dict[str, Any] = getattr(client.meta.config, "retries", None) or {}
    if "total_max_attempts" in retries:
        return int(retries["total_max_attempts"])
    if "max_attempts" in retries:
        return int(retries["max_attempts"]) + 1
    return _BOTOCORE_DEFAULT_ATTEMPTS.get(str(retries.get("mode", "legacy")), 5)


def _named_profile(session: boto3.session.Session | None) -> str | None:
    """The profile a pickled copy should use: only one that exists in the config files."""
    if session is None or session.profile_name not in session.available_profiles:
        return None
    return session.profile_name


class Rekognition(OperationMethods):
    """A typed Amazon Rekognition client.

    Args:
        session: a ``boto3.Session`` to create the client from (default: a new default
            session, which reads the usual AWS environment and config files).
        region: the AWS region (default: the session's).
        endpoint_url: another endpoint, e.g. ``rekog local serve``'s ``http://127.0.0.1:4566``.
        retry: the :class:`RetryPolicy` (default ``RetryPolicy()``).
        client: an existing boto3 Rekognition client to use instead of creating one. If its
            botocore retries are on, rekog does not retry on top of them (one layer only).
        config: a ``botocore.config.Config`` merged into the client rekog creates (its retry
            settings are overridden: rekog's own layer is the only one).
        fast_parse: build responses straight from the raw JSON bytes (clients rekog creates).

    The object is thread-safe, and pickles without credentials: a copy re-creates its boto3
    client from the region, endpoint and profile in the new process.
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
    ) -> None:
        self._session = session
        self._profile = _named_profile(session)
        self._region = region
        self._endpoint_url = endpoint_url
        self._config = config
        self._fast_parse = fast_parse
        self._lock = threading.Lock()
        self._client: BaseClient | None = client
        self._owns_client = client is None
        self._policy = retry if retry is not None else RetryPolicy()
        self._known_operations: frozenset[str] | None = None
        if client is not None:
            self._policy = self._single_layer_policy(client, retry)
        #: Pagers for every operation that takes ``NextToken``: ``rk.paginate.list_faces(...)``.
        self.paginate = Paginators(self)
        #: Video job handles: ``rk.jobs.start_face_search(...)``, ``rk.jobs.face_search(job_id)``.
        self.jobs = Jobs(self)

    def _single_layer_policy(self, client: BaseClient, retry: RetryPolicy | None) -> RetryPolicy:
        attempts = botocore_attempts(client)
        if attempts <= 1:
            logger.info("rekog retries calls on the client you passed (botocore retries are off)")
            return retry if retry is not None else RetryPolicy()
        logger.info(
            "the client you passed retries in botocore (%d attempts); rekog adds no retry "
            "layer of its own%s",
            attempts,
            " and ignores retry=" if retry is not None else "",
        )
        return RetryPolicy.none()

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

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy in force (``RetryPolicy.none()`` over a retrying user client)."""
        return self._policy

    def _create_client(self) -> BaseClient:
        session = self._session or boto3.session.Session(profile_name=self._profile)
        # One retry layer: botocore makes exactly one attempt, rekog's policy does the rest.
        ours = Config(retries={"total_max_attempts": 1, "mode": "standard"})
        config = self._config.merge(ours) if self._config is not None else ours
        client = session.client(
            "rekognition", region_name=self._region, endpoint_url=self._endpoint_url, config=config
        )
        if self._fast_parse:
            client.meta.events.register("before-parse.rekognition", keep_raw_body)
        return client

    def close(self) -> None:
        """Close the boto3 client's connections if rekog created it."""
        if self._client is not None and self._owns_client:
            self._client.close()

    def __enter__(self) -> Rekognition:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        region = self._client.meta.region_name if self._client is not None else self._region
        return f"Rekognition(region={region!r}, endpoint_url={self._endpoint_url!r})"

    # ------------------------------------------------------------------ pickling

    def __getstate__(self) -> dict[str, Any]:
        # Settings only: no session, no client, no credentials.
        region, endpoint = self._region, self._endpoint_url
        if self._client is not None:
            region = self._client.meta.region_name
            if not self._owns_client:
                endpoint = self._client.meta.endpoint_url
        return {
            "profile": self._profile,
            "region": region,
            "endpoint_url": endpoint,
            "retry": self._policy if self._owns_client else RetryPolicy(),
            "config": self._config,
            "fast_parse": self._fast_parse,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        session = boto3.session.Session(profile_name=state["profile"]) if state["profile"] else None
        self.__init__(  # type: ignore[misc]
            session=session,
            region=state["region"],
            endpoint_url=state["endpoint_url"],
            retry=state["retry"],
            config=state["config"],
            fast_parse=state["fast_parse"],
        )

    # ------------------------------------------------------------------ calls

    def _invoke(self, operation: str, arguments: dict[str, Any]) -> Any:
        return self._send(operation, self._request(operation, arguments))

    def _send(self, operation: str, wire: dict[str, Any]) -> Any:
        """Call ``operation`` with validated wire parameters under the retry policy."""
        spec = OPERATIONS[operation]
        client = self.client
        self._check_known(client, operation)
        method = getattr(client, spec.method)

        def attempt(number: int) -> Any:
            logger.debug("%s attempt %d", operation, number)
            try:
                return method(**wire)
            except ParamValidationError as error:
                # botocore validates before sending: still nothing was sent.
                raise InvalidRequestError(
                    "request", str(error).replace("\n", " "), operation=operation
                ) from None
            except ClientError as error:
                raise from_client_error(error, operation, attempts=number) from None

        response = call_with_retry(attempt, self._policy, operation)
        request_id = response.get("ResponseMetadata", {}).get("RequestId")
        logger.debug("%s succeeded (request id %s)", operation, request_id)
        return parse_response(getattr(models, spec.response), response)

    def _pager(
        self,
        operation: str,
        arguments: dict[str, Any],
        *,
        starting_token: str | None = None,
        max_items: int | None = None,
    ) -> Pager[Any, Any]:
        """A pager over ``operation``; arguments are validated now, before any request."""
        paged = PAGED_OPERATIONS[operation]
        wire = self._request(operation, arguments)
        page_size = wire.pop(paged.page_size_field, None) if paged.page_size_field else None

        def fetch(extra: dict[str, Any]) -> Any:
            # Each page is one logical call: retried under the client's policy.
            return self._send(operation, {**wire, **extra})

        return paged.pager(
            fetch, page_size=page_size, starting_token=starting_token, max_items=max_items
        )

    def _video_job(
        self, kind_name: str, job_id: str, poll: PollPolicy | None = None
    ) -> VideoJob[Any, Any]:
        """A handle on an existing video job of kind ``kind_name``."""
        kind = JOB_KINDS[kind_name]
        wire = self._request(kind.get_operation, {"job_id": job_id})

        def get(extra: dict[str, Any]) -> Any:
            return self._send(kind.get_operation, {**wire, **extra})

        def pager(
            page_size: int | None = None,
            starting_token: str | None = None,
            max_items: int | None = None,
            **arguments: Any,
        ) -> Pager[Any, Any]:
            if page_size is not None:
                arguments["max_results"] = page_size
            return self._pager(
                kind.get_operation,
                {"job_id": job_id, **arguments},
                starting_token=starting_token,
                max_items=max_items,
            )

        return VideoJob(
            job_id,
            kind=kind,
            get=get,
            pager=pager,
            sqs_client_factory=self._sqs_client,
            poll=poll or PollPolicy(),
        )

    def _sqs_client(self, queue_region: str | None) -> Any:
        """An SQS client from the same session, in the queue's region, for job notifications."""
        session = self._session or boto3.session.Session(profile_name=self._profile)
        return session.client("sqs", region_name=queue_region or self.client.meta.region_name)

    def _request(self, operation: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Validated wire parameters for ``operation`` (raises before anything is sent)."""
        spec = OPERATIONS[operation]
        values = {name: value for name, value in arguments.items() if value is not None}
        for name in spec.image_params:
            if name in values:
                values[name] = coerce_image(values[name], name, operation=operation)
        for name in spec.video_params:
            if name in values:
                values[name] = coerce_video(values[name], name, operation=operation)
        if spec.token_param is not None and spec.token_param not in values:
            # One token per logical call, created before the retry loop: a retried Start*
            # never starts a second job.
            values[spec.token_param] = str(uuid.uuid4())
        try:
            request = getattr(models, spec.request).model_validate(values)
        except ValidationError as error:
            raise invalid_request_from(error, operation=operation) from None
        wire: dict[str, Any] = request.to_wire()
        return wire

    def _check_known(self, client: BaseClient, operation: str) -> None:
        if self._known_operations is None:
            self._known_operations = frozenset(client.meta.service_model.operation_names)
        if operation not in self._known_operations:
            raise RekognitionError(
                f"{operation} is not known to the installed botocore {botocore.__version__}; "
                f"upgrade boto3/botocore (rekog was generated with botocore "
                f"{GENERATED_WITH_BOTOCORE})"
            )
