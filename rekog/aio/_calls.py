"""How a client sends: the retry loop around each attempt, recovery, pagers and job handles.

The async client's calls (``rekog/aio/_calls.py``, mixed into
:class:`rekog.AsyncRekognition`) are the one source: ``tools/unasync.py`` writes the sync
flavour (``rekog/_generated/sync/_calls.py``, mixed into :class:`rekog.Rekognition`). Every
I/O-free step (validation, idempotency rules, error classes, typed parsing) is in
``rekog._requests`` and ``rekog.idempotency``; a client supplies only ``_open_client`` (the
botocore client to send with), ``_sqs_client`` and its retry policy.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError as BotocoreError

from .._generated.operations import OPERATIONS
from .._requests import (
    attempt_failure,
    build_request,
    check_known,
    recovered_response,
    split_page_size,
    typed_response,
)
from ..errors import OutcomeUnknownError, RekognitionError
from ..idempotency import CallJudge, EarlierAttemptSucceeded, RetryRule
from ..retry import RetryPolicy
from ._retry import call_with_retry_async

if TYPE_CHECKING:
    # Pagers and job handles load on first use: a plain call does not import them.
    from ..jobs.polling import PollPolicy
    from .jobs import AsyncVideoJob
    from .paging import AsyncPager

__all__ = ["AsyncCalls"]

logger: logging.Logger = logging.getLogger("rekog")


class AsyncCalls:
    """The sending half of a client (see the module docstring)."""

    _policy: RetryPolicy
    _known_operations: frozenset[str] | None
    _client: Any  # the botocore client once created (``None`` until then)

    async def _open_client(self) -> Any:
        """The botocore client to send with (created on first use)."""
        raise NotImplementedError

    def _sqs_client(self, queue_region: str | None) -> Any:
        """An SQS client for job notifications, in the queue's region."""
        raise NotImplementedError

    def _request(self, operation: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Validated wire parameters for ``operation`` (raises before anything is sent)."""
        return build_request(operation, arguments)

    async def _send(self, operation: str, wire: dict[str, Any]) -> Any:
        """Call ``operation`` with validated wire parameters under the retry policy.

        A failed attempt that may have taken effect is judged by the operation's
        :func:`~rekog.idempotency.retry_rule`: retried, recovered ("already exists" on the
        retry of a create is its success) or surfaced as :class:`OutcomeUnknownError`.
        """
        client = self._client
        if client is None:
            client = await self._open_client()
        known = self._known_operations
        if known is None:
            known = self._known_operations = frozenset(client.meta.service_model.operation_names)
        if operation not in known:
            check_known(known, operation)  # raises: the client's botocore predates it
        method = getattr(client, OPERATIONS[operation].method)
        start = self._policy.clock()
        try:
            # The first attempt, bare: most calls end here, and the retry loop and the judge
            # of failed attempts are only set up once one fails.
            response = await method(**wire)
        except Exception as error:
            first_error = error
        else:
            return typed_response(operation, response)
        # Outside the except block: what the retry loop raises is not chained to this error.
        return await self._send_again(operation, wire, method, client, first_error, start)

    async def _send_again(
        self,
        operation: str,
        wire: dict[str, Any],
        method: Any,
        client: Any,
        first_error: Exception,
        start: float,
    ) -> Any:
        """The rest of :meth:`_send` after its first attempt failed with ``first_error``: the
        retry loop (from the first attempt's ``start``), its judge and recovery."""
        judge = CallJudge(operation, client.meta.endpoint_url)

        async def attempt(number: int) -> Any:
            judge.attempts = number
            if number == 1:
                failure = attempt_failure(first_error, operation, number)
            else:
                logger.debug("%s attempt %d", operation, number)
                try:
                    return await method(**wire)
                except Exception as error:
                    failure = attempt_failure(error, operation, number)
            judge.raise_failure(failure)

        try:
            response = await call_with_retry_async(attempt, self._policy, operation, start=start)
        except EarlierAttemptSucceeded as success:
            return await self._recover(judge.rule, wire, success.error)
        except (RekognitionError, BotocoreError) as error:
            judge.raise_given_up(error)
        return typed_response(operation, response, judge.attempts)

    async def _recover(self, rule: RetryRule, wire: dict[str, Any], proof: BaseException) -> Any:
        """The response of a call whose earlier attempt succeeded unseen (rare path)."""
        recovery = rule.recovery
        assert recovery is not None
        logger.info(
            "%s: an earlier attempt took effect (the retry got %s); rebuilding its response",
            rule.operation,
            getattr(proof, "code", type(proof).__name__),
        )
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
        """A pager over ``operation``; arguments are validated now, before any request."""
        from ..paging import PAGED_OPERATIONS
        from .paging import AsyncPager

        paged = PAGED_OPERATIONS[operation]
        wire = self._request(operation, arguments)
        page_size = split_page_size(operation, wire)

        async def fetch(extra: dict[str, Any]) -> Any:
            # Each page is one logical call: retried under the client's policy.
            return await self._send(operation, {**wire, **extra})

        return AsyncPager(fetch, **paged.pager_arguments(page_size, starting_token, max_items))

    def _video_job(
        self, kind_name: str, job_id: str, poll: PollPolicy | None = None
    ) -> AsyncVideoJob[Any, Any]:
        """A handle on an existing video job of kind ``kind_name``."""
        from ..jobs.polling import PollPolicy
        from ..jobs.video import JOB_KINDS, job_results_pager
        from .jobs import AsyncVideoJob

        kind = JOB_KINDS[kind_name]
        wire = self._request(kind.get_operation, {"job_id": job_id})

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
