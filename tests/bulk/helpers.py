"""Helpers for the bulk tests: an emulator over HTTP with quotas and faults, a call log, and
Dask clusters of worker processes (a ``LocalCluster``, or ``dask scheduler``/``dask worker``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from rekog import Rekognition
from rekog.bulk import RateLimiter
from rekog.local import DUMMY_CREDENTIALS, FaultConfig, LocalServer, serve
from rekog.local.faults import DecisionLog

QUOTA_REJECTED = "ProvisionedThroughputExceededException"


class CallLog(DecisionLog):
    """Every request the emulator's fault injector judged: (time, operation, verdict)."""

    def admitted_rate(self, operation: str, after_first_throttle: bool = True) -> float:
        """Calls per second the quota admitted while the run was at full speed.

        The window starts at the first quota rejection (converging is judged once the limiter
        has found the quota it was never told) and ends when 90 % of the admitted calls were
        made: in the tail fewer inputs remain than workers, and no client can use the quota.
        Every admitted call counts, also those a fault then failed: they used the quota.
        """
        mine = [(t, v) for t, op, v in self.calls if op == operation]
        start = mine[0][0]
        if after_first_throttle:
            rejected = [t for t, v in mine if v == QUOTA_REJECTED]
            if rejected:
                start = rejected[0]
        admitted = [t for t, v in mine if v != QUOTA_REJECTED]
        end = admitted[int(0.9 * len(admitted)) - 1]
        inside = [t for t in admitted if start <= t <= end]
        return (len(inside) - 1) / (end - start) if end > start else 0.0


@contextmanager
def quota_emulator(
    tps: dict[str, float], fault_rate: float = 0.1, seed: int = 7
) -> Iterator[tuple[LocalServer, CallLog]]:
    """The emulator over HTTP with TPS quotas and faults split over throttling, 500s and drops."""
    faults = FaultConfig.with_fault_rate(fault_rate, seed=seed, tps=tps)
    with serve(port=0, faults=faults) as server:
        assert server.emulator.faults is not None
        yield server, CallLog(server.emulator.faults)


def client_for(endpoint_url: str, **kwargs: Any) -> Rekognition:
    session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
    return Rekognition(session=session, endpoint_url=endpoint_url, **kwargs)


# ---------------------------------------------------------------- Dask clusters of processes

#: What worker processes need: test credentials from their environment (a pickled client
#: carries none), and no way to reach AWS.
WORKER_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}


@contextmanager
def process_cluster(workers: int = 2, threads: int = 1) -> Iterator[tuple[Any, Any]]:
    """A ``LocalCluster`` of worker processes (each under a nanny) and a client of it."""
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=threads,
            processes=True,
            dashboard_address=None,
            env=WORKER_ENV,
        ) as cluster,
        distributed.Client(cluster) as dask,
    ):
        yield cluster, dask


def holder_of(dask: Any, key_part: str) -> str:
    """The address of the one worker holding a task whose key contains ``key_part``."""
    holders = {w for key, where in dask.who_has().items() if key_part in str(key) for w in where}
    assert len(holders) == 1, holders
    return holders.pop()


def kill_worker(cluster: Any, address: str) -> None:
    """SIGKILL the worker process at ``address`` (as an OOM kill would); its nanny restarts it."""
    for nanny in cluster.workers.values():
        if nanny.worker_address == address:
            os.kill(nanny.process.process.pid, signal.SIGKILL)
            return
    raise AssertionError(f"no worker at {address}")


@dataclass
class CliCluster:
    """``dask scheduler`` and ``dask worker`` processes, as a user starts them."""

    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]
    scheduler_file: str

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


@contextmanager
def cli_cluster(folder: Path, workers: int = 2, threads: int = 2) -> Iterator[CliCluster]:
    """Start a scheduler and ``workers`` workers by the command line, connected by address."""
    scheduler_file = str(folder / "scheduler.json")
    env = {**os.environ, **WORKER_ENV}
    dask_cli = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    scheduler = subprocess.Popen(
        [
            *dask_cli,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            scheduler_file,
        ],
        **quiet,
    )
    cluster = CliCluster(scheduler, [], scheduler_file)
    try:
        cluster.workers = [
            subprocess.Popen(
                [
                    *dask_cli,
                    "worker",
                    "--scheduler-file",
                    scheduler_file,
                    "--nthreads",
                    str(threads),
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                **quiet,
            )
            for _ in range(workers)
        ]
        yield cluster
    finally:
        cluster.stop()


# ---------------------------------------------------------------- a limiter actor, faked


class Done:
    """What a Dask actor's method call returns: ``.result()`` and awaitable."""

    def __init__(self, value: object) -> None:
        self.value = value

    def result(self, timeout: float | None = None) -> object:
        return self.value

    def __await__(self):  # type: ignore[no-untyped-def]
        return self.value
        yield


class FakeActor:
    """A stand-in for the Dask actor of a run's limiter, in this process."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
        self.reports: list[tuple[str, float | None]] = []

    def take(self, lead: float) -> Done:
        return Done(self.limiter.take(lead))

    def on_success(self, sent_at: float | None = None) -> Done:
        self.reports.append(("ok", sent_at))
        return Done(None)

    def on_throttle(self, sent_at: float | None = None, code: str = "") -> Done:
        self.reports.append((code, sent_at))
        return Done(None)
