"""Async pagers: ``async for item in rk.paginate.list_faces(...)``.

:class:`AsyncPager` is :class:`rekog.Pager` for an event loop: the same tokens, resume
tokens, ``max_items`` and loop guard (the bookkeeping is shared, in ``rekog.paging``), one
page in memory at a time; only fetching a page is awaited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any

from ..paging import ItemT, PageT, _PagerCore

__all__ = ["AsyncPager"]


class AsyncPager(_PagerCore[PageT, ItemT]):
    """Lazily walks every page of one paginated operation, asynchronously.

    - ``async for item in pager`` yields the items of every page in order, exactly once;
      ``async for page in pager.pages()`` yields the typed pages instead. Each iteration
      starts afresh from ``starting_token``; only one page is held in memory at a time.
    - ``await pager.first_page()`` for page-level fields (``VideoMetadata``, ``JobStatus``).
    - ``max_items``, ``page_size``, :attr:`resume_token`, :attr:`next_token`,
      :attr:`exhausted` and the repeated-token guard behave exactly as on :class:`rekog.Pager`.
    - Leaving an ``async for`` early holds no connection (each page's body is read whole);
      wrap the loop in ``contextlib.aclosing(pager.pages())`` to finalise the generator at
      once rather than when it is garbage-collected.

    Args:
        fetch: awaits one request (with the client's retry policy), given the extra wire
            parameters (``NextToken``, ``MaxResults``); returns the typed page.
        items, operation, token_field, page_size_field, page_size, starting_token,
        max_items, page_size_min, token_max_length: as for :class:`rekog.Pager`.
    """

    _fetch: Callable[[dict[str, Any]], Awaitable[PageT]]

    def __init__(
        self,
        fetch: Callable[[dict[str, Any]], Awaitable[PageT]],
        *,
        items: Callable[[PageT], Iterable[ItemT]],
        operation: str,
        token_field: str = "NextToken",
        page_size_field: str | None = "MaxResults",
        page_size: int | None = None,
        starting_token: str | None = None,
        max_items: int | None = None,
        page_size_min: int = 1,
        token_max_length: int = 255,
    ) -> None:
        super().__init__(
            fetch,
            items=items,
            operation=operation,
            token_field=token_field,
            page_size_field=page_size_field,
            page_size=page_size,
            starting_token=starting_token,
            max_items=max_items,
            page_size_min=page_size_min,
            token_max_length=token_max_length,
        )

    # -- iteration -----------------------------------------------------------------------

    def __aiter__(self) -> AsyncIterator[ItemT]:
        """Yield the items of every page, from ``starting_token``, up to ``max_items``."""
        return self._iter_items()

    async def _iter_items(self) -> AsyncIterator[ItemT]:
        remaining = self.max_items
        if remaining == 0:
            return
        async for page, items in self._walk():
            del page  # only the items are needed; the page must not outlive them
            position = self._position
            assert position is not None
            for item in items:
                # Counted before the yield: once the caller holds the item it is delivered.
                position.consumed += 1
                yield item
                if remaining is not None:
                    remaining -= 1
                    if remaining == 0:
                        return
            del items

    async def pages(self) -> AsyncIterator[PageT]:
        """Yield the typed pages, from ``starting_token`` (see :meth:`rekog.Pager.pages`)."""
        remaining = self.max_items
        if remaining == 0:
            return
        async for page, items in self._walk():
            count = len(items)
            del items
            position = self._position
            assert position is not None
            position.consumed = position.page_len  # the whole page is handed out
            yield page
            if remaining is not None:
                remaining -= count
                if remaining <= 0:
                    return

    async def _walk(self) -> AsyncIterator[tuple[PageT, list[ItemT]]]:
        token, skip, page_size = self._start
        seen = self._seen_tokens()
        page = self._take_first_page()
        while True:
            if page is None:
                page = await self._fetch_page(token, page_size)
            items, next_token = self._enter_page(page, token, skip, page_size)
            yield page, items
            del page, items  # hold at most one page, even while the next one is fetched
            page = None
            following = self._following(next_token, seen)
            if following is None:
                return
            token, skip, page_size = following

    async def _fetch_page(self, token: str | None, page_size: int | None) -> PageT:
        page = await self._fetch(self._page_params(token, page_size))
        return self._fetched(page)

    # -- page-level fields -------------------------------------------------------------

    async def first_page(self) -> PageT:
        """The first page (at ``starting_token``), for page-level fields; kept until the next
        iteration starts, which reuses it (see :meth:`rekog.Pager.first_page`)."""
        if self._first is None:
            self._first = await self._fetch_page(self._start.token, self._start.page_size)
        return self._first
