"""What the long-running tests feed the emulator: a stream processor's settings, and
Ground Truth manifests (optionally with a line the emulator fails training on)."""

from __future__ import annotations

import json
from typing import Any

#: The arguments of ``create_stream_processor`` for a connected-home processor.
STREAM: dict[str, Any] = {
    "input": {
        "KinesisVideoStream": {"Arn": "arn:aws:kinesisvideo:us-east-1:123456789012:stream/c/1"}
    },
    "output": {"KinesisDataStream": {"Arn": "arn:aws:kinesis:us-east-1:123456789012:stream/out"}},
    "settings": {"ConnectedHome": {"Labels": ["PERSON"]}},
    "role_arn": "arn:aws:iam::123456789012:role/rekognition",
}


def manifest(bucket: str, *labels: str, fail: str | None = None) -> bytes:
    """A Ground Truth manifest of one image per label in ``bucket``; ``fail``: a line the
    emulator fails training with that message on."""
    lines = [
        json.dumps(
            {
                "source-ref": f"s3://{bucket}/img/{index}.png",
                "class": 1,
                "class-metadata": {"class-name": label},
            }
        )
        for index, label in enumerate(labels)
    ]
    if fail is not None:
        lines.append(json.dumps({"source-ref": f"s3://{bucket}/img/x.png", "rekog:fail": fail}))
    return "\n".join(lines).encode()


def ground_truth(bucket: str, key: str) -> dict[str, Any]:
    """Training or testing data naming the manifest stored at ``bucket``/``key``."""
    return {"Assets": [{"GroundTruthManifest": {"S3Object": {"Bucket": bucket, "Name": key}}}]}
