"""rekog for asyncio: :class:`AsyncRekognition`, async pagers and video job handles.

Installed with ``pip install "rekog[async]"`` (aiobotocore). ``rekog.AsyncRekognition`` is the
same class; see ``docs/async.md``. The names load on first use: the async retry loop
(``rekog.aio._retry``, which ``rekog.bulk.retrying`` runs) imports without aiobotocore.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .client import AsyncRekognition as AsyncRekognition
    from .jobs import AsyncVideoJob as AsyncVideoJob
    from .local import attach_local as attach_local
    from .local import detach_local as detach_local
    from .paging import AsyncPager as AsyncPager

# Public name -> module that defines it; loaded on first access (PEP 562).
_LAZY = {
    "AsyncPager": ".paging",
    "AsyncRekognition": ".client",
    "AsyncVideoJob": ".jobs",
    "attach_local": ".local",
    "detach_local": ".local",
}

__all__ = sorted(_LAZY)

# Hidden from type checkers, which see the imports above.
if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return __all__
