"""A page parsed by a rekog client holds its items as JSON until read, keeping every promise.

The same body parsed eagerly (``model_validate_json``, a plain list of models) is the
reference: the lazily held page must read, compare, dump, pickle and round-trip the same.
"""

from __future__ import annotations

import copy
import json
import pickle
import threading
from typing import Any

import pytest

from rekog import ResponseParseError
from rekog.models import (
    GetFaceSearchResponse,
    PersonMatch,
    RekogModel,
)
from rekog.models._items import ItemList

from ._support import answering

PERSONS = [
    {
        "Timestamp": 33 * i,
        "Person": {"Index": i, "Face": {"Confidence": 99.5, "Landmarks": [{"Type": "nose"}]}},
        "FaceMatches": [{"Similarity": 98.0, "Face": {"FaceId": f"face-{i}"}}],
        "BrandNew": {"Kept": [i]},  # a member AWS may add tomorrow
    }
    for i in range(5)
]
BODY = json.dumps(
    {"JobStatus": "SUCCEEDED", "Persons": PERSONS, "NextToken": "tok", "Later": True}
).encode()


def lazy_page(body: bytes = BODY) -> GetFaceSearchResponse:
    return answering(body, fast_parse=True).get_face_search(job_id="job-1")


def eager_page(body: bytes = BODY) -> GetFaceSearchResponse:
    return GetFaceSearchResponse.model_validate_json(body)


def unread(items: list[Any]) -> int:
    """How many items are still held as JSON."""
    return sum(1 for raw in list.__iter__(items) if isinstance(raw, dict))


def test_items_are_held_as_json_until_read_and_are_a_list() -> None:
    page = lazy_page()
    assert isinstance(page.persons, ItemList)
    assert isinstance(page.persons, list)
    assert len(page.persons) == 5
    assert unread(page.persons) == 5
    first = page.persons[0]
    assert isinstance(first, PersonMatch)
    assert first.person is not None and first.person.index == 0
    assert page.persons[0] is first  # stored: every read gets the same model
    assert page.persons[-1].timestamp == 132
    assert unread(page.persons) == 0  # a read validates the items after it too


def test_models_built_any_other_way_hold_plain_lists() -> None:
    assert type(eager_page().persons) is list
    assert type(GetFaceSearchResponse.from_response(json.loads(BODY)).persons) is list
    assert type(GetFaceSearchResponse(persons=[PersonMatch(timestamp=1)]).persons) is list


def test_a_read_page_equals_the_eager_parse_both_ways() -> None:
    lazy, eager = lazy_page(), eager_page()
    assert lazy == eager
    assert eager == lazy
    assert lazy.persons == eager.persons
    assert eager.persons == lazy.persons
    assert lazy == lazy_page()
    assert unread(lazy.persons) == 5  # comparing stores nothing
    changed = lazy_page()
    changed.persons[2].timestamp = -1
    assert changed != eager
    assert changed.persons != eager.persons


def test_unknown_members_are_kept_and_dumps_round_trip() -> None:
    lazy, eager = lazy_page(), eager_page()
    assert lazy.model_extra == {"Later": True}
    assert lazy.persons[1].model_extra == {"BrandNew": {"Kept": [1]}}
    fresh = lazy_page()
    assert fresh.model_dump() == eager.model_dump()
    assert fresh.model_dump(mode="json", by_alias=True, exclude_unset=True) == json.loads(BODY)
    assert fresh.to_wire() == eager.to_wire()
    assert json.loads(fresh.model_dump_json(by_alias=True, exclude_unset=True)) == json.loads(BODY)
    assert unread(fresh.persons) == 5  # a dump stores nothing
    wire = fresh.model_dump_json(by_alias=True, exclude_unset=True)
    assert GetFaceSearchResponse.model_validate_json(wire) == eager
    assert fresh.model_dump(include={"persons": {0: {"timestamp"}}}) == {
        "persons": [{"timestamp": 0}]
    }
    assert fresh.persons[0].person is not None
    assert fresh.persons[0].person.model_fields_set == {"index", "face"}


