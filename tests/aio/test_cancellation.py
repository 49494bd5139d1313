"""Cancelling a wait, a call or a retry sleep, and abandoning a pager, leave nothing behind:
no pending task, no connection checked out; ``async with`` closes the connection pool."""

from __future__ import annotations

import asyncio
import gc
import threading
from contextlib import aclosing
from typing import Any

import pytest
from aiobotocore.session import get_session
from support.face_search import face_search_responder
from support.stub_server import Reply, StubServer

from rekog import AsyncRekognition, PollPolicy, RetryPolicy


def connections_in_use(rk: AsyncRekognition) -> int:
    """Connections checked out of the client's aiohttp pools right now."""
    sessions = rk.client._endpoint.http_session._sessions or {}
    return sum(len(s.connector._acquired) for s in sessions.values() if s.connector is not None)


def other_tasks() -> set[asyncio.Task[Any]]:
    return {t for t in asyncio.all_tasks() if t is not asyncio.current_task()}


async def settle() -> None:
    gc.collect()  # abandoned async generators are finalised through tasks the loop creates
    for _ in range(5):
        await asyncio.sleep(0)


def client_for(server: StubServer, **options: Any) -> AsyncRekognition:
    return AsyncRekognition(
        session=get_session(), region="us-east-1", endpoint_url=server.endpoint_url, **options
    )


class Arrivals:
    """Tells the event loop when the stub server has received a request (it answers in its
    own thread): waiting on it replaces polling ``server.count()`` against a clock."""

    def __init__(self, server: StubServer, responder: Any) -> None:
        self.arrived = threading.Event()

        def answer(operation: str, body: dict[str, Any]) -> Reply:
            self.arrived.set()
            reply: Reply = responder(operation, body)
            return reply

        server.responder = answer

    async def first(self) -> None:
        await asyncio.to_thread(self.arrived.wait)


class Sleeps:
    """A sleep that never ends by itself (a 30 s delay, as far as any test can tell), and
    says when the code under test has entered it: cancelling is then the only way out."""

    def __init__(self) -> None:
        self.entered: asyncio.Event | None = None
        self.count = 0

    async def sleep(self, seconds: float) -> None:
        if self.entered is None:
            self.entered = asyncio.Event()
        self.count += 1
        self.entered.set()
        await asyncio.get_running_loop().create_future()  # only cancellation ends it

    async def wait_entered(self) -> None:
        if self.entered is None:
            self.entered = asyncio.Event()
        await self.entered.wait()


def test_wait_cancelled_mid_sleep_stops_at_once(server: StubServer) -> None:
    arrivals = Arrivals(server, face_search_responder(["IN_PROGRESS"]))
    sleeps = Sleeps()

    async def scenario() -> None:
        async with client_for(server) as rk:
            job = rk.jobs.face_search("job-1", poll=PollPolicy(initial=30.0, maximum=30.0))
            job._sleep = sleeps.sleep
            task = asyncio.create_task(job.wait(timeout=600))
            await arrivals.first()
            await sleeps.wait_entered()  # now inside the poll delay, which never ends alone
            task.cancel()
            # The sleep ends only by cancellation: a wait that ignored it would never return.
            with pytest.raises(asyncio.CancelledError):
                await task
            await settle()
            assert other_tasks() == set()
            assert connections_in_use(rk) == 0
            assert server.count() == 1 and sleeps.count == 1

    asyncio.run(scenario())


def test_wait_cancelled_mid_request_releases_the_connection(server: StubServer) -> None:
    answer = threading.Event()

    def held(operation: str, body: dict[str, Any]) -> Reply:
        answer.wait()  # the service takes its time: until the test lets it answer
        return Reply(body={"JobStatus": "IN_PROGRESS"})

    arrivals = Arrivals(server, held)

    async def scenario() -> None:
        async with client_for(server) as rk:
            job = rk.jobs.face_search("job-1")
            task = asyncio.create_task(job.wait(timeout=600))
            await arrivals.first()
            assert connections_in_use(rk) == 1
            task.cancel()
            # Still unanswered: the cancelled wait does not wait for the answer.
            with pytest.raises(asyncio.CancelledError):
                await task
            assert not answer.is_set()
            await settle()
            assert other_tasks() == set()
            assert connections_in_use(rk) == 0
            answer.set()
            server.responder = None
            server.script(Reply(body={"CollectionIds": ["c1"]}))
            assert (await rk.list_collections()).collection_ids == ["c1"]  # still usable

    try:
        asyncio.run(scenario())
    finally:
        answer.set()  # never leave the server's thread waiting


def test_a_cancelled_retry_sleep_is_not_retried(server: StubServer) -> None:
    arrivals = Arrivals(server, lambda operation, body: Reply.error("ThrottlingException"))
    sleeps = Sleeps()
    policy = RetryPolicy(initial=30.0, maximum=30.0, jitter=False, sleep=sleeps.sleep)  # type: ignore[arg-type]

    async def scenario() -> None:
        async with client_for(server, retry=policy) as rk:
            task = asyncio.create_task(rk.list_collections())
            await arrivals.first()
            await sleeps.wait_entered()  # inside the backoff, which never ends alone
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await settle()
            assert other_tasks() == set() and connections_in_use(rk) == 0
        assert server.count() == 1

    asyncio.run(scenario())


@pytest.mark.parametrize("closing", [False, True], ids=["break", "aclosing"])
def test_a_pager_abandoned_mid_iteration_leaves_nothing(server: StubServer, closing: bool) -> None:
    server.responder = face_search_responder(["SUCCEEDED"])

    async def scenario() -> None:
        async with client_for(server) as rk:
            pager = rk.paginate.get_face_search(job_id="job-1", max_results=1000)
            seen = 0
            if closing:
                async with aclosing(pager.pages()) as pages:
                    async for _page in pages:
                        seen += 1
                        break
            else:
                async for _person in pager:
                    seen += 1
                    if seen == 10:
                        break
            await settle()
            assert other_tasks() == set()
            assert connections_in_use(rk) == 0
            assert server.count() == 1  # no page was fetched ahead
            if not closing:
                token = pager.resume_token
                resumed = rk.paginate.get_face_search(
                    job_id="job-1", max_results=1000, starting_token=token
                )
                assert (await resumed.first_page()).persons[10].timestamp == 400

    asyncio.run(scenario())


def test_async_with_closes_the_connection_pool(server: StubServer) -> None:
    server.script(Reply(body={"CollectionIds": []}))

    async def scenario() -> None:
        rk = client_for(server)
        async with rk:
            await asyncio.gather(*(rk.list_collections() for _ in range(5)))
            http = rk.client._endpoint.http_session
            pools = list((http._sessions or {}).values())
            assert pools and not any(p.closed for p in pools)
        assert all(p.closed for p in pools)
        # aiobotocore empties its pool table on close ({} from 2.23, None in later releases).
        assert not http._sessions
        with pytest.raises(RuntimeError, match="not open"):
            rk.client  # noqa: B018
        await settle()
        assert other_tasks() == set()

    asyncio.run(scenario())
