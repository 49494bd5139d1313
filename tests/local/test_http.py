"""The HTTP layer: chunked bodies, keep-alive, malformed requests, limits and idle timeouts."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from rekog.local import LocalRekognition, LocalServer
from rekog.local.server import ServerOptions

from .conftest import http_client

TARGET = "RekognitionService.ListCollections"


@pytest.fixture
def server(emulator: LocalRekognition) -> Iterator[LocalServer]:
    options = ServerOptions(max_body=64 * 1024, max_upload=1024 * 1024, idle_timeout=1)
    with emulator.serve(options=options) as running:
        yield running


def connect(server: LocalServer) -> socket.socket:
    sock = socket.create_connection((server.host, server.port), timeout=10)
    READERS.pop(sock.fileno(), None)
    return sock


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one HTTP response (Content-Length framed) from a raw socket."""
    reader = READERS.setdefault(sock.fileno(), sock.makefile("rb"))
    status_line = reader.readline()
    if not status_line:
        raise ConnectionError("closed without an answer")
    status = int(status_line.split(b" ")[1])
    headers: dict[str, str] = {}
    while (line := reader.readline().decode("latin-1").strip()) != "":
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, reader.read(int(headers.get("content-length", "0")))


READERS: dict[int, Any] = {}


def request(
    body: bytes,
    *,
    method: str = "POST",
    path: str = "/",
    target: str | None = TARGET,
    content_type: str = "application/x-amz-json-1.1",
    extra: str = "",
    length: str | None = None,
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: localhost", f"Content-Type: {content_type}"]
    if target:
        lines.append(f"X-Amz-Target: {target}")
    lines.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode() + body


def healthy(server: LocalServer) -> bool:
    return http_client(server.endpoint_url).list_collections()["CollectionIds"] == []


def test_chunked_body_then_keep_alive(server: LocalServer) -> None:
    body = b'{"CollectionId": "chunky"}'
    chunked = (
        b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
        b"X-Amz-Target: RekognitionService.CreateCollection\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:7], body[7:]))
        + b"0\r\n\r\n"
    )
    with connect(server) as sock:
        # Both requests in one write: the second must not be swallowed by the first.
        sock.sendall(chunked + request(b"{}"))
        status, _, answer = read_response(sock)
        assert status == 200, answer
        assert json.loads(answer)["StatusCode"] == 200
        status, _, answer = read_response(sock)
        assert (status, json.loads(answer)["CollectionIds"]) == (200, ["chunky"])


def test_expect_100_continue(server: LocalServer) -> None:
    body = b'{"CollectionId": "expected"}'
    with connect(server) as sock:
        sock.sendall(
            request(
                b"",
                target="RekognitionService.CreateCollection",
                extra="Expect: 100-continue\r\n",
                length=str(len(body)),
            )
        )
        continued = sock.recv(100)
        assert continued.startswith(b"HTTP/1.1 100 Continue"), continued
        sock.sendall(body)
        status, _, _ = read_response(sock)
        assert status == 200


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (request(b"{}", length="abc"), 400, "SerializationException"),
        (request(b"{}", length="-1"), 400, "SerializationException"),
        (request(b"{}", length=str(10**12)), 413, "ValidationException"),
        (request(b"{not json"), 400, "SerializationException"),
        (request(b"[" * 100_000 + b"]" * 100_000), 413, "ValidationException"),
        (request(b'{"a":' * 10_000 + b"1" + b"}" * 10_000), 400, "SerializationException"),
        (request(b"{}", method="PUT"), 405, "UnknownOperationException"),
        (request(b"{}", method="DELETE"), 405, "UnknownOperationException"),
        (request(b"{}", path="/2016-06-27/collections"), 404, "UnknownOperationException"),
        (request(b"{}", content_type="text/plain"), 404, "UnknownOperationException"),
        (request(b"{}", target="Nope.ListCollections"), 400, "UnknownOperationException"),
        (request(b"x" * 70_000), 413, "ValidationException"),
    ],
    ids=[
        "length-abc",
        "length-negative",
        "length-huge",
        "bad-json",
        "deep-json-over-limit",
        "deep-json",
        "put",
        "delete",
        "path",
        "content-type",
        "target",
        "body-over-limit",
    ],
)
def test_malformed_requests_get_aws_errors(
    server: LocalServer, raw: bytes, status: int, code: str
) -> None:
    with connect(server) as sock:
        sock.sendall(raw)
        got, headers, body = read_response(sock)
    assert got == status, body
    assert headers["content-type"] == "application/x-amz-json-1.1"
    error = json.loads(body)
    assert error["__type"] == code and error["Message"]
    assert headers["x-amzn-errortype"] == code
    assert healthy(server)


