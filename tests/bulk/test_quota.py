"""One limiter per quota: runs on the same account, region and endpoint share one, however
the endpoint is spelt and whichever client (sync or async) runs them; other accounts,
regions or endpoints get their own. Nothing here reaches AWS or STS."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import boto3
import pytest

from rekog import Rekognition
from rekog.bulk import RateLimiter, quota_key
from rekog.bulk.quota import normalise_endpoint
from rekog.local import make_face_image

from .helpers import quota_emulator


@pytest.mark.parametrize(
    ("spelling", "normal"),
    [
        ("http://127.0.0.1:4566", "http://127.0.0.1:4566"),
        ("http://127.0.0.1:4566/", "http://127.0.0.1:4566"),  # trailing slash
        ("HTTP://127.0.0.1:4566", "http://127.0.0.1:4566"),  # scheme case
        ("http://LocalHost:4566", "http://127.0.0.1:4566"),  # loopback name, host case
        ("http://[::1]:4566//", "http://127.0.0.1:4566"),
        ("http://rekog.localhost:4566", "http://127.0.0.1:4566"),
        ("http://example.com:80/", "http://example.com"),  # default port
        ("https://Example.COM:443", "https://example.com"),
        ("https://example.com:8443/", "https://example.com:8443"),  # other ports stay
        ("https://example.com/prefix/", "https://example.com/prefix"),
        ("https://rekognition.us-east-1.amazonaws.com", "https://rekognition.us-east-1.amazonaws.com"),
        ("https://rekognition-fips.us-east-1.amazonaws.com/", "https://rekognition.us-east-1.amazonaws.com"),
        ("https://rekognition.us-east-1.api.aws", "https://rekognition.us-east-1.amazonaws.com"),
        ("HTTPS://REKOGNITION.EU-WEST-1.AMAZONAWS.COM:443", "https://rekognition.eu-west-1.amazonaws.com"),
        ("https://rekognition.cn-north-1.amazonaws.com.cn", "https://rekognition.cn-north-1.amazonaws.com.cn"),
    ],
)  # fmt: skip
def test_every_spelling_of_an_endpoint_is_one_endpoint(spelling: str, normal: str) -> None:
    assert normalise_endpoint(spelling) == normal


def test_regions_and_accounts_stay_apart() -> None:
    assert quota_key("AKIA1", "us-east-1", None) != quota_key("AKIA1", "eu-west-1", None)
    assert quota_key("AKIA1", "us-east-1", None) != quota_key("AKIA2", "us-east-1", None)
    # No endpoint: the one botocore resolves for the region.
    default = quota_key("AKIA1", "us-east-1", None)
    assert default == quota_key(
        "AKIA1", "us-east-1", "https://rekognition.us-east-1.amazonaws.com/"
    )


def session(access_key: str, secret: str = "s3cret-never-in-a-key") -> boto3.Session:
    return boto3.Session(
        aws_access_key_id=access_key, aws_secret_access_key=secret, region_name="us-east-1"
    )


def test_sync_runs_share_a_limiter_per_account_whatever_the_spelling() -> None:
    image = [make_face_image("x")]
    spellings = ["http://127.0.0.1:4566", "HTTP://localhost:4566/", "http://127.0.0.1:4566//"]
    limiters = [
        Rekognition(session=session("AKIAONE"), endpoint_url=url).bulk.detect_text(image).limiter
        for url in spellings
    ]
    assert limiters[0] is limiters[1] is limiters[2]
    other = Rekognition(session=session("AKIATWO"), endpoint_url=spellings[0])
    assert other.bulk.detect_text(image).limiter is not limiters[0]  # another account
    elsewhere = Rekognition(
        session=session("AKIAONE"), region="eu-west-1", endpoint_url=spellings[0]
    )
    assert elsewhere.bulk.detect_text(image).limiter is not limiters[0]  # another region


def test_the_secret_is_never_part_of_the_key() -> None:
    from rekog.bulk import gate

    rk = Rekognition(session=session("AKIASECRETLESS", "do-not-keep-me"), region="us-east-1")
    rk.bulk.detect_faces([make_face_image("x")])
    keys = [key for key in gate._limiters if "AKIASECRETLESS" in key]
    assert keys and not any("do-not-keep-me" in part for key in keys for part in key)


def test_the_default_endpoint_is_one_quota_for_sync_and_async_clients() -> None:
    """A default async client was keyed ('us-east-1', 'None'), the sync one by the resolved
    URL: runs of both in one process did not share. An empty run sends nothing."""
    from aiobotocore.session import get_session

    from rekog import AsyncRekognition

    sync = Rekognition(session=session("AKIADEFAULT"), region="us-east-1")
    sync_limiter = sync.bulk.detect_labels([]).limiter

    async def main() -> RateLimiter | None:
        aio = get_session()
        aio.set_credentials("AKIADEFAULT", "secret")
        async with AsyncRekognition(session=aio, region="us-east-1") as rk:
            run = rk.bulk.detect_labels([])
            await run.run()
            return run.limiter

    assert asyncio.run(main()) is sync_limiter is not None


def test_two_spellings_run_together_keep_to_one_quota() -> None:
    """Two runs at once, the endpoint spelt two ways: one limiter, their combined rate within
    the quota (the emulator counts what it admitted)."""
    quota = 8.0
    images = [make_face_image(f"q{i}", size=(80, 80)) for i in range(60)]
    with quota_emulator({"DetectFaces": quota}, fault_rate=0.0) as (server, log):
        host, port = server.endpoint_url.rsplit(":", 1)
        spellings = [
            server.endpoint_url + "/",
            host.upper().replace("127.0.0.1", "LOCALHOST") + ":" + port,
        ]
        runs: list[Any] = [
            Rekognition(session=session("testing"), endpoint_url=url).bulk.detect_faces(
                images[i::2], concurrency=4
            )
            for i, url in enumerate(spellings)
        ]
        assert runs[0].limiter is runs[1].limiter
        threads = [threading.Thread(target=run.run) for run in runs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(run.summary.succeeded for run in runs) == len(images)
        verdicts = [verdict for _, op, verdict in log.calls if op == "DetectFaces"]
        rejected = verdicts.count("ProvisionedThroughputExceededException")
        assert len(verdicts) - rejected == len(images)  # each image admitted once
        assert log.admitted_rate("DetectFaces") <= 1.05 * quota, f"{rejected} rejected"
