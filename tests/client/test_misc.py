"""Smaller promises of the client: blob reprs, old botocore, threads, lazy import."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from support.extras import requires_async_extra
from support.stub_server import Reply, StubServer

from rekog import InvalidRequestError, Rekognition
from rekog.models import Image


def test_model_repr_truncates_blobs() -> None:
    image = Image(bytes=b"\xff\xd8\xff" + b"P" * 100_000)
    text = repr(image)
    assert len(text) < 200
    assert "100003 bytes" in text


def test_operation_unknown_to_botocore_fails_clearly(rk: Rekognition, server: StubServer) -> None:
    rk._known_operations = frozenset({"ListCollections"})  # as an old botocore would know
    with pytest.raises(
        InvalidRequestError, match="SearchUsers is not known to the client's botocore"
    ):
        rk.search_users(collection_id="c1", user_id="u1")
    assert server.count() == 0


def test_concurrent_calls_from_threads(rk: Rekognition, server: StubServer) -> None:
    server.script(Reply(body={"CollectionIds": ["c1"], "FaceModelVersions": ["7.0"]}))
    errors: list[BaseException] = []
    results: list[list[str]] = []

    def work() -> None:
        try:
            for _ in range(10):
                results.append(rk.list_collections().collection_ids)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [["c1"]] * 80
    assert server.count() == 80


def test_import_rekog_loads_neither_boto3_nor_models() -> None:
    code = "import sys, rekog; print('boto3' in sys.modules, 'rekog._generated.models._shapes' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False", "False"]


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    return set(result.stdout.split())


def test_the_client_loads_neither_boto3_nor_pydantic_until_a_call() -> None:
    # A cold start (Lambda) pays for what the import and the constructor load.
    loaded = _loaded_after("from rekog import Rekognition\nrk = Rekognition()")
    assert {"boto3", "s3transfer", "pydantic", "pydantic_core", "tenacity"}.isdisjoint(loaded)
    # rk.paginate and rk.jobs are built on first use.
    assert {"rekog._generated.namespaces", "rekog.jobs.long_running"}.isdisjoint(loaded)
    shapes = {m for m in loaded if m.startswith("rekog._generated.models._shapes.")}
    assert shapes == set()


def test_a_first_call_builds_only_its_own_models() -> None:
    from rekog.local import LocalRekognition

    with LocalRekognition().serve(port=0).start() as server:
        loaded = _loaded_after(
            "from rekog import Rekognition\n"
            f"rk = Rekognition(endpoint_url={server.endpoint_url!r})\n"
            "rk.list_collections()"
        )
    shapes = {m.rsplit(".", 1)[1] for m in loaded if ".models._shapes." in m}
    assert shapes == {"list_collections_request", "list_collections_response"}
    assert {"boto3", "tenacity"}.isdisjoint(loaded)
    # Pagers and job handles load with the first pager or job, not with a plain call.
    assert {"rekog.paging", "rekog.jobs"}.isdisjoint(loaded)


@pytest.mark.parametrize(
    "module",
    [
        pytest.param("rekog.aio", marks=requires_async_extra),
        "rekog.models",
        "rekog._generated.models",
        "rekog.jobs",
        "rekog.bulk",
    ],
)
def test_every_entry_module_imports_first_in_a_fresh_process(module: str) -> None:
    # `from rekog.aio import AsyncRekognition` as a program's first import once failed: the
    # generated models package imported the public one, which imports it back.
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, capture_output=True)


def _botocore_retry_handler_registered(client: object) -> bool:
    # botocore ignores a registration whose unique id is taken: ours runs only if the
    # client's own retry handler is gone.
    events = client.meta.events  # type: ignore[attr-defined]
    called: list[bool] = []
    events.register(
        "needs-retry.rekognition",
        lambda **_: called.append(True),
        unique_id="retry-config-rekognition",
    )
    events.emit(
        "needs-retry.rekognition.ListCollections",
        attempts=1,
        response=None,
        caught_exception=None,
        operation=None,
        request_dict={"context": {}},
    )
    events.unregister("needs-retry.rekognition", unique_id="retry-config-rekognition")
    return not called


def test_clients_rekog_creates_have_no_botocore_retry_handler(rk: Rekognition) -> None:
    # One retry layer: botocore makes one attempt and its handler would only add bookkeeping.
    assert not _botocore_retry_handler_registered(rk.client)


def test_the_benchmarks_tuned_boto3_gets_the_same_botocore_settings(server: StubServer) -> None:
    import boto3
    from botocore.config import Config

    from rekog._requests import OWNED_CLIENT_OPTIONS, tune_botocore_client

    client = boto3.client(
        "rekognition",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=Config(**OWNED_CLIENT_OPTIONS),
    )
    assert _botocore_retry_handler_registered(client)
    tune_botocore_client(client)
    assert not _botocore_retry_handler_registered(client)
    server.script(Reply(body={"CollectionIds": ["c1"]}))
    assert client.list_collections()["CollectionIds"] == ["c1"]
