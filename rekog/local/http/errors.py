"""AWS-style error bodies for failures found before a request reaches an operation."""

from __future__ import annotations

import json
import uuid
from email.utils import formatdate

from ..protocol import CONTENT_TYPE

Headers = list[tuple[str, str]]

#: HTTP status -> reason phrase for the statuses the HTTP layer answers itself.
REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
}


def status_line(status: int) -> str:
    """``"404 Not Found"`` for 404."""
    return f"{status} {REASONS.get(status, 'Error')}"


def json_error(
    status: int, code: str, message: str, extra: Headers | None = None
) -> tuple[str, Headers, bytes]:
    """A JSON 1.1 error answer: ``(status line, headers, body)``."""
    request_id = str(uuid.uuid4())
    body = json.dumps(
        {"__type": code, "Code": code, "Logref": request_id, "Message": message},
        separators=(",", ":"),
    ).encode()
    headers: Headers = [
        ("Content-Type", CONTENT_TYPE),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", request_id),
        ("x-amzn-ErrorType", code),
        ("Date", formatdate(usegmt=True)),
        *(extra or []),
    ]
    return status_line(status), headers, body


def xml_error(status: int, code: str, message: str, *, query: bool) -> tuple[str, Headers, bytes]:
    """An S3 (``<Error>``) or query-protocol (``<ErrorResponse>``, SNS) XML error answer."""
    request_id = str(uuid.uuid4())
    inner = f"<Code>{code}</Code><Message>{_escape(message)}</Message>"
    if query:
        text = (
            f"<ErrorResponse><Error><Type>Sender</Type>{inner}</Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        )
    else:
        text = f"<Error>{inner}<RequestId>{request_id}</RequestId></Error>"
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode()
    headers: Headers = [
        ("Content-Type", "text/xml" if query else "application/xml"),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", request_id),
    ]
    return status_line(status), headers, body


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
