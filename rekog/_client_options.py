"""Construction options both clients share: boto3's argument names, and a warning when a
``Config``'s retry settings are overridden by rekog's single retry layer."""

from __future__ import annotations

import warnings
from typing import Any

from ._exceptions import InvalidRequestError

__all__ = ["one_of", "warn_if_retries_dropped"]


def one_of(name: str, value: Any, boto3_name: str, boto3_value: Any) -> Any:
    """``region=`` or boto3's ``region_name=`` (either; both only when they agree)."""
    if value is not None and boto3_value is not None and value != boto3_value:
        raise InvalidRequestError(
            boto3_name,
            f"is boto3's name for {name}=; give one of them (got {name}={value!r} too)",
            boto3_value,
        )
    return value if value is not None else boto3_value


def warn_if_retries_dropped(config: Any, stacklevel: int = 3) -> None:
    """Warn when ``config`` asks botocore for retries, which rekog turns off on the clients it
    creates (one retry layer: rekog's own)."""
    retries: dict[str, Any] | None = getattr(config, "retries", None)
    if not retries:
        return
    attempts = retries.get("total_max_attempts")
    if attempts is None and "max_attempts" in retries:
        attempts = int(retries["max_attempts"]) + 1
    if attempts == 1:
        return  # one attempt is what rekog sets anyway
    warnings.warn(
        f"Config(retries={retries!r}) is overridden: rekog makes botocore try once and retries "
        "with its own layer. Configure that instead, e.g. "
        "Rekognition(retry=RetryPolicy(max_attempts=10)) (rekog.RetryPolicy: max_attempts, "
        "deadline, backoff)",
        UserWarning,
        stacklevel=stacklevel,
    )
