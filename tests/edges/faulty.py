"""A scripted fault hook over the in-process emulator: exact faults on exact calls."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import ConnectionClosedError, EndpointConnectionError, ReadTimeoutError

from rekog import Rekognition, RetryPolicy
from rekog.local import DUMMY_CREDENTIALS, LocalRekognition
from rekog.local.inprocess import RawBody, SendHook
from rekog.local.protocol import parse_target

# Fault kinds: before processing, or after it (the work is done, the answer lost).
REFUSED = "refused"  # EndpointConnectionError: never reached the service
THROTTLED = "throttled"  # ThrottlingException, nothing done
DROP_AFTER = "drop_after"  # processed, connection closed
TIMEOUT_AFTER = "timeout_after"  # processed, read timeout
ERROR_500_AFTER = "error_500_after"  # processed, then an InternalServerError answer
NOT_FOUND = "not_found"  # a ResourceNotFoundException answer, nothing processed


class ScriptedFaults:
    """``before-send`` hook: ``plan[operation]`` lists the faults of its next attempts."""

    def __init__(self, emulator: LocalRekognition) -> None:
        self.hook = SendHook(emulator.gateway)
        self.plan: dict[str, list[str | None]] = {}
        self.sent: list[str] = []

    def __call__(self, request: Any, **kwargs: Any) -> AWSResponse | None:
        operation = parse_target(request.headers.get("X-Amz-Target"))
        self.sent.append(operation)
        queue = self.plan.get(operation) or []
        fault = queue.pop(0) if queue else None
        url = request.url
        if fault == REFUSED:
            raise EndpointConnectionError(endpoint_url=url)
        if fault == THROTTLED:
            return _error(url, 400, "ThrottlingException", "Rate exceeded")
        if fault == NOT_FOUND:
            return _error(url, 400, "ResourceNotFoundException", "gone")
        response = self.hook(request, **kwargs)
        if fault == DROP_AFTER:
            raise ConnectionClosedError(endpoint_url=url)
        if fault == TIMEOUT_AFTER:
            raise ReadTimeoutError(endpoint_url=url)
        if fault == ERROR_500_AFTER:
            return _error(url, 500, "InternalServerError", "service issue")
        return response

    def count(self, operation: str) -> int:
        return self.sent.count(operation)


def _error(url: str, status: int, code: str, message: str) -> AWSResponse:
    body = json.dumps({"__type": code, "message": message}).encode()
    headers = HTTPHeaders.from_dict(
        {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "req-1"}
    )
    return AWSResponse(url, status, headers, RawBody(body))


class NoSleep:
    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def clock(self) -> float:
        return self.now


@contextmanager
def scripted(**emulator_options: Any) -> Iterator[tuple[Rekognition, ScriptedFaults, Any]]:
    """A rekog client on an in-process emulator, with scripted faults (no real sleeping)."""
    with LocalRekognition(job_seconds=0, **emulator_options) as emulator:
        time = NoSleep()
        policy = RetryPolicy(max_attempts=4, deadline=None, sleep=time.sleep, clock=time.clock)
        session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
        rk = Rekognition(session=session, retry=policy)
        faults = ScriptedFaults(emulator)
        rk.client.meta.events.register_first("before-send.rekognition", faults)
        yield rk, faults, emulator
