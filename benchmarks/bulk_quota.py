"""Bulk work at a TPS quota: rekog.bulk (threads, asyncio, Dask clusters) against naive boto3.

The emulator runs over HTTP with ``--tps IndexFaces=Q`` and 10 % faults (throttling, 500s and
dropped connections). Each mode indexes the same number of distinct faces into a fresh
collection, then the script prints side by side: failed items, unreported items (inputs with
no outcome), duplicates (faces indexed twice, or inputs reported twice), time, items per
second, and the quota used -- calls the quota admitted per second (faulted ones included:
they used it), over the whole run and at full speed (from the first quota rejection until
90 % of the calls). No rekog mode is told the quota:

* ``threads``: ``Rekognition().bulk``; ``asyncio``: ``AsyncRekognition().bulk``;
* ``dask-inproc``: a ``LocalCluster`` of 2 in-process workers (threads);
* ``dask-processes``: a ``LocalCluster`` of 2 worker **processes**;
* ``dask-cli``: ``dask scheduler`` and 2 ``dask worker`` processes started as a user does,
  the driver connected by the scheduler's address;
* ``dask-kill``: ``dask-processes``, the worker hosting the run's limiter killed (SIGKILL)
  once a third of the outcomes are in;
* ``two-spellings``: two thread runs at once, the endpoint spelt ``http://127.0.0.1:P/`` and
  ``HTTP://LOCALHOST:P`` -- one quota, so one limiter; the quota used is their sum;
* ``naive-boto3``: a 16-thread pool over plain boto3 with its default retries;
* ``fixed-quota``: a reference -- threads at a fixed rate equal to the quota, as if it were
  known; the jitter of arrival times costs even that some calls in a strict sliding window.

    nice -n 10 python benchmarks/bulk_quota.py        # standard: 300 inputs, quota 10: ~4 min
    python benchmarks/bulk_quota.py --modes dask-processes,dask-kill --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3

from rekog import Rekognition
from rekog.bulk import external_image_id, input_key
from rekog.local import DUMMY_CREDENTIALS, FaultConfig, LocalServer, make_face_image, serve
from rekog.local.faults import DecisionLog

OP = "IndexFaces"
REJECTED = "ProvisionedThroughputExceededException"
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


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


@dataclass
class Result:
    failed: int
    keys: Counter[str]  # outcomes delivered per input key


def session(account: str = "") -> boto3.session.Session:
    """Test credentials; each mode its own access key id, so its own limiter: a mode never
    starts from the rate an earlier mode left in the process's shared limiter."""
    keys = dict(DUMMY_CREDENTIALS)
    if account:
        keys["aws_access_key_id"] = f"AKIA{account.upper().replace('-', '')}"
    return boto3.session.Session(**keys, region_name="us-east-1")


def images(count: int, prefix: str) -> list[bytes]:
    return [make_face_image(f"{prefix}{i}", size=(80, 80)) for i in range(count)]


def consume(run: Any, on_outcome: Callable[[int], None] = lambda n: None) -> Result:
    keys: Counter[str] = Counter()
    for outcome in run:
        keys[outcome.key] += 1
        on_outcome(sum(keys.values()))
    return Result(run.summary.failed, keys)


def run_threads(server: LocalServer, data: list[bytes], collection: str, quota: float) -> Result:
    rk = Rekognition(session=session("threads"), endpoint_url=server.endpoint_url)
    return consume(rk.bulk.index_faces(data, collection_id=collection, concurrency=8))


def run_fixed(server: LocalServer, data: list[bytes], collection: str, quota: float) -> Result:
    """The reference: threads at a fixed rate equal to the quota, as if it were known."""
    rk = Rekognition(session=session("fixed"), endpoint_url=server.endpoint_url)
    run = rk.bulk.index_faces(
        data, collection_id=collection, concurrency=8, rate=quota, adaptive=False
    )
    return consume(run)


def run_async(server: LocalServer, data: list[bytes], collection: str, quota: float) -> Result:
    """``AsyncRekognition(...).bulk``: tasks, the limiter on its aiobotocore client's events."""
    from aiobotocore.session import get_session

    from rekog import AsyncRekognition

    async def main() -> Result:
        session = get_session()
        session.set_credentials("AKIAASYNCIO", "testing")
        async with AsyncRekognition(
            session=session, region="us-east-1", endpoint_url=server.endpoint_url
        ) as rk:
            run = rk.bulk.index_faces(data, collection_id=collection, concurrency=8)
            keys: Counter[str] = Counter([o.key async for o in run])
            return Result(run.summary.failed, keys)

    return asyncio.run(main())


def run_on(dask: Any, server: LocalServer, data: list[bytes], collection: str, **kw: Any) -> Any:
    # Workers get a pickled client: from the environment's credentials (set in main), since a
    # client built from explicit keys refuses to pickle.
    rk = Rekognition(endpoint_url=server.endpoint_url)
    return rk.bulk.index_faces(
        data, collection_id=collection, dask_client=dask, concurrency=4, chunk_size=8, **kw
    )


@contextmanager
def local_cluster(processes: bool) -> Iterator[tuple[Any, Any]]:
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            **({"env": ENV} if processes else {}),
        ) as cluster,
        distributed.Client(cluster) as dask,
    ):
        yield cluster, dask


def run_dask_inproc(server: LocalServer, data: list[bytes], collection: str, q: float) -> Result:
    with local_cluster(processes=False) as (_, dask):
        return consume(run_on(dask, server, data, collection))


def run_dask_processes(server: LocalServer, data: list[bytes], collection: str, q: float) -> Result:
    with local_cluster(processes=True) as (_, dask):
        return consume(run_on(dask, server, data, collection))


