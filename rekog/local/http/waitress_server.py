"""waitress, adapted: AWS-style JSON for HTTP-level errors, and dropped connections on demand.

waitress parses HTTP/1.1 (chunked bodies, keep-alive, pipelining, ``Expect: 100-continue``),
buffers large bodies to temporary files, closes idle and half-sent connections after
``channel_timeout`` without holding a thread, and runs the app on a bounded thread pool.
Two of its classes are specialised here:

* the error task -- waitress answers framing errors itself (an unreadable
  ``Content-Length``, a body over ``max_request_body_size``, a broken chunk); it now answers
  them in the JSON 1.1 error format instead of plain text;
* the WSGI task -- an app raising :class:`~rekog.local.http.rekognition.DropConnection`
  gets its connection closed with nothing written (the injected "dropped connection");
* the channel -- it remembers when the request it is reading began, so that a client
  trickling a request (each byte resets waitress's idle timer) is cut once the whole request
  has taken longer than ``request_timeout``: it gets a 408 and the connection is closed.

And the server bounds what waitress leaves to the kernel's backlog: at ``connection_limit``
open connections waitress stops accepting, so new clients hang. Here a new connection
first reclaims the longest-idle kept-alive connection (one with no request in progress; HTTP
clients reopen closed keep-alive connections); when every connection is busy it waits up to
``queue_seconds`` for one to free, then gets a 503 ``ThrottlingException`` saying why.
"""

from __future__ import annotations

import collections
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher, WSGITask

from .errors import json_error
from .rekognition import DropConnection

#: waitress's HTTP-level errors, by status, as AWS error codes.
_CODES = {
    400: "SerializationException",
    413: "ValidationException",  # Rekognition's model has no code for a too large body
    431: "RequestHeaderFieldsTooLargeException",
    500: "InternalServerError",
    501: "NotImplementedException",
}


class _JsonErrorTask(ErrorTask):  # type: ignore[misc]
    def execute(self) -> None:
        error = self.request.error
        code = _CODES.get(error.code, "InternalServerError")
        status, headers, body = json_error(error.code, code, f"{error.reason}: {error.body}")
        self.status = status
        self.response_headers.extend(headers)
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _DroppingTask(WSGITask):  # type: ignore[misc]
    def execute(self) -> None:
        try:
            super().execute()
        except DropConnection:
            # Pretend the header went out so that waitress writes nothing, then close.
            self.wrote_header = True
            self.close_on_finish = True


class _Channel(HTTPChannel):  # type: ignore[misc]
    task_class = _DroppingTask
    error_task_class = _JsonErrorTask
    #: When (server clock) the request being read began; ``None`` between requests.
    request_started: float | None = None

    def received(self, data: bytes) -> bool:
        before = self.request
        result: bool = super().received(data)
        if self.request is None:
            self.request_started = None
        elif self.request is not before:  # a new request began in this data
            self.request_started = self.server.clock()
        return result

    def idle(self) -> bool:
        """No request being read, queued, running or answered."""
        return (
            self.request is None
            and not self.requests
            and not self.total_outbufs_len
            and not self.will_close
            and not self.close_when_flushed
        )

    def cut_slow_request(self) -> None:
        """Answer 408 to a request that took too long to arrive, and close."""
        status, headers, body = json_error(
            408,
            "RequestTimeoutException",
            "rekog.local: the request was not received in full within "
            f"{self.server.request_timeout:g} seconds",
        )
        head = f"HTTP/1.1 {status}\r\nConnection: close\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers
        )
        self.request = None
        self.request_started = None
        with self.outbuf_lock:
            payload = head.encode("latin-1") + b"\r\n" + body
            self.outbufs[-1].append(payload)
            self.current_outbuf_count += len(payload)
            self.total_outbufs_len += len(payload)
        self.close_when_flushed = True


