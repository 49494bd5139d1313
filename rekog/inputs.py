"""Coercion and client-side checks of image and video arguments.

Image arguments accept ``bytes``, a path (``str`` or :class:`pathlib.Path`), an open binary
file, ``"s3://bucket/key"`` (``"s3://bucket/key?versionId=..."`` for a version), or an
``Image`` model. Video arguments accept ``"s3://..."`` or a ``Video`` model. Each bad value
raises :class:`~rekog.InvalidRequestError` naming the parameter, before anything is sent.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, Union
from urllib.parse import parse_qs, unquote, urlsplit

from . import models  # cheap: the models load on first use; names the hints below
from ._exceptions import InvalidRequestError

if TYPE_CHECKING:
    from .models import Image, RekogModel, S3Object, Video

__all__ = [
    "MAX_IMAGE_BYTES",
    "ImageInput",
    "VideoInput",
    "coerce_image",
    "coerce_video",
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
        query = parse_qs(parts.query)
        unknown = set(query) - {"versionId"}
        if unknown:
            raise InvalidRequestError(
                parameter, "the only query an S3 URI takes is ?versionId=...", uri
            )
        version = query["versionId"][0]
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
        if value.bytes is not None:
            check_image_bytes(value.bytes, parameter)
        return value
    if isinstance(value, Mapping):
        image = _validated(Image, value, parameter)
        if image.bytes is not None:
            check_image_bytes(image.bytes, parameter)
        return image
    if isinstance(value, str) and value.startswith("s3://"):
        return Image(s3_object=parse_s3_uri(value, parameter))
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif isinstance(value, (str, os.PathLike)):
        data = _read_path(Path(value), parameter)
    elif hasattr(value, "read"):
        data = _read_file(value, parameter)
    else:
        raise InvalidRequestError(
            parameter,
            "an image is bytes, a path, an open binary file, 's3://bucket/key' or an Image",
            type(value).__name__,
        )
    check_image_bytes(data, parameter)
    return Image(bytes=data)


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
            parameter, "image must be JPEG or PNG (by its magic bytes)", data[:8]
        )


def coerce_video(value: Any, parameter: str, *, operation: str | None = None) -> Video:
    """Turn ``"s3://bucket/key"`` or a ``Video`` model (or its dict) into a ``Video``."""
    try:
        return _coerce_video(value, parameter)
    except InvalidRequestError as error:
        raise (error.with_operation(operation) if operation else error) from None


def _coerce_video(value: Any, parameter: str) -> Video:
    from .models import Video

    if isinstance(value, Video):
        return value
    if isinstance(value, Mapping):
        return _validated(Video, value, parameter)
    if isinstance(value, str):
        return Video(s3_object=parse_s3_uri(value, parameter))
    raise InvalidRequestError(
        parameter, "a video is 's3://bucket/key' or a Video model", type(value).__name__
    )


def _read_path(path: Path, parameter: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise InvalidRequestError(
                parameter,
                f"image file must be at most {MAX_IMAGE_BYTES} bytes (5 MB), {path} has {size}",
                str(path),
            )
        return path.read_bytes()
    except OSError as error:
        raise InvalidRequestError(
            parameter, f"cannot read image file: {error.strerror or error}", str(path)
        ) from error


def _read_file(handle: Any, parameter: str) -> bytes:
    # Read one byte past the limit: enough to know it is too large without reading it all.
    try:
        data = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError as error:
        raise InvalidRequestError(parameter, f"cannot read image file: {error}") from error
    if isinstance(data, str):
        raise InvalidRequestError(parameter, "image file must be opened in binary mode ('rb')")
    return bytes(data)


def _validated(model: type[_M], data: Any, parameter: str) -> _M:
    from pydantic import ValidationError

    from ._validation import invalid_request_from

    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid_request_from(error, prefix=parameter) from None
