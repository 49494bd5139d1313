"""Check a raw emulator response against botocore's output shape (boto3 would silently drop
unknown members, so the check runs on the backend's dict, before any parsing)."""

from __future__ import annotations

from typing import Any

from rekog.local.validation import service_model

_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "boolean": (bool,),
    "blob": (bytes, str),
    "timestamp": (int, float, str),
}


def _check(shape_name: str, value: Any, path: str, problems: list[str]) -> None:
    shape = service_model()["shapes"][shape_name]
    kind = shape["type"]
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object, got {value!r}")
            return
        members = shape.get("members", {})
        for key, item in value.items():
            if key not in members:
                problems.append(f"{path}.{key}: not a member of {shape_name}")
            elif item is not None:
                _check(members[key]["shape"], item, f"{path}.{key}", problems)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {value!r}")
            return
        for index, item in enumerate(value):
            _check(shape["member"]["shape"], item, f"{path}[{index}]", problems)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map")
    else:
        expected = _SCALARS[kind]
        if isinstance(value, bool) and bool not in expected:
            problems.append(f"{path}: a boolean where {kind} was expected")
        elif not isinstance(value, expected):
            problems.append(f"{path}: expected {kind}, got {value!r}")
        elif "enum" in shape and value not in shape["enum"]:
            problems.append(f"{path}: {value!r} is not one of {shape['enum']}")


def shape_problems(operation: str, response: dict[str, Any]) -> list[str]:
    """Every way ``response`` does not fit the output shape of ``operation``."""
    problems: list[str] = []
    output = service_model()["operations"][operation]["output"]["shape"]
    _check(output, response, operation, problems)
    return problems