class WaitressServer(TcpWSGIServer):  # type: ignore[misc]
    """A waitress TCP server with the tasks above; :meth:`close_all` stops it from any thread."""

    channel_class: type[HTTPChannel] = _Channel

    def __init__(
        self,
        app: Any,
        adjustments: Adjustments,
        *,
        request_timeout: float = 60.0,
        queue_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        #: Longest time one request's headers and body may take to arrive.
        self.request_timeout = request_timeout
        #: How long a connection beyond the limit waits for a free slot before a 503.
        self.queue_seconds = queue_seconds
        #: The clock of both deadlines (tests pass a fake one).
        self.clock = clock
        #: Accepted sockets waiting for a slot: ``(socket, address, accepted at)``.
        self.waiting: collections.deque[tuple[socket.socket, Any, float]] = collections.deque()
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(adjustments.threads)
        super().__init__(app, map={}, dispatcher=dispatcher, adj=adjustments)

    # connection limit -----------------------------------------------------------------------
    def readable(self) -> bool:
        """Keep accepting (waitress would stop at the limit and leave clients hanging)."""
        now = time.time()
        if now >= float(getattr(self, "next_channel_cleanup", 0.0)):
            self.next_channel_cleanup = now + self.adj.cleanup_interval
            self.maintenance(now)
        self._serve_waiting()
        return bool(self.accepting)

    def handle_accept(self) -> None:
        """Accept; at the limit, reclaim an idle connection or queue the new one."""
        try:
            accepted = self.accept()
        except OSError:
            return
        if accepted is None:
            return
        conn, addr = accepted
        if len(self.active_channels) >= self.adj.connection_limit and not self._reclaim_idle():
            self.waiting.append((conn, addr, self.clock()))
            return
        self._open(conn, addr)

    def _open(self, conn: socket.socket, addr: Any) -> None:
        self.set_socket_options(conn)
        self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)

    def _reclaim_idle(self) -> bool:
        """Close the longest-idle connection with nothing in progress; ``False`` if none."""
        idle = [c for c in self.active_channels.values() if isinstance(c, _Channel) and c.idle()]
        if not idle:
            return False
        min(idle, key=lambda c: c.last_activity).handle_close()
        return True

    def _serve_waiting(self) -> None:
        """Give queued connections freed slots; refuse those that waited too long."""
        now = self.clock()
        while self.waiting:
            conn, addr, since = self.waiting[0]
            if len(self.active_channels) < self.adj.connection_limit or self._reclaim_idle():
                self.waiting.popleft()
                self._open(conn, addr)
            elif now - since >= self.queue_seconds:
                self.waiting.popleft()
                _refuse(conn, self.adj.connection_limit)
            else:
                break

    # request deadline ----------------------------------------------------------------------
    def maintenance(self, now: float) -> None:
        """waitress's idle cleanup, and cut requests that have taken too long to arrive."""
        super().maintenance(now)
        cutoff = self.clock() - self.request_timeout
        for channel in list(self.active_channels.values()):
            started = getattr(channel, "request_started", None)
            if started is not None and started < cutoff and not channel.requests:
                channel.cut_slow_request()

    def pull_trigger(self) -> None:
        """Wake the event loop -- unless the server is closed (a late worker must not write
        to the trigger's closed, possibly reused, file descriptor)."""
        if getattr(self.trigger, "_closed", False):
            return
        try:
            self.trigger.pull_trigger()
        except OSError:
            pass  # closed meanwhile: nothing is left to wake

    def wake(self, thunk: Callable[[], None]) -> bool:
        """Have the loop's thread run ``thunk``; ``False`` (and ``thunk`` dropped) when
        waitress's wake-up pipe is closed, so that nothing can wake the loop any more."""
        trigger = self.trigger
        if getattr(trigger, "_closed", False):
            return False
        try:
            trigger.pull_trigger(thunk)
        except OSError:
            # Not queued for later either: the loop must not run it while the caller
            # closes the server itself.
            with trigger.lock:
                trigger.thunks = [queued for queued in trigger.thunks if queued is not thunk]
            return False
        return True

    def close_all(self) -> None:
        """Close every connection and the listening socket; the loop then ends by itself.

        Call it in the loop's thread (through :meth:`wake`), or once the loop has ended
        (:meth:`close_after_loop`): closing from two threads at once could close one of
        waitress's raw file descriptors twice, and the second close would hit whatever
        reused the number in between.
        """
        self.close_all_waiting()
        self._close(list(self._map.values()))

    def close_after_loop(self, thread: threading.Thread, timeout: float) -> bool:
        """Stop the loop running in ``thread`` without waking it, then close everything
        from the calling thread. ``False`` if the loop was still running after ``timeout``.

        The loop runs while its map is not empty, polling with a timeout
        (``asyncore_loop_timeout``): emptied, without a descriptor closed under the poll,
        it ends by itself within that time.
        """
        dispatchers: list[Any] = []
        deadline = time.monotonic() + timeout
        while True:
            # Anything the loop accepts meanwhile is added back to the map: collect it too.
            dispatchers.extend(self._map.values())
            self._map.clear()
            thread.join(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
            if not thread.is_alive() or time.monotonic() >= deadline:
                break
        dispatchers.extend(self._map.values())
        self._map.clear()
        self._close(dispatchers)
        # The trigger was not in the map if the loop already closed it (its pipe hung up);
        # its own close stops at the first error, so release its duplicated read end too.
        trigger = self.trigger
        self._close([trigger])
        wrapper = getattr(trigger, "socket", None)
        if wrapper is not None:
            try:
                wrapper.close()
            except OSError:
                pass
        return not thread.is_alive()

    def close_all_waiting(self) -> None:
        """Close the connections still waiting for a slot."""
        while self.waiting:
            conn, _, _ = self.waiting.popleft()
            conn.close()

    @staticmethod
    def _close(dispatchers: list[Any]) -> None:
        for dispatcher in dispatchers:
            try:
                if isinstance(dispatcher, HTTPChannel):
                    dispatcher.handle_close()  # also releases its buffers
                else:
                    dispatcher.close()  # the listening socket and waitress's trigger
            except OSError:
                pass


def _refuse(conn: socket.socket, limit: int) -> None:
    """Answer a connection that found no free slot with a 503 and close it."""
    status, headers, body = json_error(
        503,
        "ThrottlingException",
        f"rekog.local: all {limit} connections are busy; retry later "
        "(ServerOptions.connection_limit)",
    )
    head = f"HTTP/1.1 {status}\r\nConnection: close\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers
    )
    try:
        conn.setblocking(False)
        conn.send(head.encode("latin-1") + b"\r\n" + body)
        conn.shutdown(socket.SHUT_WR)
        # Read what the client already sent: closing with unread input would reset the
        # connection and could discard the answer before the client reads it.
        while conn.recv(65536):
            pass
    except OSError:
        pass  # nothing more to read now, or the client is gone
    finally:
        conn.close()
