"""Verify AWS Signature Version 4 on incoming requests with botocore's own signer.

The verifier rebuilds the request the client signed (method, raw path and query, the headers
named in ``SignedHeaders``, the body or its ``X-Amz-Content-SHA256``), lets botocore's
:class:`~botocore.auth.SigV4Auth` (:class:`~botocore.auth.S3SigV4Auth` for S3) compute the
signature for the secret of the access key, and compares. Failures carry the service's error
codes:

=========================  =====================================  ===========================
problem                    JSON services (Rekognition, SQS)        S3 / SNS
=========================  =====================================  ===========================
no signature               ``MissingAuthenticationTokenException``  ``AccessDenied`` / ``MissingAuthenticationToken``
unknown access key         ``UnrecognizedClientException``          ``InvalidAccessKeyId`` / ``InvalidClientTokenId``
wrong signature            ``InvalidSignatureException``            ``SignatureDoesNotMatch``
clock skew over 5 minutes  ``InvalidSignatureException``            ``RequestTimeTooSkewed`` / ``SignatureDoesNotMatch``
=========================  =====================================  ===========================

Presigned URLs (signature in the query string) are not verified; in ``sigv4`` mode they are
refused as unsigned.
"""

from __future__ import annotations

import hmac
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

#: How far a request's ``X-Amz-Date`` may be from the server's clock.
MAX_SKEW_SECONDS = 300
_AUTH = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+),\s*Signature=(?P<signature>[0-9a-f]+)\s*$"
)
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class AuthFailure:
    """Why a request was refused: a generic kind, a message and the HTTP status."""

    kind: str  # "missing", "unknown_key", "signature", "skew", "malformed", "region"
    message: str
    status: int = 403


def parse_credentials(values: list[str]) -> dict[str, str]:
    """``["AKID:SECRET", ...]`` as a dict; raises ``ValueError`` naming a bad entry."""
    keys: dict[str, str] = {}
    for value in values:
        access_key, sep, secret = value.partition(":")
        if not sep or not access_key or not secret:
            raise ValueError(f"expected ACCESS_KEY:SECRET, got {value!r}")
        keys[access_key] = secret
    return keys


class SigV4Verifier:
    """Checks SigV4 ``Authorization`` headers against known access keys.

    Args:
        credentials: Access key id -> secret access key.
        now: The server's clock (seconds since the epoch; default :func:`time.time`).
    """

    def __init__(
        self, credentials: Mapping[str, str], now: Callable[[], float] | None = None
    ) -> None:
        self.credentials: dict[str, str] = dict(credentials)
        self.now: Callable[[], float] = now or (lambda: time.time())

    def __repr__(self) -> str:
        return f"SigV4Verifier(access_keys={sorted(self.credentials)})"  # never the secrets

    def verify(self, environ: Mapping[str, Any], body: bytes) -> AuthFailure | None:
        """``None`` if the request is signed by a known key, else why not."""
        header = environ.get("HTTP_AUTHORIZATION")
        if not header:
            return AuthFailure("missing", "Missing Authentication Token")
        match = _AUTH.match(header)
        parts = match["credential"].split("/") if match else []
        if match is None or len(parts) != 5 or parts[4] != "aws4_request":
            return AuthFailure(
                "malformed",
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' "
                "of an AWS4-HMAC-SHA256 signature",
                400,
            )
        access_key, _day, region, service, _ = parts
        secret = self.credentials.get(access_key)
        if secret is None:
            return AuthFailure(
                "unknown_key", "The security token included in the request is invalid.", 400
            )
        stamp = environ.get("HTTP_X_AMZ_DATE", "")
        skew = self._skew(stamp)
        if skew is not None:
            return skew
        request = _signed_request(environ, match["signed"].split(";"), body)
        request.context["timestamp"] = stamp
        signer_class = S3SigV4Auth if service == "s3" else SigV4Auth
        signer = signer_class(Credentials(access_key, secret), service, region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        if not hmac.compare_digest(expected, match["signature"]):
            return AuthFailure(
                "signature",
                "The request signature we calculated does not match the signature you "
                "provided. Check your AWS Secret Access Key and signing method. Consult the "
                "service documentation for details.",
            )
        return None

    def _skew(self, stamp: str) -> AuthFailure | None:
        try:
            signed_at = datetime.strptime(stamp, _STAMP).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            return AuthFailure("malformed", "X-Amz-Date is missing or not in YYYYMMDDTHHMMSSZ", 400)
        now = self.now()
        minutes = MAX_SKEW_SECONDS // 60

        def fmt(seconds: float) -> str:
            return datetime.fromtimestamp(seconds, timezone.utc).strftime(_STAMP)

        if signed_at < now - MAX_SKEW_SECONDS:
            return AuthFailure(
                "skew",
                f"Signature expired: {stamp} is now earlier than "
                f"{fmt(now - MAX_SKEW_SECONDS)} ({fmt(now)} - {minutes} min.)",
            )
        if signed_at > now + MAX_SKEW_SECONDS:
            return AuthFailure(
                "skew",
                f"Signature not yet current: {stamp} is still later than "
                f"{fmt(now + MAX_SKEW_SECONDS)} ({fmt(now)} + {minutes} min.)",
            )
        return None


def credential_scope(environ: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(region, service)`` from a SigV4 ``Authorization`` header, if there is one."""
    return scope_of_authorization(environ.get("HTTP_AUTHORIZATION") or "")


def scope_of_authorization(header: str) -> tuple[str, str] | None:
    """``(region, service)`` from the value of a SigV4 ``Authorization`` header."""
    match = _AUTH.match(header)
    if match is None:
        return None
    parts = match["credential"].split("/")
    return (parts[2], parts[3]) if len(parts) == 5 else None


def _signed_request(environ: Mapping[str, Any], signed: list[str], body: bytes) -> AWSRequest:
    headers: dict[str, str] = {}
    for name in signed:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        if key in environ:
            headers[name] = str(environ[key])
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    uri = environ.get("REQUEST_URI") or environ.get("PATH_INFO") or "/"
    return AWSRequest(
        method=environ.get("REQUEST_METHOD", "GET"),
        url=f"http://{host}{uri}",
        headers=headers,
        data=body,
    )
