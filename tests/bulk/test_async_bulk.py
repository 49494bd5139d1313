"""AsyncBulk: ``rk.bulk`` for an asyncio client (here a stand-in over the sync client)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path
from typing import Any

import pytest

from rekog import Rekognition
from rekog.bulk import AsyncBulk, Checkpoint, external_image_id, input_key
from rekog.local import make_face_image, serve
from rekog.models import IndexFacesResponse

from .helpers import client_for


class StandInAsyncClient:
    """Rekognition's methods as coroutines, as ``rekog.AsyncRekognition`` offers them."""

    def __init__(self, sync: Rekognition) -> None:
        self._sync = sync
        self._request = sync._request
        self.paginate = sync.paginate

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._sync, name)

        @functools.wraps(method)
        async def call(**kwargs: Any) -> Any:
            return await asyncio.to_thread(method, **kwargs)

        return call


def test_async_bulk_index_then_resume(tmp_path: Path) -> None:
    paths = []
    for number in range(12):
        path = tmp_path / f"p{number}.png"
        path.write_bytes(make_face_image(f"p{number}", size=(80, 80)))
        paths.append(path)
    checkpoint = tmp_path / "async.db"
    with serve(port=0) as server:
        rk = client_for(server.endpoint_url)
        rk.create_collection(collection_id="staff")
        bulk = AsyncBulk(StandInAsyncClient(rk))

        async def first() -> list[Any]:
            run = bulk.index_faces(
                paths[:8], collection_id="staff", checkpoint=checkpoint, concurrency=4
            )
            return [outcome async for outcome in run]

        outcomes = asyncio.run(first())
        assert len(outcomes) == 8 and all(
            isinstance(o.result, IndexFacesResponse) for o in outcomes
        )
        # A run killed after indexing p8 but before recording it: left pending.
        rk.index_faces(
            collection_id="staff",
            image=paths[8],
            external_image_id=external_image_id(input_key(paths[8])),
        )
        with Checkpoint(checkpoint, scope="IndexFaces:staff") as open_checkpoint:
            open_checkpoint.mark(
                input_key(paths[8]), "pending", external_image_id(input_key(paths[8]))
            )

        async def second() -> Any:
            run = bulk.index_faces(paths, collection_id="staff", checkpoint=checkpoint)
            await run.run()
            return run.summary

        summary = asyncio.run(second())
        assert (summary.succeeded, summary.skipped, summary.failed) == (3, 9, 0)
        faces = list(rk.paginate.list_faces(collection_id="staff"))
        assert len(faces) == 12 and len({f.external_image_id for f in faces}) == 12


def test_async_bulk_gates_each_attempt_on_an_aiobotocore_client() -> None:
    from aiobotocore.session import get_session
    from botocore.config import Config

    from rekog import models

    images = [make_face_image(f"q{i}", size=(80, 80)) for i in range(6)]
    with serve(port=0) as server:
        sync = client_for(server.endpoint_url)
        sync.create_collection(collection_id="staff")

        async def main() -> tuple[Any, Any]:
            config = Config(retries={"total_max_attempts": 1, "mode": "standard"})
            async with get_session().create_client(
                "rekognition",
                region_name="us-east-1",
                endpoint_url=server.endpoint_url,
                config=config,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            ) as raw:

                class Client:  # the shape of rekog.AsyncRekognition, over aiobotocore
                    _request = sync._request

                    async def index_faces(self, **kwargs: Any) -> models.IndexFacesResponse:
                        wire = sync._request("IndexFaces", kwargs)
                        return models.IndexFacesResponse.from_response(
                            await raw.index_faces(**wire)
                        )

                async def events_client() -> Any:
                    return raw

                run = AsyncBulk(Client(), attach_to=events_client).index_faces(
                    images, collection_id="staff", rate=50, concurrency=3
                )
                outcomes = [o async for o in run]
                return outcomes, run.limiter

        outcomes, limiter = asyncio.run(main())
        assert len(outcomes) == 6 and all(o.ok for o in outcomes)
        assert limiter.acquired == 6 and limiter.successes == 6  # through the events, per attempt
        assert len(list(sync.paginate.list_faces(collection_id="staff"))) == 6


def _async_rekognition(endpoint_url: str) -> Any:
    """An AsyncRekognition on the emulator, with test credentials."""
    from aiobotocore.session import get_session

    from rekog import AsyncRekognition

    session = get_session()
    session.set_credentials("testing", "testing")
    return AsyncRekognition(session=session, region="us-east-1", endpoint_url=endpoint_url)


def test_async_rekognition_has_bulk() -> None:
    async def index(endpoint_url: str) -> tuple[list[Any], Any]:
        async with _async_rekognition(endpoint_url) as rk:
            await rk.create_collection(collection_id="async-bulk")
            images = [make_face_image(name) for name in ("ann", "ben", "cy")]
            run = rk.bulk.index_faces(images, collection_id="async-bulk", progress=False)
            outcomes = [outcome async for outcome in run]
            faces = await rk.list_faces(collection_id="async-bulk")
            return outcomes, faces

    with serve(port=0) as server:
        outcomes, faces = asyncio.run(index(server.endpoint_url))
    assert [o.error for o in outcomes] == [None, None, None]
    assert len(faces.faces) == 3


def test_async_bulk_settles_an_uncertain_index_faces_by_its_external_image_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Responses dropped after the face was indexed, and connections dropped before: the
    client raises OutcomeUnknownError for both; bulk looks the input up by its
    ExternalImageId -- found: that is the result; not found: it indexes again."""
    import logging

    from rekog.local import FaultConfig

    images = [make_face_image(f"u{i}", size=(80, 80)) for i in range(16)]
    faults = FaultConfig(
        seed=3, drop_after_rate=0.3, drop_rate=0.2, operations=frozenset({"IndexFaces"})
    )

    async def index(endpoint_url: str) -> list[Any]:
        async with _async_rekognition(endpoint_url) as rk:
            await rk.create_collection(collection_id="uncertain")
            run = rk.bulk.index_faces(images, collection_id="uncertain", concurrency=4)
            return [outcome async for outcome in run]

    with serve(port=0, faults=faults) as server, caplog.at_level(logging.INFO, "rekog.bulk"):
        outcomes = asyncio.run(index(server.endpoint_url))
        assert server.emulator.faults is not None
        injected = [what for op, what in server.emulator.faults.history if op == "IndexFaces"]
        listed = list(
            client_for(server.endpoint_url).paginate.list_faces(collection_id="uncertain")
        )
    assert "drop_after" in injected and "drop" in injected  # both kinds happened
    assert [o.error for o in outcomes] == [None] * len(images)
    assert all(isinstance(o.result, IndexFacesResponse) and o.result.face_records for o in outcomes)
    assert sorted(face.external_image_id or "" for face in listed) == sorted(
        external_image_id(input_key(image)) for image in images
    )  # each input indexed exactly once
    assert any("had indexed it after all" in message for message in caplog.messages)
