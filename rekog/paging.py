"""Pagers over the 18 Rekognition operations that take a ``NextToken``.

A :class:`Pager` walks an operation's pages lazily, holding one page at a time, and yields
either the items (``for person in pager``) or the typed pages (``pager.pages()``). It knows
nothing about the client: the client hands it a ``fetch`` callable that performs one request
(with the client's retry policy) and an ``items`` callable that picks the items out of a page.

:data:`PAGED_OPERATIONS` describes every paginated operation (item member, page-size member,
item type), so the client can build its pagers from one table that a test keeps in step with
botocore's service model.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from botocore import xform_name

from ._checks import check_count, check_token
from ._exceptions import InvalidRequestError, PaginationError

if TYPE_CHECKING:
    from .models import ListCollectionsResponse

__all__ = [
    "PAGED_OPERATIONS",
    "CollectionItem",
    "ItemT",
    "PageT",
    "PagedOperation",
    "Pager",
    "check_pager_arguments",
    "collection_items",
]

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


class Pager(_PagerCore[PageT, ItemT]):
    """Lazily walks every page of one paginated operation.

    - ``for item in pager`` yields the items of every page in order, exactly once;
      ``pager.pages()`` yields the typed pages instead. Each call starts afresh from
      ``starting_token``; only one page is held in memory at a time.
    - Page-level fields (``VideoMetadata``, ``JobStatus``, ...) are on every page; read them
      from :meth:`first_page`.
    - Stops when a page has no ``NextToken`` (or an empty one); raises
      :class:`~rekog.PaginationError` when the service repeats a token instead of looping.
    - ``max_items`` caps the items yielded (no further page is fetched once reached);
      ``page_size`` sets the page-size member (``MaxResults``) of every request.
    - To stop now and continue later (in another process), save :attr:`resume_token` and pass
      it as ``starting_token``. :attr:`next_token` is the service's own token of the next page.

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

    # -- iteration -----------------------------------------------------------------------

    def __iter__(self) -> Iterator[ItemT]:
        """Yield the items of every page, from ``starting_token``, up to ``max_items``."""
        return self._iter_items()

    def _iter_items(self) -> Iterator[ItemT]:
        remaining = self.max_items
        if remaining == 0:
            return
        for page, items in self._walk():
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

    def pages(self) -> Iterator[PageT]:
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
        for page, items in self._walk():
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

    def _walk(self) -> Iterator[tuple[PageT, list[ItemT]]]:
        """Fetch page after page; yield each with the items not delivered yet."""
        token, skip, page_size = self._start
        seen = self._seen_tokens()
        page = self._take_first_page()
        while True:
            if page is None:
                page = self._fetch_page(token, page_size)
            items, next_token = self._enter_page(page, token, skip, page_size)
            yield page, items
            del page, items  # hold at most one page, even while the next one is fetched
            page = None
            following = self._following(next_token, seen)
            if following is None:
                return
            token, skip, page_size = following

    def _fetch_page(self, token: str | None, page_size: int | None) -> PageT:
        page: PageT = self._fetch(self._page_params(token, page_size))
        return self._fetched(page)

    # -- page-level fields -------------------------------------------------------------

    def first_page(self) -> PageT:
        """The first page (at ``starting_token``), for page-level fields such as
        ``video_metadata`` or ``job_status``.

        Fetched on first call and kept until the next iteration starts, which reuses it rather
        than fetching it again; once that iteration moves past it the page is released, and a
        later call fetches it anew (so a long listing never pins an extra page).
        """
        if self._first is None:
            self._first = self._fetch_page(self._start.token, self._start.page_size)
        return self._first


def _short(token: str | None, limit: int = 16) -> str:
    """A token for messages: long enough to compare, short enough for a log line."""
    if token is None:
        return "None"
    return repr(token if len(token) <= limit else token[:limit] + "...")


# -- the table of paginated operations ---------------------------------------------------


class CollectionItem(NamedTuple):
    """One collection of ``ListCollections``: its id and the version of its face model."""

    collection_id: str
    face_model_version: str | None


def collection_items(page: ListCollectionsResponse) -> list[CollectionItem]:
    """The collections of a ``ListCollections`` page, each with its face model version.

    The service returns two parallel lists (``CollectionIds``, ``FaceModelVersions``); a
    missing version (shorter list) reads as ``None``.
    """
    versions = page.face_model_versions
    return [
        CollectionItem(collection_id, versions[i] if i < len(versions) else None)
        for i, collection_id in enumerate(page.collection_ids)
    ]


