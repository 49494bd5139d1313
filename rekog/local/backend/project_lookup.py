"""The one question image operations ask about Custom Labels: is this project version running?

The answer comes from the Custom Labels lifecycle (:func:`.projects.project_version_status`,
which applies due transitions first), so ``DetectCustomLabels`` and
``DetectModerationLabels(ProjectVersion=...)`` see exactly the status ``DescribeProjectVersions``
reports:

* unknown ARN -> ``ResourceNotFoundException``;
* any status but ``RUNNING`` -> ``ResourceNotReadyException``.
"""

from __future__ import annotations

from ..errors import RekognitionError, not_found
from .context import Context
from .projects import project_version_status

__all__ = ["project_version_status", "require_running"]


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
