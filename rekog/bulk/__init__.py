"""Bulk work at the account's quota: many inputs, one rate limiter, progress and resume.

``rk.bulk.index_faces(paths, collection_id="staff")`` (threads), :func:`run_async`
(asyncio), ``dask_client=`` (a Dask cluster). See ``docs/bulk.md``.
"""

from __future__ import annotations

from .aio import AsyncBulk, AsyncBulkRun, gated, retrying, run_async_calls
from .checkpoint import Checkpoint
from .core import Outcome, Summary
from .errors import ClusterLostError
from .gate import attach, attach_async, shared_limiter
from .keys import external_image_id, input_key
from .limiter import LimiterConfig, RateLimiter
from .quota import quota_key
from .sync import BULK_OPERATIONS, Bulk, BulkPlan, BulkRun

__all__ = [
    "AsyncBulk",
    "AsyncBulkRun",
    "BULK_OPERATIONS",
    "Bulk",
    "BulkPlan",
    "BulkRun",
    "Checkpoint",
    "ClusterLostError",
    "LimiterConfig",
    "Outcome",
    "RateLimiter",
    "Summary",
    "attach",
    "attach_async",
    "external_image_id",
    "gated",
    "input_key",
    "quota_key",
    "retrying",
    "run_async_calls",
    "shared_limiter",
]
