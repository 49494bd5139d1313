"""Typed responses straight from the raw JSON bytes.

botocore parses a response by walking its shape into dicts (about 220 ms for a 1000-person
``GetFaceSearch`` page); validating those dicts into models would be a second walk. For clients
rekog creates, a ``before-parse`` hook keeps the raw body of each successful response and hands
botocore an empty object instead, and the model is validated straight from the bytes by
pydantic-core. Error responses are left alone: botocore still parses them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from .models import RekogModel

__all__ = ["RAW_BODY_KEY", "keep_raw_body", "parse_response"]

#: Key under which the hook passes the raw body through botocore's parsed response.
RAW_BODY_KEY = "__rekog_raw_body__"

M = TypeVar("M", bound=RekogModel)


def keep_raw_body(
    response_dict: dict[str, Any], customized_response_dict: dict[str, Any], **_: Any
) -> None:
    """botocore ``before-parse`` handler: stash a 2xx body, give botocore ``{}`` to parse."""
    status = response_dict.get("status_code", 0)
    body = response_dict.get("body")
    if 200 <= status < 300 and isinstance(body, (bytes, bytearray)) and body:
        customized_response_dict[RAW_BODY_KEY] = bytes(body)
        response_dict["body"] = b"{}"


# Cyclic GC passes triggered by the many objects a large page allocates cost more than the
# validation itself; pause collection while any thread validates, resume when none does.
_gc_lock = threading.Lock()
_gc_users = 0
_gc_paused_by_us = False


@contextmanager
def _gc_paused() -> Iterator[None]:
    global _gc_users, _gc_paused_by_us
    with _gc_lock:
        _gc_users += 1
        if _gc_users == 1 and gc.isenabled():
            gc.disable()
            _gc_paused_by_us = True
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_paused_by_us:
                _gc_paused_by_us = False
                gc.enable()


def parse_response(model: type[M], response: Mapping[str, Any]) -> M:
    """The typed response: from the raw body when the hook kept one, else from botocore's dict."""
    raw = response.get(RAW_BODY_KEY)
    with _gc_paused():
        if raw is not None:
            return model.from_response_json(raw)
        data = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        return model.from_response(data)