def run_dask_kill(server: LocalServer, data: list[bytes], collection: str, q: float) -> Result:
    """Worker processes; the worker hosting the limiter is killed a third of the way in."""
    with local_cluster(processes=True) as (cluster, dask):

        def kill_at_a_third(delivered: int) -> None:
            if delivered != len(data) // 3:
                return
            who = {w for k, ws in dask.who_has().items() if "-limiter-" in str(k) for w in ws}
            for nanny in cluster.workers.values():
                if nanny.worker_address in who:
                    os.kill(nanny.process.process.pid, signal.SIGKILL)
                    print(f"  (killed {nanny.worker_address}, the limiter's worker)", flush=True)

        return consume(run_on(dask, server, data, collection), kill_at_a_third)


def run_dask_cli(server: LocalServer, data: list[bytes], collection: str, q: float) -> Result:
    """``dask scheduler`` + 2 ``dask worker`` processes; the driver connects by address."""
    import distributed

    with tempfile.TemporaryDirectory() as folder:
        scheduler_file = os.path.join(folder, "scheduler.json")
        env = {**os.environ, **ENV}
        cli = [sys.executable, "-m", "dask"]
        quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        processes = [
            subprocess.Popen(
                [*cli, "scheduler", "--port", "0", "--no-dashboard"]
                + ["--host", "127.0.0.1", "--scheduler-file", scheduler_file],
                env=env,
                **quiet,
            )
        ]
        try:
            for _ in range(2):
                worker = [*cli, "worker", "--scheduler-file", scheduler_file, "--nthreads", "1"]
                processes.append(subprocess.Popen([*worker, "--no-dashboard"], env=env, **quiet))
            with distributed.Client(scheduler_file=scheduler_file, timeout=60) as dask:
                dask.wait_for_workers(2, timeout=60)
                return consume(run_on(dask, server, data, collection))
        finally:
            for process in processes:
                process.kill()
                process.wait()


def run_two_spellings(server: LocalServer, data: list[bytes], collection: str, q: float) -> Result:
    """Two runs at once on one quota, the endpoint spelt two ways: one limiter between them."""
    host, port = server.endpoint_url.rsplit(":", 1)
    spellings = [
        server.endpoint_url + "/",
        host.upper().replace("127.0.0.1", "LOCALHOST") + ":" + port,
    ]
    runs = [
        Rekognition(session=session("spellings"), endpoint_url=url).bulk.index_faces(
            data[i::2], collection_id=collection, concurrency=8
        )
        for i, url in enumerate(spellings)
    ]
    assert runs[0].limiter is runs[1].limiter, "two limiters for one quota"
    results: list[Result] = []
    threads = [threading.Thread(target=lambda r=run: results.append(consume(r))) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(sum(r.failed for r in results), sum((r.keys for r in results), Counter()))


def run_naive(server: LocalServer, data: list[bytes], collection: str, quota: float) -> Result:
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
        failed = sum(not ok for ok in pool.map(index, data))
    return Result(failed, Counter(input_key(image) for image in data))


MODES: dict[str, Callable[[LocalServer, list[bytes], str, float], Result]] = {
    "threads": run_threads,
    "asyncio": run_async,
    "dask-inproc": run_dask_inproc,
    "dask-processes": run_dask_processes,
    "dask-cli": run_dask_cli,
    "dask-kill": run_dask_kill,
    "two-spellings": run_two_spellings,
    "naive-boto3": run_naive,
    "fixed-quota": run_fixed,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=300)
    parser.add_argument("--quota", type=float, default=10.0)
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--rounds", type=int, default=1, help="runs of each mode")
    args = parser.parse_args()
    for name, value in ENV.items():
        os.environ.setdefault(name, value)
    logging.basicConfig(level=logging.ERROR)
    # distributed logs a killed worker's broken connections at length: the table is the result.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    faults = FaultConfig.with_fault_rate(args.fault_rate, seed=1, tps={OP: args.quota})
    print(
        f"{args.inputs} inputs per mode, quota {OP}={args.quota:g}/s, {args.fault_rate:.0%} faults"
    )
    header = (
        f"{'mode':<15} {'failed':>6} {'unreported':>10} {'duplicates':>10} {'time s':>7} "
        f"{'items/s':>7} {'quota used':>10} {'full speed':>10} {'rejected':>8}"
    )
    print(header, flush=True)
    with serve(port=0, faults=faults) as server:
        assert server.emulator.faults is not None
        calls = Calls(server.emulator.faults)
        admin = Rekognition(session=session(), endpoint_url=server.endpoint_url)
        for round_ in range(args.rounds):
            for mode in args.modes.split(","):
                collection = f"bench-{mode}-{round_}"
                admin.create_collection(collection_id=collection)
                data = images(args.inputs, prefix=f"{mode}{round_}-")
                time.sleep(1.1)  # a fresh quota window
                started = time.monotonic()
                result = MODES[mode](server, data, collection, args.quota)
                elapsed = time.monotonic() - started
                faces = list(admin.paginate.list_faces(collection_id=collection))
                per_image = Counter(face.external_image_id for face in faces)
                duplicates = sum(n - 1 for n in per_image.values())
                duplicates += sum(n - 1 for n in result.keys.values())
                unreported = len({input_key(image) for image in data} - set(result.keys))
                whole, steady, rejected = calls.rates(started)
                print(
                    f"{mode:<15} {result.failed:>6} {unreported:>10} {duplicates:>10} "
                    f"{elapsed:>7.1f} {args.inputs / elapsed:>7.2f} {whole / args.quota:>10.1%} "
                    f"{steady / args.quota:>10.1%} {rejected:>8}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
