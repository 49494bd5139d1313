"""Coercion and client-side checks of image and video arguments.

Image arguments accept ``bytes``, a path (``str`` or :class:`pathlib.Path`), an open binary
file, ``"s3://bucket/key"`` (``"s3://bucket/key?versionId=..."`` for a version), or an
``Image`` model. Video arguments accept ``"s3://..."`` or a ``Video`` model. Each bad value
raises :class:`~rekog.InvalidRequestError` naming the parameter, before anything is sent.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, TypeVar, Union
from urllib.parse import parse_qs, unquote, urlsplit

from . import models  # cheap: the models load on first use; names the hints below
from .errors import InvalidRequestError

if TYPE_CHECKING:
    from .models import Image, RekogModel, S3Object, Video

__all__ = [
    "MAX_IMAGE_BYTES",
    "ImageInput",
    "VideoInput",
    "coerce_image",
    "coerce_video",
    "describe_bytes",
    "image_format",
    "parse_s3_uri",
]

#: The service's limit on image bytes sent in a request (5 MB).
MAX_IMAGE_BYTES = 5 * 1024 * 1024

ImageInput = Union[bytes, bytearray, memoryview, str, os.PathLike[str], IO[bytes], "models.Image"]
"""What an image argument accepts."""

VideoInput = Union[str, "models.Video"]
"""What a video argument accepts."""

_M = TypeVar("_M", bound="RekogModel")

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def image_format(data: bytes) -> str | None:
    """``"jpeg"`` or ``"png"`` from the magic bytes, or ``None`` for anything else."""
    if data.startswith(_JPEG_MAGIC):
        return "jpeg"
    if data.startswith(_PNG_MAGIC):
        return "png"
    return None


def parse_s3_uri(uri: str, parameter: str) -> S3Object:
    """Parse ``s3://bucket/key`` (optionally ``?versionId=...``) into an ``S3Object``."""
    from .models import S3Object

    parts = urlsplit(uri)
    if parts.scheme != "s3" or not parts.netloc or not parts.path.strip("/"):
        raise InvalidRequestError(parameter, "S3 URI must look like s3://bucket/key", uri)
    key = unquote(parts.path[1:])
    version = None
    if parts.query:
        query = parse_qs(parts.query, keep_blank_values=True)
        if set(query) != {"versionId"}:
            raise InvalidRequestError(
                parameter, "the only query an S3 URI takes is ?versionId=...", uri
            )
        version = query["versionId"][-1]
        if not version:
            raise InvalidRequestError(parameter, "?versionId= must not be empty", uri)
    fields: dict[str, Any] = {"bucket": parts.netloc, "name": key}
    if version is not None:
        fields["version"] = version
    return _validated(S3Object, fields, f"{parameter}.s3_object")


def coerce_image(value: Any, parameter: str, *, operation: str | None = None) -> Image:
    """Turn any accepted image argument into an ``Image`` model, checking it client-side."""
    try:
        return _coerce_image(value, parameter)
    except InvalidRequestError as error:
        raise (error.with_operation(operation) if operation else error) from None


def _coerce_image(value: Any, parameter: str) -> Image:
    from .models import Image

    if isinstance(value, Image):
        return _checked_image(value, parameter)
    if isinstance(value, Mapping):
        return _checked_image(_validated(Image, value, parameter), parameter)
    if isinstance(value, str) and value.startswith("s3://"):
        return Image(s3_object=parse_s3_uri(value, parameter))
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif isinstance(value, (str, os.PathLike)):
        data = _read_path(value, parameter)
    elif callable(getattr(value, "read", None)):
        data = _read_file(value, parameter)
    else:
        raise InvalidRequestError(
            parameter,
            "an image is bytes, a path, an open binary file, 's3://bucket/key' or an Image",
            type(value).__name__,
        )
    check_image_bytes(data, parameter)
    return Image(bytes=data)


def _checked_image(image: Image, parameter: str) -> Image:
    """An ``Image`` must name exactly one source: ``Bytes`` or ``S3Object``."""
    if (image.bytes is None) == (image.s3_object is None):
        raise InvalidRequestError(
            parameter,
            "an image needs exactly one of 'bytes' and 's3_object'",
            "neither" if image.bytes is None else "both",
        )
    if image.bytes is not None:
        check_image_bytes(image.bytes, parameter)
    return image