def test_pickling_and_copies_keep_the_page() -> None:
    page = lazy_page()
    page.persons[0].timestamp = 7  # one read and changed, the rest unread
    for clone in (pickle.loads(pickle.dumps(page)), copy.deepcopy(page)):
        assert clone == page
        assert isinstance(clone.persons, ItemList)
        assert clone.persons[0].timestamp == 7
        assert clone.persons[4] == eager_page().persons[4]
    shallow = page.model_copy()
    assert shallow.persons is page.persons


def test_list_operations_read_items_as_models() -> None:
    page, reference = lazy_page(), eager_page().persons
    items = page.persons
    assert items[1:3] == reference[1:3] and type(items[1:3]) is list
    assert list(reversed(items)) == list(reversed(reference))
    assert reference[3] in items
    assert items.index(reference[3]) == 3
    assert items.count(reference[3]) == 1
    assert items + [] == reference
    assert [] + items == reference
    assert items * 2 == reference * 2
    assert items.copy() == reference and type(items.copy()) is list
    assert repr(items) == repr(reference)
    items.sort(key=lambda person: -(person.timestamp or 0))
    assert [person.timestamp for person in items] == [132, 99, 66, 33, 0]
    popped = items.pop()
    assert popped.timestamp == 0 and len(items) == 4
    items.remove(reference[4])
    items.append(PersonMatch(timestamp=5))
    assert [person.timestamp for person in items] == [99, 66, 33, 5]
    with pytest.raises(IndexError):
        items[10]
    with pytest.raises(TypeError, match="not str"):
        items["0"]  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        hash(items)


def test_a_malformed_item_is_reported_when_read_and_the_rest_still_read() -> None:
    body = json.dumps({"Persons": [PERSONS[0], {"Timestamp": "soon"}, PERSONS[2]]}).encode()
    page = lazy_page(body)
    assert page.persons[0].timestamp == 0
    with pytest.raises(ResponseParseError, match=r"Persons\[1\]\.Timestamp"):
        page.persons[1]
    assert page.persons[2].timestamp == 66
    with pytest.raises(ResponseParseError, match=r"Persons\[1\]\.Timestamp"):
        list(page.persons)


def test_an_item_that_is_not_an_object_fails_the_call() -> None:
    with pytest.raises(ResponseParseError, match=r"Persons\[1\]") as caught:
        lazy_page(json.dumps({"Persons": [PERSONS[0], 5]}).encode())
    assert caught.value.body is not None and b"Persons" in caught.value.body


def test_a_pager_validates_items_as_delivered_without_storing_them() -> None:
    page = lazy_page()
    walked = page.persons.unread(1)
    assert [person.timestamp for person in walked] == [33, 66, 99, 132]
    assert unread(walked) == 4 and unread(page.persons) == 5
    assert all(isinstance(person, RekogModel) for person in walked)


def test_threads_reading_one_unread_item_get_one_model() -> None:
    page = lazy_page()
    barrier = threading.Barrier(4)
    seen: list[Any] = []

    def read() -> None:
        barrier.wait()
        seen.append(page.persons[3])

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(model) for model in seen}) == 1
    assert seen[0] is page.persons[3]


def test_a_pager_delivers_models_and_reports_a_malformed_item_when_it_reaches_it() -> None:
    last_page = json.dumps({"Persons": PERSONS}).encode()
    pager = answering(last_page, fast_parse=True).paginate.get_face_search(job_id="job-1")
    assert list(pager) == eager_page(last_page).persons
    broken = json.dumps({"Persons": [PERSONS[0], {"Timestamp": "soon"}]}).encode()
    walk = iter(answering(broken, fast_parse=True).paginate.get_face_search(job_id="job-1"))
    assert next(walk).timestamp == 0  # the items before it are delivered
    with pytest.raises(ResponseParseError, match=r"Persons\[1\]\.Timestamp"):
        next(walk)


def test_pages_from_a_pager_hold_their_items_lazily() -> None:
    last_page = json.dumps({"Persons": PERSONS}).encode()
    pager = answering(last_page, fast_parse=True).paginate.get_face_search(job_id="job-1")
    (page,) = list(pager.pages())
    assert isinstance(page.persons, ItemList)
    assert unread(page.persons) == 5
    assert page == eager_page(last_page)
