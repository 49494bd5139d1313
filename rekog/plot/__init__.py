"""Timelines of stored-video results (needs matplotlib: ``pip install "rekog[plot]"``).

::

    from rekog.plot import timeline

    job = rk.jobs.start_face_search(video="s3://videos/lobby.mp4", collection_id="staff")
    job.wait(timeout=900)
    timeline(job.results()).savefig("who-when.png")

`timeline` reads a job's pager (or its pages, or a list of items) once, keeping only
timestamps and names, so a long video plots with one page in memory at a time.
"""

from __future__ import annotations

from .timelines import KINDS, Timeline, collect, timeline

__all__ = ["KINDS", "Timeline", "collect", "timeline"]
