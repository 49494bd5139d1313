"""The AWS JSON 1.1 wire protocol shared by the in-process hook and the HTTP server.

A request is ``POST /`` with ``X-Amz-Target: RekognitionService.<Operation>`` and a JSON
body; the answer is a JSON body with ``Content-Type: application/x-amz-json-1.1`` and an
``x-amzn-RequestId`` header. Errors carry the real error body::

    {"__type": "ResourceNotFoundException", "Code": "ResourceNotFoundException",
     "Logref": "<request id>", "Message": "..."}

with ``x-amzn-ErrorType`` set to the code, HTTP 400 (500 for ``InternalServerError`` and
``ThrottlingException``). The :class:`Gateway` also applies quotas and injected faults.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field, replace
from email.utils import formatdate
from typing import Any

from .backend import RekognitionBackend
from .clock import Clock
from .errors import RekognitionError
from .faults import Decision, Fault, FaultInjector

log: logging.Logger = logging.getLogger("rekog.local")

TARGET_PREFIX = "RekognitionService."
CONTENT_TYPE = "application/x-amz-json-1.1"


@dataclass(frozen=True)
class WireResponse:
    """An HTTP answer, or an instruction to drop the connection without one."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    operation: str | None = None


def parse_target(target: str | bytes | None) -> str:
    """The operation name from an ``X-Amz-Target`` header.

    Raises:
        RekognitionError: ``UnknownOperationException`` for a missing or foreign target.
    """
    if isinstance(target, bytes):
        target = target.decode("latin-1")
    if not target or not target.startswith(TARGET_PREFIX) or len(target) == len(TARGET_PREFIX):
        raise RekognitionError("UnknownOperationException", f"Unknown operation target {target!r}")
    return target[len(TARGET_PREFIX) :]


def parse_body(body: bytes | str | None) -> dict[str, Any]:
    """The JSON request body as a dict (empty body: ``{}``).

    Raises:
        RekognitionError: ``SerializationException`` for malformed JSON or a non-object.
    """
    if body is None or body in (b"", ""):
        return {}
    try:
        params = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RekognitionError(
            "SerializationException", "The request body is not valid JSON"
        ) from exc
    except RecursionError as exc:  # absurdly deep nesting: refuse, do not crash the thread
        raise RekognitionError(
            "SerializationException", "The request body is nested too deeply"
        ) from exc
    if not isinstance(params, dict):
        raise RekognitionError("SerializationException", "The request body must be a JSON object")
    return params


def _headers(request_id: str, body: bytes) -> dict[str, str]:
    return {
        "x-amzn-RequestId": request_id,
        "Content-Type": CONTENT_TYPE,
        "Content-Length": str(len(body)),
        "Date": formatdate(usegmt=True),
    }


def success_response(payload: dict[str, Any], request_id: str) -> WireResponse:
    """A 200 answer with ``payload`` as the JSON body."""
    body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return WireResponse(200, body, _headers(request_id, body))


def error_response(error: RekognitionError, request_id: str) -> WireResponse:
    """The AWS JSON error answer for ``error``."""
    payload = {
        "__type": error.code,
        "Code": error.code,
        "Logref": request_id,
        "Message": error.message,
    }
    body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    headers = _headers(request_id, body)
    headers["x-amzn-ErrorType"] = error.code
    return WireResponse(error.status, body, headers)


class Gateway:
    """Turns raw requests into backend calls, applying quotas and faults on the way.

    Args:
        backend: The backend that does the work.
        clock: Used to wait out injected latency (a manual clock just advances).
        faults: Optional quota and fault injector.
    """

    def __init__(
        self, backend: RekognitionBackend, clock: Clock, faults: FaultInjector | None = None
    ) -> None:
        self.backend = backend
        self.clock = clock
        self.faults = faults

    def invoke(
        self, target: str | bytes | None, body: bytes | str | None, region: str | None = None
    ) -> WireResponse:
        """Process one request and return the answer (or a drop instruction).

        ``region`` (from the signature's credential scope; default: the backend's) picks the
        regional state the call sees. The answer's ``operation`` names the operation
        (``None`` if the target was unusable).
        """
        request_id = str(uuid.uuid4())
        try:
            operation = parse_target(target)
        except RekognitionError as exc:
            return error_response(exc, request_id)
        return replace(self._invoke(operation, body, request_id, region), operation=operation)

    def _invoke(
        self, operation: str, body: bytes | str | None, request_id: str, region: str | None
    ) -> WireResponse:
        try:
            params = parse_body(body)
        except RekognitionError as exc:
            return error_response(exc, request_id)
        decision = self.faults.decide(operation) if self.faults else Decision()
        if decision.latency:
            self.clock.sleep(decision.latency)
        if decision.fault is Fault.DROP:
            return WireResponse(0, b"", drop=True, operation=operation)
        if decision.error is not None:
            return error_response(decision.error, request_id)
        try:
            answer = success_response(
                self.backend.handle(operation, params, region=region), request_id
            )
        except RekognitionError as exc:
            answer = error_response(exc, request_id)
        except Exception:
            log.exception("rekog.local: %s failed unexpectedly", operation)
            answer = error_response(
                RekognitionError(
                    "InternalServerError", "rekog.local hit an internal error; see its log"
                ),
                request_id,
            )
        if decision.fault is Fault.DROP_AFTER:
            return WireResponse(0, b"", drop=True, operation=operation)
        return answer
