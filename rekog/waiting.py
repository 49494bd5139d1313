"""Deprecated: the poll loop moved to :mod:`rekog.jobs.polling` (with :class:`~rekog.PollPolicy`)."""

from __future__ import annotations

from typing import Any

from ._deprecation import moved_names

__all__: list[str] = []

_moved = moved_names(
    __name__,
    {
        "Deadline": "rekog.jobs.polling:Deadline",
        "check_timeout": "rekog.jobs.polling:check_timeout",
        "poll_until_done": "rekog.jobs.polling:poll_until_done",
    },
)


def __getattr__(name: str) -> Any:
    return _moved(name)
