"""The base classes of the generated models, and the building blocks the models use.

:class:`RekogModel` and its subclasses are public (re-exported by :mod:`rekog.models`); the
rest (``Blob``, ``Timestamp``, the ``check_*`` validators, ``empty_list``, ``WIRE_DUMP``) are
what the generated models (``rekog/_generated/models/``) and the client reference, not API.
Everything here is hand-written; the models are generated from botocore's service model by
``tools/generate.py``.
"""

from __future__ import annotations

import base64
import calendar
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, PlainSerializer, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError, PydanticSerializationError

from .open_enum import OpenEnum

if TYPE_CHECKING:
    from ..response_metadata import ResponseMetadata

__all__ = [
    "RESPONSE_CONTEXT",
    "InputShapeModel",
    "RekogModel",
    "RequestModel",
    "ResponseModel",
    "SharedShapeModel",
]

logger: logging.Logger = logging.getLogger("rekog")

#: How a model is dumped to the AWS wire dict (:meth:`RekogModel.to_wire`, and the request
#: serializer the client binds once per operation): member names as in the API, only
#: members that were set.
WIRE_DUMP: Mapping[str, Any] = MappingProxyType({"by_alias": True, "exclude_unset": True})

#: The service's integer widths: botocore ``integer`` shapes are 32-bit, ``long`` 64-bit.
INT32_RANGE = (-(2**31), 2**31 - 1)
INT64_RANGE = (-(2**63), 2**63 - 1)

#: A blob: ``bytes`` in Python, standard base64 in JSON as on the AWS wire (pydantic's own
#: ``ser_json_bytes="base64"`` writes the URL-safe alphabet, which botocore misreads).
Blob = Annotated[
    bytes,
    PlainSerializer(
        lambda data: base64.b64encode(data).decode("ascii"), return_type=str, when_used="json"
    ),
]


def _epoch_seconds(value: datetime) -> int | float:
    # The service's JSON carries epoch seconds; a naive datetime is taken as UTC.
    seconds = calendar.timegm(value.utctimetuple())
    if value.microsecond:
        return seconds + value.microsecond / 1_000_000
    return seconds


#: A timestamp: ``datetime`` in Python, epoch seconds in JSON as on the AWS wire.
Timestamp = Annotated[
    datetime, PlainSerializer(_epoch_seconds, return_type=int | float, when_used="json")
]

#: Validation context under which responses are parsed. Client-side request rules (lengths,
#: ranges, patterns, required members) of shapes that appear in both requests and responses
#: are skipped under it, so a response is never rejected because AWS loosened a rule.
RESPONSE_CONTEXT: Mapping[str, bool] = {"rekog_response": True}

_BLOB_REPR_LIMIT = 32

M = TypeVar("M", bound="RekogModel")


def _is_response(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, Mapping) and bool(context.get("rekog_response"))


# What an enum value AWS may add looks like (all of today's values match); anything else sent
# for an enum parameter is a mistake (a 100 KB string, a line read from a file).
_ENUM_VALUE_FORM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
_WARNED_ENUM_VALUES: set[tuple[str, str]] = set()
_WARNED_LIMIT = 1024


def _unknown_enum_problem(value: OpenEnum) -> str | None:
    """The rule an unknown request enum value breaks, else ``None`` (warned once)."""
    enum_name = type(value).__name__
    known = ", ".join(member.value for member in type(value))
    if _ENUM_VALUE_FORM.fullmatch(value.value) is None:
        return f"is not a value of {enum_name} (known values: {known})"
    key = (enum_name, value.value)
    if key not in _WARNED_ENUM_VALUES and len(_WARNED_ENUM_VALUES) < _WARNED_LIMIT:
        _WARNED_ENUM_VALUES.add(key)
        logger.warning(
            "%r is not a %s value this rekog version knows (known values: %s); sending it as "
            "is, in case the service added it",
            value.value,
            enum_name,
            known,
        )
    return None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # DOTALL: a client-side check must not be stricter than the service (policy documents
    # span lines).
    return re.compile(pattern, re.DOTALL)


