"""The async client's User-Agent header is byte for byte aiobotocore's (features as a set)."""

from __future__ import annotations

import asyncio

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from support.stub_server import StubServer
from support.user_agent import normal

from rekog import AsyncRekognition
from rekog._requests import OWNED_CLIENT_OPTIONS


def test_async_header_is_byte_for_byte_aiobotocores(server: StubServer) -> None:
    async def scenario() -> None:
        # Two sessions: a session's second client reuses its credentials and so registers
        # no credential feature, which would tell the headers apart for another reason.
        async with AsyncRekognition(
            region="us-east-1", endpoint_url=server.endpoint_url, session=get_session()
        ) as rk:
            async with get_session().create_client(
                "rekognition",
                region_name="us-east-1",
                endpoint_url=server.endpoint_url,
                config=AioConfig(
                    **OWNED_CLIENT_OPTIONS
                ),  # the options of the clients rekog creates
            ) as plain:
                for _ in range(2):
                    await rk.list_collections()
                    await plain.list_collections()

    asyncio.run(scenario())
    headers = {normal(r.user_agent) for r in server.requests}
    assert len(server.requests) == 4
    assert len(headers) == 1
    assert next(iter(headers))[0].startswith("aiobotocore/")
