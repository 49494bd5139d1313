"""The rate limiter: pacing, AIMD feedback, the awaitable acquire, config checks."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from rekog import InvalidRequestError
from rekog.bulk import LimiterConfig, RateLimiter


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


def test_a_raised_rate_applies_to_callers_already_waiting() -> None:
    limiter = RateLimiter(LimiterConfig(initial_rate=0.2))  # one call per 5 s
    limiter.acquire()
    waited: list[float] = []

    def waiter() -> None:
        start = time.monotonic()
        limiter.acquire()
        waited.append(time.monotonic() - start)

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.1)
    limiter.reconfigure(LimiterConfig(initial_rate=0.2, rate=None))
    for _ in range(40):  # slow start: the rate climbs to ~28/s
        limiter.on_success()
    thread.join(5)
    assert waited and waited[0] < 1.0


def test_slow_start_doubles_then_cubic_increase() -> None:
    clock = FakeClock()
    limiter = RateLimiter(LimiterConfig(initial_rate=2.0), clock=clock)
    started = clock.now
    while clock.now - started < 1.0:  # one second of successes, at the limiter's pace
        clock.now += 1 / limiter.rate
        limiter.on_success()
    assert 3.2 <= limiter.rate <= 4.5  # doubled
    peak = limiter.rate
    limiter.on_throttle(sent_at=clock.now)
    after_cut = limiter.rate
    assert after_cut == pytest.approx(0.9 * peak)
    # Cubic: back near the peak quickly, a plateau, then probing beyond it faster and faster.
    rates = []
    for _ in range(40):
        clock.now += 0.1
        limiter.on_success()
        rates.append(limiter.rate)
    assert rates == sorted(rates)
    assert rates[4] == pytest.approx(peak, rel=0.05)  # K = cbrt(0.1 * peak / 0.4) ~ 0.5 s
    assert rates[9] - rates[4] < 0.1 < rates[39] - rates[29]


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
    ],
)
def test_bad_config_is_a_typed_error(kwargs: dict[str, object], parameter: str) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        LimiterConfig(**kwargs)  # type: ignore[arg-type]
    assert raised.value.parameter == parameter


def test_acquire_async_does_not_block_the_loop() -> None:
    limiter = RateLimiter(LimiterConfig(rate=20, adaptive=False))
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    async def main() -> float:
        task = asyncio.ensure_future(ticker())
        start = time.monotonic()
        for _ in range(11):
            await limiter.acquire_async()
        elapsed = time.monotonic() - start
        task.cancel()
        return elapsed

    elapsed = asyncio.run(main())
    assert 0.45 <= elapsed < 1.5  # 10 intervals of 50 ms
    assert ticks >= 20  # the loop kept running while the limiter waited
