"""Long-running work: video jobs, polling and SNS→SQS completion messages.

- :class:`VideoJob` (and :class:`rekog.aio.AsyncVideoJob`): a handle on one of the eight
  stored-video jobs (:data:`JOB_KINDS`), in ``rekog.jobs.video_job`` (generated from the async
  handle by ``tools/unasync.py``) over the job table and core in ``rekog.jobs.video``.
- :class:`PollPolicy`: how a handle's ``wait`` spaces its polls, in ``rekog.jobs.polling``
  with the one poll loop every handle waits with.
- :func:`parse_notification` / :class:`JobNotification`: the completion message Rekognition
  publishes to SNS, in ``rekog.jobs.notifications``.

The handles of the other long-running operations (Custom Labels, datasets, media analysis,
stream processors) are in :mod:`rekog.jobs.long_running` (their async flavour in
:mod:`rekog.aio.long_running`), what their statuses mean in :mod:`rekog.jobs.lifecycles`.
``rk.jobs`` itself is generated (``rekog._generated.namespaces.Jobs``) for both clients from
the video job table and the long-running one, :mod:`rekog.jobs.entry_points`.
"""

from __future__ import annotations

from typing import Any

from .._deprecation import moved_names
from .notifications import JobNotification, parse_notification
from .polling import PollPolicy
from .video import JOB_KINDS, JobKind, JobPage
from .video_job import VideoJob

__all__ = [
    "JOB_KINDS",
    "JobKind",
    "JobNotification",
    "JobPage",
    "PollPolicy",
    "VideoJob",
    "parse_notification",
]

# Their public home, for reprs, tracebacks and documentation.
for _public in (VideoJob, PollPolicy, JobNotification, JobKind, JobPage, parse_notification):
    _public.__module__ = __name__
del _public

# Internal helpers once listed in ``__all__``.
_moved = moved_names(
    __name__,
    {
        "check_notification_arguments": "rekog.jobs.notifications:check_notification_arguments",
        "check_timeout": "rekog.jobs.polling:check_timeout",
        "job_results_pager": "rekog.jobs.video:job_results_pager",
    },
)


def __getattr__(name: str) -> Any:
    return _moved(name)
