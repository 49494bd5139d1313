"""Typed responses, one parse behaviour whichever path the bytes took.

botocore parses a response by walking its shape into dicts (about 220 ms for a 1000-person
``GetFaceSearch`` page); validating those dicts into models would be a second walk. For clients
rekog creates with ``fast_parse=True``, the client's response parser
(:mod:`rekog._raw_body_parser`) keeps the raw body of each successful response instead of
parsing it, and the model is validated straight from the bytes by pydantic-core. Error
responses are left alone: botocore still parses them.

Whatever the path, a 2xx body is judged by the same function, :func:`validate_body`: a
``null`` member means "absent" (as botocore reads it), and a body that is not a JSON object,
is not JSON, nests deeper than pydantic-core parses, or has a member of the wrong type raises
:class:`~rekog.ResponseParseError` with the operation, request id and raw body. With
``fast_parse=False`` a ``before-parse`` hook checks the body the same way before botocore
parses it, so both paths agree on every body (unknown members are kept only by the fast path:
botocore drops them).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from . import models
from ._collector import relaxed as _gc_relaxed
from ._validation import validation_error
from .errors import ResponseParseError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import RekogModel

__all__ = [
    "PARSE_ERROR_KEY",
    "built_model",
    "RAW_BODY_KEY",
    "check_raw_body",
    "successful_body",
    "parse_response",
    "response_parser",
    "validate_body",
]

#: Key under which the hook passes the raw body through botocore's parsed response.
RAW_BODY_KEY = "__rekog_raw_body__"
#: Key under which the checking hook (``fast_parse=False``) passes a body it refused.
PARSE_ERROR_KEY = "__rekog_parse_error__"

M = TypeVar("M", bound="RekogModel")


# The header botocore reads the request id from (lower-cased by botocore's header dict).
_REQUEST_ID_HEADERS = ("x-amzn-requestid", "x-amz-request-id")


def successful_body(response_dict: Mapping[str, Any]) -> bytes | None:
    status = response_dict.get("status_code", 0)
    body = response_dict.get("body")
    if 200 <= status < 300 and isinstance(body, (bytes, bytearray)) and body:
        return body if type(body) is bytes else bytes(body)  # no copy of a large page
    return None


def check_raw_body(
    response_dict: dict[str, Any],
    customized_response_dict: dict[str, Any],
    operation_model: Any = None,
    **_: Any,
) -> None:
    """botocore ``before-parse`` handler for ``fast_parse=False``: judge a 2xx body first.

    A body :func:`validate_body` refuses is passed on as the error (botocore gets ``{}``, so
    its own parser never trips over it); any other body is left for botocore to parse.
    """
    body = successful_body(response_dict)
    if body is None or operation_model is None or operation_model.output_shape is None:
        return
    model = getattr(models, operation_model.output_shape.name, None)
    if model is None:
        return
    headers = response_dict.get("headers") or {}
    request_id = next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)
    try:
        # Every item now: botocore's dicts are validated whole on this path.
        validate_body(
            model,
            body,
            operation=operation_model.name,
            request_id=request_id,
            lazy_items=False,
        )
    except ResponseParseError as error:
        customized_response_dict[PARSE_ERROR_KEY] = error
        response_dict["body"] = b"{}"


#: Bodies shorter than this (bytes) are parsed without touching the collector's settings.
_SMALL_BODY = 16 * 1024


_BUILT: dict[str, type[Any]] = {}


def built_model(name: str) -> type[Any]:
    """The model ``name`` of :mod:`rekog.models`, its schema built (cached per name).

    Its first use in a process imports the model's module (and, the first time, pydantic)
    and builds its schema: tens of thousands of objects, most of them kept for good. Under
    the collector's default thresholds they cost a cold start collector passes over
    everything the process holds (a full one in a first ``list_collections()``: ~10 ms, as
    long as the rest of the call); they are built under the same relaxed setting as a large
    page.
    """
    model = _BUILT.get(name)
    if model is None:
        with _gc_relaxed():
            model = getattr(models, name)
            if not model.__pydantic_complete__:
                model.model_rebuild()
        _BUILT[name] = model
    return model


def _describe(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> str:
    details = error.errors(include_url=False)
    first = details[0]
    loc = (*prefix, *first["loc"])
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    text = f"{where.lstrip('.') or 'body'}: {first['msg']}"
    if len(details) > 1:
        text += f" (and {len(details) - 1} more problem(s))"
    return text


def _without_null_members(value: Any) -> Any:
    # botocore reads a member that is ``null`` as absent; list items stay as they are.
    if isinstance(value, dict):
        return {k: _without_null_members(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_null_members(item) for item in value]
    return value


_HOLDS_ITEMS: dict[type, bool] = {}


def _holds_items(model: type[RekogModel]) -> bool:
    """Whether ``model`` has item lists held lazily (cached per class: every call asks)."""
    known = _HOLDS_ITEMS.get(model)
    if known is None:
        items = sys.modules.get(f"{__package__}.models._items")
        # A model marked LazyItems imported the module with its own: until then, none is
        # (a first small call spares the import).
        known = _HOLDS_ITEMS[model] = items is not None and items.holds_items_lazily(model)
    return known


def validate_body(
    model: type[M],
    body: bytes,
    *,
    operation: str,
    request_id: str | None = None,
    lazy_items: bool = True,
) -> M:
    """The typed response of a raw 2xx body, or :class:`ResponseParseError`.

    The happy path is one pydantic-core pass over the bytes. Only a body it refuses, or one
    with ``null`` in it, is looked at again: as a JSON object with its ``null`` members
    dropped (botocore's reading), validated the same way.

    A response with item lists (``Persons``, ``FaceDetails``, ...) is parsed into Python
    objects once and its page-level members validated; each item must be a JSON object, and
    is validated into its model when first read (:mod:`rekog.models._items`), so a malformed
    item raises :class:`ResponseParseError` naming it (``Persons[3].Timestamp: ...``, with
    that item's JSON as ``body``) at that read. ``lazy_items=False`` validates every item now.
    """

    def failure(reason: str) -> ResponseParseError:
        return ResponseParseError(operation, reason, request_id=request_id, body=body)

    if lazy_items and _holds_items(model):
        return _validate_page(model, body, failure, operation, request_id)
    first: ValidationError | None = None
    # A body without the bytes "null" (nearly every body) needs no second look when it parses.
    if b"null" not in body:
        try:
            # ``from_response_json`` without its Python layers (this is every call's path).
            parsed: M = model.__pydantic_validator__.validate_json(
                body, context=models.RESPONSE_CONTEXT
            )
            return parsed
        except validation_error() as error:
            first = error
    data = _json_object(body, failure)
    try:
        cleaned = _without_null_members(data)
        if first is not None and cleaned == data:
            raise failure(_describe(first))
        return model.from_response_json(json.dumps(cleaned))
    except validation_error() as error:
        raise failure(_describe(error)) from None
    except RecursionError:
        raise failure("the body nests too deeply") from None


def _json_object(body: bytes, failure: Callable[[str], ResponseParseError]) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise failure(f"the body is not valid JSON ({type(error).__name__}: {error})") from None
    if not isinstance(data, dict):
        raise failure(f"the body is a JSON {type(data).__name__}, not an object") from None
    return data


def _validate_page(
    model: type[M],
    body: bytes,
    failure: Callable[[str], ResponseParseError],
    operation: str,
    request_id: str | None,
) -> M:
    """A page whose item lists stay parsed JSON until read (see :func:`validate_body`)."""
    from pydantic_core import from_json

    from .models._items import ITEMS_CONTEXT_KEY, ItemSource

    try:
        # Strings cached: the many repeated keys and short values are shared, as
        # botocore's member names are. NaN and Infinity parse, as on the eager path (and
        # in botocore): a typed number refuses them when validated.
        data = from_json(body, cache_strings=True, allow_inf_nan=True)
    except ValueError as error:
        _json_object(body, failure)  # raises, worded by the standard library, if it refuses too
        raise failure(f"the body is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise failure(f"the body is a JSON {type(data).__name__}, not an object")
    try:
        if b"null" in body:
            data = _without_null_members(data)
        source = ItemSource(
            models.RESPONSE_CONTEXT, partial(_item_failure, operation, request_id), _gc_relaxed
        )
        context = {**models.RESPONSE_CONTEXT, ITEMS_CONTEXT_KEY: source}
        parsed: M = model.__pydantic_validator__.validate_python(data, context=context)
        return parsed
    except validation_error() as error:
        raise failure(_describe(error)) from None
    except RecursionError:
        raise failure("the body nests too deeply") from None


def _item_failure(
    operation: str,
    request_id: str | None,
    where: tuple[str | int, ...],
    error: ValidationError,
    item: Any,
) -> ResponseParseError:
    """The error of an item that fails validation on first read; its JSON is the body."""
    try:
        body: bytes | None = json.dumps(item).encode()
    except (TypeError, ValueError, RecursionError):
        body = None
    return ResponseParseError(operation, _describe(error, where), request_id=request_id, body=body)


def response_parser(model: type[M], operation: str) -> Callable[[Mapping[str, Any]], M]:
    """``parse_response(model, ·, operation=operation)``, with what its one-pass path reads
    on every call (the validator, whether ``model`` holds item lists lazily, the context)
    bound once: the typed client keeps one per operation. ``model``'s schema is built."""
    validate_json = model.__pydantic_validator__.validate_json
    one_pass = not _holds_items(model)
    context = models.RESPONSE_CONTEXT

    def parse(response: Mapping[str, Any]) -> M:
        raw = response.get(RAW_BODY_KEY)
        if one_pass and raw is not None and len(raw) < _SMALL_BODY and b"null" not in raw:
            # Every small call's path: one pydantic-core pass over the bytes. A body it
            # refuses is judged again, where the error is worded (with the request id).
            try:
                parsed: M = validate_json(raw, context=context)
                return parsed
            except validation_error():
                pass
        return _judged(model, response, operation, None)

    return parse


def parse_response(
    model: type[M],
    response: Mapping[str, Any],
    *,
    operation: str | None = None,
    request_id: str | None = None,
) -> M:
    """The typed response: from the raw body when the hook kept one, else from botocore's dict.

    Raises:
        ResponseParseError: the body is not a valid response of ``operation``.
    """
    if request_id is None:
        return response_parser(model, operation or _operation_of(model))(response)
    return _judged(model, response, operation, request_id)


def _operation_of(model: type[Any]) -> str:
    return model.__name__.removesuffix("Response")


def _judged(
    model: type[M],
    response: Mapping[str, Any],
    operation: str | None,
    request_id: str | None,
) -> M:
    """:func:`parse_response` past the one-pass path: every body is judged and worded."""
    raw = response.get(RAW_BODY_KEY)
    if operation is None:
        operation = _operation_of(model)
    if request_id is None:
        metadata = response.get("ResponseMetadata")
        if isinstance(metadata, Mapping):
            request_id = metadata.get("RequestId")
    refused = response.get(PARSE_ERROR_KEY)
    if isinstance(refused, ResponseParseError):
        raise refused
    if raw is not None and len(raw) < _SMALL_BODY:
        # Too few objects to trigger a collection worth avoiding: skip the bookkeeping.
        return validate_body(model, raw, operation=operation, request_id=request_id)
    with _gc_relaxed():
        if raw is not None:
            return validate_body(model, raw, operation=operation, request_id=request_id)
        data = {
            k: v
            for k, v in response.items()
            if k not in ("ResponseMetadata", PARSE_ERROR_KEY, RAW_BODY_KEY)
        }
        try:
            return model.from_response(data)
        except validation_error() as error:
            raise ResponseParseError(operation, _describe(error), request_id=request_id) from None
