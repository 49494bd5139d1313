"""Handles on Rekognition's long-running operations other than video jobs.

Custom Labels model versions (training, copying, hosting), datasets (create, update,
distribute), media analysis jobs and stream processors all answer at once and finish
later. A handle wraps one such piece of work, known by its identifier (ARN, job id or
name), in the style of :class:`~rekog.VideoJob`:

* :meth:`OperationHandle.status` / :meth:`~OperationHandle.done` ask the service once
  (one ``Describe*``/``Get*`` call, retried by the client's retry policy);
* :meth:`OperationHandle.wait` polls with a :class:`~rekog.PollPolicy` until the work has
  finished, never sleeping past its deadline, and returns the final description -- or
  raises :class:`~rekog.errors.OperationFailedError` with the service's status message,
  or :class:`~rekog.errors.OperationTimeoutError` at the deadline;
* a handle is rebuilt from its identifier alone, in any process (``rk.jobs.dataset(arn)``).

What each status means is one table, :data:`LIFECYCLES` (in :mod:`rekog.jobs.lifecycles`).
The handles are generated (``rekog/_generated/sync/long_running.py``) from their async
flavour, :mod:`rekog.aio.long_running`, by ``tools/unasync.py``; this is their public home.
"""

from __future__ import annotations

from .._generated.sync.long_running import (
    DatasetDistribution,
    DatasetHandle,
    MediaAnalysisJob,
    OperationHandle,
    ProjectVersionHandle,
    StreamProcessorHandle,
    dataset_handle,  # noqa: F401 (imported from here)
    media_analysis_job_handle,  # noqa: F401 (imported from here)
    project_version_handle,  # noqa: F401 (imported from here)
    read_json,  # noqa: F401 (imported from here)
    read_lines,  # noqa: F401 (imported from here)
    stream_processor_handle,  # noqa: F401 (imported from here)
)
from .lifecycles import (
    LIFECYCLES,
    Goal,
    Lifecycle,
    MediaAnalysisResult,
    parse_project_version_arn,  # noqa: F401 (imported from here)
)

__all__ = [
    "LIFECYCLES",
    "Goal",
    "Lifecycle",
    "OperationHandle",
    "DatasetDistribution",
    "DatasetHandle",
    "MediaAnalysisJob",
    "MediaAnalysisResult",
    "ProjectVersionHandle",
    "StreamProcessorHandle",
]

# Their public home, for reprs, tracebacks and documentation.
for _public in (
    DatasetDistribution,
    DatasetHandle,
    Goal,
    Lifecycle,
    MediaAnalysisJob,
    MediaAnalysisResult,
    OperationHandle,
    ProjectVersionHandle,
    StreamProcessorHandle,
):
    _public.__module__ = __name__
del _public
