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
    413: "RequestEntityTooLargeException",
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

    def close_all(self) -> None:
        """Close every connection and the listening socket; the loop then ends by itself."""
        for dispatcher in list(self._map.values()):
            try:
                if isinstance(dispatcher, HTTPChannel):
                    dispatcher.handle_close()  # also releases its buffers
                else:
                    dispatcher.close()  # the listening socket and waitress's trigger
            except OSError:
                pass
