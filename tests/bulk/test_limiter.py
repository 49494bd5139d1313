"""The rate limiter: pacing, AIMD feedback, the awaitable acquire, config checks."""

from __future__ import annotations

import asyncio
import heapq
import random
import threading
from collections import deque
from types import SimpleNamespace

import pytest

from rekog import InvalidRequestError
from rekog.bulk import LimiterConfig, RateLimiter
from rekog.bulk import limiter as limiter_module

from .helpers import FakeActor


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_fixed_rate_spaces_slots_evenly() -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(rate=4, adaptive=False), clock=clock)
    granted = []
    for _ in range(200):  # two seconds in 10 ms steps
        if limiter.try_acquire() == 0.0:
            granted.append(clock.now)
        clock.now += 0.01
    gaps = [b - a for a, b in zip(granted, granted[1:], strict=False)]
    assert len(granted) == 8 and all(gap == pytest.approx(0.25, abs=0.011) for gap in gaps)
    assert limiter.try_acquire() == 0.0  # due again at 102.0
    assert limiter.try_acquire() == pytest.approx(0.25)  # the wait until the next
    limiter.on_success()
    limiter.on_throttle()
    assert limiter.rate == 4  # fixed: feedback does not move it


def test_burst_after_idle_is_bounded() -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(rate=10, adaptive=False, burst=3), clock=clock)
    clock.now += 60  # a long idle spell does not bank 600 slots
    waits = [limiter.try_acquire() for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0] and waits[3] == pytest.approx(0.1)


class _ConditionThatTells(threading.Condition):
    """The limiter's condition, telling the test when a caller has started waiting on it."""

    def __init__(self, lock: threading.Lock, waiting: threading.Event) -> None:
        super().__init__(lock)
        self.waiting = waiting

    def wait(self, timeout: float | None = None) -> bool:
        self.waiting.set()
        return super().wait(timeout)


def test_a_raised_rate_applies_to_callers_already_waiting() -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(initial_rate=0.2), clock=clock)  # one call per 5 s
    waiting = threading.Event()
    limiter._ready = _ConditionThatTells(limiter._lock, waiting)
    limiter.acquire()
    taken: list[float] = []
    thread = threading.Thread(target=lambda: taken.append(limiter.acquire()))
    thread.start()
    waiting.wait()  # the second caller waits for its slot, 5 s away on the fake clock
    limiter.reconfigure(LimiterConfig(initial_rate=0.2, rate=None))
    for _ in range(40):  # slow start: the rate climbs to ~28/s, and wakes the waiter
        limiter.on_success()
    clock.now += 0.1  # at ~28/s a slot is free within 0.1 s (at 0.2/s, not before 105.0)
    thread.join()
    assert taken and taken[0] - 100.0 < 1.0


def run_against_quota(
    limiter: RateLimiter, clock: FakeClock, quota: int, seconds: float, jitter: float = 0.02
) -> tuple[list[float], list[float]]:
    """Drive ``limiter`` against a hidden quota counted over a strict sliding second (as
    the emulator and Rekognition count it), on the fake clock: every slot is a call that
    arrives up to ``jitter`` seconds late and is answered 50 ms later. Returns the seconds
    (from the start) at which calls were admitted and rejected."""
    rng = random.Random(7)
    window: deque[float] = deque()
    answers: list[tuple[float, int, float, bool]] = []  # (answer time, seq, sent, admitted)
    admitted: list[float] = []
    rejected: list[float] = []
    start = clock.now
    while clock.now < start + seconds:
        wait = limiter.try_acquire()
        if wait == 0.0:
            sent = clock.now
            arrives = sent + rng.uniform(0, jitter)
            while window and window[0] <= arrives - 1.0:
                window.popleft()
            ok = len(window) < quota
            (admitted if ok else rejected).append(arrives - start)
            if ok:
                window.append(arrives)
            heapq.heappush(answers, (arrives + 0.05, len(admitted) + len(rejected), sent, ok))
            continue
        due = clock.now + wait + 1e-9
        while answers and answers[0][0] <= due:
            answered, _, sent, ok = heapq.heappop(answers)
            clock.now = max(clock.now, answered)
            if ok:
                limiter.on_success(sent)
            else:
                limiter.on_throttle(sent, "ProvisionedThroughputExceededException")
        clock.now = max(clock.now, due)
    return admitted, rejected


