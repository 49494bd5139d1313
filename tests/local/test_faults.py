"""TPS quotas and injected faults: deterministic from a seed, in-process and over HTTP."""

from __future__ import annotations

import types
from collections import Counter
from collections.abc import Iterator
from typing import Any

import botocore.endpoint
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, HTTPClientError

from rekog.local import FaultConfig, LocalRekognition, ManualClock, make_face_image

from .conftest import NO_RETRIES, http_client


def outcome(call: Any, **kwargs: Any) -> str:
    """``"ok"``, the AWS error code, or ``"dropped"``."""
    try:
        call(**kwargs)
    except ClientError as exc:
        return str(exc.response["Error"]["Code"])
    except HTTPClientError:
        return "dropped"
    return "ok"


def make_client(
    local: LocalRekognition, mode: str, stack: list[Any], config: Config = NO_RETRIES
) -> Any:
    if mode == "inprocess":
        return local.client(config=config)
    server = local.serve().start()
    stack.append(server)
    return http_client(server.endpoint_url, config)


@pytest.fixture(params=["inprocess", "http"])
def mode(request: pytest.FixtureRequest) -> Iterator[str]:
    yield str(request.param)


@pytest.fixture
def servers() -> Iterator[list[Any]]:
    started: list[Any] = []
    yield started
    for server in started:
        server.stop()


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make botocore's retry back-off instant; returns the delays it asked for."""
    delays: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=delays.append))
    return delays


def test_tps_quota_per_operation(mode: str, servers: list[Any]) -> None:
    clock = ManualClock()
    with LocalRekognition(clock=clock, faults=FaultConfig(tps={"DetectFaces": 5})) as local:
        client = make_client(local, mode, servers)
        image = {"Bytes": make_face_image("a")}
        burst = [outcome(client.detect_faces, Image=image) for _ in range(12)]
        assert burst == ["ok"] * 5 + ["ProvisionedThroughputExceededException"] * 7
        assert outcome(client.list_collections) == "ok"  # other operations have no quota
        clock.advance(0.5)
        assert outcome(client.detect_faces, Image=image) == "ProvisionedThroughputExceededException"
        clock.advance(0.5)  # the window of the first five calls has passed
        assert [outcome(client.detect_faces, Image=image) for _ in range(6)] == ["ok"] * 5 + [
            "ProvisionedThroughputExceededException"
        ]


def test_default_tps_applies_to_every_operation() -> None:
    clock = ManualClock()
    with LocalRekognition(
        clock=clock, faults=FaultConfig(default_tps=2, tps={"ListCollections": 3})
    ) as local:
        client = local.client(config=NO_RETRIES)
        assert [outcome(client.describe_collection, CollectionId="x") for _ in range(3)] == [
            "ResourceNotFoundException",
            "ResourceNotFoundException",
            "ProvisionedThroughputExceededException",
        ]
        assert [outcome(client.list_collections) for _ in range(4)].count("ok") == 3


def run_faults(seed: int, mode: str, servers: list[Any], calls: int = 60) -> list[str]:
    config = FaultConfig(seed=seed, throttle_rate=0.1, error_rate=0.1, drop_rate=0.1)
    with LocalRekognition(clock=ManualClock(), faults=config) as local:
        client = make_client(local, mode, servers)
        return [outcome(client.list_collections) for _ in range(calls)]


def test_faults_are_deterministic_for_a_seed(mode: str, servers: list[Any]) -> None:
    first = run_faults(7, mode, servers)
    assert first == run_faults(7, mode, servers)
    assert first != run_faults(8, mode, servers)
    counts = Counter(first)
    assert set(counts) == {"ok", "ThrottlingException", "InternalServerError", "dropped"}
    assert 30 <= counts["ok"] <= 55


def test_same_seed_same_faults_in_both_transports(servers: list[Any]) -> None:
    assert run_faults(3, "inprocess", servers) == run_faults(3, "http", servers)


def test_server_faults_are_http_500(emulator: LocalRekognition) -> None:
    config = FaultConfig(seed=1, throttle_rate=0.5, error_rate=0.5)
    with LocalRekognition(clock=ManualClock(), faults=config) as local:
        client = local.client(config=NO_RETRIES)
        for _ in range(6):
            with pytest.raises(ClientError) as info:
                client.list_collections()
            assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
            assert info.value.response["Error"]["Code"] in {
                "ThrottlingException",
                "InternalServerError",
            }


def test_dropped_connection(mode: str, servers: list[Any]) -> None:
    with LocalRekognition(clock=ManualClock(), faults=FaultConfig(drop_rate=1.0)) as local:
        client = make_client(local, mode, servers)
        with pytest.raises(ConnectionClosedError):
            client.create_collection(CollectionId="c")
        assert local.backend.state.collections == {}


def test_dropped_after_processing_keeps_the_work(mode: str, servers: list[Any]) -> None:
    faults = FaultConfig(drop_after_rate=1.0, operations=frozenset({"CreateCollection"}))
    with LocalRekognition(clock=ManualClock(), faults=faults) as local:
        client = make_client(local, mode, servers)
        with pytest.raises(ConnectionClosedError):
            client.create_collection(CollectionId="c")
        assert client.list_collections()["CollectionIds"] == ["c"]


def test_latency_uses_the_clock() -> None:
    clock = ManualClock(start=0.0)
    with LocalRekognition(
        clock=clock, faults=FaultConfig(latency_rate=1.0, latency_seconds=0.25)
    ) as local:
        client = local.client(config=NO_RETRIES)
        for _ in range(4):
            client.list_collections()
        assert clock.now() == pytest.approx(1.0)


def test_twenty_percent_faults_with_retries_lose_nothing(
    mode: str, servers: list[Any], no_backoff: list[float]
) -> None:
    retrying = Config(retries={"mode": "standard", "total_max_attempts": 15})
    with LocalRekognition(
        clock=ManualClock(), faults=FaultConfig.with_fault_rate(0.2, seed=11)
    ) as local:
        local.backend.handle("CreateCollection", {"CollectionId": "c"})
        client = make_client(local, mode, servers, retrying)
        for i in range(40):
            client.index_faces(
                CollectionId="c", Image={"Bytes": make_face_image(f"p{i}")}, ExternalImageId=f"p{i}"
            )
        faces = client.list_faces(CollectionId="c")["Faces"]
        assert sorted(f["ExternalImageId"] for f in faces) == sorted(f"p{i}" for i in range(40))
        assert local.faults is not None and len(local.faults.history) >= 4
        assert no_backoff  # botocore did retry


def test_faults_can_target_operations() -> None:
    config = FaultConfig(error_rate=1.0, operations=frozenset({"DetectText"}))
    with LocalRekognition(clock=ManualClock(), faults=config) as local:
        client = local.client(config=NO_RETRIES)
        assert outcome(client.list_collections) == "ok"
        assert (
            outcome(client.detect_text, Image={"Bytes": make_face_image("a")})
            == "InternalServerError"
        )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"error_rate": 1.5},
        {"drop_rate": 0.6, "throttle_rate": 0.6},
        {"tps": {"DetectText": 0}},
        {"default_tps": -1},
    ],
)
def test_bad_fault_config(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        FaultConfig(**kwargs)
