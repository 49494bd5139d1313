"""Fuzz every generated operation's signature with bad values, one parameter at a time.

For each operation, hypothesis draws a valid set of arguments (from the botocore shapes, not
from rekog's models), then replaces one parameter with a bad value of its shape's kind: the
wrong type, an out-of-range or huge integer, a bool, bytes for a string, NaN, a too-long
string, an empty list where one item is required, a set or a generator for a list, an unknown
dict key, something that cannot be an enum value. The call must raise ``InvalidRequestError``
naming that parameter, and nothing may be sent (a ``before-send`` hook counts requests).

A plausible enum value this version does not know is not an error: it is sent, with a
warning. Examples are bounded and derandomized so CI stays quick and repeatable.
"""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekog import InvalidRequestError, Rekognition
from rekog._generated.operations import OPERATIONS

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))

import servicemodel as sm  # noqa: E402

MODEL = sm.load_service_model()
SHAPES: dict[str, Any] = MODEL["shapes"]
FUZZ_SETTINGS = settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
INT_RANGE = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
IMAGE = "s3://fuzz-bucket/photo.jpg"
VIDEO = "s3://fuzz-bucket/clip.mp4"


class _Raw:
    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b"{}"


@pytest.fixture(scope="module")
def counted() -> tuple[Rekognition, list[str]]:
    """A client whose requests are counted and answered ``{}`` without any network."""
    sent: list[str] = []
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    rk = Rekognition(session=session, endpoint_url="http://127.0.0.1:9")

    def reply(request: Any, **_: Any) -> AWSResponse:
        sent.append(request.headers.get("X-Amz-Target", b"").decode())
        return AWSResponse(request.url, 200, {"x-amzn-RequestId": "fuzz"}, _Raw())

    rk.client.meta.events.register("before-send.rekognition", reply)
    return rk, sent


# ----------------------------------------------------------------------- valid values


@cache
def valid(name: str) -> st.SearchStrategy[Any]:
    """Values of shape ``name`` that follow every rule of the service model (AWS names)."""
    shape = SHAPES[name]
    kind = shape["type"]
    low, high = shape.get("min"), shape.get("max")
    if name == "Image":
        return st.just({"S3Object": {"Bucket": "fuzz-bucket", "Name": "photo.jpg"}})
    if name == "Video":
        return st.just({"S3Object": {"Bucket": "fuzz-bucket", "Name": "clip.mp4"}})
    if kind == "structure":
        members = shape.get("members", {})
        required = set(shape.get("required", []))
        return st.fixed_dictionaries(
            {m: valid(v["shape"]) for m, v in members.items() if m in required}
        )
    if kind == "list":
        size = low or 0
        return st.lists(valid(shape["member"]["shape"]), min_size=size, max_size=size + 1)
    if kind == "map":
        return st.dictionaries(
            valid(shape["key"]["shape"]), valid(shape["value"]["shape"]), min_size=low or 0,
            max_size=(low or 0) + 1,
        )  # fmt: skip
    if kind == "string":
        if "enum" in shape:
            return st.sampled_from(list(shape["enum"]))
        size_low, size_high = low or 0, min(high if high is not None else 64, 64)
        if "pattern" in shape:
            return st.from_regex(sm.sample_pattern(shape["pattern"]), fullmatch=True).filter(
                lambda s: (low or 0) <= len(s) <= (high if high is not None else 10**6)
            )
        return st.text(alphabet="abcxyz019", min_size=size_low, max_size=max(size_low, size_high))
    if kind in ("integer", "long"):
        lo, hi = INT_RANGE[kind]
        return st.integers(max(low if low is not None else lo, lo), min(high or 100, hi))
    if kind in ("float", "double"):
        return st.floats(min_value=low or 0, max_value=high or 100)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        return st.binary(min_size=low or 1, max_size=(low or 1) + 8)
    if kind == "timestamp":
        return st.just(1_700_000_000)
    raise AssertionError(f"unhandled shape type {kind} of {name}")


# ----------------------------------------------------------------------- bad values


def _lines() -> Iterator[str]:
    yield from ("DEFAULT\n", "ALL\n")


def bad_values(shape_name: str) -> list[tuple[str, Any]]:
    """(label, value) pairs that break a rule of ``shape_name`` whatever else is sent."""
    shape = SHAPES[shape_name]
    kind = shape["type"]
    low, high = shape.get("min"), shape.get("max")
    if shape_name == "Image":
        return [("unknown key", {"Bytez": b"x"}), ("int", 5), ("list", [IMAGE])]
    if shape_name == "Video":
        return [("int", 5), ("list", [VIDEO])]
    if kind == "structure":
        return [("unknown key", {"Bogus": 1}), ("int", 5), ("list", [{}])]
    if kind == "list":
        member = shape["member"]["shape"]
        values: list[tuple[str, Any]] = [
            ("str", "abc"),
            ("int", 7),
            ("generator", _lines()),
            ("list of bad items", [item for _, item in bad_values(member)[:1]]),
        ]
        if low:
            values.append(("empty", []))
        return values
    if kind == "map":
        return [("int", 5), ("list", ["a"])]
    if kind == "string":
        if "enum" in shape:
            return [("int", 5), ("bytes", b"AUTO"), ("newline", "AUTO\n"), ("huge", "A" * 100_000)]
        values = [("int", 5), ("bytes", b"abc"), ("bool", True), ("float", 1.5)]
        if high is not None:
            values.append(("too long", "a" * (high + 1)))
        if low:
            values.append(("too short", "a" * (low - 1)))
        return values
    if kind in ("integer", "long"):
        lo, hi = INT_RANGE[kind]
        values = [("bool", True), ("str", "3"), ("float", 1.5), ("huge", 10**30)]
        values.append(("beyond width", hi + 1))
        if high is not None and high < hi:
            values.append(("above max", high + 1))
        if low is not None and low > lo:
            values.append(("below min", low - 1))
        return values
    if kind in ("float", "double"):
        values = [("nan", math.nan), ("inf", math.inf), ("bool", True), ("str", "1.0")]
        if high is not None:
            values.append(("above max", high + 1))
        return values
    if kind == "boolean":
        return [("int", 1), ("str", "true")]
    if kind == "blob":
        return [("int", 5), ("list", [1])]
    if kind == "timestamp":
        return [("text", "not a time"), ("list", [1])]
    raise AssertionError(f"unhandled shape type {kind} of {shape_name}")


