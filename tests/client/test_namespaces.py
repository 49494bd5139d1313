"""rk.paginate and rk.jobs wired to the client: validation first, retries per page."""

from __future__ import annotations

from typing import Any

import pytest
from support.face_search import FAST_POLL, TOTAL, face_search_responder
from support.stub_server import Reply, StubServer

from rekog import InvalidRequestError, JobFailedError, Rekognition
from rekog.models import GetFaceSearchResponse


def test_paginate_reads_all_items_across_pages(rk: Rekognition, server: StubServer) -> None:
    server.responder = face_search_responder(["SUCCEEDED"])
    pager = rk.paginate.get_face_search(job_id="job-1", max_results=1000)
    timestamps = [p.timestamp for p in pager]
    assert timestamps == [i * 40 for i in range(TOTAL)]
    assert server.count("GetFaceSearch") == 3
    assert [r.body.get("MaxResults") for r in server.requests] == [1000, 1000, 1000]


def test_paginate_pages_are_typed_and_retried(rk: Rekognition, server: StubServer) -> None:
    inner = face_search_responder(["SUCCEEDED"])
    throttled = {"done": False}

    def respond(operation: str, body: dict[str, Any]) -> Reply:
        if body.get("NextToken") == "1000" and not throttled["done"]:
            throttled["done"] = True
            return Reply.error("ThrottlingException")
        reply: Reply = inner(operation, body)
        return reply

    server.responder = respond
    pages = list(rk.paginate.get_face_search(job_id="job-1", max_results=1000).pages())
    assert [len(p.persons) for p in pages] == [1000, 1000, 500]
    assert all(isinstance(p, GetFaceSearchResponse) for p in pages)
    assert server.count("GetFaceSearch") == 4  # one page retried once


def test_paginate_validates_before_any_request(rk: Rekognition, server: StubServer) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        rk.paginate.list_faces(collection_id="bad id!")
    assert caught.value.parameter == "collection_id"
    with pytest.raises(InvalidRequestError):
        rk.paginate.get_face_search(job_id="job-1", max_results=0)
    assert server.count() == 0


def test_job_start_wait_results(rk: Rekognition, server: StubServer) -> None:
    server.responder = face_search_responder(["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"])
    job = rk.jobs.start_face_search(
        video="s3://videos/a.mp4", collection_id="people", poll=FAST_POLL
    )
    assert job.job_id == "job-1"
    assert job.wait(timeout=30) is job
    assert job.done()
    assert sum(1 for _ in job.results(page_size=1000)) == TOTAL
    start = server.requests[0]
    assert start.operation == "StartFaceSearch"
    assert start.body["Video"] == {"S3Object": {"Bucket": "videos", "Name": "a.mp4"}}
    assert len(start.body["ClientRequestToken"]) == 36


def test_attach_in_a_fresh_client_and_failed_job(server: StubServer) -> None:
    server.responder = face_search_responder(["FAILED"])
    fresh = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    job = fresh.jobs.face_search("job-1", poll=FAST_POLL)
    with pytest.raises(JobFailedError) as caught:
        job.wait(timeout=5)
    assert caught.value.job_id == "job-1"
    assert caught.value.status_message == "video unreadable"
