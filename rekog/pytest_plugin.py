"""A pytest plugin for testing code that calls Amazon Rekognition against ``rekog.local``.

Installed with rekog (entry point ``pytest11``), so its fixtures are available in every test
suite of a project that installs ``rekog[local]``; without the entry point, load it with
``pytest -p rekog.pytest_plugin`` or ``pytest_plugins = ["rekog.pytest_plugin"]``.

Fixtures (all function-scoped, all named ``rekog_*``):

``rekog_local``
    A fresh in-process :class:`~rekog.local.LocalRekognition`.
``rekog_boto3_client``
    A plain boto3 Rekognition client answered by ``rekog_local`` (no sockets).
``rekog_client``
    A typed :class:`rekog.Rekognition` over that client.
``rekog_patch_all``
    ``rekog_local`` answering *every* boto3 Rekognition client created during the test.
``rekog_server``
    ``rekog_local`` served over HTTP on a free port of 127.0.0.1 (a
    :class:`~rekog.local.LocalServer`; use its ``endpoint_url``).
``rekog_make_face_image``, ``rekog_make_scene``, ``rekog_make_video``
    The image and video makers of :mod:`rekog.local`.

Settings, most specific last: command-line options (``--rekog-job-seconds``,
``--rekog-seed``, ``--rekog-perception``), then a ``rekog_local`` marker on the test, module or
class::

    @pytest.mark.rekog_local(job_seconds=0, seed=7, tps={"IndexFaces": 5},
                             fault_rate=0.2, aws_services=True)

Marker arguments: ``job_seconds``, ``seed``, ``region``, ``tps``, ``default_tps``,
``fault_rate``, ``faults`` (a :class:`~rekog.local.FaultConfig`), ``aws_services`` (serve
moto's S3/SNS/SQS on ``rekog_server``'s port), ``auth`` (a dict of access key -> secret
that ``rekog_server`` verifies SigV4 signatures against) and ``perception`` (``"vision"``:
offline face and text models, see ``docs/local.md``; the fixture fails with the ``pip
install`` to run when ``rekog[vision]`` is missing).

This module imports nothing but pytest (and the light ``rekog`` package) until a fixture is
used: it is loaded by every pytest run once rekog is installed. It lives outside
``rekog.local`` because importing that package loads boto3, Pillow and numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from rekog import Rekognition
    from rekog.local import LocalRekognition, LocalServer

MARKER = "rekog_local"
_SETTINGS = frozenset(
    {
        "job_seconds",
        "seed",
        "region",
        "tps",
        "default_tps",
        "fault_rate",
        "faults",
        "aws_services",
        "auth",
        "perception",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--rekog-job-seconds`` and ``--rekog-seed``."""
    group = parser.getgroup("rekog", "rekog.local emulator fixtures")
    group.addoption(
        "--rekog-job-seconds",
        type=float,
        default=None,
        help="how long rekog_local's video jobs stay IN_PROGRESS (default: 0)",
    )
    group.addoption(
        "--rekog-seed", type=int, default=None, help="seed of rekog_local's ids and faults"
    )
    group.addoption(
        "--rekog-perception",
        choices=("declared", "vision"),
        default=None,
        help='how rekog_local sees pictures (default: declared; vision needs "rekog[vision]")',
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``rekog_local`` marker."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(job_seconds=0, seed=0, region='us-east-1', tps=None, default_tps=None, "
        "fault_rate=0, faults=None, aws_services=False, auth=None, perception='declared'): "
        "settings of the rekog.local "
        "emulator fixtures",
    )


def _settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    settings: dict[str, Any] = {"job_seconds": 0.0, "seed": 0, "region": "us-east-1"}
    job_seconds = request.config.getoption("--rekog-job-seconds")
    seed = request.config.getoption("--rekog-seed")
    if job_seconds is not None:
        settings["job_seconds"] = job_seconds
    if seed is not None:
        settings["seed"] = seed
    perception = request.config.getoption("--rekog-perception")
    if perception is not None:
        settings["perception"] = perception
    # Closest marker last: function over class over module.
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        unknown = set(marker.kwargs) - _SETTINGS
        if unknown or marker.args:
            raise pytest.UsageError(
                f"@pytest.mark.{MARKER} takes keyword arguments {sorted(_SETTINGS)}; "
                f"got {sorted(unknown) or list(marker.args)}"
            )
        settings.update(marker.kwargs)
    return settings


def _faults(settings: dict[str, Any]) -> Any:
    from rekog.local import FaultConfig

    if settings.get("faults") is not None:
        return settings["faults"]
    rate, tps, default_tps = (
        settings.get("fault_rate") or 0.0,
        settings.get("tps") or {},
        settings.get("default_tps"),
    )
    if not rate and not tps and default_tps is None:
        return None
    return FaultConfig.with_fault_rate(
        rate, seed=settings["seed"], tps=dict(tps), default_tps=default_tps
    )


@pytest.fixture
def rekog_local(request: pytest.FixtureRequest) -> Iterator[LocalRekognition]:
    """A fresh in-process emulator (video jobs finish at once unless told otherwise)."""
    from rekog.local import LocalRekognition

    settings = _settings(request)
    with LocalRekognition(
        faults=_faults(settings),
        seed=settings["seed"],
        region=settings["region"],
        job_seconds=settings["job_seconds"],
        perception=settings.get("perception", "declared"),
    ) as local:
        yield local


@pytest.fixture
def rekog_boto3_client(rekog_local: LocalRekognition) -> Any:
    """A plain boto3 Rekognition client answered in-process by ``rekog_local``."""
    return rekog_local.client()


@pytest.fixture
def rekog_client(rekog_boto3_client: Any) -> Rekognition:
    """A typed :class:`rekog.Rekognition` answered in-process by ``rekog_local``."""
    from rekog import Rekognition

    return Rekognition(client=rekog_boto3_client)


@pytest.fixture
def rekog_patch_all(rekog_local: LocalRekognition) -> Iterator[LocalRekognition]:
    """``rekog_local`` answering every boto3 Rekognition client created during the test."""
    rekog_local.patch_all()
    try:
        yield rekog_local
    finally:
        rekog_local.unpatch_all()


@pytest.fixture
def rekog_server(
    rekog_local: LocalRekognition, request: pytest.FixtureRequest
) -> Iterator[LocalServer]:
    """``rekog_local`` over HTTP on a free port of 127.0.0.1."""
    from rekog.local.server import ServerOptions

    settings = _settings(request)
    auth = settings.get("auth")
    options = ServerOptions(credentials=dict(auth) if auth else None)
    with rekog_local.serve(
        options=options, aws_services=bool(settings.get("aws_services"))
    ) as server:
        yield server


@pytest.fixture
def rekog_make_face_image() -> Callable[..., bytes]:
    """:func:`rekog.local.make_face_image`: ``rekog_make_face_image("alice")`` is a PNG of alice."""
    from rekog.local import make_face_image

    return make_face_image


@pytest.fixture
def rekog_make_scene() -> Callable[..., bytes]:
    """:func:`rekog.local.make_scene`: an image with declared faces and text."""
    from rekog.local import make_scene

    return make_scene


@pytest.fixture
def rekog_make_video() -> Callable[..., bytes]:
    """:func:`rekog.local.make_video`: a "video" with declared persons and text."""
    from rekog.local import make_video

    return make_video
