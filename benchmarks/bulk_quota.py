"""Bulk work at a TPS quota: rekog.bulk (threads, asyncio, Dask) against a naive boto3 pool.

The emulator runs over HTTP with ``--tps IndexFaces=Q SearchFacesByImage=Q`` and 10 % faults
(throttling, 500s and dropped connections). Each mode indexes the same number of distinct
faces into a fresh collection, then the script prints side by side: failed items, duplicate
faces, time, items per second, and the quota used -- calls the quota admitted per second
(faulted ones included: they used it), over the whole run and at full speed (from the first
quota rejection until 90 % of the calls, as the tests measure it). No rekog mode is told the
quota: ``threads`` is ``Rekognition().bulk``, ``asyncio`` is ``AsyncRekognition().bulk``,
``dask`` runs on a 4-worker ``LocalCluster`` under the run's one limiter (a Dask actor).
``naive-boto3`` is a 16-thread pool over plain boto3 with its default retries. ``fixed-quota``
is a reference: threads at a fixed rate equal to the quota, as if it were known -- the jitter
of arrival times costs even that some calls in a strict sliding-window quota.

    python benchmarks/bulk_quota.py                  # 1,000 inputs, quota 5: ~5 x 210 s
    python benchmarks/bulk_quota.py --inputs 300     # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import boto3

from rekog import Rekognition
from rekog.bulk import external_image_id, input_key
from rekog.local import DUMMY_CREDENTIALS, FaultConfig, LocalServer, make_face_image, serve
from rekog.local.faults import DecisionLog

OP = "IndexFaces"
REJECTED = "ProvisionedThroughputExceededException"


class Calls(DecisionLog):
    """(time, operation, verdict) of every request the emulator judged."""

    def rates(self, since: float) -> tuple[float, float, int]:
        """Admitted calls/s over the run, at full speed, and the quota rejections."""
        mine = [(t, v) for t, op, v in self.calls if op == OP and t >= since]
        admitted = [t for t, v in mine if v != REJECTED]
        rejected = [t for t, v in mine if v == REJECTED]
        whole = (len(admitted) - 1) / (admitted[-1] - admitted[0]) if len(admitted) > 1 else 0.0
        start = rejected[0] if rejected else admitted[0]
        end = admitted[int(0.9 * len(admitted)) - 1]
        inside = [t for t in admitted if start <= t <= end]
        steady = (len(inside) - 1) / (end - start) if end > start else whole
        return whole, steady, len(rejected)


def session() -> boto3.session.Session:
    return boto3.session.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")


def images(count: int, prefix: str) -> list[bytes]:
    return [make_face_image(f"{prefix}{i}", size=(32, 32)) for i in range(count)]


def run_threads(server: LocalServer, data: list[bytes], collection: str, quota: float) -> int:
    rk = Rekognition(session=session(), endpoint_url=server.endpoint_url)
    run = rk.bulk.index_faces(data, collection_id=collection, concurrency=8, progress=False)
    return run.run().failed


def run_fixed(server: LocalServer, data: list[bytes], collection: str, quota: float) -> int:
    """The reference: threads at a fixed rate equal to the quota, as if it were known."""
    rk = Rekognition(session=session(), endpoint_url=server.endpoint_url)
    run = rk.bulk.index_faces(
        data, collection_id=collection, concurrency=8, rate=quota, adaptive=False, progress=False
    )
    return run.run().failed


def run_async(server: LocalServer, data: list[bytes], collection: str, quota: float) -> int:
    """``AsyncRekognition(...).bulk``: tasks, the limiter on its aiobotocore client's events."""
    from aiobotocore.session import get_session

    from rekog import AsyncRekognition

    async def main() -> int:
        session = get_session()
        session.set_credentials("testing", "testing")
        async with AsyncRekognition(
            session=session, region="us-east-1", endpoint_url=server.endpoint_url
        ) as rk:
            run = rk.bulk.index_faces(data, collection_id=collection, concurrency=8, progress=False)
            return (await run.run()).failed

    return asyncio.run(main())


def run_dask(server: LocalServer, data: list[bytes], collection: str, quota: float) -> int:
    import distributed

    # Workers get a pickled client: from the environment's credentials (set in main), since a
    # client built from explicit keys refuses to pickle.
    rk = Rekognition(endpoint_url=server.endpoint_url)
    with (
        distributed.LocalCluster(
            n_workers=4, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as dask,
    ):
        run = rk.bulk.index_faces(
            data,
            collection_id=collection,
            dask_client=dask,
            concurrency=3,
            chunk_size=8,
            progress=False,
        )
        return run.run().failed


def run_naive(server: LocalServer, data: list[bytes], collection: str, quota: float) -> int:
    client = session().client(
        "rekognition", endpoint_url=server.endpoint_url
    )  # boto3's default retries

    def index(image: bytes) -> bool:
        try:
            client.index_faces(
                CollectionId=collection,
                Image={"Bytes": image},
                ExternalImageId=external_image_id(input_key(image)),
            )
            return True
        except Exception:
            return False

    with ThreadPoolExecutor(16) as pool:
        return sum(not ok for ok in pool.map(index, data))


MODES = {
    "threads": run_threads,
    "asyncio": run_async,
    "dask": run_dask,
    "naive-boto3": run_naive,
    "fixed-quota": run_fixed,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--quota", type=float, default=5.0)
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--modes", default=",".join(MODES))
    args = parser.parse_args()
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }.items():
        os.environ.setdefault(name, value)
    logging.basicConfig(level=logging.WARNING)
    faults = FaultConfig.with_fault_rate(
        args.fault_rate, seed=1, tps={OP: args.quota, "SearchFacesByImage": args.quota}
    )
    print(
        f"{args.inputs} inputs per mode, quota {OP}={args.quota:g}/s, {args.fault_rate:.0%} faults"
    )
    header = f"{'mode':<12} {'failed':>6} {'dupes':>5} {'time s':>7} {'items/s':>7} {'quota used':>10} {'full speed':>10} {'rejected':>8}"
    print(header)
    with serve(port=0, faults=faults) as server:
        assert server.emulator.faults is not None
        calls = Calls(server.emulator.faults)
        admin = Rekognition(session=session(), endpoint_url=server.endpoint_url)
        for mode in args.modes.split(","):
            collection = f"bench-{mode}"
            admin.create_collection(collection_id=collection)
            data = images(args.inputs, prefix=mode)
            time.sleep(1.1)  # a fresh quota window
            started = time.monotonic()
            failed = MODES[mode](server, data, collection, args.quota)
            elapsed = time.monotonic() - started
            faces = list(admin.paginate.list_faces(collection_id=collection))
            per_image = Counter(face.external_image_id for face in faces)
            dupes = sum(count - 1 for count in per_image.values())
            whole, steady, rejected = calls.rates(started)
            print(
                f"{mode:<12} {failed:>6} {dupes:>5} {elapsed:>7.1f} {args.inputs / elapsed:>7.2f} "
                f"{whole / args.quota:>10.1%} {steady / args.quota:>10.1%} {rejected:>8}",
                flush=True,
            )


if __name__ == "__main__":
    main()