def check_image_bytes(data: bytes, parameter: str) -> None:
    """The service's rules on image bytes: non-empty, at most 5 MB, JPEG or PNG."""
    if not data:
        raise InvalidRequestError(parameter, "image bytes must not be empty", data)
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidRequestError(
            parameter,
            f"image bytes must be at most {MAX_IMAGE_BYTES} bytes (5 MB); "
            "upload larger images to S3",
            data,
        )
    if image_format(data) is None:
        raise InvalidRequestError(
            parameter,
            f"image must be JPEG or PNG (by its magic bytes); this looks like "
            f"{describe_bytes(data)}",
        )


# Magic bytes of formats people commonly pass by mistake, for a useful message.
_KNOWN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip file"),
    (b"<?xml", "an XML/SVG document"),
    (b"<svg", "an SVG image"),
    (b"\x00\x00\x00\x0cjP", "a JPEG 2000 image"),
)


def describe_bytes(data: bytes) -> str:
    """What ``data`` looks like (its kind and size, never its contents: the file may hold
    secrets, and errors end up in logs and terminals): for errors about non-image files."""
    head = bytes(data[:16])
    kind = next((name for magic, name in _KNOWN_MAGIC if head.startswith(magic)), None)
    if kind is None and head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        kind = "a HEIC/AVIF image"
    elif kind is None and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = "a WebP image"
    elif kind is None and not head.strip(b"\x00"):
        kind = "zero bytes"
    elif kind is None:
        try:
            text = data[:64].decode("utf-8")
        except UnicodeDecodeError:
            text = None
        kind = "text" if text is not None and text.isprintable() else "unknown binary data"
    return f"{kind} ({len(data)} bytes)"


def coerce_video(value: Any, parameter: str, *, operation: str | None = None) -> Video:
    """Turn ``"s3://bucket/key"`` or a ``Video`` model (or its dict) into a ``Video``."""
    try:
        return _coerce_video(value, parameter)
    except InvalidRequestError as error:
        raise (error.with_operation(operation) if operation else error) from None


def _coerce_video(value: Any, parameter: str) -> Video:
    from .models import Video

    if isinstance(value, Video):
        return _checked_video(value, parameter)
    if isinstance(value, Mapping):
        return _checked_video(_validated(Video, value, parameter), parameter)
    if isinstance(value, str):
        return Video(s3_object=parse_s3_uri(value, parameter))
    raise InvalidRequestError(
        parameter, "a video is 's3://bucket/key' or a Video model", type(value).__name__
    )


def _checked_video(video: Video, parameter: str) -> Video:
    if video.s3_object is None:
        raise InvalidRequestError(parameter, "a video needs its 's3_object'", "no source")
    return video


def _read_path(value: str | os.PathLike[str], parameter: str) -> bytes:
    shown = os.fspath(value)
    if "\x00" in str(shown):
        raise InvalidRequestError(parameter, "a path must not contain a NUL byte", shown)
    try:
        # Never trust st_size (/dev/zero, FIFOs, /proc files): read at most limit + 1 bytes.
        with open(value, "rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError as error:
        raise InvalidRequestError(
            parameter, f"cannot read image file: {error.strerror or error}", shown
        ) from None
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidRequestError(
            parameter,
            f"image file must be at most {MAX_IMAGE_BYTES} bytes (5 MB); upload larger "
            "images to S3",
            shown,
        )
    return data


def _read_file(handle: Any, parameter: str) -> bytes:
    if getattr(handle, "closed", False) is True:
        raise InvalidRequestError(parameter, "the image file is closed")
    # Read one byte past the limit: enough to know it is too large without reading it all.
    try:
        data = handle.read(MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: I/O on a closed file
        raise InvalidRequestError(parameter, f"cannot read image file: {error}") from None
    if isinstance(data, str):
        raise InvalidRequestError(parameter, "image file must be opened in binary mode ('rb')")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidRequestError(
            parameter,
            f"the stream's read() must return bytes, it returned {type(data).__name__} "
            "(a non-blocking stream with no data?)",
        )
    if len(data) > MAX_IMAGE_BYTES:
        # A stream may return more than asked; never keep more than the limit + 1.
        data = data[: MAX_IMAGE_BYTES + 1]
    return bytes(data)


def _validated(model: type[_M], data: Any, parameter: str) -> _M:
    from pydantic import ValidationError

    from ._validation import invalid_request_from

    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid_request_from(error, prefix=parameter) from None
