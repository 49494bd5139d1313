"""The one question image operations ask about Custom Labels: is this project version running?

Contract with the Custom Labels backend (projects and versions are built elsewhere): the
backend state may hold ``state.project_versions``, a mapping from ``ProjectVersionArn`` to a
record with a ``status`` attribute (or a dict with ``"Status"``) holding the service's
``ProjectVersionStatus`` (``TRAINING_IN_PROGRESS``, ``RUNNING``, ``STOPPED``...). Without such
a mapping there are no project versions at all.

* unknown ARN -> ``ResourceNotFoundException``;
* any status but ``RUNNING`` -> ``ResourceNotReadyException``.
"""

from __future__ import annotations

from typing import Any

from ..errors import RekognitionError, not_found
from .context import Context


def project_version_status(ctx: Context, arn: str) -> str | None:
    """The status of the project version ``arn``, or ``None`` when there is none."""
    versions: Any = getattr(ctx.state, "project_versions", None) or {}
    record = versions.get(arn)
    if record is None:
        return None
    status = record.get("Status") if isinstance(record, dict) else getattr(record, "status", None)
    return None if status is None else str(status)


def require_running(ctx: Context, arn: str) -> None:
    """Raise unless the project version ``arn`` exists and is ``RUNNING``."""
    status = project_version_status(ctx, arn)
    if status is None:
        raise not_found(f"The project version {arn} does not exist")
    if status != "RUNNING":
        raise RekognitionError(
            "ResourceNotReadyException",
            f"The project version {arn} is not running (status {status})",
        )
