"""The HTTP server stays bounded under abuse: pixel budget, request deadline, connection limit,
SigV4 scope and payload checks, no secret in a repr.

No sleeps: the server's deadlines read a fake clock the test moves, the test learns that the
server has read bytes through an event set by the channel, and every socket read has a
generous timeout.
"""

from __future__ import annotations

import hashlib
import io
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from PIL import Image

from rekog.local import LocalRekognition, LocalServer
from rekog.local.emulator import dummy_session
from rekog.local.http import waitress_server
from rekog.local.perception.image_limits import MAX_DECODED_PIXELS
from rekog.local.perception.imaging import decode_image
from rekog.local.server import ServerOptions
from rekog.local.sigv4 import SigV4Verifier

from .conftest import NO_RETRIES
from .helpers import error_code, png_claiming

SOCKET_TIMEOUT = 30.0


class FakeClock:
    """The server's deadline clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> threading.Semaphore:
    """Released once each time a server channel has taken in received bytes."""
    done = threading.Semaphore(0)
    original = waitress_server._Channel.received

    def received(self: Any, data: bytes) -> bool:
        result: bool = original(self, data)
        done.release()
        return result

    monkeypatch.setattr(waitress_server._Channel, "received", received)
    return done


@pytest.fixture
def accepts(monkeypatch: pytest.MonkeyPatch) -> threading.Semaphore:
    """Released once each time the server has accepted (or queued) a connection."""
    done = threading.Semaphore(0)
    original = waitress_server.WaitressServer.handle_accept

    def handle_accept(self: Any) -> None:
        original(self)
        done.release()

    monkeypatch.setattr(waitress_server.WaitressServer, "handle_accept", handle_accept)
    return done


def serve(emulator: LocalRekognition, clock: FakeClock, **options: Any) -> LocalServer:
    server = emulator.serve(options=ServerOptions(**options))
    server._server.clock = clock
    return server


def run_maintenance(server: LocalServer) -> None:
    """Have the server's loop run its cleanup pass now (it reads the fake clock)."""
    server._server.next_channel_cleanup = 0
    server._server.pull_trigger()


def read_all(sock: socket.socket) -> bytes:
    sock.settimeout(SOCKET_TIMEOUT)
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def connect(server: LocalServer) -> socket.socket:
    return socket.create_connection((server.host, server.port), timeout=SOCKET_TIMEOUT)


def client(server: LocalServer) -> Any:
    session: Any = dummy_session()
    return session.client("rekognition", endpoint_url=server.endpoint_url, config=NO_RETRIES)


# pixels ------------------------------------------------------------------------------------


def test_a_huge_png_is_refused_before_decoding(emulator: LocalRekognition) -> None:
    # 10000x10000 is within the service's 10,000 px per side, but over the emulator's
    # decoding budget: refused from the header with the service's ImageTooLargeException.
    with emulator.serve() as server:
        rekognition = client(server)
        bomb = png_claiming(10_000, 10_000)
        assert error_code(rekognition.detect_labels, Image={"Bytes": bomb}) == (
            "ImageTooLargeException"
        )


def test_a_huge_jpeg_is_decoded_at_a_reduced_scale() -> None:
    out = io.BytesIO()
    Image.new("L", (7000, 4000), 128).save(out, "JPEG", quality=50)
    content = decode_image(out.getvalue())
    assert content.width * content.height <= MAX_DECODED_PIXELS
    assert (content.width, content.height) == (3500, 2000)


# request deadline --------------------------------------------------------------------------


def test_a_trickling_request_is_cut(emulator: LocalRekognition, reads: threading.Semaphore) -> None:
    clock = FakeClock()
    with serve(emulator, clock, request_timeout=60.0) as server, connect(server) as slow:
        slow.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
        assert reads.acquire(timeout=SOCKET_TIMEOUT)
        clock.now += 59.0
        slow.sendall(b"X")  # another byte: waitress's idle timer restarts, our deadline not
        assert reads.acquire(timeout=SOCKET_TIMEOUT)
        run_maintenance(server)
        clock.now += 2.0  # 61 s since the request began
        run_maintenance(server)
        answer = read_all(slow)
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert b"RequestTimeoutException" in answer
        # Normal requests are unaffected.
        assert client(server).list_collections()["CollectionIds"] == []


# connection limit --------------------------------------------------------------------------


def test_idle_connections_are_reclaimed_at_the_limit(
    emulator: LocalRekognition, reads: threading.Semaphore
) -> None:
    clock = FakeClock()
    with serve(emulator, clock, connection_limit=3) as server:
        idle = [connect(server) for _ in range(3)]
        try:
            # A fourth client is served at once: the longest-idle connection makes room.
            assert client(server).list_collections()["CollectionIds"] == []
            assert read_all(idle[0]) == b""  # closed by the server
        finally:
            for sock in idle:
                sock.close()


