"""Which operations may be repeated after an attempt that may already have taken effect.

An attempt can fail in two ways:

- **before the service could act** (the connection was refused or timed out while
  connecting, throttling, any 4xx): a retry is safe for every operation;
- **after the request was sent** (the connection dropped or timed out while waiting for the
  answer, or a 5xx): the service may have done the work. Repeating a read is harmless;
  repeating ``IndexFaces`` indexes the face twice.

:data:`RETRY_RULES` says, for every operation, what rekog does in the second case -- the one
table ``docs/client.md`` shows (a test keeps the two in step). The decision functions here
are pure, so the sync and async clients share them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from botocore.exceptions import (
    ConnectionError as BotocoreConnectionError,
)
from botocore.exceptions import (
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ProxyConnectionError,
)

from .errors import (
    ConfigurationError,
    ConnectionFailedError,
    EndpointUnreachableError,
    InvalidRequestError,
    OutcomeUnknownError,
    ServiceError,
)

__all__ = [
    "RETRY_RULES",
    "Recovery",
    "RetryRule",
    "Safety",
    "may_have_taken_effect",
    "retry_rule",
    "retry_table_markdown",
]


class Safety(str, enum.Enum):
    """What a retry after an attempt that may have taken effect does."""

    READ = "read"
    """No side effect: retried."""
    TOKEN = "token"
    """Carries a ``ClientRequestToken`` (one per logical call): the service ignores a repeat."""
    IDEMPOTENT = "idempotent"
    """Repeating it leaves the same state: retried."""
    EXISTS_IS_SUCCESS = "exists-is-success"
    """A create: retried; "already exists" on the retry is the first attempt's success."""
    GONE_IS_SUCCESS = "gone-is-success"
    """A delete: retried; "not found" on the retry is the first attempt's success."""
    NOT_RETRIED = "not-retried"
    """Not repeated: :class:`~rekog.OutcomeUnknownError` says how to check."""


@dataclass(frozen=True)
class Recovery:
    """How to build the typed response of an operation whose first attempt succeeded unseen.

    Attributes:
        describe: the read operation that finds the resource (``None``: no call needed).
        request: the describe request's wire parameters, from the create's.
        response: the create's wire response, from the create's request and the describe's
            typed response (``None`` when there was no describe call).
    """

    describe: str | None
    request: Callable[[Mapping[str, Any]], dict[str, Any]] = field(default=lambda wire: {})
    response: Callable[[Mapping[str, Any], Any], dict[str, Any]] = field(
        default=lambda wire, found: {}
    )


@dataclass(frozen=True)
class RetryRule:
    """The retry rule of one operation.

    Attributes:
        operation: the operation name.
        safety: what a retry after a possibly processed attempt does.
        success_codes: error codes that, on a retry, mean the first attempt succeeded.
        recovery: how to build the response then.
        how_to_check: for :attr:`Safety.NOT_RETRIED` (and when retries run out), how to find
            out whether the call took effect.
    """

    operation: str
    safety: Safety
    success_codes: frozenset[str] = frozenset()
    recovery: Recovery | None = None
    how_to_check: str = ""

    @property
    def repeats_blindly_safe(self) -> bool:
        """Whether repeating the call is harmless whatever happened before."""
        return self.safety in (Safety.READ, Safety.TOKEN, Safety.IDEMPOTENT)


# Errors that prove the request never reached the service: nothing can have happened.
_NOT_SENT = (EndpointConnectionError, ConnectTimeoutError, ProxyConnectionError)
_THROTTLING = frozenset(
    {
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
    }
)


def may_have_taken_effect(error: BaseException) -> bool:
    """Whether the attempt that raised ``error`` may have been processed by the service.

    True for a connection dropped or timed out after sending, and for a 5xx other than
    throttling; false for a refused connection, a connect timeout, throttling and any 4xx.
    """
    if isinstance(error, ServiceError):
        if error.code in _THROTTLING:
            return False
        return error.status_code is None or error.status_code >= 500
    if isinstance(error, _NOT_SENT):
        return False
    return isinstance(error, (BotocoreConnectionError, HTTPClientError))


