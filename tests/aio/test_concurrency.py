"""200 concurrent calls from one event loop against the emulator over HTTP, under a TPS quota
and 20 % injected faults: every call ends with its own result, and none takes effect twice."""

from __future__ import annotations

import asyncio
from collections import Counter

from aiobotocore.session import get_session

from rekog import AsyncRekognition, RetryPolicy
from rekog.local import DUMMY_CREDENTIALS, FaultConfig, LocalRekognition, make_scene, serve

CALLS = 200


def test_200_concurrent_calls_under_quota_and_faults() -> None:
    # 20 % faults, a quarter of them after the work was done (the answer is lost): a retried
    # CreateUser must reuse its token so that the user is not created twice.
    faults = FaultConfig(
        seed=11,
        default_tps=80,
        throttle_rate=0.05,
        error_rate=0.05,
        drop_rate=0.05,
        drop_after_rate=0.05,
    )
    emulator = LocalRekognition(faults=faults, job_seconds=0)
    emulator.call("CreateCollection", CollectionId="crowd")  # set up without faults
    images = {i: make_scene(text=[f"CALL {i}"], size=(160, 120)) for i in range(CALLS // 2)}
    policy = RetryPolicy(max_attempts=40, initial=0.02, maximum=0.5, deadline=120.0)

    async def scenario(endpoint: str) -> None:
        session = get_session()
        session.set_credentials(
            DUMMY_CREDENTIALS["aws_access_key_id"], DUMMY_CREDENTIALS["aws_secret_access_key"]
        )
        async with AsyncRekognition(
            session=session, region="us-east-1", endpoint_url=endpoint, retry=policy
        ) as rk:

            async def read(i: int) -> tuple[str, int, str]:
                result = await rk.detect_text(image=images[i])
                lines = [t.detected_text for t in result.text_detections if t.type == "LINE"]
                return ("text", i, lines[0] if lines else "")

            async def create(i: int) -> tuple[str, int, str]:
                await rk.create_user(collection_id="crowd", user_id=f"user-{i}")
                return ("user", i, f"user-{i}")

            calls = [read(i) for i in range(CALLS // 2)] + [create(i) for i in range(CALLS // 2)]
            results = await asyncio.gather(*calls)
            assert len(results) == CALLS
            for kind, i, value in results:  # each call got its own answer
                assert value == (f"CALL {i}" if kind == "text" else f"user-{i}")
            users = [u.user_id async for u in rk.paginate.list_users(collection_id="crowd")]
            assert Counter(users) == Counter(f"user-{i}" for i in range(CALLS // 2))

    with serve(emulator=emulator) as server:
        asyncio.run(scenario(server.endpoint_url))
    assert emulator.faults is not None
    injected = Counter(what for _, what in emulator.faults.history)
    assert (
        injected["drop_after"] > 0 and injected["drop"] > 0 and injected["ThrottlingException"] > 0
    )
    assert injected["ProvisionedThroughputExceededException"] > 0  # the quota was hit
    emulator.close()
