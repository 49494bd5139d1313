"""Shared by the examples: a Rekognition client answered by the in-process emulator.

Pass ``--endpoint-url URL`` to any example to use another endpoint instead (for instance
``rekog local serve --port 4566``). Each example works in collections of its own, which it
deletes and creates afresh, so every example can run again, and next to the others, against
one server.
"""

from __future__ import annotations

import sys

import boto3

from rekog import Rekognition
from rekog.errors import ResourceNotFoundException
from rekog.local import DUMMY_CREDENTIALS, LocalRekognition


def client() -> tuple[Rekognition, LocalRekognition | None]:
    """The client an example uses, and the emulator behind it (``None`` for an endpoint)."""
    session = boto3.Session(
        aws_access_key_id=DUMMY_CREDENTIALS["aws_access_key_id"],
        aws_secret_access_key=DUMMY_CREDENTIALS["aws_secret_access_key"],
        aws_session_token=DUMMY_CREDENTIALS["aws_session_token"],
        region_name="us-east-1",
    )
    if "--endpoint-url" in sys.argv:
        endpoint = sys.argv[sys.argv.index("--endpoint-url") + 1]
        return Rekognition(session=session, endpoint_url=endpoint), None
    emulator = LocalRekognition(job_seconds=0.5)
    rk = Rekognition(session=session)
    emulator.attach(rk.client)
    return rk, emulator


def fresh_collection(rk: Rekognition, collection_id: str, **options: object) -> str:
    """Delete ``collection_id`` if a previous run left it, create it again; its ARN."""
    try:
        rk.delete_collection(collection_id=collection_id)
    except ResourceNotFoundException:
        pass
    created = rk.create_collection(collection_id=collection_id, **options)  # type: ignore[arg-type]
    return created.collection_arn or ""


def put_video(emulator: LocalRekognition | None, bucket: str, key: str, data: bytes) -> str:
    """Store a video where the service will read it; its ``s3://`` URI.

    In-process it goes into the emulator's object store; against an endpoint it is uploaded
    with the S3 client on that same endpoint (``rekog local serve`` answers S3 too).
    """
    if emulator is not None:
        emulator.backend.object_store.put(bucket, key, data)
    else:
        endpoint = sys.argv[sys.argv.index("--endpoint-url") + 1]
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=DUMMY_CREDENTIALS["aws_access_key_id"],
            aws_secret_access_key=DUMMY_CREDENTIALS["aws_secret_access_key"],
        )
        s3.create_bucket(Bucket=bucket)  # idempotent in us-east-1
        s3.put_object(Bucket=bucket, Key=key, Body=data)
    return f"s3://{bucket}/{key}"
