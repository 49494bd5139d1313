"""The bookkeeping of a pager, without I/O: tokens, resume tokens, ``max_items``, the loop guard.

:class:`rekog.Pager` and :class:`rekog.aio.AsyncPager` drive it (the sync one is generated
from the async one by ``tools/unasync.py``); only fetching a page differs between them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from botocore import xform_name

from ._checks import check_count, check_token
from .errors import InvalidRequestError, PaginationError

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")

# A resume token that points inside a page (after a ``max_items`` stop) carries the token of
# that page, how many of its items were already delivered and the page size used to fetch it.
# The prefix keeps it apart from service tokens, which are opaque base64-like strings.
_RESUME_PREFIX = "rekog-resume-v1:"


class _Start(NamedTuple):
    token: str | None  # service token of the first page to fetch (None: the very first page)
    skip: int  # items of that page already delivered
    page_size: int | None  # page size to fetch it with


def _encode_resume(token: str | None, skip: int, page_size: int | None) -> str:
    payload = json.dumps({"token": token, "skip": skip, "page_size": page_size})
    return _RESUME_PREFIX + base64.urlsafe_b64encode(payload.encode()).decode("ascii")


def _decode_resume(token: str, token_max_length: int) -> _Start:
    try:
        data = json.loads(base64.urlsafe_b64decode(token[len(_RESUME_PREFIX) :]))
        start = _Start(data["token"], int(data["skip"]), data["page_size"])
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise InvalidRequestError(
            "starting_token", "is not a resume token this version of rekog wrote", token
        ) from exc
    if (
        start.skip < 0
        or not isinstance(start.token, (str, type(None)))
        or len(start.token or "") > token_max_length
        or not isinstance(start.page_size, (int, type(None)))
        or isinstance(start.page_size, bool)
    ):
        raise InvalidRequestError("starting_token", "is a corrupted resume token", token)
    return start


def check_pager_arguments(
    operation: str,
    *,
    page_size: Any,
    max_items: Any,
    starting_token: Any,
    page_size_field: str | None = "MaxResults",
    page_size_min: int = 1,
    token_max_length: int = 255,
) -> tuple[int | None, int | None, str | None]:
    """Check a pager's arguments (shared by the sync and async pagers); return them.

    Raises :class:`~rekog.InvalidRequestError` naming the argument: ``page_size`` an int in
    the service's range, ``max_items`` a non-negative int (not a float, NaN or bool, which
    would silently turn the cap off), ``starting_token`` a str within the service's length
    (or a rekog resume token).
    """
    if page_size is not None:
        if page_size_field is None:
            raise InvalidRequestError(
                "page_size", "is not supported by this operation", page_size, operation=operation
            )
        page_size = check_count(page_size, "page_size", minimum=page_size_min, operation=operation)
    if max_items is not None:
        max_items = check_count(max_items, "max_items", operation=operation)
    if isinstance(starting_token, str) and starting_token.startswith(_RESUME_PREFIX):
        return page_size, max_items, starting_token  # checked when decoded
    token = check_token(
        starting_token, "starting_token", max_length=token_max_length, operation=operation
    )
    return page_size, max_items, token


@dataclass
class _Position:
    """Where the latest iteration stands; what the resume tokens are computed from."""

    token: str | None  # token the current page was fetched with
    page_size: int | None  # page size it was fetched with
    page_len: int  # items on the current page
    consumed: int  # items of the current page delivered so far (including skipped ones)
    next_token: str | None  # token of the page after it, not fetched yet


class _PagerCore(Generic[PageT, ItemT]):
    """Token, resume and loop-guard bookkeeping shared by :class:`Pager` and
    :class:`rekog.aio.AsyncPager`; no I/O (``fetch`` is called by the subclasses)."""

    def __init__(
        self,
        fetch: Callable[[dict[str, Any]], Any],
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
        page_size, max_items, starting_token = check_pager_arguments(
            operation,
            page_size=page_size,
            max_items=max_items,
            starting_token=starting_token,
            page_size_field=page_size_field,
            page_size_min=page_size_min,
            token_max_length=token_max_length,
        )
        self._fetch = fetch
        self._items = items
        self.operation = operation
        self._token_field = token_field
        self._token_attr = xform_name(token_field)  # "NextToken" -> "next_token"
        self._page_size_field = page_size_field
        self.page_size = page_size
        self.starting_token: str | None = starting_token or None
        self.max_items = max_items
        if self.starting_token and self.starting_token.startswith(_RESUME_PREFIX):
            self._start = _decode_resume(self.starting_token, token_max_length)
        else:
            self._start = _Start(self.starting_token, 0, page_size)
        self._first: PageT | None = None  # cached by first_page() until an iteration takes it
        self._position: _Position | None = None
        self.pages_fetched: int = 0

    # -- the steps of a walk (the subclasses fetch) -----------------------------------------

    def _seen_tokens(self) -> set[str]:
        """Every token sent so far in a walk: a repeat means the service would loop forever."""
        token = self._start.token
        return {token} if token else set()

    def _fetched(self, page: PageT) -> PageT:
        """Count a page the service returned (here, so ``pages_fetched`` has one owner)."""
        self.pages_fetched += 1
        return page

    def _page_params(self, token: str | None, page_size: int | None) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if token:
            params[self._token_field] = token
        if page_size is not None and self._page_size_field is not None:
            params[self._page_size_field] = page_size
        return params

    def _enter_page(
        self, page: PageT, token: str | None, skip: int, page_size: int | None
    ) -> tuple[list[ItemT], str | None]:
        """Record the page as the current position; its undelivered items and next token."""
        from .models._items import ItemList

        found = self._items(page)
        items: list[ItemT]
        if isinstance(found, ItemList):
            # Items still held as JSON are validated one by one as they are delivered and
            # not stored back: walking a page holds the page, not a model of every item.
            size = len(found)
            items = found.unread(min(skip, size))
        else:
            every = list(found)
            size = len(every)
            items = every[skip:]
        next_token = self._token_of(page)
        self._position = _Position(
            token=token,
            page_size=page_size,
            page_len=size,
            consumed=min(skip, size),
            next_token=next_token,
        )
        return items, next_token

    def _following(self, next_token: str | None, seen: set[str]) -> _Start | None:
        """Where the walk goes after a page: ``None`` at the end; the loop guard."""
        if next_token is None:
            return None
        if next_token in seen:
            raise PaginationError(
                f"{self.operation}: the service returned NextToken {_short(next_token)} "
                f"a second time; stopping instead of looping"
            )
        seen.add(next_token)
        return _Start(next_token, 0, self.page_size)

    def _token_of(self, page: PageT) -> str | None:
        if isinstance(page, Mapping):
            value = page.get(self._token_field)
        else:
            value = getattr(page, self._token_attr, None)
        # A missing and an empty token both end the listing.
        return value if isinstance(value, str) and value else None

    def _take_first_page(self) -> PageT | None:
        page, self._first = self._first, None
        return page

    # -- page-level fields and tokens ----------------------------------------------------

    @property
    def resume_token(self) -> str | None:
        """Token that continues exactly after the last item delivered; pass it as
        ``starting_token``.

        - Before any page arrived: ``starting_token``.
        - At a page boundary: the service's ``NextToken`` of the next page.
        - Inside a page (a ``max_items`` stop, or a ``break`` mid-page): a rekog token naming
          the current page and how many of its items were delivered; resuming re-fetches
          that page with the same page size and skips them. It assumes the service returns
          the same page for the same token, as Rekognition does while a token is valid.
        - ``None`` once everything was delivered (see :attr:`exhausted`).
        """
        position = self._position
        if position is None:
            return self.starting_token
        if position.consumed < position.page_len:
            return _encode_resume(position.token, position.consumed, position.page_size)
        return position.next_token

    @property
    def next_token(self) -> str | None:
        """The service's ``NextToken`` of the next page, not fetched yet (page granularity).

        Resuming from it skips whatever was left undelivered on the current page; prefer
        :attr:`resume_token` unless you consume whole pages. ``None`` on the last page.
        Before any page arrived it is the token the first request will carry.
        """
        position = self._position
        return self._start.token if position is None else position.next_token

    @property
    def exhausted(self) -> bool:
        """Whether the latest iteration delivered everything (nothing left to resume)."""
        position = self._position
        return (
            position is not None
            and position.next_token is None
            and position.consumed >= position.page_len
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(operation={self.operation!r}, page_size={self.page_size!r}, "
            f"max_items={self.max_items!r}, starting_token={_short(self.starting_token)}, "
            f"pages_fetched={self.pages_fetched}, exhausted={self.exhausted})"
        )


def _short(token: str | None, limit: int = 16) -> str:
    """A token for messages: long enough to compare, short enough for a log line."""
    if token is None:
        return "None"
    return repr(token if len(token) <= limit else token[:limit] + "...")
