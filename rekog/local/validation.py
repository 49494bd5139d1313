"""Request validation driven by botocore's Rekognition service model.

The real service validates every request against its model before any business logic and
answers a constraint violation (pattern, length, range, enum, missing member) with a
``ValidationException`` whose message lists each violation, for example::

    1 validation error detected: Value 'bad id!' at 'collectionId' failed to satisfy
    constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.\\-]+

A value of the wrong JSON type is a ``SerializationException``. Blob size limits are not
checked here: the image loader answers ``ImageTooLargeException`` for oversized images.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from typing import Any

from botocore.loaders import Loader

from .errors import RekognitionError

_MAX_REPORTED = 10


@functools.lru_cache(maxsize=1)
def service_model() -> dict[str, Any]:
    """Rekognition's ``service-2`` model as loaded by botocore."""
    model: dict[str, Any] = Loader().load_service_model("rekognition", "service-2")
    return model


def operation_names() -> frozenset[str]:
    """Every operation name in the service model."""
    return frozenset(service_model()["operations"])


# Java regex classes used by the model that Python's ``re`` lacks (approximations).
_JAVA_CLASSES = {
    r"\p{L}": "A-Za-z\u00aa-\uffff",
    r"\p{N}": "0-9",
    r"\p{Z}": " \u00a0\u2000-\u200a\u2028\u2029\u3000",
}


@functools.lru_cache(maxsize=256)
def _pattern(regex: str) -> re.Pattern[str]:
    for java, python in _JAVA_CLASSES.items():
        regex = regex.replace(java, python)
    return re.compile(regex)


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _join(path: str, member: str) -> str:
    return f"{path}.{_camel(member)}" if path else _camel(member)


def _show(value: Any) -> str:
    """At most 100 characters of ``value`` -- built from its start, however big it is."""
    if value is None:
        return "null"
    if isinstance(value, str):
        text = value[:101]
    elif isinstance(value, (list, tuple)):
        parts: list[str] = []
        for item in value:
            parts.append(_show(item))
            if sum(len(p) + 2 for p in parts) > 100:
                break
        text = "[" + ", ".join(parts) + ("]" if len(parts) == len(value) else ", ...")
    elif isinstance(value, dict):
        text = _show([f"{k}={_show(v)}" for k, v in list(value.items())[:10]])
    else:
        text = repr(value)[:101]
    return text if len(text) <= 100 else text[:97] + "..."


