"""``ResponseMetadata``: what the HTTP exchange of a call said, outside the result's fields.

boto3 returns it as the ``ResponseMetadata`` key of every response dict; rekog keeps it on
each result as ``result.response_metadata`` (never in ``model_dump()`` or the wire JSON), so
the request id a support case asks for is one attribute away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ResponseMetadata"]


@dataclass(frozen=True)
class ResponseMetadata:
    """The metadata of the HTTP response a result came from.

    Attributes:
        request_id: the AWS request id (``x-amzn-RequestId``), for support cases.
        host_id: the ``HostId`` botocore reports, when the service sends one.
        http_status_code: the HTTP status.
        http_headers: the response headers (lower-case names).
        retry_attempts: retries made before this response: rekog's own retry layer's, plus
            botocore's on a client you passed in that retries itself (0: the first attempt
            succeeded).
    """

    request_id: str | None = None
    host_id: str | None = None
    http_status_code: int | None = None
    http_headers: Mapping[str, str] = field(default_factory=dict)
    retry_attempts: int = 0

    @classmethod
    def from_botocore(cls, metadata: Mapping[str, Any], rekog_retries: int = 0) -> ResponseMetadata:
        """Built from botocore's ``ResponseMetadata`` dict and the retries rekog made."""
        return cls(
            request_id=metadata.get("RequestId"),
            host_id=metadata.get("HostId"),
            http_status_code=metadata.get("HTTPStatusCode"),
            http_headers=dict(metadata.get("HTTPHeaders") or {}),
            retry_attempts=rekog_retries + int(metadata.get("RetryAttempts") or 0),
        )
