"""The user-facing emulator object and the ``mock_rekognition`` / ``serve`` helpers."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

import boto3
import botocore.session
from botocore import handlers
from botocore.client import BaseClient
from botocore.config import Config

from .backend import RekognitionBackend
from .clock import Clock
from .faults import FaultConfig, FaultInjector
from .inprocess import EVENT, SendHook
from .protocol import Gateway
from .server import LocalServer, ServerOptions

if TYPE_CHECKING:
    from mypy_boto3_rekognition import RekognitionClient

    from .aws_services import AwsServices

#: Credentials the emulator's own clients use; nothing checks them.
DUMMY_CREDENTIALS = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "aws_session_token": "testing",
}


def dummy_session(region_name: str = "us-east-1") -> boto3.session.Session:
    """A boto3 session with the emulator's dummy credentials (no AWS account needed)."""
    return boto3.session.Session(
        aws_access_key_id=DUMMY_CREDENTIALS["aws_access_key_id"],
        aws_secret_access_key=DUMMY_CREDENTIALS["aws_secret_access_key"],
        aws_session_token=DUMMY_CREDENTIALS["aws_session_token"],
        region_name=region_name,
    )


Target = BaseClient | boto3.session.Session | botocore.session.Session


def _events(target: Target) -> Any:
    if isinstance(target, BaseClient):
        return target.meta.events
    if isinstance(target, boto3.session.Session):
        return target.events
    if isinstance(target, botocore.session.Session):
        return target.get_component("event_emitter")
    raise TypeError(f"expected a boto3/botocore client or session, got {target!r}")