#: The rule a string breaks when it does not match the service's ``pattern`` as a whole.
PATTERN_MISMATCH = "String should fully match pattern '{pattern}'"


def _pattern_mismatch(pattern: str) -> PydanticCustomError:
    # pydantic-core's own error for a failed ``pattern`` constraint, with the service's text.
    return PydanticCustomError("string_pattern_mismatch", PATTERN_MISMATCH, {"pattern": pattern})


def check_pattern(pattern: str, python_pattern: str) -> Any:
    """An ``AfterValidator`` function: the whole string must match the service's pattern.

    ``pattern`` is the service model's text (shown in errors); ``python_pattern`` is its
    translation for Python's ``re`` (Unicode property classes become ``re`` classes).
    Request-only shapes: the rule holds even under the response context, as a response never
    carries them.
    """

    def validate(value: str) -> str:
        if _compiled(python_pattern).fullmatch(value) is None:
            raise _pattern_mismatch(pattern)
        return value

    return validate


def check_rules(
    *,
    min_length: int | None = None,
    max_length: int | None = None,
    ge: float | None = None,
    le: float | None = None,
    pattern: str | None = None,
    python_pattern: str | None = None,
) -> Any:
    """An ``AfterValidator`` function for shapes shared by requests and responses.

    Checks the same rules pydantic-core checks on request-only shapes, but skips them under
    the response context, so a response is never rejected for breaking a request rule.
    """

    def validate(value: Any, info: ValidationInfo) -> Any:
        if _is_response(info):
            return value
        if min_length is not None and len(value) < min_length:
            raise PydanticCustomError(
                "too_short",
                "Value should have at least {min_length} items/characters, not {actual}",
                {"min_length": min_length, "actual": len(value)},
            )
        if max_length is not None and len(value) > max_length:
            raise PydanticCustomError(
                "too_long",
                "Value should have at most {max_length} items/characters, not {actual}",
                {"max_length": max_length, "actual": len(value)},
            )
        if ge is not None and value < ge:
            raise PydanticCustomError(
                "greater_than_equal", "Input should be greater than or equal to {ge}", {"ge": ge}
            )
        if le is not None and value > le:
            raise PydanticCustomError(
                "less_than_equal", "Input should be less than or equal to {le}", {"le": le}
            )
        if pattern is not None and python_pattern is not None:
            if _compiled(python_pattern).fullmatch(value) is None:
                raise _pattern_mismatch(pattern)
        return value

    return validate


def check_sequence(value: Any, info: ValidationInfo) -> Any:
    """A ``BeforeValidator`` function for request lists: a list or tuple, not any iterable.

    A set, a generator or an open file's lines would otherwise be accepted and sent; skipped
    under the response context.
    """
    if _is_response(info) or isinstance(value, (list, tuple)):
        return value
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise PydanticCustomError(
        "list_type",
        "Input should be a list or tuple, not {kind}",
        {"kind": type(value).__name__},
    )


def check_enum_type(value: Any, info: ValidationInfo) -> Any:
    """A ``BeforeValidator`` function for request enums: a string (or member), nothing else.

    pydantic's lax enum check would turn ``b"AUTO"`` into ``"AUTO"``; skipped under the
    response context.
    """
    if isinstance(value, str) or _is_response(info):
        return value
    raise PydanticCustomError(
        "enum_type",
        "Input should be a string enum value, not {kind}",
        {"kind": type(value).__name__},
    )


def empty_list() -> list[Any]:
    """A new empty list: the default of every list member of the generated models.

    A Python function rather than ``list``: pydantic inspects each default factory's
    signature, and ``inspect.signature(list)`` parses a builtin's text signature with
    ``tokenize``, whose pattern compiles on first use (~1.6 ms of a process's first call).
    """
    return []


def _short_repr(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)) and len(value) > _BLOB_REPR_LIMIT:
        return _TruncatedBlob(bytes(value))
    return value


