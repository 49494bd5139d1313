"""Pagers, video job handles and SNS→SQS notifications on both clients (``make_client``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from support.face_search import FAST_POLL, TOTAL, face_search_responder
from support.fake_time import FakeTime
from support.stub_server import Reply, StubServer

from rekog import InvalidRequestError, JobFailedError, JobTimeoutError, PaginationError, PollPolicy
from rekog.models import GetFaceSearchResponse

from .conftest import MakeClient, on_fake_time


def test_items_across_pages(rk: Any, server: StubServer) -> None:
    server.responder = face_search_responder(["SUCCEEDED"])
    pager = rk.paginate.get_face_search(job_id="job-1", max_results=1000)
    assert [p.timestamp for p in pager] == [i * 40 for i in range(TOTAL)]
    assert server.count("GetFaceSearch") == 3
    assert [r.body.get("MaxResults") for r in server.requests] == [1000, 1000, 1000]
    assert pager.exhausted and pager.resume_token is None


def test_pages_are_typed_and_each_page_is_retried(rk: Any, server: StubServer) -> None:
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
    assert server.count("GetFaceSearch") == 4


def test_validation_before_any_request(rk: Any, server: StubServer) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        rk.paginate.list_faces(collection_id="bad id!")
    assert caught.value.parameter == "collection_id"
    with pytest.raises(InvalidRequestError):
        rk.paginate.get_face_search(job_id="job-1", max_results=0)
    with pytest.raises(InvalidRequestError):
        rk.paginate.list_faces(collection_id="c1", max_items=-1)
    assert server.count() == 0


def test_max_items_then_resume_token_continues_exactly(rk: Any, server: StubServer) -> None:
    server.responder = face_search_responder(["SUCCEEDED"])
    first = rk.paginate.get_face_search(job_id="job-1", max_results=1000, max_items=1500)
    head = [p.timestamp for p in first]
    assert len(head) == 1500 and first.pages_fetched == 2
    token = first.resume_token
    assert token is not None and token.startswith("rekog-resume-v1:")
    rest = rk.paginate.get_face_search(job_id="job-1", max_results=1000, starting_token=token)
    tail = [p.timestamp for p in rest]
    assert head + tail == [i * 40 for i in range(TOTAL)]  # every item once, in order


def test_first_page_and_service_tokens(rk: Any, server: StubServer) -> None:
    server.responder = face_search_responder(["SUCCEEDED"])
    pager = rk.paginate.get_face_search(job_id="job-1", max_results=1000, starting_token="2000")
    assert pager.first_page().video_metadata.frame_rate == 25.0
    assert len(list(pager)) == 500
    assert server.count() == 1  # the first page was reused by the iteration


def test_a_repeated_token_stops_instead_of_looping(rk: Any, server: StubServer) -> None:
    server.script(Reply(body={"Faces": [{"FaceId": "f"}], "NextToken": "same"}))
    with pytest.raises(PaginationError, match="a second time"):
        list(rk.paginate.list_faces(collection_id="c1"))
    assert server.count() == 2


def test_collections_keep_their_face_model_version(rk: Any, server: StubServer) -> None:
    server.script(
        Reply(
            body={
                "CollectionIds": ["a", "b"],
                "FaceModelVersions": ["6.0", "7.0"],
                "NextToken": "t",
            }
        ),
        Reply(body={"CollectionIds": ["c"], "FaceModelVersions": ["7.0"]}),
    )
    items = list(rk.paginate.list_collections())
    assert [(i.collection_id, i.face_model_version) for i in items] == [
        ("a", "6.0"),
        ("b", "7.0"),
        ("c", "7.0"),
    ]


def test_job_start_wait_results(rk: Any, server: StubServer) -> None:
    server.responder = face_search_responder(["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"])
    job = rk.jobs.start_face_search(
        video="s3://videos/a.mp4", collection_id="people", poll=FAST_POLL
    )
    assert job.job_id == "job-1"
    assert job.wait(timeout=30).job_id == "job-1"
    assert job.done() and job.status() == "SUCCEEDED"
    polls = server.count("GetFaceSearch")
    assert sum(1 for _ in job.results(page_size=1000)) == TOTAL
    assert server.count("GetFaceSearch") == polls + 3  # no further status poll
    start = server.requests[0]
    assert start.body["Video"] == {"S3Object": {"Bucket": "videos", "Name": "a.mp4"}}
    assert len(start.body["ClientRequestToken"]) == 36
    assert job.continuation_token() == "job-1"


def test_results_wait_for_the_job_first(rk: Any, server: StubServer) -> None:
    server.responder = face_search_responder(["IN_PROGRESS", "SUCCEEDED"])
    job = rk.jobs.face_search("job-1", poll=FAST_POLL)
    assert len(list(job.results(page_size=1000))) == TOTAL


def test_attach_to_a_failed_job(make_client: MakeClient, server: StubServer) -> None:
    server.responder = face_search_responder(["FAILED"])
    fresh = make_client(region="us-east-1", endpoint_url=server.endpoint_url)
    job = fresh.jobs.face_search("job-1", poll=FAST_POLL)
    with pytest.raises(JobFailedError) as caught:
        job.wait(timeout=5)
    assert (caught.value.job_id, caught.value.status_message) == ("job-1", "video unreadable")
    with pytest.raises(JobFailedError):
        list(job.results())


def test_wait_times_out_with_the_job_id(rk: Any, server: StubServer, fake_time: FakeTime) -> None:
    server.responder = face_search_responder(["IN_PROGRESS"])
    job = rk.jobs.face_search("job-1", poll=PollPolicy(initial=0.01, maximum=0.02))
    on_fake_time(job, fake_time)  # the clock moves only when the wait sleeps
    with pytest.raises(JobTimeoutError) as caught:
        job.wait(timeout=0.2)
    assert caught.value.job_id == "job-1" and caught.value.last_status == "IN_PROGRESS"
    # It slept up to the deadline, never past it, in steps of the poll policy.
    assert caught.value.waited == pytest.approx(0.2)
    assert sum(fake_time.sleeps) == pytest.approx(0.2)
    assert fake_time.sleeps and max(fake_time.sleeps) <= 0.02 + 1e-9


# ------------------------------------------------------------------ SNS → SQS notifications

MINE, OTHER = "1" * 64, "2" * 64


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    yield f"http://{host}:{port}"
    moto.stop()


@pytest.fixture
def queue(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    # Both clients create their SQS client from the session; point SQS at moto's server.
    monkeypatch.setenv("AWS_ENDPOINT_URL_SQS", moto_url)
    sns = boto3.client("sns", region_name="us-east-1", endpoint_url=moto_url)
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=moto_url)
    topic = sns.create_topic(Name="AmazonRekognition-jobs")["TopicArn"]
    url = sqs.create_queue(QueueName=f"jobs-{id(sns)}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)

    def publish(job_id: str, status: str = "SUCCEEDED") -> None:
        message = {"JobId": job_id, "Status": status, "API": "StartFaceSearch", "Timestamp": 1}
        sns.publish(TopicArn=topic, Message=json.dumps(message))

    def remaining() -> int:
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        return int(attrs["ApproximateNumberOfMessages"]) + int(
            attrs["ApproximateNumberOfMessagesNotVisible"]
        )

    return {"url": url, "publish": publish, "remaining": remaining}


def test_notification_among_other_jobs_messages(
    rk: Any, server: StubServer, queue: dict[str, Any]
) -> None:
    queue["publish"](OTHER)
    queue["publish"](MINE)
    job = rk.jobs.face_search(MINE)
    assert job.wait_for_notification(queue["url"], timeout=30, foreign_visibility_timeout=0).done()
    assert server.count() == 0  # known from the message alone
    assert queue["remaining"]() == 1  # the other job's message stays


def test_failed_notification_fetches_the_reason(
    rk: Any, server: StubServer, queue: dict[str, Any]
) -> None:
    server.script(Reply(body={"JobStatus": "FAILED", "StatusMessage": "Video too long"}))
    queue["publish"](MINE, "FAILED")
    job = rk.jobs.face_search(MINE)
    with pytest.raises(JobFailedError, match="Video too long"):
        job.wait_for_notification(queue["url"], timeout=30)
    assert [r.body.get("MaxResults") for r in server.requests] == [1]


def test_no_notification_by_the_deadline(
    rk: Any, server: StubServer, queue: dict[str, Any]
) -> None:
    server.script(Reply(body={"JobStatus": "IN_PROGRESS"}))
    job = rk.jobs.face_search(MINE)
    with pytest.raises(JobTimeoutError):
        job.wait_for_notification(queue["url"], timeout=1.5, wait_time_seconds=1)
    assert server.count() == 1  # one status check at the deadline
