"""rekog's exceptions: its own classes, and one class per service error code.

::

    RekognitionError                      base of everything rekog raises
    ├── InvalidRequestError (ValueError, ParamValidationError)
    │                                     a bad argument, raised before any request is sent
    ├── ServiceError (ClientError)        the service answered with an error
    │   └── one class per service error code (ThrottlingException, ...)
    │       (and ``rk.exceptions.<Code>``), each raised as an instance of the botocore
    │       client's own ``client.exceptions.<Code>`` too
    ├── OutcomeUnknownError               a call that may have taken effect was not repeated
    ├── ConfigurationError                no region or no credentials: nothing was sent
    ├── ConnectionFailedError (ConnectionError)  no answer from the endpoint, after retries
    │   └── EndpointUnreachableError      could not even connect to the endpoint
    ├── ResponseParseError                a 2xx response whose body is not a valid response
    ├── PaginationError                   a pager saw the same NextToken twice
    ├── OperationFailedError              long-running work ended in failure
    │   └── JobFailedError                a video job ended FAILED
    └── OperationTimeoutError (TimeoutError)  waiting for long-running work ran out of time
        └── JobTimeoutError               waiting for a video job did

``ServiceError`` subclasses :class:`botocore.exceptions.ClientError`, and
``InvalidRequestError`` botocore's ``ParamValidationError``, so existing ``except ClientError``,
``except client.exceptions.ResourceNotFoundException`` and ``except ParamValidationError``
code keeps working; an error code this SDK does not know maps to :class:`ServiceError` itself.

Every class is defined here, in its public home, so tracebacks, reprs, pickles and type
checkers (which name a class by the module that defines it) all say
``rekog.errors.ResourceNotFoundException``. The classes per service error code are therefore
generated into the end of this module, below the marked line, by ``tools/generate.py``
(``--check`` fails when that part is stale); everything above the line is written by hand.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError, ParamValidationError

__all__ = [
    "ConfigurationError",
    "ConnectionFailedError",
    "EndpointUnreachableError",
    "InvalidRequestError",
    "JobFailedError",
    "JobTimeoutError",
    "OperationFailedError",
    "OperationTimeoutError",
    "OutcomeUnknownError",
    "PaginationError",
    "RekognitionError",
    "ResponseParseError",
    "ServiceError",
]


class RekognitionError(Exception):
    """Base class of every error rekog raises."""


class InvalidRequestError(RekognitionError, ValueError, ParamValidationError):
    """A request argument breaks a rule of the service model; nothing was sent.

    Also a ``ValueError`` and botocore's ``ParamValidationError``: ``except`` blocks written
    for boto3 catch it.

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
        self.value: str | None = None if value is None else _truncate(value)
        self._raw_value = value
        #: Every broken rule as ``(parameter, rule)`` when several were found at once.
        self.problems: list[tuple[str, str]] = [(parameter, rule)]
        where = f"{operation}: " if operation else ""
        shown = "" if self.value is None else f" (got {self.value})"
        message = f"{where}invalid parameter {parameter!r}: {rule}{shown}"
        # What botocore's ParamValidationError carries (its own __init__ formats differently).
        self.kwargs = {"report": message}
        Exception.__init__(self, message)

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
    error.kwargs = {"report": error.args[0]}
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
        # botocore's message adds "(reached max retries: N)" from botocore's own retry count,
        # which is meaningless under rekog's retry layer: build the message without it.
        self.args: tuple[Any, ...] = (
            f"An error occurred ({self.code}) when calling the {operation_name} operation: "
            f"{self.message}",
        )

    def __str__(self) -> str:
        base = str(self.args[0]) if self.args else ""
        extras = [f"request id {self.request_id}"] if self.request_id else []
        if self.attempts > 1:
            extras.append(f"after {self.attempts} attempts")
        return f"{base} [{', '.join(extras)}]" if extras else base

    def __reduce__(self) -> tuple[Any, ...]:
        # A class mixed with a botocore client's own exists only in this process: a copy is
        # the plain rekog class.
        cls = type(self).__dict__.get("_rekog_class", type(self))
        return (_rebuild_service_error, (cls, dict(self.response), self.operation, self.attempts))


