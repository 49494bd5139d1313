"""Opaque, tamper-evident ``NextToken`` values.

A token is ``base64url(json(payload)) + "." + hmac[:16]``; the payload names the operation
and the scope (collection, job, sort order) it belongs to, so a token that was altered,
truncated, or used with another operation or collection is an
``InvalidPaginationTokenException``, as on AWS.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from ..errors import RekognitionError


def _bad_token() -> RekognitionError:
    return RekognitionError("InvalidPaginationTokenException", "Invalid pagination token")


def encode_token(secret: bytes, payload: dict[str, Any]) -> str:
    """Sign and encode ``payload``."""
    body = base64.urlsafe_b64encode(
        json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    ).decode()
    body = body.rstrip("=")
    mac = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()[:16]
    return f"{body}.{mac}"


def decode_token(secret: bytes, token: str, expected: dict[str, Any]) -> dict[str, Any]:
    """Verify ``token`` and check that its scope matches ``expected``.

    Raises:
        RekognitionError: ``InvalidPaginationTokenException``.
    """
    body, _, mac = token.partition(".")
    good = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()[:16]
    if not mac or not hmac.compare_digest(mac, good):
        raise _bad_token()
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise _bad_token() from exc
    if not isinstance(payload, dict) or any(payload.get(k) != v for k, v in expected.items()):
        raise _bad_token()
    return payload