class EarlierAttemptSucceeded(Exception):
    """Internal: a retry's error proves an earlier attempt did the work (never escapes)."""

    def __init__(self, error: ServiceError) -> None:
        super().__init__(str(error))
        self.error = error


def judge_failure(
    rule: RetryRule, error: BaseException, earlier_unknown: BaseException | None
) -> BaseException:
    """What an attempt's ``error`` becomes, given the operation's rule.

    ``earlier_unknown`` is the error of an earlier attempt that may have taken effect (or
    ``None``). Returns the exception to raise from the attempt: ``error`` itself (the retry
    layer decides), :class:`EarlierAttemptSucceeded` (the caller builds the response with
    :attr:`RetryRule.recovery`), or :class:`~rekog.OutcomeUnknownError` (not retried).
    """
    if (
        earlier_unknown is not None
        and isinstance(error, ServiceError)
        and error.code in rule.success_codes
    ):
        return EarlierAttemptSucceeded(error)
    if rule.safety is Safety.NOT_RETRIED and may_have_taken_effect(error):
        return OutcomeUnknownError(rule.operation, rule.how_to_check, error)
    return error


def final_failure(
    rule: RetryRule,
    error: BaseException,
    earlier_unknown: BaseException | None,
    *,
    endpoint_url: str | None = None,
    attempts: int = 1,
) -> BaseException:
    """The error to raise when the call gives up (no attempt succeeded).

    - A create or delete whose earlier attempt may have taken effect, and which then failed
      otherwise, has an unknown outcome: :class:`~rekog.OutcomeUnknownError` says so rather
      than the last attempt's error.
    - A connection-level failure becomes :class:`~rekog.EndpointUnreachableError` (never
      connected) or :class:`~rekog.ConnectionFailedError`, naming the endpoint.
    - Anything else is returned unchanged.
    """
    if isinstance(error, (OutcomeUnknownError, InvalidRequestError, ConfigurationError)):
        return error
    if not rule.repeats_blindly_safe and (
        earlier_unknown is not None or may_have_taken_effect(error)
    ):
        return OutcomeUnknownError(rule.operation, rule.how_to_check, error)
    if isinstance(error, _NOT_SENT):
        return EndpointUnreachableError(rule.operation, endpoint_url, attempts, str(error))
    if isinstance(error, (BotocoreConnectionError, HTTPClientError)):
        return ConnectionFailedError(rule.operation, endpoint_url, attempts, str(error))
    return error


class CallJudge:
    """The retry rules applied to one logical call (the sync and async clients share it).

    Hand it each failed attempt's error (:meth:`raise_failure`, as a rekog ``ServiceError`` or
    a botocore transport error) and, when the call gives up, its last error
    (:meth:`raise_given_up`): it raises the verdict. It remembers whether an earlier attempt may have taken
    effect. Creating one costs a dict lookup: nothing else happens on the success path.
    """

    __slots__ = ("attempts", "endpoint_url", "rule", "unknown")

    def __init__(self, operation: str, endpoint_url: str | None = None) -> None:
        self.rule: RetryRule = RETRY_RULES.get(operation) or retry_rule(operation)
        self.endpoint_url: str | None = endpoint_url
        self.unknown: BaseException | None = None
        self.attempts: int = 0

    def raise_failure(self, error: BaseException) -> NoReturn:
        """Raise what the attempt that failed with ``error`` becomes: the error itself, or
        the judge's verdict on it (chained to it)."""
        judged = judge_failure(self.rule, error, self.unknown)
        if self.unknown is None and may_have_taken_effect(error):
            self.unknown = error
        if judged is error:
            raise error
        raise judged from error

    def raise_given_up(self, error: BaseException) -> NoReturn:
        """Raise what the call ends with when it gives up on ``error`` (see
        :func:`final_failure`): the error itself, or the final verdict chained to it."""
        final = final_failure(
            self.rule,
            error,
            self.unknown,
            endpoint_url=self.endpoint_url,
            attempts=self.attempts,
        )
        if final is error:
            raise error
        raise final from error


