"""VideoJob.wait_for_notification over SNS→SQS (moto), among other jobs' messages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from paging_support import FakeClock

from rekog.errors import JobFailedError, JobTimeoutError
from rekog.jobs import JOB_KINDS, PollPolicy, VideoJob, parse_notification
from rekog.models import GetFaceSearchResponse

REGION = "us-east-1"
MINE, OTHER_1, OTHER_2 = "1" * 64, "2" * 64, "3" * 64


def rekognition_message(job_id: str, status: str = "SUCCEEDED") -> str:
    return json.dumps(
        {
            "JobId": job_id,
            "Status": status,
            "API": "StartFaceSearch",
            "JobTag": "nightly",
            "Timestamp": 1_700_000_000_000,
            "Video": {"S3ObjectName": "video.mp4", "S3Bucket": "bucket"},
        }
    )


class Queue:
    """An SNS topic delivering to an SQS queue, as Rekognition's NotificationChannel is set up."""

    def __init__(self, *, raw: bool = False) -> None:
        self.sns = boto3.client("sns", region_name=REGION)
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.topic_arn = self.sns.create_topic(Name="AmazonRekognition-jobs")["TopicArn"]
        self.url = self.sqs.create_queue(QueueName="rekognition-jobs")["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        subscription = self.sns.subscribe(TopicArn=self.topic_arn, Protocol="sqs", Endpoint=arn)
        if raw:
            self.sns.set_subscription_attributes(
                SubscriptionArn=subscription["SubscriptionArn"],
                AttributeName="RawMessageDelivery",
                AttributeValue="true",
            )

    def publish(self, job_id: str, status: str = "SUCCEEDED") -> None:
        self.sns.publish(TopicArn=self.topic_arn, Message=rekognition_message(job_id, status))

    def remaining_job_ids(self) -> list[str]:
        bodies = self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get(
            "Messages", []
        )
        notes = [parse_notification(m["Body"]) for m in bodies]
        return sorted(n.job_id for n in notes if n is not None)

    def counts(self) -> tuple[int, int]:
        attrs = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["All"])[
            "Attributes"
        ]
        return int(attrs["ApproximateNumberOfMessages"]), int(
            attrs["ApproximateNumberOfMessagesNotVisible"]
        )


class Gets:
    """A scripted ``get`` callable; records calls."""

    def __init__(self, *responses: dict[str, Any]) -> None:
        self.responses = list(responses)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, extra: dict[str, Any]) -> GetFaceSearchResponse:
        self.calls.append(extra)
        return GetFaceSearchResponse.from_response(self.responses.pop(0))


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


def make_job(
    job_id: str, get: Gets, sqs: Any, clock: FakeClock | None = None
) -> VideoJob[GetFaceSearchResponse, Any]:
    clock = clock or FakeClock()
    return VideoJob(
        job_id,
        kind=JOB_KINDS["face_search"],
        get=get,
        pager=lambda **kw: pytest.fail("no results expected"),
        sqs_client_factory=lambda region: sqs,
        poll=PollPolicy(jitter=0),
        clock=clock,
        sleep=clock.sleep,
    )


@pytest.mark.parametrize("raw", [False, True], ids=["sns-envelope", "raw-delivery"])
def test_finds_its_message_among_others_and_deletes_only_its_own(aws: None, raw: bool) -> None:
    queue = Queue(raw=raw)
    queue.publish(OTHER_1)
    queue.publish(MINE)
    queue.publish(OTHER_2, "FAILED")
    get = Gets()
    job = make_job(MINE, get, queue.sqs)

    assert job.wait_for_notification(queue.url, timeout=60, foreign_visibility_timeout=0) is job

    assert job.status() == "SUCCEEDED" and get.calls == []  # known from the message alone
    assert queue.remaining_job_ids() == [OTHER_1, OTHER_2]


def test_other_jobs_messages_are_hidden_briefly_not_deleted(aws: None) -> None:
    queue = Queue()
    queue.publish(OTHER_1)
    queue.publish(OTHER_2)
    queue.publish(MINE)
    job = make_job(MINE, Gets(), queue.sqs)

    job.wait_for_notification(queue.url, timeout=60)

    assert queue.counts() == (0, 2)  # both still in the queue, in flight for a few seconds


def test_each_waiter_gets_its_own_message(aws: None) -> None:
    queue = Queue()
    for job_id in (OTHER_1, MINE, OTHER_2):
        queue.publish(job_id)

    for job_id in (OTHER_2, MINE, OTHER_1):
        job = make_job(job_id, Gets(), queue.sqs)
        job.wait_for_notification(queue.url, timeout=60, foreign_visibility_timeout=0)
        assert job.done()

    assert queue.counts() == (0, 0)


