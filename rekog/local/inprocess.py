"""Route boto3 Rekognition clients to the emulator in-process, through botocore's events.

A handler on ``before-send.rekognition`` receives the fully serialised, signed
``AWSPreparedRequest`` (so botocore's parameter validation, serialisation and -- on the way
back -- response parsing, error mapping and retries all run for real), hands its
``X-Amz-Target`` and body to the :class:`~rekog.local.protocol.Gateway`, and returns an
``AWSResponse`` instead of letting botocore open a socket. An injected dropped connection is
raised as botocore's ``ConnectionClosedError``.

The handler is registered *first*. Other ``before-send`` stubs (moto's ``mock_aws``) still
run after it; so they ignore a request the emulator answered, the handler points the
request's URL at ``http://rekog.local.invalid/`` before returning.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import ConnectionClosedError

from .protocol import Gateway
from .sigv4 import scope_of_authorization

EVENT = "before-send.rekognition"
HANDLED_URL = "http://rekog.local.invalid/"


class RawBody(io.BytesIO):
    """A ``raw`` HTTP body with the ``stream()`` method botocore reads responses through."""

    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        """Yield the whole body."""
        contents = self.read()
        while contents:
            yield contents
            contents = self.read()


class SendHook:
    """The ``before-send`` handler; disabled hooks let requests go to the network."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.enabled = True

    def __call__(self, request: AWSPreparedRequest, **kwargs: Any) -> AWSResponse | None:
        """Answer a Rekognition request from the emulator."""
        if not self.enabled:
            return None
        url = request.url
        body = request.body
        if body is not None and not isinstance(body, (bytes, bytearray, str)):
            body = body.read()
        authorization = request.headers.get("Authorization") or ""
        if isinstance(authorization, bytes):
            authorization = authorization.decode("latin-1")
        scope = scope_of_authorization(authorization)
        answer = self.gateway.invoke(
            request.headers.get("X-Amz-Target"),
            bytes(body) if isinstance(body, bytearray) else body,
            scope[0] if scope else None,  # the client's region picks the regional state
        )
        request.url = HANDLED_URL
        if answer.drop:
            raise ConnectionClosedError(endpoint_url=url)
        return AWSResponse(
            url, answer.status, HTTPHeaders.from_dict(answer.headers), RawBody(answer.body)
        )
