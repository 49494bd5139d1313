"""What only the async client has: file reads off the loop, the in-process emulator hook,
lazy opening, the public export."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import threading
from typing import Any

import pytest
from aiobotocore.session import get_session
from support.calls import JPEG
from support.stub_server import Reply, StubServer

import rekog
from rekog import AsyncRekognition, InvalidRequestError
from rekog.aio import attach_local, detach_local
from rekog.errors import ResourceNotFoundException
from rekog.local import FaultConfig, LocalRekognition, make_face_image


class HeldFile(io.BytesIO):
    """An open file whose read waits until the event loop has run something meanwhile.

    Read on the loop itself, it could never see that: the test would hang (and fail by
    pytest's timeout) instead of passing on a fast machine and failing on a slow one.
    """

    def __init__(self, data: bytes, loop_ran: threading.Event) -> None:
        super().__init__(data)
        self.loop_ran = loop_ran
        self.reader_thread: int | None = None

    def read(self, size: int | None = -1) -> bytes:
        self.reader_thread = threading.get_ident()
        self.loop_ran.wait()
        return super().read(size)


def test_reading_an_image_file_does_not_block_the_loop(server: StubServer) -> None:
    server.script(Reply(body={"TextDetections": []}))
    loop_ran = threading.Event()

    async def scenario() -> HeldFile:
        async def meanwhile() -> None:
            await asyncio.sleep(0)  # runs only if the loop is free while the file is read
            loop_ran.set()

        async with AsyncRekognition(
            session=get_session(), region="us-east-1", endpoint_url=server.endpoint_url
        ) as rk:
            held = HeldFile(JPEG, loop_ran)
            task = asyncio.create_task(meanwhile())
            await rk.detect_text(image=held)
            await task
        return held

    held = asyncio.run(scenario())
    assert held.reader_thread is not None and held.reader_thread != threading.get_ident()


def test_the_client_opens_on_first_use_and_closes(server: StubServer) -> None:
    server.script(Reply(body={"CollectionIds": ["c1"]}))

    async def scenario() -> None:
        rk = AsyncRekognition(
            session=get_session(), region="us-east-1", endpoint_url=server.endpoint_url
        )
        assert "AsyncRekognition(region='us-east-1'" in repr(rk)
        results = await asyncio.gather(*(rk.list_collections() for _ in range(10)))
        assert all(r.collection_ids == ["c1"] for r in results)
        first = rk.client
        await rk.close()
        with pytest.raises(RuntimeError):
            rk.client  # noqa: B018
        await rk.list_collections()  # opens a new client
        assert rk.client is not first
        await rk.close()

    asyncio.run(scenario())


def test_in_process_emulator_answers_an_async_client() -> None:
    emulator = LocalRekognition(job_seconds=0, faults=FaultConfig(seed=3, throttle_rate=0.3))

    async def scenario() -> None:
        session = get_session()
        session.set_credentials("testing", "testing")
        async with AsyncRekognition(session=session, region="us-east-1") as rk:
            attach_local(emulator, rk.client)
            await rk.create_collection(collection_id="staff")
            for name in ("alice", "bob", "carol"):
                await rk.index_faces(
                    collection_id="staff", image=make_face_image(name), external_image_id=name
                )
            names = [
                f.external_image_id
                async for f in rk.paginate.list_faces(collection_id="staff", max_results=2)
            ]
            assert sorted(names) == ["alice", "bob", "carol"]  # throttled calls were retried
            with pytest.raises(ResourceNotFoundException):
                await rk.describe_collection(collection_id="nobody")
            with pytest.raises(InvalidRequestError):
                await rk.describe_collection(collection_id="bad id!")
            detach_local(emulator, rk.client)

    asyncio.run(scenario())
    assert emulator.faults is not None
    assert any(what == "ThrottlingException" for _, what in emulator.faults.history)
    emulator.close()


def test_exported_lazily_from_rekog() -> None:
    assert rekog.AsyncRekognition is AsyncRekognition
    assert "AsyncRekognition" in rekog.__all__
    code = "import sys, rekog; print('aiobotocore' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


def test_user_supplied_client_is_not_closed(server: StubServer) -> None:
    server.script(Reply(body={"CollectionIds": []}))

    async def scenario() -> Any:
        context = get_session().create_client(
            "rekognition", region_name="us-east-1", endpoint_url=server.endpoint_url
        )
        async with context as client:
            async with AsyncRekognition(client=client) as rk:
                await rk.list_collections()
            await client.list_collections()  # still open after rekog's `async with`

    asyncio.run(scenario())


def test_the_raw_body_is_kept_on_aiobotocore(server: StubServer) -> None:
    from rekog._parsing import RAW_BODY_KEY

    server.script(Reply(body={"CollectionIds": ["c1"]}))

    async def scenario() -> None:
        async with AsyncRekognition(
            session=get_session(), region="us-east-1", endpoint_url=server.endpoint_url
        ) as rk:
            raw = await rk.client.list_collections()
            assert raw[RAW_BODY_KEY] == b'{"CollectionIds": ["c1"]}'  # botocore parsed `{}`
            assert "CollectionIds" not in raw
        async with AsyncRekognition(
            session=get_session(),
            region="us-east-1",
            endpoint_url=server.endpoint_url,
            fast_parse=False,
        ) as slow:
            assert RAW_BODY_KEY not in await slow.client.list_collections()
            assert (await slow.list_collections()).collection_ids == ["c1"]

    asyncio.run(scenario())


def test_aiobotocore_parses_only_what_rekog_does_not(server: StubServer) -> None:
    # aiobotocore awaits its parser: the bypass hands it an awaitable one, which answers a
    # kept body itself and passes an error response to aiobotocore's own parser.
    server.script(
        Reply(body={"CollectionIds": ["c1"]}),
        Reply.error("ResourceNotFoundException", message="no collection"),
    )

    async def scenario() -> None:
        async with AsyncRekognition(
            session=get_session(), region="us-east-1", endpoint_url=server.endpoint_url
        ) as rk:
            bypass = rk.client._endpoint._response_parser_factory
            created: list[str] = []
            botocore_factory = bypass._factory

            class Counting:
                def create_parser(self, protocol: str) -> Any:
                    created.append(protocol)
                    return botocore_factory.create_parser(protocol)

            bypass._factory = Counting()
            page = await rk.list_collections()
            assert page.collection_ids == ["c1"]
            assert created == []
            with pytest.raises(ResourceNotFoundException) as caught:
                await rk.describe_collection(collection_id="gone")
            assert caught.value.message == "no collection"
            assert created != []

    asyncio.run(scenario())
