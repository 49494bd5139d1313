"""A Rekognition client whose every call is answered with a crafted 2xx body, no network.

botocore's ``before-send`` event may return the HTTP response itself: the request is built,
signed and then answered here, so the response goes through botocore's own parsing and
rekog's parse hooks exactly as it would from the service.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botocore.awsrequest import AWSResponse

from rekog import Rekognition
from rekog.models import RekogModel

REQUEST_ID = "11111111-2222-3333-4444-555555555555"


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def answering(body: bytes, *, fast_parse: bool, status: int = 200) -> Rekognition:
    """A client (``fast_parse`` as given) whose calls all get ``body`` back."""
    rk = Rekognition(region="us-east-1", endpoint_url="http://127.0.0.1:9", fast_parse=fast_parse)

    def reply(request: Any, **_: Any) -> AWSResponse:
        headers = {"x-amzn-RequestId": REQUEST_ID, "Content-Type": "application/x-amz-json-1.1"}
        return AWSResponse(request.url, status, headers, _Raw(body))

    rk.client.meta.events.register("before-send.rekognition", reply)
    return rk


def known_fields(value: Any) -> Any:
    """A model as plain data without the members only the raw-bytes path keeps (unknown ones)."""
    if isinstance(value, RekogModel):
        fields = type(value).model_fields
        return {
            name: known_fields(getattr(value, name))
            for name in value.model_fields_set
            if name in fields
        }
    if isinstance(value, list):
        return [known_fields(item) for item in value]
    return value
