"""Argument checks shared by pagers, job handles and policies (sync and async alike).

Each check raises :class:`~rekog.InvalidRequestError` naming the parameter and the rule, so a
bad value never turns into a ``TypeError`` deep inside, or -- worse -- into a silent "no cap"
(``max_items=1.5``) or "wait forever" (``timeout=float("nan")``).
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

from .errors import InvalidRequestError

__all__ = ["check_count", "check_number", "check_seconds", "check_token"]


def check_count(
    value: Any,
    parameter: str,
    *,
    minimum: int = 0,
    maximum: int | None = None,
    operation: str | None = None,
) -> int:
    """An ``int`` (not a ``bool``, float or string) in ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(
            parameter, f"must be an int, not {type(value).__name__}", value, operation=operation
        )
    if value < minimum:
        raise InvalidRequestError(
            parameter, f"must be at least {minimum}", value, operation=operation
        )
    if maximum is not None and value > maximum:
        raise InvalidRequestError(
            parameter, f"must be at most {maximum}", value, operation=operation
        )
    return value


def check_number(
    value: Any,
    parameter: str,
    *,
    minimum: float = 0.0,
    below: float | None = None,
    positive: bool = False,
    operation: str | None = None,
) -> float:
    """A finite real number (never NaN, infinity or a bool) with ``minimum <= value``
    (``minimum < value`` when ``positive``) and ``value < below`` when ``below`` is given."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidRequestError(
            parameter, f"must be a number, not {type(value).__name__}", value, operation=operation
        )
    number = float(value)
    if not math.isfinite(number):
        raise InvalidRequestError(
            parameter, "must be a finite number (not NaN or infinity)", value, operation=operation
        )
    if number < minimum or (positive and number == minimum):
        rule = f"must be greater than {minimum:g}" if positive else f"must be at least {minimum:g}"
        raise InvalidRequestError(parameter, rule, value, operation=operation)
    if below is not None and number >= below:
        raise InvalidRequestError(
            parameter, f"must be less than {below:g}", value, operation=operation
        )
    return number


def check_seconds(
    value: Any, parameter: str, *, positive: bool = False, operation: str | None = None
) -> float:
    """A finite, non-negative (or positive) number of seconds."""
    return check_number(value, parameter, positive=positive, operation=operation)


def check_token(
    value: Any, parameter: str, *, max_length: int, operation: str | None = None
) -> str | None:
    """A pagination token: ``None``, or a string no longer than the service allows."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRequestError(
            parameter,
            f"must be a str (a token saved earlier), not {type(value).__name__}",
            value,
            operation=operation,
        )
    if len(value) > max_length:
        raise InvalidRequestError(
            parameter,
            f"must be at most {max_length} characters (the service's limit), got {len(value)}",
            operation=operation,
        )
    return value
