"""Shared helpers of the model tests: the service model the generator read, and wire helpers."""

from __future__ import annotations

import base64
import datetime as dt
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import rekog.models

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))

import servicemodel as sm  # noqa: E402

MODEL: dict[str, Any] = sm.load_service_model()
SHAPES: dict[str, Any] = MODEL["shapes"]
OPERATIONS: dict[str, Any] = MODEL["operations"]
STRUCTURES: list[str] = sm.structure_names(MODEL)
ENUMS: list[str] = sm.enum_names(MODEL)
REACH = sm.reachability(MODEL)


def model_class(name: str) -> Any:
    """The generated class (model or enum) for a shape name."""
    return getattr(rekog.models, name)


def output_shape(operation: str) -> str | None:
    output = OPERATIONS[operation].get("output")
    return None if output is None else str(output["shape"])


def input_shape(operation: str) -> str | None:
    op_input = OPERATIONS[operation].get("input")
    return None if op_input is None else str(op_input["shape"])


@cache
def output_structures() -> list[str]:
    """Structures that can appear in a response (output-only or shared), exceptions excluded."""
    return [
        name for name in STRUCTURES if name in REACH.outputs and not SHAPES[name].get("exception")
    ]


def to_json_wire(value: Any) -> Any:
    """A wire dict as it travels in a JSON 1.1 body: timestamps epoch seconds, blobs base64."""
    if isinstance(value, Mapping):
        return {key: to_json_wire(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json_wire(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def plain(value: Any) -> Any:
    """A wire dict with enum members turned into plain strings (for exact type comparisons)."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str.__str__(value)
    return value
