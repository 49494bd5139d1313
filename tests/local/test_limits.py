"""Bounded work per request: early-stopping validation and image dimensions before decoding."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rekog.local import LocalRekognition, RekognitionError

from .test_memory import png_claiming


class _CountedList(list[str]):
    """A list that counts the members anyone reads from it."""

    read = 0

    def __iter__(self) -> Iterator[str]:
        for member in super().__iter__():
            self.read += 1
            yield member

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            self.read += 1
        return super().__getitem__(index)


def test_huge_list_is_refused_early_with_a_short_message(emulator: LocalRekognition) -> None:
    ids = _CountedList(f"bad id {i}" for i in range(500_000))
    with pytest.raises(RekognitionError) as info:
        emulator.call("AssociateFaces", CollectionId="c", UserId="u", FaceIds=ids)
    # Refused by its length: only the few members the message quotes are read, not 500,000.
    assert ids.read <= 100
    assert info.value.code == "ValidationException"
    assert info.value.message.startswith("1 validation error detected: Value '[bad id 0, ")
    assert "Member must have length less than or equal to 100" in info.value.message
    assert len(info.value.message) < 400


def test_many_bad_members_count_all_report_ten(emulator: LocalRekognition) -> None:
    with pytest.raises(RekognitionError) as info:
        emulator.call("DeleteFaces", CollectionId="c", FaceIds=[f"bad {i}" for i in range(4000)])
    assert info.value.message.startswith("4000 validation errors detected:")
    assert info.value.message.count("failed to satisfy constraint") == 10


def test_image_dimensions_are_checked_before_decoding(emulator: LocalRekognition) -> None:
    emulator.call("CreateCollection", CollectionId="c")
    for width, height in ((12_000, 12_000), (10_001, 50), (50, 20_000)):
        with pytest.raises(RekognitionError) as info:
            emulator.call("DetectFaces", Image={"Bytes": png_claiming(width, height)})
        assert info.value.code == "ImageTooLargeException"
        assert f"{width}x{height}" in info.value.message
