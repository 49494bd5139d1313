"""Bad image and video inputs: a rekog error naming the parameter, nothing read unbounded."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from rekog import InvalidRequestError, Rekognition
from rekog._generated.operations import OPERATIONS
from rekog.inputs import MAX_IMAGE_BYTES, coerce_image, coerce_video, describe_bytes
from rekog.models import Image, S3Object

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class CountingStream(io.RawIOBase):
    """An endless stream that counts the bytes handed out."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("unbounded read")
        self.given += size
        return b"\xff\xd8\xff" + b"\x00" * (size - 3)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_rejected_after_a_bounded_read() -> None:
    with pytest.raises(InvalidRequestError) as info:
        coerce_image("/dev/zero", "image")
    assert info.value.parameter == "image"
    assert "5 MB" in info.value.rule


def test_a_stream_is_read_at_most_limit_plus_one() -> None:
    stream = CountingStream()
    with pytest.raises(InvalidRequestError, match="5 MB"):
        coerce_image(stream, "image")
    assert stream.given == MAX_IMAGE_BYTES + 1


def test_a_file_whose_size_lies_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # st_size says tiny; the content is over the limit: the read, not stat, decides.
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff\xd8\xff" + b"\x00" * MAX_IMAGE_BYTES)
    real_stat = os.stat

    def small_stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        result = real_stat(path, *args, **kwargs)
        if str(path) == str(big):
            return os.stat_result((result.st_mode, 0, 0, 0, 0, 0, 10, 0, 0, 0))
        return result

    monkeypatch.setattr(os, "stat", small_stat)
    with pytest.raises(InvalidRequestError, match="5 MB"):
        coerce_image(big, "image")


@pytest.mark.parametrize(
    "uri", ["s3://b/k?versionId=", "s3://b/k?foo", "s3://b/k?foo=1", "s3://b/k?versionId=1&x=2"]
)
def test_bad_s3_queries(uri: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        coerce_image(uri, "image")
    assert info.value.parameter == "image"
    with pytest.raises(InvalidRequestError):
        coerce_video(uri, "video")


def test_s3_version_is_kept() -> None:
    image = coerce_image("s3://bucket/a%20b.jpg?versionId=v1", "image")
    assert image.s3_object == S3Object(bucket="bucket", name="a b.jpg", version="v1")


def test_path_with_nul_byte() -> None:
    with pytest.raises(InvalidRequestError, match="NUL") as info:
        coerce_image("face\x00.jpg", "image")
    assert info.value.parameter == "image"


def test_missing_path() -> None:
    with pytest.raises(InvalidRequestError, match="cannot read"):
        coerce_image("/no/such/file.jpg", "target_image")


def test_directory_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidRequestError, match="cannot read"):
        coerce_image(tmp_path, "image")


def test_closed_file(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(PNG)
    with open(path, "rb") as handle:
        pass
    with pytest.raises(InvalidRequestError, match="closed"):
        coerce_image(handle, "image")


class NoneStream:
    def read(self, size: int = -1) -> Any:
        return None


class IntStream:
    def read(self, size: int = -1) -> Any:
        return 42


@pytest.mark.parametrize("stream", [NoneStream(), IntStream()])
def test_stream_read_returning_non_bytes(stream: Any) -> None:
    with pytest.raises(InvalidRequestError, match="must return bytes") as info:
        coerce_image(stream, "image")
    assert info.value.parameter == "image"


def test_text_mode_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("hello")
    with open(path) as handle, pytest.raises(InvalidRequestError, match="binary"):
        coerce_image(handle, "image")


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"Bytes": PNG, "S3Object": {"Bucket": "bkt", "Name": "k"}},
        Image(),
        Image(bytes=PNG, s3_object=S3Object(bucket="bkt", name="k")),
    ],
)
def test_image_needs_exactly_one_source(value: Any) -> None:
    with pytest.raises(InvalidRequestError, match="exactly one") as info:
        coerce_image(value, "image")
    assert info.value.parameter == "image"


@pytest.mark.parametrize("value", [{}, {"S3Object": None}])
def test_video_needs_a_source(value: Any) -> None:
    with pytest.raises(InvalidRequestError) as info:
        coerce_video(value, "video")
    assert info.value.parameter.startswith("video")


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"GIF89a" + b"\x00" * 10, "GIF"),
        (b"%PDF-1.7\n", "PDF"),
        (b"hello world, not an image", "text"),
        (b"\x00" * 8, "zero bytes"),
        (b"\x01\x02\x03\x04\x05", "unknown binary"),
    ],
)
def test_non_image_is_described(data: bytes, looks_like: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        coerce_image(data, "image")
    assert looks_like in info.value.rule
    # Never the contents (a mistaken /etc/passwd must not land in a log): kind and size only.
    assert repr(data[:4])[2:-1] not in info.value.rule
    assert f"({len(data)} bytes)" in info.value.rule
    assert "<" not in (info.value.value or "")  # not "<8 bytes>"
    assert looks_like in describe_bytes(data)


IMAGE_OPERATIONS = [(name, p) for name, spec in OPERATIONS.items() for p in spec.image_params]


@pytest.mark.parametrize(("operation", "parameter"), IMAGE_OPERATIONS)
@pytest.mark.parametrize("bad", [{}, "s3://b/k?versionId=", b"not an image", "x\x00y"])
def test_every_image_parameter_of_every_operation(
    rk: Rekognition, operation: str, parameter: str, bad: Any
) -> None:
    spec = OPERATIONS[operation]
    with pytest.raises(InvalidRequestError) as info:
        rk._request(operation, {parameter: bad})
    assert info.value.parameter.startswith(parameter)
    assert info.value.operation == spec.name


def test_video_empty_dict_through_the_client(rk: Rekognition) -> None:
    with pytest.raises(InvalidRequestError) as info:
        rk.start_face_search(video={}, collection_id="c")  # type: ignore[arg-type]
    assert info.value.parameter.startswith("video")
