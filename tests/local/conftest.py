"""Fixtures for the emulator tests: dummy AWS settings, a manual clock, in-process and HTTP clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from rekog.local import LocalRekognition, ManualClock
from rekog.local.emulator import dummy_session

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Dummy credentials and no AWS config files: nothing can reach a real account."""
    empty = tmp_path_factory.getbasetemp() / "no-aws-config"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(empty),
        "AWS_SHARED_CREDENTIALS_FILE": str(empty),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


@pytest.fixture
def clock() -> ManualClock:
    """A clock that only moves when the test says so."""
    return ManualClock()


@pytest.fixture
def emulator(clock: ManualClock) -> Iterator[LocalRekognition]:
    """A fresh emulator on the manual clock (jobs take 2 seconds of it)."""
    with LocalRekognition(clock=clock, job_seconds=2.0) as local:
        yield local


def http_client(endpoint_url: str, config: Config | None = NO_RETRIES) -> Any:
    """A plain boto3 Rekognition client for an emulator's HTTP endpoint."""
    return dummy_session().client("rekognition", endpoint_url=endpoint_url, config=config)


@pytest.fixture(params=["inprocess", "http"])
def rekognition(request: pytest.FixtureRequest, emulator: LocalRekognition) -> Iterator[Any]:
    """A boto3 client answered by the emulator, in-process or over HTTP on 127.0.0.1."""
    if request.param == "inprocess":
        yield emulator.client(config=NO_RETRIES)
    else:
        with emulator.serve() as server:
            yield http_client(server.endpoint_url)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``vision`` marker (tests that run the offline models)."""
    config.addinivalue_line(
        "markers", 'vision: runs rekog.local\'s vision perception (needs "rekog[vision]")'
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``vision`` tests -- and only them -- when the ``rekog[vision]`` packages are missing."""
    from rekog.local.perception.base import missing_vision_packages

    missing = missing_vision_packages()
    if not missing:
        return
    skip = pytest.mark.skip(
        reason=f"rekog[vision] is not installed (missing {', '.join(missing)}); "
        'pip install "rekog[vision]" to run the vision perception tests'
    )
    for item in items:
        if item.get_closest_marker("vision") is not None:
            item.add_marker(skip)
