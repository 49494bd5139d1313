"""VideoJob: status, polling with backoff under a fake clock, failures, timeouts, results."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber
from paging_support import JOB_ID, THREE_PAGES, FakeClock, face_search_page, rekognition_client

from rekog.errors import JobFailedError, JobTimeoutError
from rekog.jobs import JOB_KINDS, PollPolicy, VideoJob
from rekog.models import GetFaceSearchResponse, PersonMatch
from rekog.paging import PAGED_OPERATIONS, Pager

NO_JITTER = PollPolicy(initial=1.0, multiplier=1.5, maximum=30.0, jitter=0.0)


class StubbedJobs:
    """What the client does for ``rk.jobs.face_search(job_id)``, over a stubbed boto3 client."""

    def __init__(self) -> None:
        self.client = rekognition_client()
        self.stubber = Stubber(self.client)
        self.stubber.activate()
        self.clock = FakeClock()
        self.get_calls: list[dict[str, Any]] = []

    def get(self, extra: dict[str, Any]) -> GetFaceSearchResponse:
        self.get_calls.append(extra)
        return GetFaceSearchResponse.from_response(
            self.client.get_face_search(JobId=JOB_ID, **extra)
        )

    def pager(self, **kwargs: Any) -> Pager[GetFaceSearchResponse, PersonMatch]:
        return PAGED_OPERATIONS["GetFaceSearch"].pager(self.get, **kwargs)

    def attach(
        self, job_id: str = JOB_ID, poll: PollPolicy = NO_JITTER
    ) -> VideoJob[GetFaceSearchResponse, PersonMatch]:
        return VideoJob(
            job_id,
            kind=JOB_KINDS["face_search"],
            get=self.get,
            pager=self.pager,
            poll=poll,
            clock=self.clock,
            sleep=self.clock.sleep,
        )

    def status_poll(self, status: str, message: str | None = None) -> None:
        response: dict[str, Any] = {"JobStatus": status, "Persons": []}
        if message is not None:
            response["StatusMessage"] = message
        self.stubber.add_response("get_face_search", response, {"JobId": JOB_ID, "MaxResults": 1})


@pytest.fixture
def jobs() -> StubbedJobs:
    return StubbedJobs()


def test_wait_returns_after_three_polls_with_growing_delays(jobs: StubbedJobs) -> None:
    for status in ("IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"):
        jobs.status_poll(status)
    job = jobs.attach()

    assert job.wait() is job

    assert len(jobs.get_calls) == 3
    assert jobs.get_calls[0] == {"MaxResults": 1}  # polls stay cheap: one item
    assert jobs.clock.sleeps == [1.0, 1.5]
    assert job.done() and job.status() == "SUCCEEDED"
    assert len(jobs.get_calls) == 3  # a finished job's status is remembered
    jobs.stubber.assert_no_pending_responses()


def test_delays_grow_then_stay_at_the_cap(jobs: StubbedJobs) -> None:
    for _ in range(8):
        jobs.status_poll("IN_PROGRESS")
    jobs.status_poll("SUCCEEDED")
    job = jobs.attach(poll=PollPolicy(initial=1.0, multiplier=2.0, maximum=10.0, jitter=0.0))

    job.wait(timeout=3600)

    sleeps = jobs.clock.sleeps
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0, 10.0]
    growing = sleeps[: sleeps.index(10.0) + 1]
    assert all(a < b for a, b in zip(growing, growing[1:], strict=False))


def test_jitter_only_shortens_delays() -> None:
    policy = PollPolicy(initial=1.0, multiplier=2.0, maximum=8.0, jitter=0.25)
    delays = policy.delays()
    bounds = [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    for bound in bounds:
        assert 0.75 * bound <= next(delays) <= bound


def test_failed_job_raises_with_the_status_message_and_job_id(jobs: StubbedJobs) -> None:
    jobs.status_poll("IN_PROGRESS")
    jobs.status_poll("FAILED", "Unsupported codec in s3://bucket/video.mkv")
    job = jobs.attach()

    with pytest.raises(JobFailedError) as info:
        job.wait()

    assert info.value.job_id == JOB_ID
    assert info.value.status_message == "Unsupported codec in s3://bucket/video.mkv"
    assert info.value.operation == "GetFaceSearch"
    assert "Unsupported codec" in str(info.value)
    with pytest.raises(JobFailedError):  # results of a failed job: no further call needed
        job.results()
    assert len(jobs.get_calls) == 2


def test_timeout_raises_with_the_job_id_and_never_sleeps_past_the_deadline(
    jobs: StubbedJobs,
) -> None:
    for _ in range(20):
        jobs.status_poll("IN_PROGRESS")
    job = jobs.attach()
    start = jobs.clock.now

    with pytest.raises(JobTimeoutError) as info:
        job.wait(timeout=10.0)

    assert info.value.job_id == JOB_ID
    assert info.value.last_status == "IN_PROGRESS"
    assert info.value.waited == pytest.approx(10.0)
    assert isinstance(info.value, TimeoutError)
    assert jobs.clock.now == pytest.approx(start + 10.0)  # slept right up to it, not beyond
    assert jobs.clock.sleeps == pytest.approx([1.0, 1.5, 2.25, 3.375, 1.875])
    assert len(jobs.get_calls) == 6  # the last poll is at the deadline itself


def test_zero_timeout_polls_once(jobs: StubbedJobs) -> None:
    jobs.status_poll("IN_PROGRESS")
    with pytest.raises(JobTimeoutError):
        jobs.attach().wait(timeout=0)
    assert jobs.clock.sleeps == []


def test_results_wait_then_page_through_everything(jobs: StubbedJobs) -> None:
    jobs.status_poll("IN_PROGRESS")
    jobs.status_poll("SUCCEEDED")
    for token, page in THREE_PAGES:
        jobs.stubber.add_response(
            "get_face_search",
            page,
            {"JobId": JOB_ID, "MaxResults": 1000, **({"NextToken": token} if token else {})},
        )
    job = jobs.attach()

    pager = job.results(page_size=1000)

    assert [p.timestamp for p in pager] == list(range(2500))
    jobs.stubber.assert_no_pending_responses()


def test_attach_by_job_id_in_a_fresh_client() -> None:
    first = StubbedJobs()
    first.status_poll("IN_PROGRESS")
    job = first.attach()
    assert not job.done()
    saved = job.continuation_token()
    assert saved == JOB_ID

    # Days later, another process: a new client and a handle built from the saved id alone.
    fresh = StubbedJobs()
    fresh.status_poll("SUCCEEDED")
    fresh.stubber.add_response("get_face_search", face_search_page(0, 3, None), {"JobId": JOB_ID})
    again = fresh.attach(saved)

    assert again.status() == "SUCCEEDED"
    assert [p.timestamp for p in again.results()] == [0, 1, 2]
    assert repr(again) == f"VideoJob(kind='face_search', job_id='{JOB_ID}', status='SUCCEEDED')"


def test_unknown_status_is_treated_as_running(jobs: StubbedJobs) -> None:
    for status in ("QUEUED", "QUEUED", "SUCCEEDED"):  # a status AWS might add one day
        jobs.status_poll(status)
    job = jobs.attach()

    assert job.status() == "QUEUED"
    assert job.wait() is job
    assert jobs.clock.sleeps == [1.0]


def test_poll_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        PollPolicy(initial=0)
    with pytest.raises(ValueError):
        PollPolicy(initial=5, maximum=1)
    with pytest.raises(ValueError):
        PollPolicy(multiplier=0.5)
    with pytest.raises(ValueError):
        PollPolicy(jitter=1.0)
