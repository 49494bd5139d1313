"""Fixtures running the long-running tests on both clients (``clients``, sync and async)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.asyncio_runner import Runner
from support.extras import requires_async_extra
from support.flavours import Clients


@pytest.fixture(params=["sync", pytest.param("async", marks=requires_async_extra)])
def clients(request: pytest.FixtureRequest) -> Iterator[Clients]:
    """Builds ``Rekognition`` (sync) or ``AsyncRekognition`` seen through ``SyncView``."""
    with Runner() as runner:
        made = Clients(str(request.param), runner)
        yield made
        made.close()