def test_failed_job_raises_with_the_status_message(aws: None) -> None:
    queue = Queue()
    queue.publish(OTHER_1)
    queue.publish(MINE, "FAILED")
    get = Gets({"JobStatus": "FAILED", "StatusMessage": "Video too long"})
    job = make_job(MINE, get, queue.sqs)

    with pytest.raises(JobFailedError) as info:
        job.wait_for_notification(queue.url, timeout=60)

    assert (info.value.job_id, info.value.status_message) == (MINE, "Video too long")
    assert get.calls == [{"MaxResults": 1}]
    assert queue.counts() == (0, 1)  # ours deleted, the other one kept


def test_error_status_fetches_the_reason(aws: None) -> None:
    queue = Queue()
    queue.publish(MINE, "ERROR")
    job = make_job(
        MINE, Gets({"JobStatus": "FAILED", "StatusMessage": "Internal error"}), queue.sqs
    )

    with pytest.raises(JobFailedError, match="Internal error"):
        job.wait_for_notification(queue.url, timeout=60)


class SilentSqs:
    """An SQS client whose queue stays empty; a long poll advances the fake clock."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[int] = []

    def receive_message(self, **kwargs: Any) -> dict[str, Any]:
        assert kwargs["MaxNumberOfMessages"] == 10
        self.waits.append(kwargs["WaitTimeSeconds"])
        self.clock.now += kwargs["WaitTimeSeconds"] + 0.01  # plus a round trip
        return {}


def test_timeout_checks_the_status_once_then_raises_with_the_job_id() -> None:
    clock = FakeClock()
    sqs = SilentSqs(clock)
    get = Gets({"JobStatus": "IN_PROGRESS"})
    job = make_job(MINE, get, sqs, clock)
    start = clock.now

    with pytest.raises(JobTimeoutError) as info:
        job.wait_for_notification("https://sqs.us-east-1.amazonaws.com/123456789012/q", timeout=45)

    assert info.value.job_id == MINE and info.value.last_status == "IN_PROGRESS"
    assert all(0 <= w <= 20 for w in sqs.waits)
    assert sqs.waits[:2] == [20, 20]
    assert clock.now - start <= 45 + 0.1  # long polls stay inside the deadline
    assert get.calls == [{"MaxResults": 1}]


def test_timeout_finds_a_job_that_finished_unnoticed() -> None:
    clock = FakeClock()
    job = make_job(MINE, Gets({"JobStatus": "SUCCEEDED"}), SilentSqs(clock), clock)

    assert job.wait_for_notification("https://sqs.us-east-1.amazonaws.com/1/q", timeout=5) is job


def test_parse_notification_rejects_other_messages() -> None:
    assert parse_notification("not json") is None
    assert parse_notification(json.dumps({"Type": "Notification", "Message": "hello"})) is None
    assert parse_notification(json.dumps({"Status": "SUCCEEDED"})) is None
    note = parse_notification(
        json.dumps({"Type": "Notification", "Message": rekognition_message(MINE)})
    )
    assert note is not None
    assert (note.job_id, note.status, note.job_tag, note.api) == (
        MINE,
        "SUCCEEDED",
        "nightly",
        "StartFaceSearch",
    )
    assert note.video == {"S3ObjectName": "video.mp4", "S3Bucket": "bucket"}


def test_default_sqs_client_uses_the_queue_region(aws: None) -> None:
    queue = Queue()
    queue.publish(MINE)
    clock = FakeClock()
    job: VideoJob[GetFaceSearchResponse, Any] = VideoJob(
        MINE,
        kind=JOB_KINDS["face_search"],
        get=Gets(),
        pager=lambda **kw: pytest.fail("no results expected"),
        clock=clock,
        sleep=clock.sleep,
    )

    assert job.wait_for_notification(queue.url, timeout=60).done()
    assert queue.counts() == (0, 0)


def test_a_job_known_finished_does_not_read_the_queue() -> None:
    class NoSqs:
        def receive_message(self, **kwargs: Any) -> dict[str, Any]:
            raise AssertionError("the queue must not be read")

    job = make_job(MINE, Gets({"JobStatus": "SUCCEEDED"}), NoSqs())
    job.wait()

    assert job.wait_for_notification("https://sqs.us-east-1.amazonaws.com/1/q") is job
    with pytest.raises(ValueError, match="wait_time_seconds"):
        job.wait_for_notification("https://sqs.us-east-1.amazonaws.com/1/q", wait_time_seconds=0)
