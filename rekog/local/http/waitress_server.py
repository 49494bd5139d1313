"""waitress, adapted: AWS-style JSON for HTTP-level errors, and dropped connections on demand.

waitress parses HTTP/1.1 (chunked bodies, keep-alive, pipelining, ``Expect: 100-continue``),
buffers large bodies to temporary files, closes idle and half-sent connections after
``channel_timeout`` without holding a thread, and runs the app on a bounded thread pool.
Two of its classes are specialised here:

* the error task -- waitress answers framing errors itself (an unreadable
  ``Content-Length``, a body over ``max_request_body_size``, a broken chunk); it now answers
  them in the JSON 1.1 error format instead of plain text;
* the WSGI task -- an app raising :class:`~rekog.local.http.rekognition.DropConnection`
  gets its connection closed with nothing written (the injected "dropped connection").
"""

from __future__ import annotations

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


class WaitressServer(TcpWSGIServer):  # type: ignore[misc]
    """A waitress TCP server with the tasks above; :meth:`close_all` stops it from any thread."""

    channel_class: type[HTTPChannel] = _Channel

    def __init__(self, app: Any, adjustments: Adjustments) -> None:
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(adjustments.threads)
        super().__init__(app, map={}, dispatcher=dispatcher, adj=adjustments)

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
