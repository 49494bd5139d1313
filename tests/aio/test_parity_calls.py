"""The sync client's behaviour, checked on both clients: validation, error classes, the one
retry layer, idempotency tokens, image arguments (parametrised by ``make_client``)."""

from __future__ import annotations

import base64
import io
import logging
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.config import Config
from botocore.exceptions import ClientError
from support.calls import BAD_CALLS, JPEG
from support.fake_time import FakeTime
from support.stub_server import Reply, StubServer

from rekog import InvalidRequestError, RekognitionError, RetryPolicy, ServiceError, errors
from rekog.errors import LimitExceededException, ThrottlingException
from rekog.models import DetectTextResponse, TextTypes

from .conftest import MakeClient

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import servicemodel  # noqa: E402

CODES = servicemodel.error_names(servicemodel.load_service_model())
COLLECTIONS = {"CollectionIds": ["c1"], "FaceModelVersions": ["7.0"]}


@pytest.mark.parametrize(("method", "arguments", "parameter"), BAD_CALLS)
def test_bad_inputs_raise_before_sending(
    rk: Any, server: StubServer, method: str, arguments: dict[str, Any], parameter: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        getattr(rk, method)(**arguments)
    error = caught.value
    assert error.parameter.split(".")[0].split("[")[0] == parameter
    assert error.operation is not None and error.operation in str(error)
    assert server.count() == 0


def test_every_error_code_maps_to_its_class(rk: Any, server: StubServer) -> None:
    for code in CODES:
        server.script(Reply.error(code, status=400, message="m"))
        with pytest.raises(ServiceError) as caught:
            rk.describe_collection(collection_id="c1")
        error = caught.value
        # rekog's class, rk.exceptions' and the botocore client's own (boto3's idiom).
        assert isinstance(error, getattr(errors, code))
        assert isinstance(error, getattr(rk.exceptions, code))
        assert isinstance(error, getattr(rk.client.exceptions, code))
        assert type(error).__name__ == code
        assert isinstance(error, ClientError) and isinstance(error, RekognitionError)
        assert (error.code, error.message, error.operation) == (code, "m", "DescribeCollection")
    server.script(Reply.error("BrandNewException", status=409))
    with pytest.raises(ServiceError) as unknown:
        rk.list_collections()
    assert type(unknown.value) is ServiceError and unknown.value.code == "BrandNewException"


def test_typed_response_from_the_raw_bytes(rk: Any, server: StubServer) -> None:
    body = {
        "TextDetections": [{"DetectedText": "HI", "Type": "LINE", "Id": 0, "Confidence": 99.0}],
        "TextModelVersion": "3.0",
        "BrandNewMember": [1, 2],
    }
    server.script(Reply(body=body))
    result = rk.detect_text(image=JPEG)
    assert isinstance(result, DetectTextResponse)
    assert result.text_detections[0].type is TextTypes.LINE
    assert result.to_wire() == body  # unknown members survive


def test_image_from_a_path_and_an_open_file(rk: Any, server: StubServer, tmp_path: Path) -> None:
    photo = tmp_path / "face.jpg"
    photo.write_bytes(JPEG)
    server.script(Reply(body={"TextDetections": []}))
    rk.detect_text(image=photo)
    rk.detect_text(image=str(photo))
    rk.detect_text(image=io.BytesIO(JPEG))
    sent = [base64.b64decode(r.body["Image"]["Bytes"]) for r in server.requests]
    assert sent == [JPEG, JPEG, JPEG]
    with pytest.raises(InvalidRequestError) as caught:
        rk.detect_text(image=tmp_path / "missing.jpg")
    assert caught.value.parameter == "image" and server.count() == 3


def test_throttled_twice_then_success_is_three_attempts(rk: Any, server: StubServer) -> None:
    server.script(
        Reply.error("ThrottlingException"),
        Reply.error("ProvisionedThroughputExceededException"),
        Reply(body=COLLECTIONS),
    )
    assert rk.list_collections().collection_ids == ["c1"]
    assert server.count("ListCollections") == 3


@pytest.mark.parametrize(
    "code",
    [
        "AccessDeniedException",
        "InvalidParameterException",
        "ResourceNotFoundException",
        "IdempotentParameterMismatchException",
    ],
)
def test_client_errors_are_one_attempt(rk: Any, server: StubServer, code: str) -> None:
    server.script(Reply.error(code))
    with pytest.raises(ServiceError) as caught:
        rk.list_collections()
    assert caught.value.code == code and caught.value.attempts == 1
    assert server.count() == 1


def test_final_error_carries_the_attempts(rk: Any, server: StubServer) -> None:
    server.script(Reply.error("ThrottlingException", message="slow down"))
    with pytest.raises(ThrottlingException) as caught:
        rk.list_collections()
    assert server.count() == 5 and caught.value.attempts == 5  # the fixture's max_attempts
    assert caught.value.message == "slow down"
    assert "after 5 attempts" in str(caught.value)


def test_server_errors_and_dropped_connections_are_retried(rk: Any, server: StubServer) -> None:
    server.script(
        Reply.error("InternalServerError", status=500),
        Reply(status=503, body={"__type": "ServiceUnavailable", "message": "x"}),
        Reply(drop=True),
        Reply(body=COLLECTIONS),
    )
    assert rk.list_collections().face_model_versions == ["7.0"]
    assert server.count() == 4


def test_deadline_and_backoff(
    make_client: MakeClient, server: StubServer, fake_time: FakeTime
) -> None:
    policy = RetryPolicy(
        max_attempts=100,
        initial=4.0,
        maximum=4.0,
        jitter=False,
        deadline=10.0,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
    )
    rk = make_client(region="us-east-1", endpoint_url=server.endpoint_url, retry=policy)
    server.script(Reply.error("ThrottlingException"))
    with pytest.raises(ThrottlingException):
        rk.list_collections()
    # Sleeps 4 + 4 + 2 (capped at the deadline), then one last attempt at t=10 stops it.
    assert fake_time.sleeps == [4.0, 4.0, 2.0]
    assert server.count() == 4
    assert fake_time.now <= 10.0


def test_limit_exceeded_on_start_gets_the_longer_backoff(
    make_client: MakeClient, server: StubServer, fake_time: FakeTime
) -> None:
    policy = RetryPolicy(
        initial=0.1,
        jitter=False,
        limit_exceeded_initial=5.0,
        deadline=None,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
    )
    rk = make_client(region="us-east-1", endpoint_url=server.endpoint_url, retry=policy)
    server.script(Reply.error("LimitExceededException"), Reply(body={"JobId": "job-1"}))
    assert rk.start_face_search(video="s3://videos/a.mp4", collection_id="c1").job_id == "job-1"
    assert fake_time.sleeps == [5.0]
    server.script(Reply.error("LimitExceededException"))
    with pytest.raises(LimitExceededException):
        rk.create_collection(collection_id="c1")  # not a Start*: not retried
    assert server.count() == 3


def test_one_token_per_logical_call(rk: Any, server: StubServer) -> None:
    server.script(
        Reply.error("ThrottlingException"),
        Reply.error("InternalServerError", status=500),
        Reply(body={"JobId": "job-1"}),
    )
    rk.start_face_search(video="s3://videos/a.mp4", collection_id="c1")
    rk.start_face_search(video="s3://videos/a.mp4", collection_id="c1")
    tokens = [r.body["ClientRequestToken"] for r in server.requests]
    assert len(tokens) == 4 and len(tokens[0]) == 36
    assert len(set(tokens[:3])) == 1  # retries reuse it
    assert tokens[3] != tokens[0]  # a new call gets its own
    rk.create_user(collection_id="c1", user_id="u1", client_request_token="my-token-1")
    assert server.requests[-1].body["ClientRequestToken"] == "my-token-1"


def _user_client(flavour: str, runner: Any, server: StubServer, attempts: int) -> Any:
    retries = {"total_max_attempts": attempts, "mode": "standard"}
    if flavour == "sync":
        return boto3.client(
            "rekognition",
            region_name="us-east-1",
            endpoint_url=server.endpoint_url,
            config=Config(retries=retries),
        )
    context = get_session().create_client(
        "rekognition",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=AioConfig(retries=retries),
    )
    client = runner.run(context.__aenter__())
    return client, context


def test_a_retrying_user_client_gets_no_second_layer(
    flavour: str,
    runner: Any,
    make_client: MakeClient,
    server: StubServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    made = _user_client(flavour, runner, server, 3)
    client, context = made if flavour == "async" else (made, None)
    with caplog.at_level(logging.INFO, logger="rekog"):
        rk = make_client(client=client)
    assert "rekog adds no retry layer" in caplog.text
    assert rk.retry_policy.max_attempts == 1
    server.script(Reply.error("ThrottlingException"))
    with pytest.raises(ThrottlingException):
        rk.list_collections()
    assert server.count() == 3  # botocore's 3, not 3 x rekog's
    if context is not None:
        runner.run(context.__aexit__(None, None, None))


def test_a_user_client_without_retries_gets_rekogs(
    flavour: str, runner: Any, make_client: MakeClient, server: StubServer, fake_time: FakeTime
) -> None:
    made = _user_client(flavour, runner, server, 1)
    client, context = made if flavour == "async" else (made, None)
    policy = RetryPolicy(max_attempts=4, sleep=fake_time.sleep, clock=fake_time.clock)
    rk = make_client(client=client, retry=policy)
    server.script(Reply.error("ProvisionedThroughputExceededException"))
    with pytest.raises(ServiceError):
        rk.list_collections()
    assert server.count() == 4
    if context is not None:
        runner.run(context.__aexit__(None, None, None))


def test_rekog_created_clients_have_botocore_retries_off(rk: Any) -> None:
    rk.list_collections  # noqa: B018 (the async view opens the client at construction)
    assert rk.client.meta.config.retries["total_max_attempts"] == 1


def test_retries_are_logged_without_secrets(
    rk: Any, server: StubServer, caplog: pytest.LogCaptureFixture
) -> None:
    marker = b"\xff\xd8\xff" + b"SECRET-PIXELS" * 10
    server.script(Reply.error("ThrottlingException"), Reply(body={"TextDetections": []}))
    with caplog.at_level(logging.DEBUG, logger="rekog"):
        rk.detect_text(image=marker)
    assert "DetectText attempt 1" in caplog.text and "retrying in" in caplog.text
    assert "SECRET-PIXELS" not in caplog.text
    assert "testing" not in caplog.text  # the dummy credentials


def test_a_create_whose_lost_attempt_took_effect_is_recovered_and_said(
    rk: Any, server: StubServer, caplog: pytest.LogCaptureFixture
) -> None:
    # The first attempt fails in a way that may have created the collection; the retry finds
    # it exists, so the response is rebuilt from DescribeCollection -- and the log says so
    # (the async client once lost that line: one send/recover loop now serves both).
    server.script(
        Reply.error("InternalServerError", status=500),
        Reply.error("ResourceAlreadyExistsException"),
        Reply(
            body={
                "CollectionARN": "arn:aws:rekognition:us-east-1:123456789012:collection/c1",
                "FaceModelVersion": "7.0",
                "FaceCount": 0,
                "CreationTimestamp": 1700000000,
            }
        ),
    )
    with caplog.at_level(logging.INFO, logger="rekog"):
        response = rk.create_collection(collection_id="c1")
    assert response.collection_arn.endswith("collection/c1")
    assert [r.operation for r in server.requests] == [
        "CreateCollection",
        "CreateCollection",
        "DescribeCollection",
    ]
    assert "CreateCollection: an earlier attempt took effect" in caplog.text
