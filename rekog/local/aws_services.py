"""S3, SNS and SQS beside the emulator: moto's own server app, mounted in-process.

:class:`AwsServices` holds moto's WSGI dispatcher (``DomainDispatcherApplication``, the app
behind ``moto_server``) so that ``rekog local serve`` can hand it the S3, SNS and SQS requests
arriving on its port. The emulator itself talks to the same store through boto3 clients whose
requests go straight into that WSGI app (a botocore ``before-send`` handler, no socket): it
reads ``S3Object`` images and videos with one and publishes job notifications with another,
so an SQS queue subscribed to the SNS topic receives them through moto's own delivery.

moto keeps its state in process-wide backends: every server in one process shares one S3,
SNS and SQS (and so does moto's ``mock_aws`` in the same process).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from .inprocess import RawBody
from .sigv4 import credential_scope

#: The services served beside Rekognition.
SERVICES = ("s3", "sns", "sqs")
#: The URL the in-process clients pretend to talk to (path-style S3 on a plain host).
INTERNAL_URL = "http://127.0.0.1"
_TARGET_PREFIXES = {"RekognitionService.": "rekognition", "AmazonSQS.": "sqs"}


def service_of(environ: Mapping[str, Any]) -> str | None:
    """Which AWS service a request is for, the way moto's dispatcher tells.

    The ``X-Amz-Target`` prefix first, then the SigV4 credential scope (header, or the
    ``X-Amz-Credential`` of a presigned URL), then the host name (``s3.``, ``sns.``,
    ``sqs.``). ``None`` for an unsigned request that says nothing.
    """
    target = str(environ.get("HTTP_X_AMZ_TARGET") or "")
    for prefix, service in _TARGET_PREFIXES.items():
        if target.startswith(prefix):
            return service
    scope = credential_scope(environ)
    if scope is not None:
        return scope[1].lower()
    query = str(environ.get("QUERY_STRING") or "")
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        if name == "X-Amz-Credential":
            parts = unquote(value).split("/")
            if len(parts) == 5:
                return parts[3].lower()
    host = str(environ.get("HTTP_HOST") or "").split(":")[0].lower()
    for service in SERVICES:
        if host.startswith(f"{service}.") or f".{service}." in host:
            return service
    return None


class WsgiTransport:
    """A botocore ``before-send`` handler that answers requests by calling a WSGI app."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, request: AWSPreparedRequest, **kwargs: Any) -> AWSResponse:
        """Run ``request`` through the app and return its answer."""
        from werkzeug.test import EnvironBuilder, run_wsgi_app

        body = request.body
        if body is not None and not isinstance(body, (bytes, bytearray, str)):
            body = body.read()
        url = urlsplit(request.url)
        builder = EnvironBuilder(
            path=unquote(url.path) or "/",
            base_url=f"{url.scheme}://{url.netloc}",
            query_string=url.query,
            method=request.method,
            headers=[
                (name, value.decode("latin-1") if isinstance(value, bytes) else value)
                for name, value in request.headers.items()
                if name.lower() != "content-length"
            ],
            data=bytes(body) if isinstance(body, bytearray) else body,
        )
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        app_iter, status, headers = run_wsgi_app(self.app, environ, buffered=True)
        try:
            content = b"".join(_as_bytes(app_iter))
        finally:
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()
        return AWSResponse(
            request.url,
            int(status.split(" ", 1)[0]),
            HTTPHeaders.from_dict(dict(headers.items())),
            RawBody(content),
        )


def _as_bytes(chunks: Iterable[Any]) -> Iterable[bytes]:
    for chunk in chunks:
        yield chunk if isinstance(chunk, bytes) else str(chunk).encode()


class AwsServices:
    """moto's S3/SNS/SQS server app, plus in-process boto3 clients of it.

    Args:
        region: Region of the clients the emulator uses (moto keeps state per region).

    Raises:
        ImportError: moto's server extra is not installed.
    """

    def __init__(self, region: str = "us-east-1") -> None:
        if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
            raise ImportError('S3/SNS/SQS need moto\'s server: pip install "rekog[local]"')
        self.region = region
        self._app: Any = None
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._app_lock = threading.Lock()

    @property
    def app(self) -> Any:
        """moto's dispatcher WSGI app, imported on first use (moto takes about a second)."""
        with self._app_lock:
            if self._app is None:
                from moto.moto_server.werkzeug_app import (
                    DomainDispatcherApplication,
                    create_backend_app,
                )

                self._app = DomainDispatcherApplication(create_backend_app)
            return self._app

    def client(self, service: str) -> Any:
        """A boto3 client of ``service`` whose requests go straight to moto (cached)."""
        with self._lock:
            client = self._clients.get(service)
            if client is None:
                from .emulator import dummy_session

                session: Any = dummy_session(self.region)
                client = session.client(service, endpoint_url=INTERNAL_URL)
                client.meta.events.register_first(
                    f"before-send.{client.meta.service_model.endpoint_prefix}",
                    WsgiTransport(self),
                )
                self._clients[service] = client
            return client

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        """Serve one S3/SNS/SQS request (WSGI)."""
        return self.app(environ, start_response)