# -- the table ---------------------------------------------------------------------------

_EXISTS = frozenset({"ResourceAlreadyExistsException", "ResourceInUseException"})
_GONE = frozenset({"ResourceNotFoundException"})


def _project_name(arn: str) -> str:
    # arn:aws:rekognition:<region>:<account>:project/<name>/<timestamp>
    parts = arn.split(":", 5)[-1].split("/")
    return parts[1] if len(parts) > 1 else arn


def _dataset_arn(wire: Mapping[str, Any], found: Any) -> dict[str, Any]:
    for project in found.project_descriptions:
        for dataset in project.datasets:
            if str(dataset.dataset_type) == wire["DatasetType"]:
                return {"DatasetArn": dataset.dataset_arn}
    return {}


def _version_arn(found: Any) -> dict[str, Any]:
    versions = found.project_version_descriptions
    return {"ProjectVersionArn": versions[0].project_version_arn} if versions else {}


_RECOVERIES: dict[str, Recovery] = {
    "CreateCollection": Recovery(
        "DescribeCollection",
        lambda wire: {"CollectionId": wire["CollectionId"]},
        lambda wire, found: {
            "StatusCode": 200,
            "CollectionArn": found.collection_arn,
            "FaceModelVersion": found.face_model_version,
        },
    ),
    "CreateProject": Recovery(
        "DescribeProjects",
        lambda wire: {"ProjectNames": [wire["ProjectName"]]},
        lambda wire, found: (
            {"ProjectArn": found.project_descriptions[0].project_arn}
            if found.project_descriptions
            else {}
        ),
    ),
    "CreateDataset": Recovery(
        "DescribeProjects",
        lambda wire: {"ProjectNames": [_project_name(wire["ProjectArn"])]},
        _dataset_arn,
    ),
    "CreateProjectVersion": Recovery(
        "DescribeProjectVersions",
        lambda wire: {"ProjectArn": wire["ProjectArn"], "VersionNames": [wire["VersionName"]]},
        lambda wire, found: _version_arn(found),
    ),
    "CopyProjectVersion": Recovery(
        "DescribeProjectVersions",
        lambda wire: {
            "ProjectArn": wire["DestinationProjectArn"],
            "VersionNames": [wire["VersionName"]],
        },
        lambda wire, found: _version_arn(found),
    ),
    "CreateStreamProcessor": Recovery(
        "DescribeStreamProcessor",
        lambda wire: {"Name": wire["Name"]},
        lambda wire, found: {"StreamProcessorArn": found.stream_processor_arn},
    ),
    "DeleteCollection": Recovery(None, response=lambda wire, found: {"StatusCode": 200}),
    "DeleteProject": Recovery(None, response=lambda wire, found: {"Status": "DELETING"}),
    "DeleteProjectVersion": Recovery(None, response=lambda wire, found: {"Status": "DELETING"}),
    "DeleteDataset": Recovery(None),
    "DeleteProjectPolicy": Recovery(None),
    "DeleteStreamProcessor": Recovery(None),
}

# Operations whose repeat leaves the same state (documented semantics).
_IDEMPOTENT = {
    "TagResource": "setting the same tags again changes nothing",
    "UntagResource": "removing absent tags is not an error",
    "UpdateStreamProcessor": "sets the same settings again",
    "UpdateDatasetEntries": "entries are keyed by their source-ref: the same lines again",
    "DeleteFaces": (
        "the faces are gone either way; a repeat lists faces the first attempt deleted "
        "under UnsuccessfulFaceDeletions"
    ),
}

