"""Run ``rk.bulk`` of either client from one test body: ``Rekognition`` (threads) or
``AsyncRekognition`` (tasks, on one event loop per driver), both on an emulator endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3

from rekog import Rekognition
from rekog.bulk import Outcome, Summary
from rekog.local import DUMMY_CREDENTIALS

from .asyncio_runner import Runner

#: The two flavours a bulk parity test is parametrised over.
FLAVOURS = ("sync", "async")


def sync_client(endpoint_url: str) -> Rekognition:
    """A sync client on the emulator, with its test credentials."""
    session = boto3.Session(
        aws_access_key_id=DUMMY_CREDENTIALS["aws_access_key_id"],
        aws_secret_access_key=DUMMY_CREDENTIALS["aws_secret_access_key"],
        region_name="us-east-1",
    )
    return Rekognition(session=session, endpoint_url=endpoint_url)


class BulkDriver:
    """``rk.bulk.<method>(inputs, **options)`` run to the end on one flavour's client."""

    def __init__(self, flavour: str, endpoint_url: str) -> None:
        self.flavour = flavour
        self._runner: Runner | None = None
        if flavour == "sync":
            self._client: Any = sync_client(endpoint_url)
            return
        from aiobotocore.session import get_session

        from rekog import AsyncRekognition

        session = get_session()
        session.set_credentials(
            DUMMY_CREDENTIALS["aws_access_key_id"], DUMMY_CREDENTIALS["aws_secret_access_key"]
        )
        self._runner = Runner()
        self._client = AsyncRekognition(
            session=session, region="us-east-1", endpoint_url=endpoint_url
        )
        self._runner.run(self._client.__aenter__())

    @property
    def bulk(self) -> Any:
        """The client's ``rk.bulk`` (a ``Bulk`` or an ``AsyncBulk``)."""
        return self._client.bulk

    def run(
        self, method: str, inputs: Any, **options: Any
    ) -> tuple[list[Outcome[Any, Any]], Summary]:
        """Every outcome (in completion order) and the summary."""
        run = getattr(self._client.bulk, method)(inputs, progress=False, **options)
        if self._runner is None:
            return list(run), run.summary

        async def drain() -> list[Outcome[Any, Any]]:
            return [outcome async for outcome in run]

        return self._runner.run(drain()), run.summary

    def close(self) -> None:
        if self._runner is not None:
            self._runner.run(self._client.__aexit__(None, None, None))
            self._runner.close()


@contextmanager
def bulk_driver(flavour: str, endpoint_url: str) -> Iterator[BulkDriver]:
    """A :class:`BulkDriver`, closed (with its event loop) at the end."""
    driver = BulkDriver(flavour, endpoint_url)
    try:
        yield driver
    finally:
        driver.close()