def _rebuild_service_error(
    cls: type[ServiceError], response: dict[str, Any], operation: str, attempts: int
) -> ServiceError:
    return cls(response, operation, attempts=attempts)


def as_botocore_class(error: ServiceError, botocore_class: type[BaseException]) -> ServiceError:
    """``error``, made an instance of ``botocore_class`` too (a botocore client's own
    ``client.exceptions.<Code>``), so boto3's ``except client.exceptions.X`` catches it.

    botocore builds those classes per session at run time, so the class that is both is
    built here on first use: a subclass of the rekog class and the botocore one, cached on the
    botocore class (it goes away with the session that made it).
    """
    if botocore_class is ClientError or not issubclass(botocore_class, ClientError):
        return error  # a code the client's model does not know: plain ClientError already
    if isinstance(error, botocore_class):
        return error
    rekog_class = type(error)
    mixed_by_rekog: dict[type, type] | None = botocore_class.__dict__.get("_rekog_mixed")
    if mixed_by_rekog is None:
        mixed_by_rekog = {}
        # setattr on a class botocore made for this session only; nothing else reads it.
        botocore_class._rekog_mixed = mixed_by_rekog  # type: ignore[attr-defined]
    mixed = mixed_by_rekog.get(rekog_class)
    if mixed is None:
        mixed = type(
            rekog_class.__name__,
            (rekog_class, botocore_class),
            {
                "__module__": rekog_class.__module__,
                "__qualname__": rekog_class.__qualname__,
                "__doc__": rekog_class.__doc__,
                "_rekog_class": rekog_class,
            },
        )
        mixed_by_rekog[rekog_class] = mixed
    error.__class__ = mixed
    return error


class OutcomeUnknownError(RekognitionError):
    """A call that may already have taken effect failed, and rekog did not repeat it blindly.

    The request was sent, then the connection dropped, timed out or the service answered
    5xx: the service may or may not have done the work. ``docs/client.md`` lists, per
    operation, when this is raised.

    Attributes:
        operation: the operation (``"IndexFaces"``).
        how_to_check: how to find out whether it took effect.
        cause: the error of the attempt (also ``__cause__``).
    """

    def __init__(self, operation: str, how_to_check: str, cause: BaseException | None) -> None:
        self.operation = operation
        self.how_to_check = how_to_check
        self.cause = cause
        reason = f" ({_short_reason(cause)})" if cause is not None else ""
        hint = f"; {how_to_check}" if how_to_check else ""
        super().__init__(
            f"{operation}: the attempt failed after the request was sent{reason}, so it may "
            f"or may not have taken effect; rekog did not repeat it{hint}"
        )
        self.__cause__ = cause

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_outcome_unknown, (self.operation, self.how_to_check, str(self)))


def _rebuild_outcome_unknown(operation: str, how_to_check: str, text: str) -> OutcomeUnknownError:
    error = OutcomeUnknownError(operation, how_to_check, None)
    error.args = (text,)
    return error


def _short_reason(error: BaseException) -> str:
    if isinstance(error, ServiceError):
        return f"{error.code}, HTTP {error.status_code}"
    return type(error).__name__


class ConfigurationError(RekognitionError):
    """The client cannot be used as configured (no region, no credentials); nothing was sent.

    The message ends with a one-line hint.
    """


class ConnectionFailedError(RekognitionError, ConnectionError):
    """No answer from the endpoint after rekog's retries (the botocore error is chained).

    Attributes:
        operation: the operation.
        endpoint_url: the endpoint that did not answer.
        attempts: how many attempts were made.
    """

    def __init__(
        self, operation: str, endpoint_url: str | None, attempts: int, detail: str = ""
    ) -> None:
        self.operation = operation
        self.endpoint_url = endpoint_url
        self.attempts = attempts
        self.detail = detail
        plural = "s" if attempts != 1 else ""
        super().__init__(
            f"{operation}: {self._what()} {endpoint_url} after {attempts} attempt{plural}"
            + (f" ({detail})" if detail else "")
            + self._hint()
        )

    def _what(self) -> str:
        return "no answer from"

    def _hint(self) -> str:
        return ""

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.operation, self.endpoint_url, self.attempts, self.detail))


