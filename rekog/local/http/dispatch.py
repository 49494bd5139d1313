"""One endpoint for Rekognition and, optionally, moto's S3/SNS/SQS; optional SigV4; request log.

Each request is routed the way moto's own ``DomainDispatcherApplication`` does it -- by the
``X-Amz-Target`` prefix, the service name in the SigV4 credential scope, or the host name --
to the Rekognition app or to moto. With a verifier, the signature is checked first and a
failure is answered in the service's own error format. One log line per request (logger
``rekog.local``, level INFO) names the service, the operation, the status and the time taken.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import tempfile
import time
from collections.abc import Iterable
from typing import Any

from ..aws_services import SERVICES, AwsServices, service_of
from ..sigv4 import AuthFailure, SigV4Verifier, credential_scope
from .errors import Headers, json_error, xml_error
from .rekognition import DropConnection, RekognitionApp, StartResponse

log: logging.Logger = logging.getLogger("rekog.local")

#: Error codes for authentication failures, per service protocol.
_AUTH_CODES: dict[str, dict[str, str]] = {
    "json": {
        "missing": "MissingAuthenticationTokenException",
        "malformed": "IncompleteSignatureException",
        "unknown_key": "UnrecognizedClientException",
        "signature": "InvalidSignatureException",
        "skew": "InvalidSignatureException",
        "service": "InvalidSignatureException",
        "payload": "InvalidSignatureException",
    },
    "s3": {
        "missing": "AccessDenied",
        "malformed": "AuthorizationHeaderMalformed",
        "unknown_key": "InvalidAccessKeyId",
        "signature": "SignatureDoesNotMatch",
        "skew": "RequestTimeTooSkewed",
        "service": "AuthorizationHeaderMalformed",
        "payload": "XAmzContentSHA256Mismatch",
    },
    "query": {
        "missing": "MissingAuthenticationToken",
        "malformed": "IncompleteSignature",
        "unknown_key": "InvalidClientTokenId",
        "signature": "SignatureDoesNotMatch",
        "skew": "SignatureDoesNotMatch",
        "service": "SignatureDoesNotMatch",
        "payload": "SignatureDoesNotMatch",
    },
}
#: Payload hashes that do not cover the body (S3 only): not checked against it.
_UNHASHED_PAYLOADS = ("UNSIGNED-PAYLOAD", "STREAMING-")
#: Bodies hashed for verification stay in memory up to this size, then go to a file.
_SPOOL_BYTES = 1024 * 1024
_PROTOCOLS = {"s3": "s3", "sns": "query"}


def service_error(
    service: str, status: int, kind_code: str, message: str
) -> tuple[str, Headers, bytes]:
    """An error answer in the protocol of ``service`` (JSON, S3 XML or query XML)."""
    protocol = _PROTOCOLS.get(service, "json")
    if protocol == "json":
        return json_error(status, kind_code, message)
    return xml_error(status, kind_code, message, query=protocol == "query")


class Endpoint:
    """The WSGI app a :class:`~rekog.local.server.LocalServer` serves.

    Args:
        rekognition: The Rekognition app.
        services: moto's S3/SNS/SQS, or ``None`` to refuse those requests.
        verifier: Checks SigV4 signatures; ``None`` accepts any request (the default).
        region: The emulator's default region (requests signed for another region see that
            region's state).
    """

    def __init__(
        self,
        rekognition: RekognitionApp,
        services: AwsServices | None = None,
        verifier: SigV4Verifier | None = None,
        region: str = "us-east-1",
    ) -> None:
        self.rekognition = rekognition
        self.services = services
        self.verifier = verifier
        self.region = region

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Route, authenticate and log one request."""
        started = time.perf_counter()
        service = service_of(environ) or "rekognition"
        statuses: list[str] = []

        def recording(status: str, headers: Headers, exc_info: Any = None) -> Any:
            statuses.append(status)
            return start_response(status, headers, exc_info)

        try:
            return self._route(service, environ, recording)
        except DropConnection:
            statuses.append("dropped")
            raise
        finally:
            log.info(
                "%s %s %s %s %.1f ms",
                environ.get("REMOTE_ADDR", "-"),
                service,
                _operation(service, environ),
                statuses[-1].split(" ", 1)[0] if statuses else "-",
                (time.perf_counter() - started) * 1000,
            )

    def _route(
        self, service: str, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        if service != "rekognition" and (self.services is None or service not in SERVICES):
            served = "rekognition" + (", s3, sns, sqs" if self.services is not None else "")
            answer = service_error(
                service,
                400,
                "UnknownOperationException"
                if _PROTOCOLS.get(service) is None
                else "InvalidRequest",
                f"rekog.local does not serve {service!r} on this endpoint (it serves {served})",
            )
            return _send(answer, start_response)
        if self.verifier is not None:
            failure = self._authenticate(service, environ)
            if failure is not None:
                code = _AUTH_CODES[_PROTOCOLS.get(service, "json")][failure.kind]
                return _send(
                    service_error(service, failure.status, code, failure.message), start_response
                )
        if service == "rekognition":
            return self.rekognition(environ, start_response)
        assert self.services is not None
        result: Iterable[bytes] = self.services(environ, start_response)
        return result

    def _authenticate(self, service: str, environ: dict[str, Any]) -> AuthFailure | None:
        """Check the signature, its credential scope's service and the payload's hash.

        A signed ``X-Amz-Content-SHA256`` is compared with the hash of the body actually
        received (streamed through a spooled file, so a large S3 upload is not held in
        memory), so a signed request's body cannot be replaced.
        """
        assert self.verifier is not None
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if service == "rekognition" and length > self.rekognition.max_body:
            return None  # answered 413 without reading it
        if not environ.get("HTTP_AUTHORIZATION"):
            return self.verifier.verify(environ, b"")  # "missing", before anything else
        body = b""
        declared = environ.get("HTTP_X_AMZ_CONTENT_SHA256")
        if declared is None:
            if length:
                body = environ["wsgi.input"].read(length)
                environ["wsgi.input"] = io.BytesIO(body)
        elif service != "s3" or not str(declared).startswith(_UNHASHED_PAYLOADS):
            digest = _hash_body(environ, length)
            if not hmac.compare_digest(digest, str(declared).lower()):
                if service == "s3":
                    return AuthFailure(
                        "payload",
                        "The provided 'x-amz-content-sha256' header does not match what was "
                        "computed.",
                        400,
                    )
                return AuthFailure(
                    "payload",
                    "The request signature we calculated does not match the signature you "
                    "provided: the body does not match its X-Amz-Content-SHA256.",
                )
        scope = credential_scope(environ)
        if scope is not None and scope[1] != service:
            # AWS's wording; the scope's region is free: each region has its own state.
            return AuthFailure(
                "service", f"Credential should be scoped to correct service: '{service}'."
            )
        return self.verifier.verify(environ, body)


def _hash_body(environ: dict[str, Any], length: int) -> str:
    """The SHA-256 of the request body; the body is put back as a rewound spooled file."""
    stream = environ["wsgi.input"]
    digest = hashlib.sha256()
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 (handed on)
    remaining = length
    while remaining > 0:
        chunk = stream.read(min(remaining, 64 * 1024))
        if not chunk:
            break
        digest.update(chunk)
        spool.write(chunk)
        remaining -= len(chunk)
    spool.seek(0)
    environ["wsgi.input"] = spool
    return digest.hexdigest()


def _send(answer: tuple[str, Headers, bytes], start_response: StartResponse) -> list[bytes]:
    status, headers, body = answer
    start_response(status, headers)
    return [body]


def _operation(service: str, environ: dict[str, Any]) -> str:
    if environ.get("rekog.operation"):
        return str(environ["rekog.operation"])
    target = str(environ.get("HTTP_X_AMZ_TARGET") or "")
    if target:
        return target.rsplit(".", 1)[-1]
    return f"{environ.get('REQUEST_METHOD', '-')} {environ.get('PATH_INFO', '/')}"
