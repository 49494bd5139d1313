"""Helpers for the bulk tests: an emulator over HTTP with quotas and faults, and a call log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3

from rekog import Rekognition
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
