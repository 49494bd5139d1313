"""Property tests: any wire dict the service model allows parses and round-trips exactly.

Wire dicts are generated from the botocore shapes themselves (not from our models), so a model
that drops, renames or re-types a member fails here.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from functools import cache, lru_cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ._support import (
    OPERATIONS,
    SHAPES,
    input_shape,
    model_class,
    output_structures,
    plain,
    sm,
    to_json_wire,
)

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

INT_RANGE = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
TIMEZONES = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30))]

# Unknown members AWS may add: PascalCase names no shape uses, with JSON values.
json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner, max_size=2)
    ),
    max_leaves=4,
)
unknown_names = st.text(alphabet=string.ascii_letters, min_size=1, max_size=8).map(
    lambda s: "Future" + s[0].upper() + s[1:]
)


def timestamps() -> st.SearchStrategy[dt.datetime]:
    # Millisecond precision, as the service sends (epoch seconds with 3 decimals).
    return st.datetimes(
        min_value=dt.datetime(1970, 1, 2),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.sampled_from(TIMEZONES),
    ).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))


@cache
def wire(name: str) -> st.SearchStrategy[Any]:
    """Values of shape ``name`` as boto3 returns them."""
    shape = SHAPES[name]
    kind = shape["type"]
    if kind == "structure":
        members = shape.get("members", {})
        fields = st.fixed_dictionaries(
            {}, optional={m: wire(v["shape"]) for m, v in members.items()}
        )
        names = set(members) | {sm.python_name(m) for m in members}
        extras = st.dictionaries(
            unknown_names.filter(lambda n: n not in names), json_values, max_size=1
        )
        # Mostly known members only; sometimes an unknown one too.
        return st.one_of(
            fields, fields, fields, st.tuples(fields, extras).map(lambda t: {**t[0], **t[1]})
        )
    if kind == "list":
        return st.lists(wire(shape["member"]["shape"]), max_size=3)
    if kind == "map":
        return st.dictionaries(
            wire(shape["key"]["shape"]), wire(shape["value"]["shape"]), max_size=3
        )
    if kind == "string":
        if "enum" in shape:
            values = list(shape["enum"])
            unknown = st.text(
                alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=12
            ).filter(lambda v: v not in values)
            return st.sampled_from(values) | unknown
        return st.text(max_size=20)
    if kind in ("integer", "long"):
        low, high = INT_RANGE[kind]
        return st.integers(shape.get("min", low), shape.get("max", high))
    if kind in ("float", "double"):
        return st.floats(
            min_value=shape.get("min"),
            max_value=shape.get("max"),
            allow_nan=False,
            allow_infinity=False,
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        return st.binary(max_size=16)
    if kind == "timestamp":
        return timestamps()
    raise AssertionError(f"unhandled shape type {kind} of {name}")


@lru_cache(maxsize=1)
def _service() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("rekognition")


def known_only(name: str, value: Any) -> Any:
    """``value`` without the members shape ``name`` does not know (botocore drops those)."""
    shape = SHAPES[name]
    if shape["type"] == "structure":
        members = shape.get("members", {})
        return {
            key: known_only(members[key]["shape"], item)
            for key, item in value.items()
            if key in members
        }
    if shape["type"] == "list":
        return [known_only(shape["member"]["shape"], item) for item in value]
    if shape["type"] == "map":
        return {key: known_only(shape["value"]["shape"], item) for key, item in value.items()}
    return value


def botocore_parse(name: str, body: bytes) -> Any:
    """What boto3 makes of ``body`` as a JSON 1.1 response of shape ``name``."""
    import botocore.parsers

    parser = botocore.parsers.create_parser("json")
    response = {"body": body, "headers": {}, "status_code": 200}
    parsed = parser.parse(response, _service().shape_for(name))
    parsed.pop("ResponseMetadata", None)
    return parsed


def check_round_trip(name: str, data: dict[str, Any]) -> None:
    cls = model_class(name)
    model = cls.from_response(data)
    assert model.to_wire() == data
    assert plain(model.to_wire()) == plain(data)
    # The model's own JSON (timestamps epoch seconds, blobs base64) parses back to the same wire.
    text = model.model_dump_json(by_alias=True, exclude_unset=True)
    again = cls.from_response_json(text)
    assert again.to_wire() == model.to_wire()
    assert again == model
    # A raw JSON 1.1 body (timestamps epoch seconds) parses to the same wire too, and dumps
    # back to exactly that JSON.
    raw = json.dumps(to_json_wire(data)).encode()
    from_raw = cls.from_response_json(raw)
    assert from_raw.to_wire() == data
    assert from_raw.model_dump(mode="json", by_alias=True, exclude_unset=True) == json.loads(raw)
    # An operation's output model never applies request rules, even without the context.
    if name.endswith("Response"):
        assert cls.model_validate(data) == model
        assert cls.model_validate_json(raw) == from_raw
    # The model's JSON is a body botocore reads back as the same response (blobs standard
    # base64, timestamps epoch seconds), so it can serve any AWS SDK (e.g. the local emulator).
    assert botocore_parse(name, text.encode()) == known_only(name, data)


KEY_SHAPES = [
    "FaceDetail",
    "PersonMatch",
    "TextDetection",
    "UserMatch",
    "UnsearchedFace",
    "SearchUsersByImageResponse",
    "GetFaceSearchResponse",
    "DescribeCollectionResponse",  # timestamp
    "GetFaceLivenessSessionResultsResponse",  # blobs
    "ListTagsForResourceResponse",  # map
    "S3Object",  # shared shape: request rules skipped in responses
]


@pytest.mark.parametrize("name", KEY_SHAPES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_key_shapes_round_trip(name: str, data: st.DataObject) -> None:
    check_round_trip(name, data.draw(wire(name), label=name))


def _named_wire(name: str) -> st.SearchStrategy[tuple[str, Any]]:
    return st.tuples(st.just(name), wire(name))


@settings(PROPERTY_SETTINGS, max_examples=100)
@given(case=st.sampled_from(output_structures()).flatmap(_named_wire))
def test_any_output_shape_round_trips(case: tuple[str, Any]) -> None:
    name, data = case
    check_round_trip(name, data)


def test_every_shape_type_has_a_strategy() -> None:
    for name in SHAPES:
        wire(name)  # raises on an unhandled shape type
    assert len(output_structures()) > 150


# --------------------------------------------------------------------------- requests


@cache
def valid(name: str) -> st.SearchStrategy[Any]:
    """Values of shape ``name`` that satisfy every rule of the service model."""
    shape = SHAPES[name]
    kind = shape["type"]
    low, high = shape.get("min"), shape.get("max")
    if kind == "structure":
        members = shape.get("members", {})
        required = set(shape.get("required", []))
        return st.fixed_dictionaries(
            {m: valid(v["shape"]) for m, v in members.items() if m in required},
            optional={m: valid(v["shape"]) for m, v in members.items() if m not in required},
        )
    if kind in ("list", "map"):
        min_size = low or 0
        max_size = min(high if high is not None else min_size + 3, min_size + 3)
        if kind == "list":
            return st.lists(valid(shape["member"]["shape"]), min_size=min_size, max_size=max_size)
        return st.dictionaries(
            valid(shape["key"]["shape"]),
            valid(shape["value"]["shape"]),
            min_size=min_size,
            max_size=max_size,
        )
    if kind == "string":
        if "enum" in shape:
            return st.sampled_from(list(shape["enum"]))
        min_size = low or 0
        max_size = high if high is not None else 10_000
        if "pattern" in shape:
            pattern = sm.sample_pattern(shape["pattern"])
            return st.from_regex(pattern, fullmatch=True).filter(
                lambda s: min_size <= len(s) <= max_size
            )
        return st.text(min_size=min_size, max_size=min(max_size, min_size + 20))
    if kind == "blob":
        return st.binary(min_size=low or 0, max_size=(low or 0) + 16)
    return wire(name)


REQUEST_STRUCTURES = [
    name
    for name in sorted(SHAPES)
    if SHAPES[name]["type"] == "structure"
    and sm.reachability(sm.load_service_model()).role(name) in ("input", "shared")
]


def _botocore_shape(name: str) -> Any:
    return _service().shape_for(name)


@settings(PROPERTY_SETTINGS, max_examples=100)
@given(case=st.sampled_from(REQUEST_STRUCTURES).flatmap(lambda n: st.tuples(st.just(n), valid(n))))
def test_valid_requests_are_accepted(case: tuple[str, Any]) -> None:
    """A request that follows every rule builds, round-trips, and botocore accepts its wire."""
    from botocore.validate import validate_parameters

    name, data = case
    cls = model_class(name)
    model = cls.model_validate(data)
    assert model.to_wire() == data
    validate_parameters(model.to_wire(), _botocore_shape(name))
    text = model.model_dump_json(by_alias=True, exclude_unset=True)
    assert cls.model_validate_json(text).to_wire() == data


def _operation_request(operation: str) -> st.SearchStrategy[tuple[str, Any]]:
    shape = input_shape(operation)
    assert shape is not None
    return st.tuples(st.just(operation), valid(shape))


@settings(PROPERTY_SETTINGS, max_examples=150)
@given(case=st.sampled_from(sorted(OPERATIONS)).flatmap(_operation_request))
def test_rekogs_request_serializer_writes_botocores_request(case: tuple[str, Any]) -> None:
    """rekog's clients write each request's body in one pass (rekog/_request_serializer.py):
    byte for byte what botocore's serializer writes, on every operation."""
    import botocore.serialize

    from rekog._request_serializer import _Serializer

    operation, data = case
    botocore_serializer = botocore.serialize.create_serializer("json", include_validation=False)
    rekogs = _Serializer(botocore_serializer)
    model = _service().operation_model(operation)
    expected = botocore_serializer.serialize_to_request(data, model)
    assert rekogs.serialize_to_request(data, model) == expected
    assert rekogs._plans[operation] is not None  # every operation of this service: one pass


REQUIRED_CASES = [
    (name, member) for name in REQUEST_STRUCTURES for member in SHAPES[name].get("required", [])
]


@pytest.mark.parametrize(
    ("name", "member"), REQUIRED_CASES, ids=[f"{n}.{m}" for n, m in REQUIRED_CASES]
)
@settings(PROPERTY_SETTINGS, max_examples=5)
@given(data=st.data())
def test_missing_required_member_is_rejected(name: str, member: str, data: st.DataObject) -> None:
    """Whatever else a request holds, leaving out a required member fails before sending.

    botocore rejects such a request too (``Missing required parameter``); the model must not
    let it through.
    """
    from pydantic import ValidationError

    payload = dict(data.draw(valid(name), label=name))
    del payload[member]
    with pytest.raises(ValidationError):
        model_class(name).model_validate(payload)