class _TruncatedBlob:
    """Stands in for a long blob in ``repr`` so image bytes never flood logs."""

    def __init__(self, blob: bytes) -> None:
        self._blob = blob

    def __repr__(self) -> str:
        return f"{self._blob[:_BLOB_REPR_LIMIT]!r}...<{len(self._blob)} bytes>"


class RekogModel(BaseModel):
    """Base of every generated Rekognition model.

    - attributes are snake_case; the AWS member name is the alias and either name populates;
    - unknown members are kept (``extra="allow"``) and round-trip;
    - schemas are built on first use (``defer_build``) to keep imports cheap;
    - blobs are base64 in JSON, as on the wire.
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        extra="allow",
        defer_build=True,
        protected_namespaces=(),
        val_json_bytes="base64",
        arbitrary_types_allowed=False,
        # JSON has no NaN or infinity, and no Rekognition number takes one.
        allow_inf_nan=False,
    )

    @classmethod
    def from_response(cls: type[M], data: Mapping[str, Any]) -> M:
        """Parse a response dict (as boto3 returns it) without client-side request rules."""
        return cls.model_validate(data, context=RESPONSE_CONTEXT)

    @classmethod
    def from_response_json(cls: type[M], raw: str | bytes | bytearray) -> M:
        """Parse a raw JSON response body straight from its bytes."""
        return cls.model_validate_json(raw, context=RESPONSE_CONTEXT)

    def to_wire(self) -> dict[str, Any]:
        """The AWS wire dict: member names as in the API, only members that were set."""
        return self.model_dump(**WIRE_DUMP)

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            yield name, _short_repr(value)

    def _repr_html_(self) -> str:
        """A compact HTML summary for Jupyter (built by ``rekog._html``)."""
        from .._html import model_html

        return model_html(self)


class SharedShapeModel(RekogModel):
    """Base of shapes used in both requests and responses that have required members.

    Those members are typed optional so that a response always parses; outside a response
    context a model validator still requires them, as the service does.
    """

    #: Members the service requires, checked for shapes shared by requests and responses
    #: (typed optional so responses always parse). Set by the generator.
    __rekog_required__: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _check_shared_required(self, info: ValidationInfo) -> SharedShapeModel:
        required = type(self).__rekog_required__
        if not required or _is_response(info):
            return self
        # A list member defaults to []: "missing" means never set, or set to None.
        missing = [
            name
            for name in required
            if name not in self.model_fields_set or getattr(self, name) is None
        ]
        if missing:
            raise PydanticCustomError(
                "missing",
                "Field required: {fields}",
                {"fields": ", ".join(missing)},
            )
        return self


class ResponseModel(RekogModel):
    """Base of every operation's output shape (``DetectFacesResponse``, ...).

    Validates under the response context whoever calls it: ``model_validate`` of a stored
    boto3 response never applies request rules, with or without ``context=``. (Not the
    constructor: a custom ``__init__`` would make pydantic-core call Python for every parse.)
    """

    # The HTTP response's metadata, set by the client: a slot, so it is no field, private
    # attribute or extra member (not dumped, not compared, no cost to a parse). The client
    # stores botocore's metadata dict and its retry count; the ResponseMetadata is built on
    # first read (most results are never asked: building it cost every call ~3 us).
    __slots__ = ("_rekog_response_metadata",)

    @property
    def response_metadata(self) -> ResponseMetadata | None:
        """The request id, HTTP status, headers and retry count of the call that returned
        this result (``None`` on a result not returned by a client call, e.g. parsed from a
        file). Kept out of ``model_dump()`` and the JSON; a copy does not carry it."""
        try:
            stored = object.__getattribute__(self, "_rekog_response_metadata")
        except AttributeError:
            return None
        if isinstance(stored, tuple):
            from ..response_metadata import ResponseMetadata

            botocore_metadata, rekog_retries = stored
            stored = ResponseMetadata.from_botocore(botocore_metadata, rekog_retries)
            object.__setattr__(self, "_rekog_response_metadata", stored)
        metadata: ResponseMetadata = stored
        return metadata

    @classmethod
    def model_validate(cls: type[M], obj: Any, **kwargs: Any) -> M:
        """Validate ``obj`` as a response (request rules off unless a context is given)."""
        if kwargs.get("context") is None:
            kwargs["context"] = RESPONSE_CONTEXT
        return super().model_validate(obj, **kwargs)

    @classmethod
    def model_validate_json(cls: type[M], json_data: str | bytes | bytearray, **kwargs: Any) -> M:
        """Validate a JSON document as a response (request rules off unless a context is given)."""
        if kwargs.get("context") is None:
            kwargs["context"] = RESPONSE_CONTEXT
        return super().model_validate_json(json_data, **kwargs)

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        """As pydantic's; an item that fails validation when read raises its own error."""
        try:
            return super().model_dump(**kwargs)
        except PydanticSerializationError:
            _raise_item_failure()
            raise

    def model_dump_json(self, **kwargs: Any) -> str:
        """As pydantic's; an item that fails validation when read raises its own error."""
        try:
            return super().model_dump_json(**kwargs)
        except PydanticSerializationError:
            _raise_item_failure()
            raise

    @classmethod
    def model_validate_strings(cls: type[M], obj: Any, **kwargs: Any) -> M:
        """Validate string data as a response (request rules off unless a context is given)."""
        if kwargs.get("context") is None:
            kwargs["context"] = RESPONSE_CONTEXT
        return super().model_validate_strings(obj, **kwargs)


