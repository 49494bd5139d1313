"""Pagers: ``async for item in rk.paginate.list_faces(...)``.

The async pager (``rekog/aio/paging.py``) is the one source: ``tools/unasync.py`` writes the
sync flavour (``rekog/pager.py``, re-exported by :mod:`rekog.paging`) from it, and
``tools/generate.py --check`` keeps the two in step. The bookkeeping both drive (tokens, resume tokens, ``max_items``, the
loop guard) is I/O-free, in ``rekog._paging_core``; only fetching a page is awaited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from .._paging_core import ItemT, PageT, _PagerCore

__all__ = ["AsyncPager"]


class AsyncPager(_PagerCore[PageT, ItemT]):
    """Lazily walks every page of one paginated operation.

    - ``async for item in pager`` yields the items of every page in order, exactly once;
      ``pager.pages()`` yields the typed pages instead. Each iteration starts afresh from
      ``starting_token``; only one page is held in memory at a time.
    - Page-level fields (``VideoMetadata``, ``JobStatus``, ...) are on every page; read them
      from ``await pager.first_page()``.
    - Stops when a page has no ``NextToken`` (or an empty one); raises
      :class:`~rekog.PaginationError` when the service repeats a token instead of looping.
    - ``max_items`` caps the items yielded (no further page is fetched once reached);
      ``page_size`` sets the page-size member (``MaxResults``) of every request.
    - To stop now and continue later (in another process), save :attr:`resume_token` and pass
      it as ``starting_token``. :attr:`next_token` is the service's own token of the next page.
    - Leaving a loop early holds no connection (each page's body is read whole); wrap the
      loop in ``contextlib.aclosing(pager.pages())`` to finalise the generator at once rather
      than when it is garbage-collected.

    A pager is not thread-safe; its tokens describe the iteration that last advanced.

    Args:
        fetch: performs one request; called with the extra wire parameters (``NextToken``,
            ``MaxResults``) to merge into the call, returns the typed page. It is expected to
            retry failures itself (the client's retry policy).
        items: picks the items out of a page.
        operation: the operation name, for errors and ``repr``.
        token_field: the request (and response) member carrying the token.
        page_size_field: the request member that sets the page size, ``None`` if there is none.
        page_size: items per page to ask for; ``None`` leaves the service default.
        starting_token: a :attr:`resume_token` or :attr:`next_token` saved earlier.
        max_items: stop after this many items.
        page_size_min: the smallest page size the service accepts (0 for ``ListFaces``).
        token_max_length: the longest token the service accepts (255 or 1024).
    """

    _fetch: Callable[[dict[str, Any]], Awaitable[PageT]]  # what ``fetch`` returns, precisely

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
                # Counted before the yield: once the caller holds the item it is delivered,
                # even if the caller stops right there.
                position.consumed += 1
                yield item
                if remaining is not None:
                    remaining -= 1
                    if remaining == 0:
                        return
            del items  # release the page's items before the next page is fetched

    async def pages(self) -> AsyncIterator[PageT]:
        """Yield the typed pages, from ``starting_token``.

        Pages are whole, as the service returned them. With ``max_items``, iteration stops
        after the page that reaches the cap, and :attr:`resume_token` then points at the next
        page. A ``starting_token`` that points inside a page (a :attr:`resume_token` saved
        after a ``max_items`` stop) yields that page whole, including the items delivered
        before.
        """
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
        """Fetch page after page; yield each with the items not delivered yet."""
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
        """The first page (at ``starting_token``), for page-level fields such as
        ``video_metadata`` or ``job_status``.

        Fetched on first call and kept until the next iteration starts, which reuses it rather
        than fetching it again; once that iteration moves past it the page is released, and a
        later call fetches it anew (so a long listing never pins an extra page).
        """
        if self._first is None:
            self._first = await self._fetch_page(self._start.token, self._start.page_size)
        return self._first
