"""The one retry layer, against a scripted HTTP server on 127.0.0.1.

What both clients share (attempt counts, the deadline, the final error, the longer backoff of
LimitExceeded on Start* only) is tested once, for the sync and the async client, in
``tests/aio/test_parity_calls.py``; this file keeps the sync client's own cases.
"""

from __future__ import annotations

import logging

import boto3
import pytest
from botocore.config import Config
from support.stub_server import Reply, StubServer

from rekog import Rekognition, RetryPolicy
from rekog.errors import (
    AccessDeniedException,
    InvalidParameterException,
    ProvisionedThroughputExceededException,
    ThrottlingException,
)

from .conftest import FakeTime


def test_access_denied_is_one_attempt(rk: Rekognition, server: StubServer) -> None:
    server.script(Reply.error("AccessDeniedException", status=403))
    with pytest.raises(AccessDeniedException) as caught:
        rk.list_collections()
    assert server.count() == 1
    assert caught.value.attempts == 1
    assert caught.value.status_code == 403


def test_backoff_grows_exponentially_and_is_capped(server: StubServer, fake_time: FakeTime) -> None:
    policy = RetryPolicy(
        max_attempts=6,
        initial=0.5,
        multiplier=2.0,
        maximum=3.0,
        jitter=False,
        deadline=None,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
    )
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url, retry=policy)
    server.script(Reply.error("ThrottlingException"))
    with pytest.raises(ThrottlingException):
        rk.list_collections()
    assert fake_time.sleeps == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_full_jitter_stays_within_the_cap(server: StubServer, fake_time: FakeTime) -> None:
    policy = RetryPolicy(
        max_attempts=6, initial=1.0, maximum=8.0, sleep=fake_time.sleep, clock=fake_time.clock
    )
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url, retry=policy)
    server.script(Reply.error("ThrottlingException"))
    with pytest.raises(ThrottlingException):
        rk.list_collections()
    caps = [1.0, 2.0, 4.0, 8.0, 8.0]
    assert len(fake_time.sleeps) == 5
    assert all(0 <= s <= cap for s, cap in zip(fake_time.sleeps, caps, strict=True))


def test_client_request_token_is_identical_across_attempts(
    rk: Rekognition, server: StubServer
) -> None:
    server.script(
        Reply.error("ThrottlingException"),
        Reply.error("InternalServerError", status=500),
        Reply(body={"JobId": "job-1"}),
    )
    rk.start_face_search(video="s3://videos/a.mp4", collection_id="c1")
    tokens = [r.body["ClientRequestToken"] for r in server.requests]
    assert len(tokens) == 3
    assert len(set(tokens)) == 1
    assert len(tokens[0]) == 36  # a uuid4


def test_each_logical_call_gets_its_own_token(rk: Rekognition, server: StubServer) -> None:
    server.script(Reply(body={"JobId": "job-1"}))
    rk.start_face_search(video="s3://videos/a.mp4", collection_id="c1")
    rk.start_face_search(video="s3://videos/a.mp4", collection_id="c1")
    tokens = [r.body["ClientRequestToken"] for r in server.requests]
    assert tokens[0] != tokens[1]


def test_a_given_token_is_sent_as_is(rk: Rekognition, server: StubServer) -> None:
    server.script(Reply(body={}))
    rk.create_user(collection_id="c1", user_id="u1", client_request_token="my-token-1")
    assert server.requests[0].body["ClientRequestToken"] == "my-token-1"


def test_user_client_with_botocore_retries_is_not_retried_twice_over(
    server: StubServer, caplog: pytest.LogCaptureFixture
) -> None:
    user_client = boto3.client(
        "rekognition",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=Config(retries={"total_max_attempts": 3, "mode": "standard"}),
    )
    with caplog.at_level(logging.INFO, logger="rekog"):
        rk = Rekognition(client=user_client)
    assert "rekog adds no retry layer" in caplog.text
    assert rk.retry_policy.max_attempts == 1
    server.script(Reply.error("ThrottlingException"))
    with pytest.raises(ThrottlingException):
        rk.list_collections()
    assert server.count() == 3  # botocore's 3, not 3 x rekog's


def test_user_client_without_botocore_retries_gets_rekogs(
    server: StubServer, fake_time: FakeTime
) -> None:
    user_client = boto3.client(
        "rekognition",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=Config(retries={"total_max_attempts": 1}),
    )
    policy = RetryPolicy(max_attempts=4, sleep=fake_time.sleep, clock=fake_time.clock)
    rk = Rekognition(client=user_client, retry=policy)
    server.script(Reply.error("ProvisionedThroughputExceededException"))
    with pytest.raises(ProvisionedThroughputExceededException):
        rk.list_collections()
    assert server.count() == 4


def test_invalid_parameter_from_service_maps_to_class(rk: Rekognition, server: StubServer) -> None:
    server.script(Reply.error("InvalidParameterException", message="bad"))
    with pytest.raises(InvalidParameterException) as caught:
        rk.list_faces(collection_id="c1")
    assert caught.value.request_id == "req-1"
    assert caught.value.operation == "ListFaces"