def test_idle_connections_are_closed(server: LocalServer) -> None:
    socks = [connect(server) for _ in range(300)]
    try:
        for index, sock in enumerate(socks):
            # Half the connections say nothing; half send a partial request.
            if index % 2:
                sock.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n{")
        assert healthy(server)  # idle connections hold no worker thread
        deadline = time.monotonic() + 15
        closed = 0
        for sock in socks:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                if sock.recv(1024) == b"":
                    closed += 1
            except (ConnectionResetError, TimeoutError):
                pass
        assert closed == len(socks)
    finally:
        for sock in socks:
            sock.close()
    assert healthy(server)


def test_request_log_line(server: LocalServer, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="rekog.local"):
        http_client(server.endpoint_url).list_collections()
    lines = [r.getMessage() for r in caplog.records if "ListCollections" in r.getMessage()]
    assert len(lines) == 1
    assert " rekognition ListCollections 200 " in lines[0] and lines[0].endswith(" ms")


def test_serve_forever_stops_from_another_thread(emulator: LocalRekognition) -> None:
    import threading

    server = emulator.serve()
    runner = threading.Thread(target=server.serve_forever)
    runner.start()
    try:
        assert healthy(server)
    finally:
        server.stop()
        runner.join(timeout=10)
    assert not runner.is_alive()
    with pytest.raises(OSError):
        socket.create_connection((server.host, server.port), timeout=2)


def test_stop_still_closes_when_the_wake_up_pipe_was_closed_under_it(
    emulator: LocalRekognition,
) -> None:
    # Seen once in CI: a stray close elsewhere in the process hit the fd number of
    # waitress's trigger pipe, and stop() raised EBADF and left the port open.
    # Simulated without freeing the number (a freed number could be reused by another
    # thread before waitress closes it again): a read-only file replaces the write end.
    import os

    server = emulator.serve().start()
    thread = server._thread
    trigger = server._server.trigger
    read_end = trigger.socket  # waitress's duplicate of the pipe's read end
    assert thread is not None and healthy(server)
    read_only = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(read_only, trigger.trigger)  # the pipe's write end is closed: EBADF on write
    finally:
        os.close(read_only)
    server.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()
    with pytest.raises(OSError):
        socket.create_connection((server.host, server.port), timeout=2)
    assert trigger._closed and read_end.fd == -1


def closed_by_peer(conn: socket.socket) -> bool:
    """Whether the server closed ``conn``: end of stream, or a reset (the kernel answers with
    one when the server closed the socket before reading all it was sent)."""
    try:
        return conn.recv(1) == b""
    except ConnectionResetError:
        return True


def test_stop_ends_the_loop_without_closing_under_it_when_the_wake_up_fails(
    emulator: LocalRekognition, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    server = emulator.serve().start()
    thread = server._thread
    trigger = server._server.trigger
    read_end = trigger.socket
    assert thread is not None and healthy(server)
    conn = connect(server)  # an open keep-alive connection is closed too
    closers: list[str] = []
    close = type(trigger).close

    def recording_close(self: Any) -> None:
        closers.append(threading.current_thread().name)
        close(self)

    def broken_pull(self: Any) -> None:
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(type(trigger), "close", recording_close)
    monkeypatch.setattr(type(trigger), "_physical_pull", broken_pull)
    try:
        server.stop()
        assert not thread.is_alive()  # ended by itself: its map was emptied
        assert set(closers) == {threading.current_thread().name}  # only from here
        assert trigger._closed and read_end.fd == -1 and trigger.thunks == []
        with pytest.raises(OSError):
            socket.create_connection((server.host, server.port), timeout=2)
        conn.settimeout(5)
        assert closed_by_peer(conn)  # the open connection was closed
    finally:
        conn.close()
