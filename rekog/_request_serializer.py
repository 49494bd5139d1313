"""The request serializer of the clients rekog creates: botocore's JSON body, in one pass.

botocore's JSON serializer walks every request along its shape in Python, member by member,
then ``json.dumps`` the copy it built: ~40k instructions for a one-member ``CreateCollection``,
more than rekog's validation of it. For this service the walk changes nothing but blobs (no
member is renamed, no timestamp, document or host label is sent), so the body is the same
``json.dumps`` of the parameters themselves, each blob base64-encoded as botocore encodes it:
byte for byte botocore's body, from one C-level encoder built once.

Anything that is not plain JSON -- a ``Decimal``, a float that is not finite, a tuple-less
iterable, a non-dict mapping, a top-level member the shape lacks -- goes to botocore's own
serializer, which gives its own body or error. The one difference: a member nested in a
structure that the shape lacks is sent as given, where botocore raises ``KeyError``; rekog's
requests never carry one (the models forbid unknown members, and
:func:`rekog._installed_model.check_installed_model` refuses members an older botocore lacks).

``tests/models/test_properties.py`` compares both serializers' output on generated requests
of every operation; ``tests/client/test_request_serializer.py`` checks each fallback.
"""

from __future__ import annotations

from json import encoder as _json_encoder
from typing import Any, NamedTuple

__all__ = ["install_request_serializer"]

# json.dumps(value)'s encoder with its defaults (ASCII output, ", " and ": ", no sorting),
# built once; no circular-reference markers (shared by threads: a request is a tree) and no
# NaN/Infinity (botocore writes those as strings: its serializer takes them).
_C_MAKE_ENCODER: Any = getattr(_json_encoder, "c_make_encoder", None)
_ENCODE = (
    None
    if _C_MAKE_ENCODER is None
    else _C_MAKE_ENCODER(
        None,
        _json_encoder.JSONEncoder().default,
        _json_encoder.encode_basestring_ascii,
        None,
        ": ",
        ", ",
        False,
        False,
        False,
    )
)


class _Plan(NamedTuple):
    """What one operation's requests need: botocore's request template and its blob paths."""

    method: str
    url_path: str
    query_string: Any
    headers: dict[str, str]
    members: frozenset[str]
    blobs: tuple[tuple[str, ...], ...]


def _plan(serializer: Any, operation_model: Any) -> _Plan | None:
    """The plan of ``operation_model``, or ``None`` when botocore's walk does more than copy
    (a renamed member, a timestamp, a document, a blob inside a list or map, a host
    prefix) or its template for an empty request is not the plain one."""
    shape = operation_model.input_shape
    if shape is None or operation_model.endpoint or shape.type_name != "structure":
        return None
    blobs: list[tuple[str, ...]] = []
    if not _plain(shape, (), blobs, set(), inside_collection=False):
        return None
    template = serializer.serialize_to_request({}, operation_model)
    if set(template) != {"url_path", "query_string", "method", "headers", "body"}:
        return None
    if template["body"] != b"{}":
        return None
    return _Plan(
        template["method"],
        template["url_path"],
        template["query_string"],
        dict(template["headers"]),
        frozenset(shape.members),
        tuple(blobs),
    )


def _plain(
    shape: Any,
    path: tuple[str, ...],
    blobs: list[tuple[str, ...]],
    seen: set[str],
    *,
    inside_collection: bool,
) -> bool:
    kind = shape.type_name
    if kind == "timestamp" or shape.serialization.get("jsonvalue"):
        return False
    if kind == "blob":
        if inside_collection:
            return False
        blobs.append(path)
        return True
    if kind == "structure":
        if shape.is_document_type:
            return False
        if shape.name in seen:  # recursive shapes: no blob can be found again below
            return True
        seen = seen | {shape.name}
        for name, member in shape.members.items():
            if "name" in member.serialization or member.serialization.get("hostLabel"):
                return False
            if not _plain(member, (*path, name), blobs, seen, inside_collection=inside_collection):
                return False
        return True
    if kind == "list":
        return _plain(shape.member, path, blobs, seen, inside_collection=True)
    if kind == "map":
        return _plain(shape.value, path, blobs, seen, inside_collection=True)
    return True


def _body(serializer: Any, plan: _Plan, parameters: Any) -> bytes | None:
    """botocore's body for ``parameters``, or ``None`` to let botocore serialize them."""
    if type(parameters) is not dict or not parameters.keys() <= plan.members:
        return None
    try:
        for path in plan.blobs:
            parameters = _with_base64(serializer, parameters, path)
            if parameters is None:
                return None
        return "".join(_ENCODE(parameters, 0)).encode("utf-8")  # type: ignore[misc]
    except (TypeError, ValueError):
        return None


def _with_base64(serializer: Any, value: dict[str, Any], path: tuple[str, ...]) -> Any:
    # A copy of ``value`` with the blob at ``path`` base64-encoded (as botocore's
    # ``_get_base64`` does); ``value`` itself is the caller's, left as it is.
    name = path[0]
    if name not in value:
        return value
    inner = value[name]
    if len(path) > 1:
        if type(inner) is not dict:
            return None
        encoded = _with_base64(serializer, inner, path[1:])
    else:
        encoded = serializer._get_base64(inner)  # raises as botocore's would: it then does
    return None if encoded is None else {**value, name: encoded}


class _Serializer:
    """Stands in for a client's botocore serializer (see the module docstring)."""

    def __init__(self, serializer: Any) -> None:
        self._serializer = serializer
        self._plans: dict[str, _Plan | None] = {}

    def serialize_to_request(self, parameters: Any, operation_model: Any) -> Any:
        name = operation_model.name
        try:
            plan = self._plans[name]
        except KeyError:
            plan = self._plans[name] = _plan(self._serializer, operation_model)
        body = None if plan is None else _body(self._serializer, plan, parameters)
        if body is None or plan is None:
            return self._serializer.serialize_to_request(parameters, operation_model)
        return {
            "url_path": plan.url_path,
            "query_string": plan.query_string,
            "method": plan.method,
            "headers": dict(plan.headers),  # botocore adds to them per request
            "body": body,
        }

    def __getattr__(self, name: str) -> Any:
        return getattr(self._serializer, name)


def install_request_serializer(client: Any) -> None:
    """Give ``client`` (botocore's or aiobotocore's, JSON protocol) the serializer above,
    once."""
    serializer = client._serializer
    if isinstance(serializer, _Serializer) or client.meta.service_model.protocol != "json":
        return
    if _ENCODE is None:  # a Python without json's C accelerator: botocore's walk is as fast
        return
    client._serializer = _Serializer(serializer)
