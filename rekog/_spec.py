"""What the client knows about an operation (the generated table in ``_operations.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OperationSpec:
    """One service operation.

    Attributes:
        name: the AWS operation name (``"SearchUsersByImage"``).
        method: the boto3 / rekog method name (``"search_users_by_image"``).
        request: the input shape's model name.
        response: the output shape's model name.
        image_params: arguments that take an image (``bytes``, path, file, ``s3://``...).
        video_params: arguments that take a video (``s3://`` or ``Video``).
        token_param: the idempotency token argument, if the operation has one.
        paged: whether the operation takes ``NextToken``.
    """

    name: str
    method: str
    request: str
    response: str
    image_params: tuple[str, ...] = ()
    video_params: tuple[str, ...] = ()
    token_param: str | None = None
    paged: bool = False
