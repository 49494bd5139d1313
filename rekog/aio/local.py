"""The local emulator in-process for aiobotocore clients (no sockets).

aiobotocore emits botocore's ``before-send`` event and awaits its handlers, so the emulator
can answer an async client's requests the way :meth:`rekog.local.LocalRekognition.attach`
does for boto3 -- serialisation, response parsing, error mapping and rekog's retries all run
for real. The difference is the response type: aiobotocore reads the body with ``await``,
so the answer is an ``AioAWSResponse`` over an async body. The emulator's work runs in a
worker thread so that its locks and injected latency never block the event loop.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from aiobotocore.awsrequest import AioAWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import ConnectionClosedError

if TYPE_CHECKING:
    from ..local.emulator import LocalRekognition
    from ..local.protocol import Gateway

__all__ = ["attach_local", "detach_local"]

EVENT = "before-send.rekognition"
# Requests the emulator answered are pointed here, so later before-send stubs skip them.
HANDLED_URL = "http://rekog.local.invalid/"


class _AsyncBody:
    """The ``raw`` body aiobotocore reads with ``await raw.read()``."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    async def read(self, *_: Any) -> bytes:
        data, self._data = self._data, b""
        return data


class _AsyncSendHook:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    async def __call__(self, request: Any, **kwargs: Any) -> AioAWSResponse:
        url = request.url
        body = request.body
        if body is not None and not isinstance(body, (bytes, bytearray, str)):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        answer = await asyncio.to_thread(
            self.gateway.invoke,
            request.headers.get("X-Amz-Target"),
            bytes(body) if body is not None else b"",
        )
        request.url = HANDLED_URL
        if answer.drop:
            raise ConnectionClosedError(endpoint_url=url)
        return AioAWSResponse(
            url, answer.status, HTTPHeaders.from_dict(answer.headers), _AsyncBody(answer.body)
        )


def _unique_id(emulator: LocalRekognition) -> str:
    return f"rekog.aio.local.{id(emulator)}"


def attach_local(emulator: LocalRekognition, client: Any) -> None:
    """Answer an aiobotocore Rekognition client's calls (``rk.client`` of an opened
    :class:`~rekog.AsyncRekognition`) from ``emulator``, in-process."""
    client.meta.events.register_first(
        EVENT, _AsyncSendHook(emulator.gateway), unique_id=_unique_id(emulator)
    )


def detach_local(emulator: LocalRekognition, client: Any) -> None:
    """Undo :func:`attach_local`."""
    client.meta.events.unregister(EVENT, unique_id=_unique_id(emulator))
