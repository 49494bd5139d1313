"""A scripted JSON 1.1 HTTP server on 127.0.0.1 for retry, fault and fast-parse tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: a JSON body (or raw bytes), a status, or a dropped connection."""

    status: int = 200
    body: Any = field(default_factory=dict)
    drop: bool = False

    @classmethod
    def error(cls, code: str, status: int = 400, message: str = "scripted") -> Reply:
        return cls(status=status, body={"__type": code, "message": message})


@dataclass
class Recorded:
    operation: str
    body: dict[str, Any]
    user_agent: str = ""


class StubServer:
    """Answers each request with the next scripted reply (the last one repeats)."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[Recorded] = []
        self.responder: Callable[[str, dict[str, Any]], Reply] | None = None
        self._lock = threading.Lock()

    @property
    def endpoint_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def next_reply(self, operation: str, body: dict[str, Any], user_agent: str = "") -> Reply:
        with self._lock:
            self.requests.append(Recorded(operation, body, user_agent))
            if self.responder is not None:
                return self.responder(operation, body)
            if len(self.replies) > 1:
                return self.replies.pop(0)
            return self.replies[0] if self.replies else Reply()

    def count(self, operation: str | None = None) -> int:
        return sum(1 for r in self.requests if operation is None or r.operation == operation)

    @contextmanager
    def running(self) -> Iterator[StubServer]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length) if length else b"{}"
                target = self.headers.get("X-Amz-Target", "")
                operation = target.split(".")[-1]
                user_agent = self.headers.get("User-Agent", "")
                reply = stub.next_reply(operation, json.loads(raw or b"{}"), user_agent)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                body = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("x-amzn-RequestId", f"req-{len(stub.requests)}")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
