"""Turning pydantic's validation errors into rekog's ``InvalidRequestError``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from botocore import xform_name

from .errors import InvalidRequestError

if TYPE_CHECKING:
    from pydantic import ValidationError


def validation_error() -> type[ValidationError]:
    """pydantic's ``ValidationError``, imported when first needed.

    pydantic loads with the first model, never with the client (this module is on the
    client's import path). Use it as ``except validation_error() as error:``: an ``except``
    expression is evaluated only when something was raised, so the happy path never calls it.
    """
    from pydantic import ValidationError

    return ValidationError


def _parameter_path(loc: tuple[Any, ...], prefix: str | None) -> str:
    parts = [prefix] if prefix else []
    for element in loc:
        if isinstance(element, int):
            parts.append(f"[{element}]")
        else:
            # Locations carry AWS names when the caller used them; show snake_case throughout.
            parts.append(("." if parts else "") + xform_name(str(element)))
    return "".join(parts).replace(".[", "[") or (prefix or "request")


def _with_nested_loc(detail: Any) -> Any:
    # A request model's nested checks report their own location in the error's context.
    ctx = detail.get("ctx") or {}
    nested = ctx.get("rekog_loc")
    if nested is None:
        return _worded(detail)
    return {**detail, "loc": (*detail["loc"], *nested), "input": ctx.get("rekog_input")}


_ANCHORED = re.compile(r"\^\(\?s:(.*)\)\$", re.DOTALL)


def _worded(detail: Any) -> Any:
    # The models check most service patterns in pydantic-core, anchored as ``^(?s:...)$``
    # (tools/generate.rust_pattern); the error names the service's own pattern, as the
    # patterns checked in Python do.
    if detail["type"] != "string_pattern_mismatch":
        return detail
    anchored = _ANCHORED.fullmatch(str((detail.get("ctx") or {}).get("pattern", "")))
    if anchored is None:
        return detail
    from .models.base import PATTERN_MISMATCH  # loaded with the model that raised this

    return {**detail, "msg": PATTERN_MISMATCH.format(pattern=anchored.group(1))}


def invalid_request_from(
    error: ValidationError, *, prefix: str | None = None, operation: str | None = None
) -> InvalidRequestError:
    """The first broken rule of ``error`` as an ``InvalidRequestError`` (others counted)."""
    details = [_with_nested_loc(d) for d in error.errors(include_url=False)]
    first = details[0]
    rule = first["msg"]
    if first["type"] == "missing":
        rule = "is required"
    if len(details) > 1:
        rule += f" (and {len(details) - 1} more problem(s))"
    value = None if first["type"] == "missing" else first.get("input")
    result = InvalidRequestError(
        _parameter_path(tuple(first["loc"]), prefix), rule, value, operation=operation
    )
    result.problems = [(_parameter_path(tuple(d["loc"]), prefix), d["msg"]) for d in details]
    return result