@dataclass(frozen=True)
class PagedOperation:
    """How one operation paginates.

    Attributes:
        operation: the service operation, e.g. ``"GetFaceSearch"``.
        items_member: the output list holding the items (wire name, ``"Persons"``).
        items_attribute: that list on the typed response (``"persons"``).
        item_type: name of the item's Python type: a model in ``rekog.models``
            (``"PersonMatch"``), ``"str"``, or ``"CollectionItem"`` for ``ListCollections``.
        page_size_field: the request member that sets the page size (``"MaxResults"``).
        token_field: the request/response member carrying the token.
        extract: picks the items out of a page, when a plain attribute read is not enough.
        page_size_min: the service's minimum of the page-size member (0 for ``ListFaces``).
        token_max_length: the service's maximum length of the token.
    """

    operation: str
    items_member: str
    items_attribute: str
    item_type: str
    page_size_field: str | None = "MaxResults"
    token_field: str = "NextToken"
    extract: Callable[[Any], Iterable[Any]] | None = None
    page_size_min: int = 1
    token_max_length: int = 255

    @property
    def method_name(self) -> str:
        """The snake_case name of the operation (``"get_face_search"``)."""
        return xform_name(self.operation)

    def items(self, page: Any) -> Iterable[Any]:
        """The items of one page of this operation."""
        if self.extract is not None:
            return self.extract(page)
        items: Iterable[Any] = getattr(page, self.items_attribute)
        return items

    def pager(
        self,
        fetch: Callable[[dict[str, Any]], Any],
        *,
        page_size: int | None = None,
        starting_token: str | None = None,
        max_items: int | None = None,
    ) -> Pager[Any, Any]:
        """A :class:`Pager` over this operation; the client annotates the precise types."""
        return Pager(
            fetch,
            items=self.items,
            operation=self.operation,
            token_field=self.token_field,
            page_size_field=self.page_size_field,
            page_size=page_size,
            starting_token=starting_token,
            max_items=max_items,
            page_size_min=self.page_size_min,
            token_max_length=self.token_max_length,
        )


def _op(operation: str, member: str, item_type: str, **extra: Any) -> tuple[str, PagedOperation]:
    return operation, PagedOperation(operation, member, xform_name(member), item_type, **extra)


#: Every operation that takes a ``NextToken``, by operation name. All of them take
#: ``MaxResults`` as their page size (botocore 1.43); a test checks the table (page-size
#: minimum and token length included) against the installed botocore's service model.
PAGED_OPERATIONS: dict[str, PagedOperation] = dict(
    [
        _op("GetCelebrityRecognition", "Celebrities", "CelebrityRecognition"),
        _op("GetContentModeration", "ModerationLabels", "ContentModerationDetection"),
        _op("GetFaceDetection", "Faces", "FaceDetection"),
        _op("GetFaceSearch", "Persons", "PersonMatch"),
        _op("GetLabelDetection", "Labels", "LabelDetection"),
        _op("GetPersonTracking", "Persons", "PersonDetection"),
        _op("GetSegmentDetection", "Segments", "SegmentDetection"),
        _op("GetTextDetection", "TextDetections", "TextDetectionResult"),
        _op(
            "ListCollections",
            "CollectionIds",
            "CollectionItem",
            extract=collection_items,
            page_size_min=0,
        ),
        _op("ListFaces", "Faces", "Face", page_size_min=0),
        _op("ListUsers", "Users", "User"),
        _op(
            "ListMediaAnalysisJobs",
            "MediaAnalysisJobs",
            "MediaAnalysisJobDescription",
            token_max_length=1024,
        ),
        _op("ListStreamProcessors", "StreamProcessors", "StreamProcessor"),
        _op("DescribeProjects", "ProjectDescriptions", "ProjectDescription", token_max_length=1024),
        _op(
            "DescribeProjectVersions",
            "ProjectVersionDescriptions",
            "ProjectVersionDescription",
            token_max_length=1024,
        ),
        _op("ListDatasetEntries", "DatasetEntries", "str", token_max_length=1024),
        _op(
            "ListDatasetLabels",
            "DatasetLabelDescriptions",
            "DatasetLabelDescription",
            token_max_length=1024,
        ),
        _op("ListProjectPolicies", "ProjectPolicies", "ProjectPolicy", token_max_length=1024),
    ]
)
