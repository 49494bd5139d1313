"""``asyncio.Runner`` on every supported Python (it is new in 3.11; rekog supports 3.10)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

if sys.version_info >= (3, 11):
    from asyncio import Runner
else:

    class Runner:
        """The part of 3.11's ``asyncio.Runner`` the tests use: one loop for several runs."""

        def __init__(self) -> None:
            self._loop: asyncio.AbstractEventLoop | None = None

        def __enter__(self) -> Runner:
            return self

        def __exit__(self, *exc_info: object) -> None:
            self.close()

        def get_loop(self) -> asyncio.AbstractEventLoop:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
            return self._loop

        def run(self, coro: Coroutine[Any, Any, T]) -> T:
            return self.get_loop().run_until_complete(coro)

        def close(self) -> None:
            loop, self._loop = self._loop, None
            if loop is None:
                return
            try:
                pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
                for task in pending:
                    task.cancel()
                if pending:
                    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.run_until_complete(loop.shutdown_default_executor())
            finally:
                loop.close()


__all__ = ["Runner"]