def arguments_of(operation: str, wire: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments of the rekog method from a valid wire dict (images as s3:// URLs)."""
    spec = OPERATIONS[operation]
    kwargs = {sm.python_name(k): v for k, v in wire.items()}
    for name in spec.image_params:
        if name in kwargs:
            kwargs[name] = IMAGE
    for name in spec.video_params:
        if name in kwargs:
            kwargs[name] = VIDEO
    return kwargs


def parameters(operation: str) -> list[tuple[str, str]]:
    """(python name, shape name) of each parameter of the operation rekog validates."""
    op = MODEL["operations"][operation]
    members = SHAPES[op["input"]["shape"]].get("members", {})
    return [(sm.python_name(m), v["shape"]) for m, v in members.items()]


def names_parameter(error: InvalidRequestError, parameter: str) -> bool:
    return error.parameter == parameter or error.parameter.startswith(
        (f"{parameter}.", f"{parameter}[")
    )


FUZZED = sorted(name for name in OPERATIONS if parameters(name))


@pytest.mark.parametrize("operation", FUZZED)
@FUZZ_SETTINGS
@given(data=st.data())
def test_bad_argument_is_an_invalid_request_naming_it(
    counted: tuple[Rekognition, list[str]], operation: str, data: st.DataObject
) -> None:
    rk, sent = counted
    spec = OPERATIONS[operation]
    request_shape = MODEL["operations"][operation]["input"]["shape"]
    base = arguments_of(operation, data.draw(valid(request_shape), label="valid arguments"))
    method = getattr(rk, spec.method)
    before = len(sent)
    for parameter, shape_name in parameters(operation):
        for label, value in bad_values(shape_name):
            if isinstance(value, Iterator):
                value = _lines()
            with pytest.raises(InvalidRequestError) as caught:
                method(**{**base, parameter: value})
                pytest.fail(f"{operation}({parameter}={label}) was sent")
            assert names_parameter(caught.value, parameter), (
                f"{operation}({parameter}={label}): error names {caught.value.parameter!r}"
            )
    assert len(sent) == before, f"{operation}: a request was sent for a bad argument"
    # A value this version does not know, of the form enum values take, is sent (AWS adds
    # values): once per enum parameter, and once per list-of-enum parameter.
    for parameter, value in unknown_enum_values(operation):
        method(**{**base, parameter: value})
        before += 1
        assert len(sent) == before, f"{operation}({parameter}={value!r}) was not sent"


def unknown_enum_values(operation: str) -> list[tuple[str, Any]]:
    """(parameter, plausible unknown value) for each enum or list-of-enum parameter."""
    found: list[tuple[str, Any]] = []
    for parameter, shape_name in parameters(operation):
        shape = SHAPES[shape_name]
        if "enum" in shape:
            found.append((parameter, "FUTURE_VALUE_2031"))
        elif shape["type"] == "list" and "enum" in SHAPES[shape["member"]["shape"]]:
            found.append((parameter, ["FUTURE_VALUE_2031"]))
    return found


def test_the_valid_arguments_are_sent(counted: tuple[Rekognition, list[str]]) -> None:
    """The baseline the fuzz test breaks is itself accepted (else the test proves nothing)."""
    rk, sent = counted
    before = len(sent)
    rk.search_faces_by_image(collection_id="staff", image=IMAGE, max_faces=5)
    rk.list_faces(collection_id="staff", max_results=0)  # 0 is legal for ListFaces
    assert len(sent) == before + 2


@pytest.mark.parametrize("value", ["AUTO_2030", "NEWLEVEL"])
def test_unknown_enum_value_is_sent_and_warned_once(
    counted: tuple[Rekognition, list[str]], value: str, caplog: pytest.LogCaptureFixture
) -> None:
    rk, sent = counted
    before = len(sent)
    with caplog.at_level(logging.WARNING, logger="rekog"):
        for _ in range(3):
            rk.search_faces_by_image(collection_id="staff", image=IMAGE, quality_filter=value)
    assert len(sent) == before + 3
    warnings = [r for r in caplog.records if value in r.getMessage()]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert "QualityFilter" in message and "NONE, AUTO, LOW, MEDIUM, HIGH" in message