_HOW_TO_CHECK = {
    "IndexFaces": (
        "list the collection's faces (ListFaces) and look for your ExternalImageId before "
        "indexing again"
    ),
    "StartProjectVersion": "read the model's Status with DescribeProjectVersions",
    "StopProjectVersion": "read the model's Status with DescribeProjectVersions",
    "StartStreamProcessor": "read the Status with DescribeStreamProcessor",
    "StopStreamProcessor": "read the Status with DescribeStreamProcessor",
    "DistributeDatasetEntries": "read the datasets' entries with ListDatasetEntries",
    "PutProjectPolicy": "read the policies with ListProjectPolicies",
}

_CHECK = {
    "CreateCollection": "DescribeCollection",
    "DeleteCollection": "DescribeCollection",
    "DeleteProject": "DescribeProjects",
    "DeleteProjectVersion": "DescribeProjectVersions",
    "DeleteDataset": "DescribeDataset",
    "DeleteProjectPolicy": "ListProjectPolicies",
    "DeleteStreamProcessor": "DescribeStreamProcessor",
    "CreateProject": "DescribeProjects",
    "CreateDataset": "DescribeProjects",
    "CreateProjectVersion": "DescribeProjectVersions",
    "CopyProjectVersion": "DescribeProjectVersions",
    "CreateStreamProcessor": "DescribeStreamProcessor",
}


def _classify(operation: str, token: bool) -> RetryRule:
    if token:
        return RetryRule(operation, Safety.TOKEN)
    if operation in _IDEMPOTENT:
        return RetryRule(operation, Safety.IDEMPOTENT, how_to_check=_IDEMPOTENT[operation])
    if operation in _HOW_TO_CHECK:
        return RetryRule(operation, Safety.NOT_RETRIED, how_to_check=_HOW_TO_CHECK[operation])
    recovery = _RECOVERIES.get(operation)
    if recovery is not None:
        check = f"if retries run out, check with {_CHECK[operation]}"
        if operation.startswith("Delete"):
            return RetryRule(operation, Safety.GONE_IS_SUCCESS, _GONE, recovery, check)
        return RetryRule(operation, Safety.EXISTS_IS_SUCCESS, _EXISTS, recovery, check)
    if operation.startswith(("Describe", "Detect", "Get", "List", "Search", "Compare", "Recog")):
        return RetryRule(operation, Safety.READ)
    raise KeyError(f"no retry rule for {operation}: classify it in rekog/idempotency.py")


def _build_rules() -> dict[str, RetryRule]:
    from ._generated.operations import OPERATIONS

    return {
        name: _classify(name, spec.token_param is not None) for name, spec in OPERATIONS.items()
    }


#: The retry rule of every operation, by operation name.
RETRY_RULES: dict[str, RetryRule] = _build_rules()


def retry_rule(operation: str) -> RetryRule:
    """The rule of ``operation`` (an operation added later is never repeated blindly)."""
    rule = RETRY_RULES.get(operation)
    if rule is None:
        rule = RetryRule(operation, Safety.NOT_RETRIED, how_to_check="check the resource")
    return rule


_SAFETY_TEXT = {
    Safety.READ: "retried (no side effect)",
    Safety.TOKEN: "retried with the same `ClientRequestToken`",
    Safety.IDEMPOTENT: "retried (a repeat leaves the same state)",
    Safety.EXISTS_IS_SUCCESS: "retried; already-exists on the retry = success, response rebuilt",
    Safety.GONE_IS_SUCCESS: "retried; not-found on the retry = success",
    Safety.NOT_RETRIED: "not repeated: `OutcomeUnknownError`",
}


def retry_table_markdown() -> str:
    """The per-operation table of ``docs/client.md`` (a test compares the two)."""
    lines = [
        "| Operation | After an attempt that may have taken effect | Notes / how to check |",
        "|---|---|---|",
    ]
    for name in sorted(RETRY_RULES):
        rule = RETRY_RULES[name]
        notes = rule.how_to_check
        if rule.recovery is not None and rule.recovery.describe:
            notes = f"response rebuilt from `{rule.recovery.describe}`"
        lines.append(f"| `{name}` | {_SAFETY_TEXT[rule.safety]} | {notes} |")
    return "\n".join(lines) + "\n"
