"""rekog for asyncio: :class:`AsyncRekognition`, async pagers and video job handles.

Installed with ``pip install "rekog[async]"`` (aiobotocore). ``rekog.AsyncRekognition`` is the
same class; see ``docs/async.md``.
"""

from __future__ import annotations

from .client import AsyncRekognition
from .jobs import AsyncVideoJob
from .local import attach_local, detach_local
from .paging import AsyncPager

__all__ = ["AsyncPager", "AsyncRekognition", "AsyncVideoJob", "attach_local", "detach_local"]
