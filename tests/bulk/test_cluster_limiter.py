"""The Dask limiter's worker side, with a fake actor: when the actor is lost, workers hold
back and adopt the limiter the driver publishes next; verdicts never cross limiters (their
clocks differ); a worker cut off from its scheduler gives no slot."""

from __future__ import annotations

from typing import Any

from rekog.bulk import LimiterConfig, RateLimiter
from rekog.bulk.dask import ClusterLimiter, RemoteLimiter

from .helpers import Done, FakeActor

LOST = "ProvisionedThroughputExceededException"


class MortalActor(FakeActor):
    """A fake actor whose worker can die: then every call fails as distributed's does."""

    def __init__(self, limiter: RateLimiter) -> None:
        super().__init__(limiter)
        self.alive = True

    def take(self, lead: float) -> Done:
        if not self.alive:
            raise RuntimeError("Worker holding Actor was lost.  Status: error")
        return super().take(lead)


def fixed(rate: float = 1000.0) -> RateLimiter:
    return RateLimiter(LimiterConfig(rate=rate, adaptive=False))


def test_a_lost_limiter_is_replaced_by_the_one_the_driver_publishes() -> None:
    old, new = MortalActor(fixed()), MortalActor(fixed())
    published: list[tuple[int, Any]] = [(1, old), (1, old), (2, new)]  # the driver notices late
    looked: list[int] = []

    def lookup() -> tuple[int, Any]:
        looked.append(1)
        return published[min(len(looked), len(published)) - 1]

    remote = RemoteLimiter(old, 1, lookup)
    before = remote.acquire()
    old.alive = False
    after = remote.acquire()  # holds back until generation 2 is published
    assert remote.generation == 2 and len(looked) == 3
    assert old.limiter.acquired == 1 and new.limiter.acquired == 1
    remote.on_success(before)  # the old limiter's slot: not the new one's clock
    remote.on_throttle(after, LOST)
    assert old.reports == [] and new.reports == [(LOST, after)]


def test_without_a_lookup_a_lost_limiter_is_an_error() -> None:
    actor = MortalActor(fixed())
    actor.alive = False
    remote = RemoteLimiter(actor)
    try:
        remote.acquire()
    except RuntimeError as error:
        assert "Actor was lost" in str(error)
    else:
        raise AssertionError("a slot from a lost limiter")


def test_a_worker_cut_off_from_its_scheduler_gives_no_slot() -> None:
    actor = FakeActor(fixed())
    events: list[str] = []
    answers = iter([False, False, True])

    def connected() -> bool:
        answer = next(answers)
        events.append(f"connected={answer}")
        return answer

    def lookup() -> tuple[int, Any]:
        events.append(f"lookup, {actor.limiter.acquired} slots given")
        return 1, actor

    remote = RemoteLimiter(actor, 1, lookup, connected)
    remote.acquire()
    assert actor.limiter.acquired == 1
    assert events == [
        "connected=False",
        "lookup, 0 slots given",
        "connected=False",
        "lookup, 0 slots given",
        "connected=True",
    ]


def test_a_re_established_limiter_resumes_the_learnt_rate_without_slow_start() -> None:
    now = [0.0]
    limiter = RateLimiter(LimiterConfig(), clock=lambda: now[0])
    limiter.resume(7.5)
    for _ in range(20):  # a second of successes: slow start would have doubled the rate
        now[0] += 0.05
        limiter.on_success(now[0])
    assert 7.5 <= limiter.rate < 7.6
    actor = ClusterLimiter(LimiterConfig(rate=5.0), "IndexFaces", rate=7.5)
    assert actor.state() == (5.0, 0)  # within the configured ceiling
