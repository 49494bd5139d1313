"""Deprecated: the long-running handles moved to :mod:`rekog.jobs.long_running`.

Every name still imports from here, with a ``DeprecationWarning`` naming its new home.
"""

from __future__ import annotations

from typing import Any

from ._deprecation import moved_names

__all__: list[str] = []

_moved = moved_names(
    __name__,
    {
        name: f"rekog.jobs.long_running:{name}"
        for name in [
            "LIFECYCLES",
            "DatasetDistribution",
            "DatasetHandle",
            "Goal",
            "Lifecycle",
            "MediaAnalysisJob",
            "MediaAnalysisResult",
            "OperationHandle",
            "ProjectVersionHandle",
            "StreamProcessorHandle",
            "project_version_handle",
            "dataset_handle",
            "media_analysis_job_handle",
            "stream_processor_handle",
            "parse_project_version_arn",
            "read_lines",
            "read_json",
        ]
    },
    public=True,
)


def __getattr__(name: str) -> Any:
    return _moved(name)