@pytest.mark.parametrize("quota", [5, 23])
def test_converges_to_a_hidden_quota_and_holds_just_under_it(quota: int) -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(), clock=clock)
    admitted, rejected = run_against_quota(limiter, clock, quota, seconds=140)
    steady = [t for t in admitted if 20 <= t < 140]
    assert len(steady) / 120 >= 0.9 * quota  # within 20 s, and from then on
    assert len([t for t in rejected if t >= 20]) <= 0.03 * len(steady)  # no saw-tooth
    assert 0.85 * quota <= limiter.rate <= 1.05 * quota
    assert limiter.ceiling is not None and 0.85 * quota <= limiter.ceiling <= quota


def test_a_limiter_used_again_after_an_idle_spell_holds_the_quota() -> None:
    """One limiter per quota serves run after run. The admitted rate of a run must not be
    measured across the idle spell before it: that measured a fraction of the quota, cut the
    rate to half of it and probed back slowly (two runs in a row: 53-68 % of the quota)."""
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(), clock=clock)
    run_against_quota(limiter, clock, 10, seconds=60)
    clock.now += 300.0  # the next run starts five minutes later
    admitted, rejected = run_against_quota(limiter, clock, 10, seconds=40)
    assert len([t for t in admitted if 5 <= t < 40]) / 35 >= 0.9 * 10
    assert len(rejected) <= 0.03 * len(admitted)  # no burst either
    assert limiter.rate >= 0.85 * 10


def test_a_cut_lands_under_the_admitted_rate_wherever_it_overshot() -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(initial_rate=40), clock=clock)
    run_against_quota(limiter, clock, 10, seconds=5, jitter=0.0)
    # From 4x the quota: cut by `decrease` while there is no history, then (at most halving)
    # to just under what was admitted, about 10/s -- not by one fixed factor per round.
    assert limiter.decreases <= 4
    assert limiter.ceiling == pytest.approx(10, rel=0.1)
    assert 0.9 * 10 <= limiter.rate <= 10.1


def test_after_a_cut_the_rate_stays_flat_then_probes() -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(initial_rate=10, probe_after=10), clock=clock)
    limiter.on_throttle(clock.now, "ProvisionedThroughputExceededException")  # no history yet
    assert limiter.rate == pytest.approx(7.0) and limiter.ceiling is None  # still slow start
    for throttled_at in (102, 108):  # the first ends slow start; the second has 4 s of history
        while clock.now < throttled_at:  # calls at the limiter's pace, all admitted
            if limiter.try_acquire() == 0.0:
                limiter.on_success(clock.now)
            clock.now += 0.01
        limiter.on_throttle(clock.now, "ProvisionedThroughputExceededException")
    assert limiter.ceiling is not None
    plateau = limiter.rate
    assert plateau == pytest.approx(0.97 * limiter.ceiling)
    rates = {}
    for step in range(1, 151):
        clock.now += 0.1
        limiter.on_success(clock.now)
        rates[step] = limiter.rate
    assert rates[50] < plateau * 1.01  # five seconds on: still flat
    assert rates[100] == pytest.approx(limiter.ceiling, rel=0.01)  # back at the ceiling
    assert rates[150] > rates[100] * 1.05  # then probing beyond it, faster


def test_one_decrease_per_round() -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(initial_rate=10.0, decrease=0.5, cooldown=1.0), clock=clock)
    sent = limiter.acquire()
    limiter.on_throttle(sent)
    assert limiter.rate == pytest.approx(5.0)
    limiter.on_throttle(sent)  # an answer to a call sent before the cut
    clock.now += 0.5
    limiter.on_throttle(clock.now)  # sent within the cooldown
    assert limiter.rate == pytest.approx(5.0) and limiter.decreases == 1 and limiter.throttles == 3
    clock.now += 1.0
    limiter.on_throttle(clock.now)  # a new round
    assert limiter.rate == pytest.approx(2.5)


