"""Pager: items and pages across pages, resume tokens, stops, retries and memory."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from paging_support import JOB_ID, THREE_PAGES, face_search_page, rekognition_client, stub_pages
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_none

from rekog.errors import InvalidRequestError, PaginationError
from rekog.models import GetFaceSearchResponse, ListCollectionsResponse, PersonMatch
from rekog.paging import PAGED_OPERATIONS, CollectionItem, Pager, collection_items


class StubbedFaceSearch:
    """A GetFaceSearch fetch as the client would supply it, over a stubbed boto3 client."""

    def __init__(self) -> None:
        self.client = rekognition_client()
        self.stubber = Stubber(self.client)
        self.stubber.activate()
        self.calls: list[dict[str, Any]] = []

    def __call__(self, extra: dict[str, Any]) -> GetFaceSearchResponse:
        self.calls.append(extra)
        return GetFaceSearchResponse.from_response(
            self.client.get_face_search(JobId=JOB_ID, **extra)
        )

    def pager(self, **kwargs: Any) -> Pager[GetFaceSearchResponse, PersonMatch]:
        kwargs.setdefault("page_size", 1000)
        return Pager(self, items=lambda page: page.persons, operation="GetFaceSearch", **kwargs)


@pytest.fixture
def face_search() -> StubbedFaceSearch:
    return StubbedFaceSearch()


def timestamps(items: Any) -> list[int]:
    return [item.timestamp for item in items]


def test_iterates_every_item_in_order_exactly_once(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES)
    pager = face_search.pager()

    items = list(pager)

    assert timestamps(items) == list(range(2500))
    assert all(isinstance(item, PersonMatch) for item in items)
    assert len(face_search.calls) == 3
    assert pager.exhausted and pager.resume_token is None and pager.next_token is None
    face_search.stubber.assert_no_pending_responses()


def test_pages_are_typed(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES)

    pages = list(face_search.pager().pages())

    assert [type(page) for page in pages] == [GetFaceSearchResponse] * 3
    assert [len(page.persons) for page in pages] == [1000, 1000, 500]
    assert [page.next_token for page in pages] == ["tok-1", "tok-2", None]


def test_first_page_gives_page_level_fields_without_refetching(
    face_search: StubbedFaceSearch,
) -> None:
    stub_pages(face_search.stubber, THREE_PAGES)
    pager = face_search.pager()

    first = pager.first_page()
    assert first.job_status == "SUCCEEDED"
    assert first.video_metadata is not None and first.video_metadata.frame_rate == 25.0
    assert pager.first_page() is first

    assert timestamps(pager) == list(range(2500))
    assert len(face_search.calls) == 3  # the cached first page was reused


def test_resume_from_the_token_after_page_one(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES[1:])

    pager = face_search.pager(starting_token="tok-1")

    assert timestamps(pager) == list(range(1000, 2500))
    assert face_search.calls[0] == {"NextToken": "tok-1", "MaxResults": 1000}


def test_next_token_after_each_page(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES)
    pager = face_search.pager()
    assert pager.next_token is None and not pager.exhausted  # nothing fetched: from the start

    pages = pager.pages()
    next(pages)
    assert pager.next_token == "tok-1" == pager.resume_token
    next(pages)
    assert pager.next_token == "tok-2" == pager.resume_token


def test_max_items_stops_without_fetching_further_pages(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES[:1])
    pager = face_search.pager(max_items=1000)

    assert timestamps(pager) == list(range(1000))
    assert len(face_search.calls) == 1
    assert pager.resume_token == "tok-1"  # stopped on a page boundary: the service token
    assert not pager.exhausted


def test_max_items_mid_page_resumes_exactly_after_the_last_item(
    face_search: StubbedFaceSearch,
) -> None:
    stub_pages(face_search.stubber, THREE_PAGES[:2])
    pager = face_search.pager(max_items=1500)

    assert timestamps(pager) == list(range(1500))
    assert len(face_search.calls) == 2
    assert pager.next_token == "tok-2"  # page granularity: would skip items 1500..1999
    token = pager.resume_token
    assert token is not None and token.startswith("rekog-resume-v1:")

    # Another process: same job, a fresh stubbed client. Page 2 is re-fetched and trimmed.
    other = StubbedFaceSearch()
    stub_pages(other.stubber, THREE_PAGES[1:])
    rest = other.pager(starting_token=token)
    assert timestamps(rest) == list(range(1500, 2500))
    assert other.calls[0] == {"NextToken": "tok-1", "MaxResults": 1000}


def test_break_mid_page_then_resume(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES[:1])
    pager = face_search.pager()
    seen = []
    for item in pager:
        seen.append(item.timestamp)
        if item.timestamp == 9:
            break
    token = pager.resume_token

    # The first page had no token: resuming re-fetches it without one and skips 10 items.
    other = StubbedFaceSearch()
    stub_pages(other.stubber, THREE_PAGES)
    assert seen + timestamps(other.pager(starting_token=token)) == list(range(2500))
    assert other.calls[0] == {"MaxResults": 1000}


def test_max_items_zero_fetches_nothing(face_search: StubbedFaceSearch) -> None:
    assert list(face_search.pager(max_items=0)) == []
    assert list(face_search.pager(max_items=0).pages()) == []
    assert face_search.calls == []


def test_pages_with_max_items_stop_after_the_page_reaching_it(
    face_search: StubbedFaceSearch,
) -> None:
    stub_pages(face_search.stubber, THREE_PAGES[:2])
    pager = face_search.pager(max_items=1200)

    assert [len(p.persons) for p in pager.pages()] == [1000, 1000]
    assert pager.resume_token == "tok-2"


def test_empty_string_token_ends(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, [(None, face_search_page(0, 10, ""))])

    assert timestamps(face_search.pager()) == list(range(10))
    assert len(face_search.calls) == 1


def test_repeated_token_raises_instead_of_looping(face_search: StubbedFaceSearch) -> None:
    stub_pages(
        face_search.stubber,
        [
            (None, face_search_page(0, 1000, "tok-1")),
            ("tok-1", face_search_page(1000, 1000, "tok-2")),
            ("tok-2", face_search_page(2000, 1000, "tok-1")),  # back to page 2: a cycle
        ],
    )
    seen: list[int | None] = []

    with pytest.raises(PaginationError, match="tok-1"):
        for item in face_search.pager():
            seen.append(item.timestamp)

    assert seen == list(range(3000))  # every page delivered once, then the stop
    assert len(face_search.calls) == 3


def test_repeat_of_the_starting_token_raises(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, [("tok-1", face_search_page(0, 5, "tok-1"))])

    with pytest.raises(PaginationError):
        list(face_search.pager(starting_token="tok-1"))


def _is_throttling(exc: BaseException) -> bool:
    return isinstance(exc, ClientError) and exc.response["Error"]["Code"] == "ThrottlingException"


def test_throttled_page_is_retried_without_loss_or_duplication(
    face_search: StubbedFaceSearch,
) -> None:
    stub_pages(face_search.stubber, THREE_PAGES[:1])
    face_search.stubber.add_client_error(
        "get_face_search", "ThrottlingException", "Rate exceeded", http_status_code=400
    )
    stub_pages(face_search.stubber, THREE_PAGES[1:])
    # Stands in for the client's retry layer, which wraps each fetch.
    retrying = retry(
        retry=retry_if_exception(_is_throttling), stop=stop_after_attempt(3), wait=wait_none()
    )(face_search)
    pager = Pager(retrying, items=lambda p: p.persons, operation="GetFaceSearch", page_size=1000)

    assert timestamps(pager) == list(range(2500))
    assert [c.get("NextToken") for c in face_search.calls] == [None, "tok-1", "tok-1", "tok-2"]
    face_search.stubber.assert_no_pending_responses()


def test_failed_fetch_leaves_a_resume_token(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES[:1])
    face_search.stubber.add_client_error(
        "get_face_search", "InternalServerError", http_status_code=500
    )
    pager = face_search.pager()
    seen: list[int | None] = []

    with pytest.raises(ClientError):
        for item in pager:
            seen.append(item.timestamp)

    assert seen == list(range(1000)) and pager.resume_token == "tok-1"


def test_each_iteration_starts_afresh(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES + THREE_PAGES)
    pager = face_search.pager()

    assert timestamps(pager) == timestamps(pager) == list(range(2500))
    assert len(face_search.calls) == 6


def test_page_size_is_sent_only_when_given(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES, page_size=None)

    pager = Pager(face_search, items=lambda p: p.persons, operation="GetFaceSearch")

    assert len(list(pager)) == 2500
    assert [c.get("MaxResults") for c in face_search.calls] == [None, None, None]


class _Item:
    def __init__(self, page: int, index: int) -> None:
        self.page, self.index = page, index


class _Page:
    """A minimal page for memory tests (weak-referenceable, like the models)."""

    def __init__(self, number: int, next_token: str | None) -> None:
        self.number = number
        self.items = [_Item(number, i) for i in range(3)]
        self.next_token = next_token


def test_only_one_page_is_held() -> None:
    pages: list[weakref.ref[_Page]] = []
    items: list[weakref.ref[_Item]] = []

    def alive(refs: list[Any]) -> list[Any]:
        gc.collect()
        return [obj for obj in (ref() for ref in refs) if obj is not None]

    def fetch(extra: dict[str, Any]) -> _Page:
        # While the next page is fetched, no earlier page and none of its items but the one
        # the caller is holding (the loop variable) may be alive.
        assert alive(pages) == []
        assert len(alive(items)) <= 1
        number = int(extra.get("NextToken", "p0")[1:])
        page = _Page(number, f"p{number + 1}" if number < 4 else None)
        pages.append(weakref.ref(page))
        items.extend(weakref.ref(item) for item in page.items)
        return page

    pager = Pager(fetch, items=lambda p: p.items, operation="Fake")
    pager.first_page()  # cached, then handed to the iteration and released by it
    for item in pager:
        assert [page.number for page in alive(pages)] == [item.page]


def test_real_pages_are_released(face_search: StubbedFaceSearch) -> None:
    refs: list[weakref.ref[GetFaceSearchResponse]] = []

    def fetch(extra: dict[str, Any]) -> GetFaceSearchResponse:
        page = face_search(extra)
        refs.append(weakref.ref(page))
        return page

    stub_pages(face_search.stubber, THREE_PAGES)
    for item in Pager(fetch, items=lambda p: p.persons, operation="GetFaceSearch", page_size=1000):
        if item.timestamp == 2000:  # first item of page 3
            gc.collect()
            assert [ref() is None for ref in refs] == [True, True, False]


def test_bad_arguments_are_rejected_before_any_request() -> None:
    def fetch(extra: dict[str, Any]) -> Any:
        raise AssertionError("no request expected")

    def make(**kw: Any) -> Pager[Any, Any]:
        return Pager(fetch, items=lambda p: [], operation="GetFaceSearch", **kw)

    with pytest.raises(InvalidRequestError, match="page_size"):
        make(page_size=0)
    with pytest.raises(InvalidRequestError, match="max_items"):
        make(max_items=-1)
    with pytest.raises(InvalidRequestError, match="starting_token"):
        make(starting_token="rekog-resume-v1:not base64 json")
    with pytest.raises(InvalidRequestError, match="not supported"):
        Pager(fetch, items=lambda p: [], operation="X", page_size_field=None, page_size=5)


def test_repr_names_the_operation_and_progress(face_search: StubbedFaceSearch) -> None:
    stub_pages(face_search.stubber, THREE_PAGES)
    pager = face_search.pager(starting_token=None)
    list(pager)
    text = repr(pager)
    assert text.startswith("Pager(operation='GetFaceSearch'")
    assert "pages_fetched=3" in text and "exhausted=True" in text


def test_list_collections_items_keep_the_face_model_version() -> None:
    client = rekognition_client()
    stubber = Stubber(client)
    stubber.add_response(
        "list_collections",
        {"CollectionIds": ["a", "b"], "FaceModelVersions": ["6.0", "7.0"], "NextToken": "n1"},
        {"MaxResults": 2},
    )
    stubber.add_response(
        "list_collections",
        {"CollectionIds": ["c"], "FaceModelVersions": ["7.0"]},
        {"MaxResults": 2, "NextToken": "n1"},
    )
    stubber.activate()

    def fetch(extra: dict[str, Any]) -> ListCollectionsResponse:
        return ListCollectionsResponse.from_response(client.list_collections(**extra))

    pager = PAGED_OPERATIONS["ListCollections"].pager(fetch, page_size=2)

    assert list(pager) == [
        CollectionItem("a", "6.0"),
        CollectionItem("b", "7.0"),
        CollectionItem("c", "7.0"),
    ]


def test_collection_items_tolerate_a_short_version_list() -> None:
    page = ListCollectionsResponse.from_response(
        {"CollectionIds": ["a", "b"], "FaceModelVersions": ["6.0"]}
    )
    assert collection_items(page) == [CollectionItem("a", "6.0"), CollectionItem("b", None)]
