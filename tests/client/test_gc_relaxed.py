"""The parse-time GC relaxation: the collector keeps running, and settings come back."""

from __future__ import annotations

import gc
import json
import threading

import pytest

from rekog import _collector, _parsing
from rekog.models import GetFaceSearchResponse

PAGE = json.dumps(
    {"JobStatus": "SUCCEEDED", "Persons": [{"Timestamp": i} for i in range(50)]}
).encode()


def parse() -> GetFaceSearchResponse:
    return _parsing.parse_response(GetFaceSearchResponse, {_parsing.RAW_BODY_KEY: PAGE})


def test_collector_runs_while_parses_overlap() -> None:
    # Threads whose parses overlap without end must not starve the collector.
    before = gc.get_stats()[0]["collections"]
    stop = threading.Event()

    def parse_forever() -> None:
        while not stop.is_set():
            parse()

    threads = [threading.Thread(target=parse_forever) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(20):
            # ~400k container objects: past the relaxed threshold, so generation 0 runs.
            garbage = [[[]] for _ in range(20_000)]
            del garbage
            assert gc.isenabled()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert gc.get_stats()[0]["collections"] > before


def test_threshold_is_restored_after_parsing() -> None:
    threshold = gc.get_threshold()
    parse()
    assert gc.get_threshold() == threshold


def test_an_application_threshold_set_meanwhile_wins() -> None:
    original = gc.get_threshold()
    try:
        with _collector.relaxed():
            assert gc.get_threshold()[0] == _collector.RELAXED_GEN0_THRESHOLD
            gc.set_threshold(1234, original[1], original[2])
        assert gc.get_threshold()[0] == 1234
    finally:
        gc.set_threshold(*original)


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        parse()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_model_is_first_built_under_the_relaxed_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    # A model's first use (its module, pydantic's import, its schema) keeps most of what it
    # allocates: collector passes over the whole process would find nothing to free.

    seen: list[int] = []

    class Models:
        def __getattr__(self, name: str) -> type[GetFaceSearchResponse]:
            seen.append(gc.get_threshold()[0])
            return GetFaceSearchResponse

    monkeypatch.setattr(_parsing, "models", Models())
    monkeypatch.setattr(_parsing, "_BUILT", {})
    before = gc.get_threshold()
    assert _parsing.built_model("GetFaceSearchResponse") is GetFaceSearchResponse
    assert seen == [_collector.RELAXED_GEN0_THRESHOLD]
    assert gc.get_threshold() == before
    # Built once: later uses are a dict lookup.
    assert _parsing.built_model("GetFaceSearchResponse") is GetFaceSearchResponse
    assert len(seen) == 1
    assert GetFaceSearchResponse.__pydantic_complete__
