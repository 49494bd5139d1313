"""rekog: a typed Python SDK for Amazon Rekognition, built on boto3.

``import rekog`` is cheap: the client, models and boto3 load on first use of a name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_names

if TYPE_CHECKING:
    from .aio import AsyncRekognition as AsyncRekognition
    from .client import Rekognition as Rekognition
    from .errors import ConfigurationError as ConfigurationError
    from .errors import ConnectionFailedError as ConnectionFailedError
    from .errors import EndpointUnreachableError as EndpointUnreachableError
    from .errors import InvalidRequestError as InvalidRequestError
    from .errors import JobFailedError as JobFailedError
    from .errors import JobTimeoutError as JobTimeoutError
    from .errors import OperationFailedError as OperationFailedError
    from .errors import OperationTimeoutError as OperationTimeoutError
    from .errors import OutcomeUnknownError as OutcomeUnknownError
    from .errors import PaginationError as PaginationError
    from .errors import RekognitionError as RekognitionError
    from .errors import ResponseParseError as ResponseParseError
    from .errors import ServiceError as ServiceError
    from .jobs import PollPolicy as PollPolicy
    from .jobs import VideoJob as VideoJob
    from .paging import CollectionItem as CollectionItem
    from .paging import Pager as Pager
    from .response_metadata import ResponseMetadata as ResponseMetadata
    from .retry import RetryPolicy as RetryPolicy

__version__ = "0.1.0"

# Public name -> module that defines it; loaded on first access (PEP 562).
_LAZY = {
    "Rekognition": ".client",
    "AsyncRekognition": ".aio",
    "RetryPolicy": ".retry",
    "RekognitionError": ".errors",
    "InvalidRequestError": ".errors",
    "ServiceError": ".errors",
    "ResponseParseError": ".errors",
    "PaginationError": ".errors",
    "JobFailedError": ".errors",
    "JobTimeoutError": ".errors",
    "OutcomeUnknownError": ".errors",
    "ConfigurationError": ".errors",
    "ConnectionFailedError": ".errors",
    "EndpointUnreachableError": ".errors",
    "OperationFailedError": ".errors",
    "OperationTimeoutError": ".errors",
    "Pager": ".paging",
    "CollectionItem": ".paging",
    "VideoJob": ".jobs",
    "PollPolicy": ".jobs",
    "ResponseMetadata": ".response_metadata",
}

__all__ = sorted([*_LAZY, "__version__"])


# Hidden from type checkers, which see the imports above: a misspelt name is their error,
# not an ``Any``.
if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return __all__