class EndpointUnreachableError(ConnectionFailedError):
    """Could not connect to the endpoint at all (refused, DNS, connect timeout)."""

    def _what(self) -> str:
        return "could not connect to"

    def _hint(self) -> str:
        return (
            "; check endpoint_url and the network (for the local emulator, start "
            "`rekog local serve` first)"
        )


class PaginationError(RekognitionError):
    """The service returned a NextToken it had already returned (the pager stops)."""


class OperationFailedError(RekognitionError):
    """Long-running work ended in failure: a video job, model training or copying, hosting, a
    dataset change, a media analysis job, a stream processor.

    One ``except OperationFailedError`` covers every handle; :class:`JobFailedError` is the
    video jobs' kind of it.

    Attributes:
        resource: what failed, e.g. ``"project version"``, ``"dataset"``, ``"video job"``.
        identifier: its ARN, job id or name (also as ``job_id``).
        status: the failed status, e.g. ``"TRAINING_FAILED"``, ``"FAILED"``.
        status_message: the service's message (``StatusMessage`` or ``FailureDetails``).
        operation: the ``Describe*``/``Get*`` operation that reported the failure.
    """

    def __init__(
        self,
        resource: str,
        identifier: str,
        status: str,
        status_message: str | None,
        operation: str = "",
    ) -> None:
        self.resource = resource
        self.identifier = identifier
        self.status = status
        self.job_id = identifier
        self.status_message = status_message
        self.operation = operation
        super().__init__(self._describe())

    def _describe(self) -> str:
        return (
            f"{self.resource} {self.identifier} ended {self.status}: "
            f"{self.status_message or 'no status message'}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.resource, self.identifier, self.status, self.status_message, self.operation),
        )


class JobFailedError(OperationFailedError):
    """A video job ended with status ``FAILED`` (an :class:`OperationFailedError` whose
    ``resource`` is ``"video job"``).

    Attributes:
        job_id: the job id (also as ``identifier``).
        status_message: the service's ``StatusMessage``.
        operation: the ``Get*`` operation that reported the failure.
    """

    def __init__(self, job_id: str, status_message: str | None, operation: str = "") -> None:
        super().__init__("video job", job_id, "FAILED", status_message, operation)

    def _describe(self) -> str:
        return f"video job {self.job_id} failed: {self.status_message or 'no status message'}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.job_id, self.status_message, self.operation))


class OperationTimeoutError(RekognitionError, TimeoutError):
    """Waiting for long-running work ran out of time; the work goes on: attach again later
    with ``identifier`` (for a video job, its job id).

    A :class:`TimeoutError`; :class:`JobTimeoutError` is the video jobs' kind of it.

    Attributes:
        resource: what was waited for, e.g. ``"stream processor"``, ``"video job"``.
        identifier: its ARN, job id or name (also as ``job_id``).
        last_status: the last status seen.
        waited: seconds waited.
    """

    def __init__(
        self, resource: str, identifier: str, last_status: str | None, waited: float
    ) -> None:
        self.resource = resource
        self.identifier = identifier
        self.job_id = identifier
        self.last_status = last_status
        self.waited = waited
        super().__init__(self._describe())

    def _describe(self) -> str:
        return (
            f"{self.resource} {self.identifier} still {self.last_status or 'unknown'} after "
            f"{self.waited:.1f}s; attach again with its identifier to keep waiting"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.resource, self.identifier, self.last_status, self.waited))


class JobTimeoutError(OperationTimeoutError):
    """Waiting for a video job ran out of time; resume later with ``job_id`` (an
    :class:`OperationTimeoutError` whose ``resource`` is ``"video job"``).

    Attributes:
        job_id: the job id to attach to again (also as ``identifier``).
        last_status: the last status seen (``"IN_PROGRESS"``).
        waited: seconds waited.
    """

    def __init__(self, job_id: str, last_status: str | None, waited: float) -> None:
        super().__init__("video job", job_id, last_status, waited)

    def _describe(self) -> str:
        return (
            f"video job {self.job_id} still {self.last_status or 'unknown'} after "
            f"{self.waited:.1f}s; resume with its job id"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.job_id, self.last_status, self.waited))


