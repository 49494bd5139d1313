"""Inputs shared by the sync and async client tests: a minimal JPEG, and calls that must fail
client-side (each names the parameter its ``InvalidRequestError`` must name)."""

from __future__ import annotations

from typing import Any

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 64


BAD_CALLS: list[tuple[str, dict[str, Any], str]] = [
    ("search_users_by_image", {"collection_id": "bad id!", "image": JPEG}, "collection_id"),
    ("search_users_by_image", {"collection_id": "c" * 256, "image": JPEG}, "collection_id"),
    ("search_users_by_image", {"collection_id": "c1", "image": b""}, "image"),
    ("search_users_by_image", {"collection_id": "c1", "image": b"GIF89a...."}, "image"),
    (
        "search_users_by_image",
        {"collection_id": "c1", "image": JPEG + b"\x00" * (5 * 1024 * 1024)},
        "image",
    ),
    ("search_users_by_image", {"collection_id": "c1", "image": "/no/such/file.jpg"}, "image"),
    ("search_users_by_image", {"collection_id": "c1", "image": "s3://"}, "image"),
    ("search_users_by_image", {"collection_id": "c1", "image": "s3://bucket-only"}, "image"),
    ("search_users_by_image", {"collection_id": "c1", "image": "s3://photos/a.jpg?x=1"}, "image"),
    ("search_users_by_image", {"collection_id": "c1", "image": 42}, "image"),
    ("search_users_by_image", {"collection_id": "c1", "image": JPEG, "max_users": 0}, "max_users"),
    (
        "search_users_by_image",
        {"collection_id": "c1", "image": JPEG, "user_match_threshold": 101.0},
        "user_match_threshold",
    ),
    ("search_faces", {"collection_id": "c1", "face_id": "not-a-uuid"}, "face_id"),
    ("associate_faces", {"collection_id": "c1", "user_id": "alice", "face_ids": []}, "face_ids"),
    ("start_face_search", {"video": "https://example.com/v.mp4", "collection_id": "c1"}, "video"),
    (
        "start_face_search",
        {"video": "s3://videos/a.mp4", "collection_id": "c1", "face_match_threshold": -1.0},
        "face_match_threshold",
    ),
    ("list_faces", {"collection_id": "c1", "max_results": 100000}, "max_results"),
]