class _Validator:
    def __init__(self, shapes: dict[str, Any]) -> None:
        self.shapes = shapes
        self.errors: list[str] = []
        self.count = 0

    def fail(self, value: Any, path: str, constraint: str) -> None:
        self.count += 1
        if len(self.errors) >= _MAX_REPORTED:
            return  # counted, but only the first ones are reported: do not build the text
        self.errors.append(
            f"Value '{_show(value)}' at '{path}' failed to satisfy constraint: {constraint}"
            if value is not None
            else f"Value null at '{path}' failed to satisfy constraint: {constraint}"
        )

    def wrong_type(self, path: str, expected: str) -> RekognitionError:
        return RekognitionError(
            "SerializationException", f"Expected {expected} at '{path or 'request'}'"
        )

    def check(self, shape_name: str, value: Any, path: str) -> None:
        shape = self.shapes[shape_name]
        kind = shape["type"]
        handler = getattr(self, f"_check_{kind}", None)
        if handler is not None:
            handler(shape, value, path)

    def _check_structure(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise self.wrong_type(path, "an object")
        members: dict[str, Any] = shape.get("members", {})
        for required in shape.get("required", []):
            if value.get(required) is None:
                self.fail(None, _join(path, required), "Member must not be null")
        for name, member in members.items():
            if value.get(name) is not None:
                self.check(member["shape"], value[name], _join(path, name))

    def _check_list(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if not isinstance(value, list):
            raise self.wrong_type(path, "a list")
        self._length(shape, value, path, len(value))
        if "max" in shape and len(value) > shape["max"]:
            return  # an over-long list is refused for its length; its members are not examined
        for index, item in enumerate(value, start=1):
            if item is None:
                self.fail(None, f"{path}.{index}.member", "Member must not be null")
            else:
                self.check(shape["member"]["shape"], item, f"{path}.{index}.member")

    def _check_map(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise self.wrong_type(path, "a map")
        self._length(shape, value, path, len(value))
        for key, item in value.items():
            self.check(shape["key"]["shape"], key, f"{path}.key")
            self.check(shape["value"]["shape"], item, f"{path}.value")

    def _check_string(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if not isinstance(value, str):
            raise self.wrong_type(path, "a string")
        self._length(shape, value, path, len(value))
        if "enum" in shape and value not in shape["enum"]:
            self.fail(
                value, path, f"Member must satisfy enum value set: [{', '.join(shape['enum'])}]"
            )
        pattern = shape.get("pattern")
        if pattern and _pattern(pattern).fullmatch(value) is None:
            self.fail(value, path, f"Member must satisfy regular expression pattern: {pattern}")

    def _check_integer(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong_type(path, "an integer")
        self._range(shape, value, path)

    _check_long = _check_integer

    def _check_float(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.wrong_type(path, "a number")
        self._range(shape, value, path)

    _check_double = _check_float

    def _check_boolean(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if not isinstance(value, bool):
            raise self.wrong_type(path, "a boolean")

    def _check_blob(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if isinstance(value, (bytes, bytearray)):
            size = len(value)
        elif isinstance(value, str):
            try:
                size = len(base64.b64decode(value, validate=True))
            except (binascii.Error, ValueError) as exc:
                raise self.wrong_type(path, "base64 encoded bytes") from exc
        else:
            raise self.wrong_type(path, "base64 encoded bytes")
        if "min" in shape and size < shape["min"]:
            self.fail(
                f"{size} bytes",
                path,
                f"Member must have length greater than or equal to {shape['min']}",
            )
        # Image.Bytes' shape caps it at 5,242,880 bytes: AWS answers a larger one with this
        # ValidationException (its value shown as the Java buffer), not ImageTooLargeException.
        if "max" in shape and size > shape["max"]:
            self.fail(
                f"java.nio.HeapByteBuffer[pos=0 lim={size} cap={size}]",
                path,
                f"Member must have length less than or equal to {shape['max']}",
            )

    def _check_timestamp(self, shape: dict[str, Any], value: Any, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.wrong_type(path, "a timestamp")

    def _length(self, shape: dict[str, Any], value: Any, path: str, size: int) -> None:
        if "min" in shape and size < shape["min"]:
            self.fail(
                value, path, f"Member must have length greater than or equal to {shape['min']}"
            )
        if "max" in shape and size > shape["max"]:
            self.fail(value, path, f"Member must have length less than or equal to {shape['max']}")

    def _range(self, shape: dict[str, Any], value: float, path: str) -> None:
        if "min" in shape and value < shape["min"]:
            self.fail(
                value, path, f"Member must have value greater than or equal to {shape['min']}"
            )
        if "max" in shape and value > shape["max"]:
            self.fail(value, path, f"Member must have value less than or equal to {shape['max']}")


def validate_request(operation: str, params: Any) -> None:
    """Check ``params`` against the input shape of ``operation``.

    Raises:
        RekognitionError: ``ValidationException`` listing the constraint violations, or
            ``SerializationException`` for a value of the wrong JSON type.
    """
    model = service_model()
    op = model["operations"][operation]
    validator = _Validator(model["shapes"])
    if "input" in op:
        validator.check(op["input"]["shape"], params, "")
    if validator.errors:
        count = validator.count
        noun = "error" if count == 1 else "errors"
        shown = "; ".join(validator.errors[:_MAX_REPORTED])
        raise RekognitionError(
            "ValidationException", f"{count} validation {noun} detected: {shown}"
        )


def matches_shape_pattern(shape_name: str, value: str) -> bool:
    """Whether ``value`` satisfies the length and pattern of string shape ``shape_name``."""
    shape = service_model()["shapes"][shape_name]
    if "min" in shape and len(value) < shape["min"]:
        return False
    if "max" in shape and len(value) > shape["max"]:
        return False
    pattern = shape.get("pattern")
    return pattern is None or _pattern(pattern).fullmatch(value) is not None