class ResponseParseError(RekognitionError):
    """A successful (2xx) response whose body is not a valid response of its operation.

    Raised instead of any parser's own error (invalid JSON, a JSON array, nesting too deep,
    a member of the wrong type), whichever parse path the client uses. The call may have
    taken effect on the service. An item of a page's item list (``Persons``, ...) that is a
    JSON object is validated when first read: a malformed one raises this error at that read,
    with the item's JSON as ``body``.

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


# ---- GENERATED below this line by tools/generate.py: DO NOT EDIT below it. ----
# From botocore 1.43.117 (rekognition 2016-06-27).
__all__ += [
    "AccessDeniedException",
    "ConflictException",
    "ERROR_CLASSES",
    "HumanLoopQuotaExceededException",
    "IdempotentParameterMismatchException",
    "ImageTooLargeException",
    "InternalServerError",
    "InvalidImageFormatException",
    "InvalidManifestException",
    "InvalidPaginationTokenException",
    "InvalidParameterException",
    "InvalidPolicyRevisionIdException",
    "InvalidS3ObjectException",
    "LimitExceededException",
    "MalformedPolicyDocumentException",
    "ProvisionedThroughputExceededException",
    "ResourceAlreadyExistsException",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "ResourceNotReadyException",
    "ServiceExceptions",
    "ServiceQuotaExceededException",
    "SessionNotFoundException",
    "ThrottlingException",
    "VideoTooLargeException",
    "error_class",
    "from_client_error",
]


class AccessDeniedException(ServiceError):
    """You are not authorized to perform the action."""


class ConflictException(ServiceError):
    """A User with the same Id already exists within the collection, or the update or deletion of the User caused an inconsistent state. **"""


class HumanLoopQuotaExceededException(ServiceError):
    """The number of in-progress human reviews you have has exceeded the number allowed."""


class IdempotentParameterMismatchException(ServiceError):
    """A `ClientRequestToken` input parameter was reused with an operation, but at least one of the other input parameters is different from the previous call to the operation."""


class ImageTooLargeException(ServiceError):
    """The input image size exceeds the allowed limit. If you are calling DetectProtectiveEquipment, the image size or resolution exceeds the allowed limit. For more information, see Guidelines and quotas in Amazon Rekognition in the Amazon Rekognition Developer Guide."""


class InternalServerError(ServiceError):
    """Amazon Rekognition experienced a service issue. Try your call again."""


class InvalidImageFormatException(ServiceError):
    """The provided image format is not supported."""


class InvalidManifestException(ServiceError):
    """Indicates that a provided manifest file is empty or larger than the allowed limit."""


class InvalidPaginationTokenException(ServiceError):
    """Pagination token in the request is not valid."""


class InvalidParameterException(ServiceError):
    """Input parameter violated a constraint. Validate your parameter before calling the API operation again."""


class InvalidPolicyRevisionIdException(ServiceError):
    """The supplied revision id for the project policy is invalid."""


class InvalidS3ObjectException(ServiceError):
    """Amazon Rekognition is unable to access the S3 object specified in the request."""


class LimitExceededException(ServiceError):
    """An Amazon Rekognition service limit was exceeded. For example, if you start too many jobs concurrently, subsequent calls to start operations (ex: `StartLabelDetection`) will raise a `LimitExceededException` exception (HTTP status code: 400) until the number of concurrently running jobs is below the Amazon Rekognition service limit."""


class MalformedPolicyDocumentException(ServiceError):
    """The format of the project policy document that you supplied to `PutProjectPolicy` is incorrect."""


class ProvisionedThroughputExceededException(ServiceError):
    """The number of requests exceeded your throughput limit. If you want to increase this limit, contact Amazon Rekognition."""


class ResourceAlreadyExistsException(ServiceError):
    """A resource with the specified ID already exists."""


class ResourceInUseException(ServiceError):
    """The specified resource is already being used."""


class ResourceNotFoundException(ServiceError):
    """The resource specified in the request cannot be found."""


class ResourceNotReadyException(ServiceError):
    """The requested resource isn't ready. For example, this exception occurs when you call `DetectCustomLabels` with a model version that isn't deployed."""


class ServiceQuotaExceededException(ServiceError):
    """The size of the collection exceeds the allowed limit. For more information, see Guidelines and quotas in Amazon Rekognition in the Amazon Rekognition Developer Guide."""


class SessionNotFoundException(ServiceError):
    """Occurs when a given sessionId is not found."""


class ThrottlingException(ServiceError):
    """Amazon Rekognition is temporarily unable to process the request. Try your call again."""


class VideoTooLargeException(ServiceError):
    """The file size or duration of the supplied media is too large. The maximum file size is 10GB. The maximum duration is 6 hours."""


ERROR_CLASSES: dict[str, type[ServiceError]] = {
    "AccessDeniedException": AccessDeniedException,
    "ConflictException": ConflictException,
    "HumanLoopQuotaExceededException": HumanLoopQuotaExceededException,
    "IdempotentParameterMismatchException": IdempotentParameterMismatchException,
    "ImageTooLargeException": ImageTooLargeException,
    "InternalServerError": InternalServerError,
    "InvalidImageFormatException": InvalidImageFormatException,
    "InvalidManifestException": InvalidManifestException,
    "InvalidPaginationTokenException": InvalidPaginationTokenException,
    "InvalidParameterException": InvalidParameterException,
    "InvalidPolicyRevisionIdException": InvalidPolicyRevisionIdException,
    "InvalidS3ObjectException": InvalidS3ObjectException,
    "LimitExceededException": LimitExceededException,
    "MalformedPolicyDocumentException": MalformedPolicyDocumentException,
    "ProvisionedThroughputExceededException": ProvisionedThroughputExceededException,
    "ResourceAlreadyExistsException": ResourceAlreadyExistsException,
    "ResourceInUseException": ResourceInUseException,
    "ResourceNotFoundException": ResourceNotFoundException,
    "ResourceNotReadyException": ResourceNotReadyException,
    "ServiceQuotaExceededException": ServiceQuotaExceededException,
    "SessionNotFoundException": SessionNotFoundException,
    "ThrottlingException": ThrottlingException,
    "VideoTooLargeException": VideoTooLargeException,
}


class ServiceExceptions:
    """The service's error classes by code, as a boto3 client's ``exceptions`` has them:
    ``except rk.exceptions.ResourceNotFoundException``.

    ``ClientError`` is :class:`ServiceError` (every service error); ``from_code(code)`` looks a
    code up, as botocore's does (:class:`ServiceError` for a code this SDK does not know).
    """

    ClientError = ServiceError
    AccessDeniedException = AccessDeniedException
    ConflictException = ConflictException
    HumanLoopQuotaExceededException = HumanLoopQuotaExceededException
    IdempotentParameterMismatchException = IdempotentParameterMismatchException
    ImageTooLargeException = ImageTooLargeException
    InternalServerError = InternalServerError
    InvalidImageFormatException = InvalidImageFormatException
    InvalidManifestException = InvalidManifestException
    InvalidPaginationTokenException = InvalidPaginationTokenException
    InvalidParameterException = InvalidParameterException
    InvalidPolicyRevisionIdException = InvalidPolicyRevisionIdException
    InvalidS3ObjectException = InvalidS3ObjectException
    LimitExceededException = LimitExceededException
    MalformedPolicyDocumentException = MalformedPolicyDocumentException
    ProvisionedThroughputExceededException = ProvisionedThroughputExceededException
    ResourceAlreadyExistsException = ResourceAlreadyExistsException
    ResourceInUseException = ResourceInUseException
    ResourceNotFoundException = ResourceNotFoundException
    ResourceNotReadyException = ResourceNotReadyException
    ServiceQuotaExceededException = ServiceQuotaExceededException
    SessionNotFoundException = SessionNotFoundException
    ThrottlingException = ThrottlingException
    VideoTooLargeException = VideoTooLargeException

    @staticmethod
    def from_code(code: str) -> type[ServiceError]:
        """The class for a service error code (``ServiceError`` for an unknown one)."""
        return error_class(code)


def error_class(code: str) -> type[ServiceError]:
    """The class for a service error code; :class:`ServiceError` for an unknown code."""
    return ERROR_CLASSES.get(code, ServiceError)


def from_client_error(error: ClientError, operation: str, *, attempts: int = 1) -> ServiceError:
    """The rekog exception for a botocore ``ClientError``, keeping its parsed response."""
    response: dict[str, Any] = dict(error.response)
    code = str(response.get("Error", {}).get("Code", ""))
    return error_class(code)(response, operation, attempts=attempts)
