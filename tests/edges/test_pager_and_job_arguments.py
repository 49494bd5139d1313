"""Pager, job-handle and policy arguments: checked before anything is sent."""

from __future__ import annotations

import math
from typing import Any

import pytest

from rekog import InvalidRequestError, PollPolicy, Rekognition, RetryPolicy
from rekog.jobs import JOB_KINDS, VideoJob
from rekog.models import GetFaceSearchResponse, VideoJobStatus
from rekog.paging import PAGED_OPERATIONS, Pager

NAN = math.nan


def _fetch(extra: dict[str, Any]) -> Any:
    raise AssertionError("nothing may be fetched")


def _pager(**kwargs: Any) -> Pager[Any, Any]:
    return PAGED_OPERATIONS["ListFaces"].pager(_fetch, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"starting_token": 123}, "starting_token"),
        ({"starting_token": b"abc"}, "starting_token"),
        ({"starting_token": "x" * 256}, "starting_token"),
        ({"max_items": "3"}, "max_items"),
        ({"max_items": 1.5}, "max_items"),
        ({"max_items": NAN}, "max_items"),
        ({"max_items": True}, "max_items"),
        ({"max_items": -1}, "max_items"),
        ({"page_size": "10"}, "page_size"),
        ({"page_size": -1}, "page_size"),
        ({"page_size": 2.0}, "page_size"),
    ],
)
def test_bad_pager_arguments(kwargs: dict[str, Any], parameter: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        _pager(**kwargs)
    assert info.value.parameter == parameter
    assert info.value.operation == "ListFaces"


def test_token_limit_follows_the_service_model() -> None:
    # 255 for ListFaces, 1024 for DescribeProjects.
    _pager(starting_token="x" * 255)
    PAGED_OPERATIONS["DescribeProjects"].pager(_fetch, starting_token="x" * 1024)
    with pytest.raises(InvalidRequestError, match="1024"):
        PAGED_OPERATIONS["DescribeProjects"].pager(_fetch, starting_token="x" * 1025)


def test_page_size_zero_is_legal_for_list_faces_only() -> None:
    assert _pager(page_size=0).page_size == 0
    with pytest.raises(InvalidRequestError, match="at least 1"):
        PAGED_OPERATIONS["ListUsers"].pager(_fetch, page_size=0)


def test_the_table_matches_the_service_model() -> None:
    import botocore.session

    model = botocore.session.get_session().get_service_model("rekognition")
    for name, paged in PAGED_OPERATIONS.items():
        members = model.operation_model(name).input_shape.members
        assert paged.page_size_field is not None
        assert paged.page_size_min == members[paged.page_size_field].metadata.get("min", 1)
        assert paged.token_max_length == members[paged.token_field].metadata["max"]


def test_client_pagers_check_before_sending(rk: Rekognition) -> None:
    with pytest.raises(InvalidRequestError) as info:
        rk.paginate.list_faces(collection_id="c", starting_token=123)  # type: ignore[arg-type]
    assert info.value.parameter == "starting_token"
    with pytest.raises(InvalidRequestError) as info:
        rk.paginate.list_faces(collection_id="c", max_items="3")  # type: ignore[arg-type]
    assert info.value.parameter == "max_items"
    with pytest.raises(InvalidRequestError) as info:
        rk.paginate.list_users(collection_id="c", starting_token="t" * 300)
    assert info.value.parameter == "starting_token"


def test_list_faces_max_results_zero_is_accepted(rk: Rekognition) -> None:
    pager = rk.paginate.list_faces(collection_id="c", max_results=0)
    assert pager.page_size == 0


def test_corrupted_resume_token_with_long_inner_token() -> None:
    import base64
    import json

    payload = json.dumps({"token": "x" * 300, "skip": 0, "page_size": None}).encode()
    token = "rekog-resume-v1:" + base64.urlsafe_b64encode(payload).decode()
    with pytest.raises(InvalidRequestError, match="corrupted"):
        _pager(starting_token=token)


# -- jobs and policies -------------------------------------------------------------------


class FakeJob:
    def __init__(self, statuses: list[str]) -> None:
        self.statuses = statuses
        self.calls = 0

    def get(self, extra: dict[str, Any]) -> GetFaceSearchResponse:
        self.calls += 1
        return GetFaceSearchResponse.from_response(
            {"JobStatus": self.statuses.pop(0), "Persons": []}
        )

    def job(self) -> VideoJob[GetFaceSearchResponse, Any]:
        return VideoJob(
            "j" * 10,
            kind=JOB_KINDS["face_search"],
            get=self.get,
            pager=lambda **kw: _pager(),
            sleep=lambda s: None,
        )


@pytest.mark.parametrize("timeout", [NAN, math.inf, -1, "10", True])
def test_bad_wait_timeout(timeout: Any) -> None:
    fake = FakeJob(["IN_PROGRESS"])
    with pytest.raises(InvalidRequestError) as info:
        fake.job().wait(timeout=timeout)
    assert info.value.parameter == "timeout"
    assert fake.calls == 0


def test_bad_results_timeout() -> None:
    fake = FakeJob(["IN_PROGRESS"])
    with pytest.raises(InvalidRequestError):
        fake.job().results(timeout=NAN)
    assert fake.calls == 0


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"queue_url": 5}, "queue_url"),
        ({"timeout": NAN}, "timeout"),
        ({"wait_time_seconds": 0}, "wait_time_seconds"),
        ({"wait_time_seconds": 21}, "wait_time_seconds"),
        ({"wait_time_seconds": 2.5}, "wait_time_seconds"),
        ({"foreign_visibility_timeout": -1}, "foreign_visibility_timeout"),
        ({"foreign_visibility_timeout": NAN}, "foreign_visibility_timeout"),
    ],
)
def test_bad_notification_arguments(kwargs: dict[str, Any], parameter: str) -> None:
    fake = FakeJob([])
    arguments: dict[str, Any] = {"queue_url": "https://sqs.us-east-1.amazonaws.com/1/q"}
    arguments.update(kwargs)
    with pytest.raises(InvalidRequestError) as info:
        fake.job().wait_for_notification(**arguments)
    assert info.value.parameter == parameter


