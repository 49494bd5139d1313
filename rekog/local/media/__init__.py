"""Test media: pictures and "videos" that declare what they show (the declared perception's input).

:func:`make_face_image`, :func:`make_scene` and :func:`make_blank_image` draw pictures whose
faces and text are declared in PNG chunks (:mod:`.images`); :func:`make_video` writes the JSON
video convention (:mod:`.videos`). How the emulator reads them lives in
:mod:`rekog.local.perception`.
"""

from __future__ import annotations

from .images import FaceSpec, TextSpec, make_blank_image, make_face_image, make_scene
from .videos import VideoItem, VideoPerson, VideoSegment, VideoText, make_video

__all__ = [
    "FaceSpec",
    "TextSpec",
    "VideoItem",
    "VideoPerson",
    "VideoSegment",
    "VideoText",
    "make_blank_image",
    "make_face_image",
    "make_scene",
    "make_video",
]