class LocalRekognition:
    """A local Amazon Rekognition: a backend plus quotas/faults, reachable in-process or over HTTP.

    Args:
        backend: An existing backend to expose; by default one is created from ``options``.
        faults: Quotas and faults to inject (deterministic from ``faults.seed``).
        clock: The time source, shared by the backend and the fault injector.
        **options: Passed to :class:`~rekog.local.backend.RekognitionBackend` (``seed``,
            ``s3``, ``sns``, ``data``, ``job_seconds``, ``perception``...). With
            ``perception="vision"`` the emulator looks at real photos and videos with offline
            models (``pip install "rekog[vision]"``; raises
            :class:`~rekog.local.perception.PerceptionUnavailable` naming that command
            without it).

    Example::

        emulator = LocalRekognition(job_seconds=0)
        client = emulator.client()          # a real boto3 client, answered in-process
        client.create_collection(CollectionId="demo")
    """

    def __init__(
        self,
        backend: RekognitionBackend | None = None,
        *,
        faults: FaultConfig | None = None,
        clock: Clock | None = None,
        **options: Any,
    ) -> None:
        if backend is not None and (options or clock is not None):
            raise TypeError("pass either an existing backend or backend options, not both")
        self._owns_backend = backend is None
        self.backend: RekognitionBackend = backend or RekognitionBackend(clock=clock, **options)
        self.clock: Clock = self.backend.clock
        self.faults: FaultInjector | None = (
            FaultInjector(faults, self.clock) if faults is not None else None
        )
        self.gateway: Gateway = Gateway(self.backend, self.clock, self.faults)
        self._hook = SendHook(self.gateway)
        self._global_hook: SendHook | None = None

    # in-process ----------------------------------------------------------------------------
    def attach(self, target: Target) -> None:
        """Answer Rekognition calls of a client -- or of clients a session creates later."""
        _events(target).register_first(
            EVENT, cast(Callable[..., None], self._hook), unique_id=self._unique_id
        )

    def detach(self, target: Target) -> None:
        """Undo :meth:`attach`."""
        _events(target).unregister(
            EVENT, cast(Callable[..., None], self._hook), unique_id=self._unique_id
        )

    @property
    def _unique_id(self) -> str:
        return f"rekog.local.{id(self)}"

    def patch_all(self) -> None:
        """Answer Rekognition calls of every boto3/botocore client created from now on.

        Registers the hook in botocore's built-in handlers (used by every new session) and
        on boto3's default session if it already exists. Undo with :meth:`unpatch_all`.
        """
        if self._global_hook is not None:
            return
        hook = self._global_hook = SendHook(self.gateway)
        handlers.BUILTIN_HANDLERS.append((EVENT, hook, handlers.REGISTER_FIRST))
        if boto3.DEFAULT_SESSION is not None:
            boto3.DEFAULT_SESSION.events.register_first(EVENT, cast(Callable[..., None], hook))

    def unpatch_all(self) -> None:
        """Undo :meth:`patch_all`; clients created meanwhile go back to the network."""
        hook, self._global_hook = self._global_hook, None
        if hook is None:
            return
        hook.enabled = False
        handlers.BUILTIN_HANDLERS[:] = [
            spec for spec in handlers.BUILTIN_HANDLERS if spec[1] is not hook
        ]
        if boto3.DEFAULT_SESSION is not None:
            boto3.DEFAULT_SESSION.events.unregister(EVENT, cast(Callable[..., None], hook))

    def client(
        self, *, region_name: str | None = None, config: Config | None = None
    ) -> RekognitionClient:
        """A new boto3 Rekognition client (dummy credentials) answered by this emulator."""
        session = dummy_session(region_name or self.backend.config.region)
        client = session.client("rekognition", config=config)
        self.attach(client)
        return client

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """Call the backend directly with wire parameters (no boto3, no faults)."""
        return self.backend.handle(operation, params)

    # HTTP ----------------------------------------------------------------------------------
    def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        options: ServerOptions | None = None,
        aws_services: bool | AwsServices = False,
    ) -> LocalServer:
        """An HTTP server for this emulator (not started; use it as a context manager).

        Args:
            host: Address to bind.
            port: Port (0: any free one).
            options: Limits, timeouts and SigV4 authentication.
            aws_services: Also serve moto's S3, SNS and SQS on the same port, and read
                ``S3Object`` from / publish job notifications to them (``True``, or an
                existing :class:`~rekog.local.aws_services.AwsServices`).
        """
        services = self.connect_services(aws_services) if aws_services else None
        return LocalServer(self, host, port, options=options, services=services)

    def connect_services(self, services: bool | AwsServices = True) -> AwsServices:
        """Read ``S3Object`` from moto's S3 and publish notifications to its SNS (in-process)."""
        from .aws_services import AwsServices

        if not isinstance(services, AwsServices):
            services = AwsServices(self.backend.config.region)
        self.backend.connect(s3=services.client("s3"), sns=services.client("sns"))
        return services

    def close(self) -> None:
        """Unpatch and release the backend if this object created it."""
        self.unpatch_all()
        if self._owns_backend:
            self.backend.close()

    def __enter__(self) -> LocalRekognition:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def mock_rekognition(
    target: Target | None = None,
    *,
    emulator: LocalRekognition | None = None,
    **options: Any,
) -> Iterator[LocalRekognition]:
    """Answer boto3 Rekognition calls from a local emulator for the duration of a ``with``.

    Args:
        target: A boto3 client or a boto3/botocore session to patch; ``None`` patches every
            client created inside the block (from any session).
        emulator: Use this emulator (kept open afterwards) instead of creating one.
        **options: :class:`LocalRekognition` options for the emulator created here.

    Example::

        with mock_rekognition(job_seconds=0) as local:
            client = boto3.client("rekognition", region_name="us-east-1")
            client.create_collection(CollectionId="demo")
            assert "demo" in local.backend.state.collections
    """
    local = emulator or LocalRekognition(**options)
    try:
        if target is None:
            local.patch_all()
        else:
            local.attach(target)
        yield local
    finally:
        if target is None:
            local.unpatch_all()
        else:
            local.detach(target)
        if emulator is None:
            local.close()


@contextlib.contextmanager
def serve(
    port: int = 0,
    host: str = "127.0.0.1",
    *,
    emulator: LocalRekognition | None = None,
    server_options: ServerOptions | None = None,
    aws_services: bool = False,
    **options: Any,
) -> Iterator[LocalServer]:
    """Run an emulator's HTTP server in a background thread for the duration of a ``with``.

    Args:
        port: Port (0: any free one).
        host: Address to bind.
        emulator: Serve this emulator (kept open afterwards) instead of creating one.
        server_options: Limits, timeouts and SigV4 authentication.
        aws_services: Also serve moto's S3, SNS and SQS on the same port.
        **options: :class:`LocalRekognition` options for the emulator created here.

    Example::

        with serve(port=0, job_seconds=0) as server:
            client = boto3.client("rekognition", endpoint_url=server.endpoint_url, ...)
    """
    local = emulator or LocalRekognition(**options)
    server = local.serve(host, port, options=server_options, aws_services=aws_services)
    try:
        with server:
            yield server
    finally:
        if emulator is None:
            local.close()