def test_empty_job_id_is_an_invalid_request(rk: Rekognition) -> None:
    with pytest.raises(InvalidRequestError):
        FakeJob([]).job().__class__(
            "", kind=JOB_KINDS["face_search"], get=_fetch, pager=lambda **kw: _pager()
        )


def test_status_is_the_enum() -> None:
    fake = FakeJob(["IN_PROGRESS", "SUCCEEDED"])
    job = fake.job()
    running = job.status()
    assert running is VideoJobStatus.IN_PROGRESS
    assert running == "IN_PROGRESS"  # string comparisons keep working
    assert job.status() is VideoJobStatus.SUCCEEDED
    assert job.status() == "SUCCEEDED"
    assert fake.calls == 2  # a finished status is remembered


def test_unknown_status_is_an_open_enum_value() -> None:
    fake = FakeJob(["PAUSED"])
    status = fake.job().status()
    assert isinstance(status, VideoJobStatus)
    assert status == "PAUSED" and not status.is_known


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"initial": NAN}, "PollPolicy.initial"),
        ({"initial": 0}, "PollPolicy.initial"),
        ({"maximum": math.inf}, "PollPolicy.maximum"),
        ({"maximum": 0.5}, "PollPolicy.maximum"),
        ({"multiplier": NAN}, "PollPolicy.multiplier"),
        ({"multiplier": 0.5}, "PollPolicy.multiplier"),
        ({"jitter": 1.0}, "PollPolicy.jitter"),
        ({"jitter": NAN}, "PollPolicy.jitter"),
        ({"initial": "1"}, "PollPolicy.initial"),
    ],
)
def test_bad_poll_policy(kwargs: dict[str, Any], parameter: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        PollPolicy(**kwargs)
    assert info.value.parameter == parameter


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"max_attempts": 0}, "RetryPolicy.max_attempts"),
        ({"max_attempts": 2.5}, "RetryPolicy.max_attempts"),
        ({"max_attempts": True}, "RetryPolicy.max_attempts"),
        ({"initial": NAN}, "RetryPolicy.initial"),
        ({"initial": -1}, "RetryPolicy.initial"),
        ({"maximum": NAN}, "RetryPolicy.maximum"),
        ({"maximum": math.inf}, "RetryPolicy.maximum"),
        ({"multiplier": NAN}, "RetryPolicy.multiplier"),
        ({"multiplier": 0.9}, "RetryPolicy.multiplier"),
        ({"deadline": NAN}, "RetryPolicy.deadline"),
        ({"deadline": math.inf}, "RetryPolicy.deadline"),
        ({"deadline": 0}, "RetryPolicy.deadline"),
        ({"limit_exceeded_initial": NAN}, "RetryPolicy.limit_exceeded_initial"),
        ({"limit_exceeded_maximum": -1}, "RetryPolicy.limit_exceeded_maximum"),
        ({"jitter": "yes"}, "RetryPolicy.jitter"),
    ],
)
def test_bad_retry_policy(kwargs: dict[str, Any], parameter: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        RetryPolicy(**kwargs)
    assert info.value.parameter == parameter
