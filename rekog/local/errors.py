"""AWS-style service errors raised by the emulator backend.

Every failure the emulator reports travels as a :class:`RekognitionError` carrying the AWS
error code (``__type`` on the wire), a message and the HTTP status. The transports
(:mod:`rekog.local.inprocess`, :mod:`rekog.local.server`) turn it into the real JSON 1.1
error body, so a boto3 client raises the same ``ClientError`` it would against AWS.
"""

from __future__ import annotations

#: Error codes that the service model marks as server faults (HTTP 500).
SERVER_FAULTS = frozenset({"InternalServerError", "ThrottlingException"})


class RekognitionError(Exception):
    """A service error with an AWS error code, a message and an HTTP status.

    Args:
        code: The AWS error code, e.g. ``"ResourceNotFoundException"``.
        message: The human readable message sent as ``Message``.
        status: The HTTP status; defaults to 500 for server faults, otherwise 400.
    """

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status: int = status if status is not None else (500 if code in SERVER_FAULTS else 400)


def not_found(message: str) -> RekognitionError:
    """A ``ResourceNotFoundException``."""
    return RekognitionError("ResourceNotFoundException", message)


def invalid_parameter(message: str) -> RekognitionError:
    """An ``InvalidParameterException`` (a semantically invalid request)."""
    return RekognitionError("InvalidParameterException", message)


def collection_not_found(collection_id: str) -> RekognitionError:
    """The service's error for a collection that does not exist."""
    return not_found(f"The collection id: {collection_id} does not exist")