def _raise_item_failure() -> None:
    # An item list validates its unread items while the page is dumped (models/_items.py);
    # pydantic-core wraps the parse error of a malformed one, which is what the caller needs.
    from ._items import dump_failure

    error = dump_failure()
    if error is not None:
        raise error from None


class InputShapeModel(RekogModel):
    """Base of shapes that appear only in requests: unknown members are an error.

    A misspelt key (``{"Bytez": ...}``) would otherwise be kept and sent.
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid")


class RequestModel(InputShapeModel):
    """Base of every operation's input shape (``DetectFacesRequest``, ...).

    After validation it walks the nested values once: unknown members of shapes shared with
    responses are an error, and an enum value this version does not know is still sent but
    logged once (or rejected if it cannot be an enum value at all).
    """

    @model_validator(mode="after")
    def _check_nested(self) -> RequestModel:
        if not _may_nest(type(self)):
            return self  # only scalars: nothing to walk (most small calls)
        problem = _first_problem(self, ())
        if problem is not None:
            loc, kind, message, value = problem
            raise PydanticCustomError(kind, message, {"rekog_loc": loc, "rekog_input": value})
        return self


_MAY_NEST: dict[type, bool] = {}


def _may_nest(cls: type[RekogModel]) -> bool:
    """Whether an instance of ``cls`` can hold a model or an enum value (by its fields)."""
    known = _MAY_NEST.get(cls)
    if known is None:
        known = _MAY_NEST[cls] = any(
            _mentions_model_or_enum(field.annotation) for field in cls.model_fields.values()
        )
    return known


def _mentions_model_or_enum(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, (RekogModel, OpenEnum)):
        return True
    return any(_mentions_model_or_enum(arg) for arg in get_args(annotation))


def _first_problem(
    value: Any, loc: tuple[str | int, ...]
) -> tuple[tuple[str | int, ...], str, str, Any] | None:
    """The first nested problem of a validated request: (location, error type, rule, value)."""
    for where, item in _walk(value, loc):
        if isinstance(item, OpenEnum):
            if not item.is_known:
                rule = _unknown_enum_problem(item)
                if rule is not None:
                    return where, "enum", rule, item.value
        else:
            extra = item.__pydantic_extra__
            if extra:
                key = next(iter(extra))
                rule = "Extra inputs are not permitted"
                return (*where, key), "extra_forbidden", rule, extra[key]
    return None


def _walk(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every nested model and enum value of ``value`` with its location."""
    if isinstance(value, OpenEnum):
        yield loc, value
    elif isinstance(value, RekogModel):
        if loc:
            yield loc, value
        for name, item in value.__dict__.items():
            yield from _walk(item, (*loc, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*loc, str(key)))
