"""Crafted 2xx bodies through both parse paths: the same outcome, a value or a typed error.

The raw-bytes path (``fast_parse=True``) and the botocore-dict path (``fast_parse=False``)
must agree on every body: either both return equal models (unknown members aside, which
only the raw path keeps), or both raise :class:`rekog.ResponseParseError` carrying the
operation, the request id and the raw body. Never a pydantic error, never a silent empty
result.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from rekog import RekognitionError, ResponseParseError
from rekog.models import GetFaceSearchResponse, RekogModel

from ._support import REQUEST_ID, answering, known_fields


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# (name, operation method, its arguments, body) -> outcome checked on both paths.
GET_FACE_SEARCH = ("get_face_search", {"job_id": "job-1"})
INDEX_FACES = ("index_faces", {"collection_id": "c", "image": b"\xff\xd8\xff" + b"0" * 64})
LIST_FACES = ("list_faces", {"collection_id": "c"})

VALUE_BODIES: dict[str, tuple[tuple[str, dict[str, Any]], bytes]] = {
    "null list member": (GET_FACE_SEARCH, b'{"JobStatus": "SUCCEEDED", "Persons": null}'),
    "null nested list": (
        INDEX_FACES,
        b'{"FaceRecords": [], "UnindexedFaces": [{"Reasons": null, "FaceDetail": null}]}',
    ),
    "null scalar": (GET_FACE_SEARCH, b'{"JobStatus": null, "NextToken": null}'),
    "empty object": (LIST_FACES, b"{}"),
    "unknown enum": (GET_FACE_SEARCH, b'{"JobStatus": "PAUSED"}'),
    "unknown members": (
        GET_FACE_SEARCH,
        b'{"JobStatus": "SUCCEEDED", "Brand": {"New": [1, 2]}, "Persons": [{"Timestamp": 5,'
        b' "Extra": true}]}',
    ),
    "moderate nesting in unknown member": (
        GET_FACE_SEARCH,
        ('{"JobStatus": "SUCCEEDED", "Later": ' + _deep(100) + "}").encode(),
    ),
    # As botocore reads it (Python's json): a number in a member no model types.
    "NaN in an item's unknown member": (
        GET_FACE_SEARCH,
        b'{"Persons": [{"Timestamp": 1, "Later": NaN}]}',
    ),
    "timestamps and blobs": (
        LIST_FACES,
        b'{"Faces": [{"FaceId": "11111111-1111-1111-1111-111111111111", "Confidence": 99.5}],'
        b' "FaceModelVersion": "7.0"}',
    ),
}

ERROR_BODIES: dict[str, tuple[tuple[str, dict[str, Any]], bytes, str]] = {
    "invalid JSON": (GET_FACE_SEARCH, b'{"JobStatus": "SUCC', "not valid JSON"),
    "not JSON at all": (LIST_FACES, b"<html>gateway</html>", "not valid JSON"),
    "JSON array": (GET_FACE_SEARCH, b'[{"JobStatus": "SUCCEEDED"}]', "JSON list"),
    "JSON string": (LIST_FACES, b'"hello"', "JSON str"),
    "deep nesting": (
        GET_FACE_SEARCH,
        ('{"JobStatus": "SUCCEEDED", "Later": ' + _deep(5000) + "}").encode(),
        "",
    ),
    "list of the wrong type": (GET_FACE_SEARCH, b'{"Persons": "abc"}', "Persons"),
    "structure of the wrong type": (GET_FACE_SEARCH, b'{"VideoMetadata": [1]}', "VideoMetadata"),
    "number of the wrong type": (
        GET_FACE_SEARCH,
        b'{"VideoMetadata": {"FrameRate": "fast"}}',
        "VideoMetadata.FrameRate",
    ),
    "enum of the wrong type": (GET_FACE_SEARCH, b'{"JobStatus": 5}', "JobStatus"),
    "string of the wrong type": (LIST_FACES, b'{"NextToken": 5}', "NextToken"),
    "null list item": (GET_FACE_SEARCH, b'{"Persons": [null]}', "Persons[0]"),
    "NaN": (GET_FACE_SEARCH, b'{"VideoMetadata": {"FrameRate": NaN}}', ""),
}

# Bodies whose page is valid but one item is not: (call, body, items attribute, index, reason).
# The raw-bytes path holds items as parsed JSON and reports a malformed one when it is first
# read; the botocore-dict path validates every item at the call.
ITEM_ERROR_BODIES: dict[str, tuple[tuple[str, dict[str, Any]], bytes, str, int, str]] = {
    "timestamp of the wrong type": (
        GET_FACE_SEARCH,
        b'{"Persons": [{"Timestamp": 1}, {"Timestamp": "soon"}]}',
        "persons",
        1,
        "Persons[1].Timestamp",
    ),
    "string of the wrong type in an item": (
        ("detect_text", {"image": b"\xff\xd8\xff" + b"0" * 64}),
        b'{"TextDetections": [{"DetectedText": 5}]}',
        "text_detections",
        0,
        "TextDetections[0].DetectedText",
    ),
}


def _call(call: tuple[str, dict[str, Any]], body: bytes, fast_parse: bool) -> Any:
    method, arguments = call
    return getattr(answering(body, fast_parse=fast_parse), method)(**arguments)


@pytest.mark.parametrize("name", sorted(VALUE_BODIES))
def test_both_paths_return_the_same_value(name: str) -> None:
    call, body = VALUE_BODIES[name]
    fast = _call(call, body, fast_parse=True)
    slow = _call(call, body, fast_parse=False)
    assert type(fast) is type(slow)
    assert known_fields(fast) == known_fields(slow)


@pytest.mark.parametrize("name", sorted(ERROR_BODIES))
@pytest.mark.parametrize("fast_parse", [True, False], ids=["raw-bytes", "botocore-dict"])
def test_both_paths_raise_a_typed_parse_error(name: str, fast_parse: bool) -> None:
    call, body, reason = ERROR_BODIES[name]
    with pytest.raises(ResponseParseError) as caught:
        _call(call, body, fast_parse=fast_parse)
    error = caught.value
    assert isinstance(error, RekognitionError)
    assert error.operation == "".join(p.title() for p in call[0].split("_"))
    assert error.request_id == REQUEST_ID
    assert error.body == body
    assert reason in error.reason
    assert "pydantic" not in str(error).lower()


@pytest.mark.parametrize("name", sorted(ITEM_ERROR_BODIES))
def test_a_malformed_item_raises_a_typed_parse_error_when_first_read(name: str) -> None:
    call, body, attribute, index, reason = ITEM_ERROR_BODIES[name]
    page = _call(call, body, fast_parse=True)
    items = getattr(page, attribute)
    item_json = json.dumps(json.loads(body)[reason.split("[")[0]][index]).encode()
    for _ in range(2):  # the item stays unread: every read reports it
        with pytest.raises(ResponseParseError) as caught:
            items[index]
        error = caught.value
        assert error.operation == "".join(p.title() for p in call[0].split("_"))
        assert error.request_id == REQUEST_ID
        assert reason in error.reason
        assert error.body == item_json
        assert "pydantic" not in str(error).lower()
    # Every way of reading the whole list reports it too.
    for read in (list, lambda _: page.model_dump(), lambda _: page.model_dump_json()):
        with pytest.raises(ResponseParseError, match=re.escape(reason)):
            read(items)
    # repr never raises: the malformed item shows as its JSON.
    assert "<malformed item" in repr(page)
    # The items before it read as models.
    assert all(isinstance(items[i], RekogModel) for i in range(index))


@pytest.mark.parametrize("name", sorted(ITEM_ERROR_BODIES))
def test_a_malformed_item_raises_at_the_call_on_the_botocore_path(name: str) -> None:
    call, body, _, _, reason = ITEM_ERROR_BODIES[name]
    with pytest.raises(ResponseParseError) as caught:
        _call(call, body, fast_parse=False)
    assert caught.value.body == body
    assert reason in caught.value.reason


def test_null_members_read_as_absent() -> None:
    for fast_parse in (True, False):
        page = answering(b'{"JobStatus": "SUCCEEDED", "Persons": null}', fast_parse=fast_parse)
        result = page.get_face_search(job_id="job-1")
        assert result.persons == [] and result.job_status == "SUCCEEDED"
        indexed = answering(
            b'{"UnindexedFaces": [{"Reasons": null}]}', fast_parse=fast_parse
        ).index_faces(collection_id="c", image=b"\xff\xd8\xff" + b"0" * 64)
        assert indexed.unindexed_faces[0].reasons == []


def test_unknown_enum_and_members_survive_the_raw_path() -> None:
    body = b'{"JobStatus": "PAUSED", "Brand": {"New": 1}}'
    result = answering(body, fast_parse=True).get_face_search(job_id="job-1")
    assert result.job_status == "PAUSED"
    assert result.job_status is not None and not result.job_status.is_known
    assert result.model_dump(mode="json", by_alias=True, exclude_unset=True) == json.loads(body)


def test_invalid_json_is_never_a_silent_empty_result() -> None:
    # botocore alone reads an invalid JSON body as {"message": ...}: an empty page.
    for fast_parse in (True, False):
        with pytest.raises(ResponseParseError):
            answering(b"{oops", fast_parse=fast_parse).list_faces(collection_id="c")


def test_parse_error_pickles_with_its_details() -> None:
    import pickle

    error = ResponseParseError("ListFaces", "bad", request_id="r-1", body=b"[]")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.operation, copy.reason, copy.request_id, copy.body) == (
        "ListFaces",
        "bad",
        "r-1",
        b"[]",
    )


def test_response_models_never_apply_request_rules_without_context() -> None:
    stored = {
        "JobStatus": "SUCCEEDED",
        "Video": {"S3Object": {"Bucket": "b", "Name": "k" * 2000, "Version": "v"}},
    }
    result = GetFaceSearchResponse.model_validate(stored)
    assert result.video is not None and result.video.s3_object is not None
    assert result.video.s3_object.bucket == "b"
    again = GetFaceSearchResponse.model_validate_json(json.dumps(stored))
    assert again == result
