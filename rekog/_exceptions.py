"""The exception hierarchy of rekog, documented in one place.

::

    RekognitionError                      base of everything rekog raises
    ├── InvalidRequestError (ValueError)  a bad argument, raised before any request is sent
    ├── ServiceError (ClientError)        the service answered with an error
    │   └── one class per service error code, in rekog.errors (ThrottlingException, ...)
    ├── PaginationError                   a pager saw the same NextToken twice
    ├── JobFailedError                    a video job ended FAILED
    └── JobTimeoutError (TimeoutError)    waiting for a video job ran out of time

``ServiceError`` subclasses :class:`botocore.exceptions.ClientError`, so existing
``except ClientError`` code keeps working.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

__all__ = [
    "InvalidRequestError",
    "JobFailedError",
    "JobTimeoutError",
    "PaginationError",
    "RekognitionError",
    "ServiceError",
]


class RekognitionError(Exception):
    """Base class of every error rekog raises."""


class InvalidRequestError(RekognitionError, ValueError):
    """A request argument breaks a rule of the service model; nothing was sent.

    Attributes:
        operation: the service operation, e.g. ``"SearchUsersByImage"`` (``None`` when the
            check is not tied to one operation).
        parameter: the parameter path in snake_case, e.g. ``"image.bytes"``.
        value: the offending value, truncated for display.
        rule: the rule that was broken, e.g. ``"must fully match pattern [a-zA-Z0-9_.\\-]+"``.
    """

    def __init__(
        self, parameter: str, rule: str, value: Any = None, *, operation: str | None = None
    ) -> None:
        self.operation = operation
        self.parameter = parameter
        self.rule = rule
        self.value = None if value is None else _truncate(value)
        self._raw_value = value
        #: Every broken rule as ``(parameter, rule)`` when several were found at once.
        self.problems: list[tuple[str, str]] = [(parameter, rule)]
        where = f"{operation}: " if operation else ""
        shown = "" if self.value is None else f" (got {self.value})"
        super().__init__(f"{where}invalid parameter {parameter!r}: {rule}{shown}")

    def with_operation(self, operation: str) -> InvalidRequestError:
        """The same error, naming the operation it was raised for."""
        if self.operation is not None:
            return self
        return InvalidRequestError(self.parameter, self.rule, self._raw_value, operation=operation)

    def __reduce__(self) -> tuple[Any, ...]:
        # The shown (truncated) value travels, never the raw one (it may be image bytes).
        return (_rebuild_invalid, (self.parameter, self.rule, self.value, self.operation))


def _rebuild_invalid(
    parameter: str, rule: str, shown: str | None, operation: str | None
) -> InvalidRequestError:
    error = InvalidRequestError(parameter, rule, None, operation=operation)
    error.value = shown
    error.args = (str(error) + ("" if shown is None else f" (got {shown})"),)
    return error


def _truncate(value: Any, limit: int = 80) -> str:
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ServiceError(RekognitionError, ClientError):
    """The service answered with an error.

    Attributes:
        operation: the operation name (``"SearchFaces"``).
        code: the AWS error code (``"ResourceNotFoundException"``).
        message: the service's message.
        status_code: the HTTP status.
        request_id: the AWS request id, for support cases.
        attempts: how many attempts rekog made before giving up.
        response: the parsed error response, as on ``ClientError``.
    """

    def __init__(
        self, error_response: dict[str, Any], operation_name: str, *, attempts: int = 1
    ) -> None:
        super().__init__(error_response, operation_name)  # type: ignore[arg-type]
        error = error_response.get("Error", {})
        metadata = error_response.get("ResponseMetadata", {})
        self.operation: str = operation_name
        self.code: str = str(error.get("Code", "Unknown"))
        self.message: str = str(error.get("Message", ""))
        self.status_code: int | None = metadata.get("HTTPStatusCode")
        self.request_id: str | None = metadata.get("RequestId")
        self.attempts = attempts

    def __str__(self) -> str:
        base = super().__str__()
        extras = [f"request id {self.request_id}"] if self.request_id else []
        if self.attempts > 1:
            extras.append(f"after {self.attempts} attempts")
        return f"{base} [{', '.join(extras)}]" if extras else base

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_service_error,
            (type(self), dict(self.response), self.operation, self.attempts),
        )


def _rebuild_service_error(
    cls: type[ServiceError], response: dict[str, Any], operation: str, attempts: int
) -> ServiceError:
    return cls(response, operation, attempts=attempts)


class PaginationError(RekognitionError):
    """The service returned a NextToken it had already returned (the pager stops)."""


class JobFailedError(RekognitionError):
    """A video job ended with status ``FAILED``.

    Attributes:
        job_id: the job id.
        status_message: the service's ``StatusMessage``.
        operation: the ``Get*`` operation that reported the failure.
    """

    def __init__(self, job_id: str, status_message: str | None, operation: str = "") -> None:
        self.job_id = job_id
        self.status_message = status_message
        self.operation = operation
        super().__init__(f"video job {job_id} failed: {status_message or 'no status message'}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.job_id, self.status_message, self.operation))


class JobTimeoutError(RekognitionError, TimeoutError):
    """Waiting for a video job ran out of time; resume later with ``job_id``.

    Attributes:
        job_id: the job id to attach to again.
        last_status: the last status seen (``"IN_PROGRESS"``).
        waited: seconds waited.
    """

    def __init__(self, job_id: str, last_status: str | None, waited: float) -> None:
        self.job_id = job_id
        self.last_status = last_status
        self.waited = waited
        super().__init__(
            f"video job {job_id} still {last_status or 'unknown'} after {waited:.1f}s; "
            f"resume with its job id"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.job_id, self.last_status, self.waited))


class ResponseParseError(RekognitionError):
    """A successful (2xx) response whose body is not a valid response of its operation.

    Raised instead of any parser's own error (invalid JSON, a JSON array, nesting too deep,
    a member of the wrong type), whichever parse path the client uses. The call may have
    taken effect on the service.

    Attributes:
        operation: the service operation, e.g. ``"GetFaceSearch"``.
        request_id: the service's request id (``x-amzn-RequestId``), when known.
        body: the raw response body, when the client kept it (``None`` on a client passed in
            by the caller, whose body botocore has already parsed).
        reason: what is wrong with it, e.g. ``"Persons[0].Timestamp: Input should be ..."``.
    """

    def __init__(
        self,
        operation: str,
        reason: str,
        *,
        request_id: str | None = None,
        body: bytes | None = None,
    ) -> None:
        self.operation = operation
        self.reason = reason
        self.request_id = request_id
        self.body = body
        size = "" if body is None else f", {len(body)} bytes"
        super().__init__(
            f"{operation}: cannot parse the service's response (request id {request_id}"
            f"{size}): {reason}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_parse_error, (self.operation, self.reason, self.request_id, self.body))


def _rebuild_parse_error(
    operation: str, reason: str, request_id: str | None, body: bytes | None
) -> ResponseParseError:
    return ResponseParseError(operation, reason, request_id=request_id, body=body)