def test_ceiling_and_floor() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        LimiterConfig(rate=3.0, min_rate=1.0, decrease=0.1, cooldown=0), clock=clock
    )
    for _ in range(50):
        clock.now += 0.1
        limiter.on_success()
    assert limiter.rate == 3.0
    for _ in range(5):
        clock.now += 1
        limiter.on_throttle(clock.now)
    assert limiter.rate == 1.0


def test_share_splits_a_configured_rate() -> None:
    shared = LimiterConfig(rate=10.0, initial_rate=4.0).share(4)
    assert shared.rate == 2.5 and shared.initial_rate == 1.0 and shared.adaptive
    assert LimiterConfig().share(3).rate is None


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"rate": 0}, "rate"),
        ({"adaptive": False}, "rate"),
        ({"decrease": 1.0}, "decrease"),
        ({"burst": 0.5}, "burst"),
        ({"min_rate": -1}, "min_rate"),
        ({"hold": 1.5}, "hold"),
        ({"window": 0.1}, "window"),
        ({"probe_after": 0}, "probe_after"),
    ],
)
def test_bad_config_is_a_typed_error(kwargs: dict[str, object], parameter: str) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        LimiterConfig(**kwargs)  # type: ignore[arg-type]
    assert raised.value.parameter == parameter


def test_acquire_async_paces_without_blocking_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(rate=20, adaptive=False), clock=clock)
    real_sleep = asyncio.sleep
    others_ran = 0

    async def fake_sleep(seconds: float) -> None:
        # The limiter's wait: the fake clock moves by it (a real sleep never ends early, and
        # at t=100 s a float cannot move by less than ~1e-14), and the loop gets a turn.
        clock.now += max(seconds, 1e-6)
        await real_sleep(0)

    monkeypatch.setattr(limiter_module, "asyncio", SimpleNamespace(sleep=fake_sleep))

    async def other() -> None:
        nonlocal others_ran
        while True:
            others_ran += 1
            await real_sleep(0)

    async def main() -> list[float]:
        task = asyncio.ensure_future(other())
        slots = [await limiter.acquire_async() for _ in range(11)]
        task.cancel()
        return slots

    slots = asyncio.run(main())
    gaps = [b - a for a, b in zip(slots, slots[1:], strict=False)]
    assert all(
        gap == pytest.approx(0.05, abs=1e-5) for gap in gaps
    )  # 20/s: 50 ms apart, on the clock
    assert others_ran >= 10  # the loop ran other work while the limiter waited


def test_a_remote_limiter_books_slots_ahead_spaced_as_one_limiter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import rekog.bulk.dask as dask_module
    from rekog.bulk.dask import RemoteLimiter

    # The worker's sleeps move the limiter's clock: the spacing is the limiter's, not the
    # machine's (on a loaded machine a real sleep overshoots and the gaps widen).
    clock = FakeClock()

    def sleep(seconds: float) -> None:
        clock.now += max(0.0, seconds)

    monkeypatch.setattr(dask_module, "time", SimpleNamespace(sleep=sleep, monotonic=clock))
    actor = FakeActor(RateLimiter(LimiterConfig(rate=20, adaptive=False), clock=clock))
    remote = RemoteLimiter(actor)
    slots = [remote.acquire() for _ in range(3)]
    slots += asyncio.run(_acquire_async(remote, 2))
    gaps = [b - a for a, b in zip(slots, slots[1:], strict=False)]
    assert all(gap == pytest.approx(0.05, abs=0.01) for gap in gaps)  # the actor's spacing
    assert actor.limiter.acquired == 5
    remote.on_success(slots[0])
    remote.on_throttle(slots[1], "ProvisionedThroughputExceededException")
    assert actor.reports == [
        ("ok", slots[0]),
        ("ProvisionedThroughputExceededException", slots[1]),
    ]


async def _acquire_async(remote: object, count: int) -> list[float]:
    return [await remote.acquire_async() for _ in range(count)]  # type: ignore[attr-defined]