def test_busy_connections_queue_then_refuse(
    emulator: LocalRekognition, reads: threading.Semaphore, accepts: threading.Semaphore
) -> None:
    clock = FakeClock()
    with serve(emulator, clock, connection_limit=2, queue_seconds=5.0) as server:
        busy = [connect(server) for _ in range(2)]
        try:
            for sock in busy:  # each has a request in progress: nothing to reclaim
                sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
                assert reads.acquire(timeout=SOCKET_TIMEOUT)
            with connect(server) as late:
                late.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")  # waits, unanswered
                for _ in range(3):
                    assert accepts.acquire(timeout=SOCKET_TIMEOUT)
                clock.now += 5.0
                run_maintenance(server)
                answer = read_all(late)
            assert answer.startswith(b"HTTP/1.1 503 ")
            body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
            assert body["__type"] == "ThrottlingException"
            assert "connection_limit" in body["Message"]
        finally:
            for sock in busy:
                sock.close()


# SigV4 -------------------------------------------------------------------------------------


def _signed(
    server: LocalServer, service: str, body: bytes, headers: dict[str, str], s3: bool = False
) -> AWSRequest:
    request = AWSRequest(
        method="PUT" if s3 else "POST",
        url=server.endpoint_url + ("/bucket/key" if s3 else "/"),
        data=body,
        headers=headers,
    )
    signer = (S3SigV4Auth if s3 else SigV4Auth)(
        Credentials("testing", "testing"), service, "us-east-1"
    )
    signer.add_auth(request)
    return request


def _send(server: LocalServer, request: AWSRequest, body: bytes) -> tuple[int, bytes]:
    prepared = request.prepare()
    head = f"{prepared.method} {prepared.url.split(str(server.port), 1)[1] or '/'} HTTP/1.1\r\n"
    headers = {k: v for k, v in prepared.headers.items() if k.lower() != "content-length"}
    headers["Host"] = f"{server.host}:{server.port}"  # signed, as the URL's
    headers["Content-Length"] = str(len(body))
    headers["Connection"] = "close"
    text = head + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with connect(server) as sock:
        sock.sendall(text.encode() + body)
        answer = read_all(sock)
    status = int(answer.split(b" ", 2)[1])
    return status, answer.split(b"\r\n\r\n", 1)[1]


@pytest.fixture
def signed_server(emulator: LocalRekognition) -> Iterator[LocalServer]:
    options = ServerOptions(credentials={"testing": "testing"})
    with emulator.serve(options=options, aws_services=True) as server:
        yield server


def test_signature_scoped_to_another_service_is_refused(signed_server: LocalServer) -> None:
    body = b"{}"
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "RekognitionService.ListCollections",
    }
    ok_status, _ = _send(signed_server, _signed(signed_server, "rekognition", body, headers), body)
    assert ok_status == 200
    for service in ("s3", "sqs"):
        status, answer = _send(signed_server, _signed(signed_server, service, body, headers), body)
        error = json.loads(answer)
        assert (status, error["__type"]) == (403, "InvalidSignatureException")
        assert error["Message"] == "Credential should be scoped to correct service: 'rekognition'."


def test_signed_payload_hash_is_checked_against_the_body(signed_server: LocalServer) -> None:
    original = b'{"CollectionId": "mine"}'
    forged = b'{"CollectionId": "evil"}'
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "RekognitionService.CreateCollection",
        "X-Amz-Content-SHA256": hashlib.sha256(original).hexdigest(),
    }
    request = _signed(signed_server, "rekognition", original, headers)
    status, answer = _send(signed_server, request, forged)
    assert (status, json.loads(answer)["__type"]) == (403, "InvalidSignatureException")
    status, _ = _send(
        signed_server, _signed(signed_server, "rekognition", original, headers), original
    )
    assert status == 200
    # S3: a signed PUT whose body is swapped.
    s3 = dummy_session().client("s3", endpoint_url=signed_server.endpoint_url, config=NO_RETRIES)
    s3.create_bucket(Bucket="bucket")
    s3_headers = {"X-Amz-Content-SHA256": hashlib.sha256(b"good").hexdigest()}
    status, answer = _send(
        signed_server, _signed(signed_server, "s3", b"good", s3_headers, s3=True), b"evil"
    )
    assert status == 400 and b"XAmzContentSHA256Mismatch" in answer
    assert (
        error_code(s3.get_object, Bucket="bucket", Key="key") == "NoSuchKey"
    )  # nothing was written


# secrets -----------------------------------------------------------------------------------


def test_no_secret_in_any_repr() -> None:
    options = ServerOptions(credentials={"AKIDEXAMPLE": "wJalrXUtnFEMI-very-secret"})
    assert "very-secret" not in repr(options) and "AKIDEXAMPLE" in repr(options)
    assert "very-secret" not in repr(SigV4Verifier(options.credentials or {}))
    assert "very-secret" not in str(options)
