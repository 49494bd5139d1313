"""The emulator as an HTTP server, served by waitress.

waitress (a pure-Python production WSGI server) does the HTTP/1.1: chunked request bodies,
keep-alive and pipelining, ``Expect: 100-continue``, a bounded thread pool, bodies buffered to
temporary files past 512 KiB, and idle or half-sent connections closed after
:attr:`ServerOptions.idle_timeout` without tying up a thread. On top of it
(:mod:`rekog.local.http`): Rekognition's JSON 1.1 protocol with AWS-style errors for every
malformed request, a body limit, moto's S3/SNS/SQS on the same port (optional), SigV4
verification (optional), and one log line per request.

Requests are not authenticated unless ``ServerOptions.credentials`` is given: by default any
signature (or none) is accepted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from waitress.adjustments import Adjustments

from .http.dispatch import Endpoint
from .http.rekognition import DEFAULT_MAX_BODY, RekognitionApp
from .http.waitress_server import WaitressServer
from .sigv4 import SigV4Verifier

if TYPE_CHECKING:
    from .aws_services import AwsServices
    from .emulator import LocalRekognition

log: logging.Logger = logging.getLogger("rekog.local")

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@dataclass(frozen=True)
class ServerOptions:
    """How the HTTP server behaves.

    Args:
        threads: Worker threads running requests (waitress's pool).
        max_body: Largest Rekognition request body in bytes (413 beyond).
        max_upload: Largest request body of any service (S3 uploads included), in bytes.
        idle_timeout: Seconds after which an idle or half-sent connection is closed.
        connection_limit: Open connections. At the limit a new connection closes the
            longest-idle one (no request in progress); if all are busy it waits up to
            ``queue_seconds`` for a free one, then gets a 503 ``ThrottlingException``.
        credentials: Access key -> secret; when given, every request must carry a valid
            SigV4 signature by one of them (``None``: no authentication). Never shown in
            the options' ``repr``.
        request_timeout: Seconds one request (headers and body) may take to arrive, however
            steadily its bytes trickle in; a slower one gets a 408 and its connection closed.
        queue_seconds: How long a connection beyond ``connection_limit`` waits for a slot.
    """

    threads: int = 8
    max_body: int = DEFAULT_MAX_BODY
    max_upload: int = 1024 * 1024 * 1024
    idle_timeout: int = 60
    connection_limit: int = 1000
    credentials: Mapping[str, str] | None = field(default=None, repr=False)
    request_timeout: float = 60.0
    queue_seconds: float = 5.0

    def __repr__(self) -> str:
        shown = "None" if self.credentials is None else f"<secrets of {sorted(self.credentials)}>"
        return (
            f"ServerOptions(threads={self.threads}, max_body={self.max_body}, "
            f"max_upload={self.max_upload}, idle_timeout={self.idle_timeout}, "
            f"connection_limit={self.connection_limit}, credentials={shown}, "
            f"request_timeout={self.request_timeout}, queue_seconds={self.queue_seconds})"
        )


class LocalServer:
    """An HTTP endpoint for an emulator, served from a background thread.

    Use as a context manager (``with emulator.serve(port=0) as server``) or call
    :meth:`start` / :meth:`stop`. ``port=0`` picks a free port; read it from :attr:`port`
    or :attr:`endpoint_url`.

    Args:
        emulator: The emulator to serve.
        host: Address to bind.
        port: Port to bind (0: any free one).
        options: Limits, timeouts and authentication.
        services: moto's S3/SNS/SQS to serve on the same port (``None``: refused).
    """

    def __init__(
        self,
        emulator: LocalRekognition,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        options: ServerOptions | None = None,
        services: AwsServices | None = None,
    ) -> None:
        self.emulator = emulator
        options = options or ServerOptions()
        self.options: ServerOptions = options
        self.services = services
        verifier = SigV4Verifier(options.credentials) if options.credentials is not None else None
        self.app: Endpoint = Endpoint(
            RekognitionApp(emulator.gateway, options.max_body),
            services,
            verifier,
            emulator.backend.config.region,
        )
        adjustments = Adjustments(
            host=host,
            port=port,
            threads=options.threads,
            channel_timeout=options.idle_timeout,
            # Idle connections and slow requests are looked for this often (whole seconds).
            cleanup_interval=max(
                1, min(30, options.idle_timeout // 2, int(options.request_timeout // 2))
            ),
            max_request_body_size=max(options.max_upload, options.max_body),
            connection_limit=options.connection_limit,
            asyncore_use_poll=True,  # select() cannot watch more than 1024 sockets
            ident="rekog.local",
            expose_tracebacks=False,
        )
        self._server = WaitressServer(
            self.app,
            adjustments,
            request_timeout=options.request_timeout,
            queue_seconds=options.queue_seconds,
        )
        self._thread: threading.Thread | None = None
        if host not in LOOPBACK:
            log.warning(
                "rekog.local: listening on %s, not a loopback address: anyone on the network "
                "can use this emulator%s",
                host,
                "" if verifier else " (no authentication; see --auth sigv4)",
            )

    @property
    def host(self) -> str:
        """The address the server listens on."""
        return str(self._server.effective_host)

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return int(self._server.effective_port)

    @property
    def endpoint_url(self) -> str:
        """The URL to pass as ``endpoint_url`` to a boto3 client."""
        host = self.host
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    def start(self) -> LocalServer:
        """Serve in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.run, name="rekog-local", daemon=True
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` (from another thread) or Ctrl-C."""
        self._thread = threading.current_thread()
        try:
            self._server.run()
        finally:
            self._thread = None

    def stop(self) -> None:
        """Finish running requests, then close every connection and the socket."""
        # Workers first: a worker finishing a request wakes the loop through waitress's
        # trigger, which must still be open then.
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        if self._thread is not None:
            # Closing happens in the loop's own thread, woken by the trigger.
            thread = self._thread
            if not self._server.wake(self._server.close_all):
                # The trigger's pipe was closed under the loop (a stray close of its fd
                # number elsewhere in the process): nothing can wake the loop. End it by
                # emptying its map, then close here -- never from both threads at once.
                if thread is threading.current_thread():
                    self._server.close_all()
                elif not self._server.close_after_loop(thread, timeout=5):
                    log.warning("rekog.local: the server's loop did not end after stop()")
            elif thread is not threading.current_thread():
                thread.join(timeout=5)
            self._thread = None
        else:
            self._server.close_all()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
