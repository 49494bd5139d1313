"""Oversized requests leave the server's memory where it was."""

from __future__ import annotations

import base64
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from rekog.local import make_face_image

from .conftest import http_client
from .helpers import png_claiming
from .test_cli import serve_process

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def post(url: str, target: str, body: str) -> tuple[int, dict[str, str]]:
    """POST a raw JSON 1.1 request; the status and the decoded answer."""
    request = urllib.request.Request(
        url + "/",
        data=body.encode(),
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_rss_returns_to_baseline_after_oversized_requests() -> None:
    with serve_process("--no-aws-services") as (url, process):
        client = http_client(url)
        client.create_collection(CollectionId="c")
        for _ in range(3):  # warm up: imports, caches, thread stacks
            client.detect_faces(Image={"Bytes": make_face_image("warm")})
        baseline = rss_mb(process.pid)

        bomb = base64.b64encode(png_claiming(12_000, 12_000)).decode()
        assert len(bomb) < 800_000
        ids = json.dumps(["not-a-face-id"] * 100_000)  # 1.7 MB, under the body limit
        for _ in range(2):
            status, error = post(
                url, "RekognitionService.DetectFaces", json.dumps({"Image": {"Bytes": bomb}})
            )
            assert (status, error["__type"]) == (400, "ImageTooLargeException")
            status, error = post(url, "RekognitionService.ListCollections", " " * (20 << 20))
            assert (status, error["__type"]) == (413, "ValidationException")
            body = f'{{"CollectionId":"c","UserId":"u","FaceIds":{ids}}}'
            status, error = post(url, "RekognitionService.AssociateFaces", body)
            assert (status, error["__type"]) == (400, "ValidationException")
            assert error["Message"].startswith("1 validation error detected")

        grown = rss_mb(process.pid) - baseline
        print(f"baseline {baseline:.0f} MB, grown {grown:.1f} MB")
        assert grown < 80, f"RSS grew by {grown:.0f} MB"
        assert client.list_collections()["CollectionIds"] == ["c"]
