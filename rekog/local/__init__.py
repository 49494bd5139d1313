"""``rekog.local``: a local, stateful Amazon Rekognition for demos and tests -- no AWS account.

It implements collections, faces, users, face/user search (by id and by image), every
image analysis (DetectFaces, DetectText, DetectLabels, DetectModerationLabels, CompareFaces,
RecognizeCelebrities, DetectProtectiveEquipment, DetectCustomLabels) and all eight stored-video
job kinds, with the real request validation, error codes, pagination and idempotency. Two ways to use it:

* **In-process** (no sockets): :func:`mock_rekognition` / :meth:`LocalRekognition.attach`
  route a boto3 client's calls to the emulator through botocore's ``before-send`` event, so
  real serialisation, parsing and retries run::

      with mock_rekognition(client, job_seconds=0) as local:
          client.create_collection(CollectionId="demo")

* **HTTP** (any AWS SDK, via ``endpoint_url``): :func:`serve` in a thread, or
  ``rekog local serve --port 4566 [--data state.db]`` from a shell.

By default face "recognition" is deliberately simple and deterministic -- a perceptual hash,
or faces, text, labels, celebrities... *declared* in PNG text chunks: see
:mod:`rekog.local.perception.imaging`, :func:`make_face_image`, :func:`make_scene`, and
:mod:`rekog.local.perception.videos` for videos. ``LocalRekognition(perception="vision")`` (with
``pip install "rekog[vision]"``) looks at real photos and MP4/MOV videos with offline models
instead: plausible answers, not the service's (:mod:`rekog.local.perception`).
Quotas and faults (throttling, 5xx, dropped connections, latency) come from a seeded
:class:`FaultConfig`. Full documentation: ``docs/local.md``.
"""

from __future__ import annotations

from .backend import RekognitionBackend
from .clock import Clock, ManualClock, SystemClock
from .emulator import DUMMY_CREDENTIALS, LocalRekognition, mock_rekognition, serve
from .errors import RekognitionError
from .faults import FaultConfig, FaultInjector
from .media import (
    FaceSpec,
    TextSpec,
    VideoItem,
    VideoPerson,
    VideoSegment,
    VideoText,
    make_blank_image,
    make_face_image,
    make_scene,
    make_video,
)
from .objects import MemoryObjectStore, ObjectNotFound, ObjectReader, S3ClientReader
from .perception.imaging import identity_signature, similarity
from .server import LocalServer, ServerOptions
from .store import SqliteStore

__all__ = [
    "DUMMY_CREDENTIALS",
    "Clock",
    "FaceSpec",
    "FaultConfig",
    "FaultInjector",
    "LocalRekognition",
    "LocalServer",
    "ManualClock",
    "MemoryObjectStore",
    "ObjectNotFound",
    "ObjectReader",
    "RekognitionBackend",
    "RekognitionError",
    "S3ClientReader",
    "ServerOptions",
    "SqliteStore",
    "SystemClock",
    "TextSpec",
    "VideoItem",
    "VideoPerson",
    "VideoSegment",
    "VideoText",
    "identity_signature",
    "make_blank_image",
    "make_face_image",
    "make_scene",
    "make_video",
    "mock_rekognition",
    "serve",
    "similarity",
]
