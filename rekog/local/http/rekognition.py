"""Rekognition's AWS JSON 1.1 protocol as a WSGI application.

``POST /`` with ``X-Amz-Target: RekognitionService.<Operation>`` and a JSON body of
``Content-Type: application/x-amz-json-1.1`` goes to the :class:`~rekog.local.protocol.Gateway`;
``GET /`` answers a small JSON health document. Everything else gets an AWS-style JSON error
and the connection stays usable:

* another path: 404 ``UnknownOperationException``;
* another method: 405 ``UnknownOperationException`` (with ``Allow``);
* another ``Content-Type``: 404 ``UnknownOperationException`` -- the service picks its
  protocol from the content type, so a body it cannot read names no operation it knows;
* a body over the limit: 413 ``ValidationException`` (a code in the service's model; the
  service documents no answer for an oversized body), without reading it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ..protocol import CONTENT_TYPE, Gateway, WireResponse
from ..sigv4 import credential_scope
from .errors import Headers, json_error, status_line

#: Content types the service reads as JSON 1.1 (the SDKs send the first).
JSON_TYPES = frozenset({CONTENT_TYPE, "application/json"})
#: Default largest request body: a 5 MiB image as base64 plus room for the JSON around it.
DEFAULT_MAX_BODY = 8 * 1024 * 1024

StartResponse = Callable[..., Any]


class DropConnection(Exception):
    """Raised by the app to close the connection without an answer (injected fault)."""


class RekognitionApp:
    """A WSGI app answering Rekognition requests from a gateway.

    Args:
        gateway: Parses, applies faults and quotas, and calls the backend.
        max_body: Largest accepted request body in bytes (413 beyond).
    """

    def __init__(self, gateway: Gateway, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.gateway = gateway
        self.max_body = max_body

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request."""
        status, headers, body = self.respond(environ)
        start_response(status, headers)
        return [body]

    def respond(self, environ: dict[str, Any]) -> tuple[str, Headers, bytes]:
        """The answer to one request as ``(status line, headers, body)``."""
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO") or "/"
        if path != "/":
            return json_error(404, "UnknownOperationException", f"No operation at path {path}")
        if method in ("GET", "HEAD"):
            return _health()
        if method != "POST":
            return json_error(
                405,
                "UnknownOperationException",
                f"Method {method} is not allowed; Rekognition operations are POST /",
                [("Allow", "GET, HEAD, POST")],
            )
        content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if content_type not in JSON_TYPES:
            return json_error(
                404,
                "UnknownOperationException",
                f"Content-Type {content_type or '(none)'!r} is not supported; send {CONTENT_TYPE}",
            )
        length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has validated it
        if length > self.max_body:
            return json_error(
                413,
                "ValidationException",
                f"Request body of {length} bytes exceeds the limit of {self.max_body} bytes",
            )
        body = environ["wsgi.input"].read(length) if length else b""
        scope = credential_scope(environ)  # the signing region picks the regional state
        answer = self.gateway.invoke(
            environ.get("HTTP_X_AMZ_TARGET"), body, scope[0] if scope else None
        )
        environ["rekog.operation"] = answer.operation
        if answer.drop:
            raise DropConnection(answer.operation)
        return _wire(answer)


def _wire(answer: WireResponse) -> tuple[str, Headers, bytes]:
    return status_line(answer.status), list(answer.headers.items()), answer.body


def _health() -> tuple[str, Headers, bytes]:
    body = json.dumps({"service": "rekog.local", "status": "ok"}).encode()
    return (
        status_line(200),
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        body,
    )
