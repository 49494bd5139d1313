"""A canned Rekognition endpoint on 127.0.0.1 for the benchmarks: one body per operation.

Both sides of every comparison (raw boto3 and typed rekog) talk to the same server, so the
HTTP cost is the same on both and the ratio shows what the SDK layers add.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LANDMARKS = ["eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight"]
BOX = {"Width": 0.11, "Height": 0.22, "Left": 0.33, "Top": 0.44}


def face_search_page(persons: int) -> dict[str, Any]:
    """A ``GetFaceSearch`` page with ``persons`` persons, two matches each."""
    return {
        "JobStatus": "SUCCEEDED",
        "VideoMetadata": {
            "Codec": "h264",
            "DurationMillis": 600000,
            "Format": "QuickTime / MOV",
            "FrameRate": 29.97,
            "FrameHeight": 1080,
            "FrameWidth": 1920,
            "ColorRange": "LIMITED",
        },
        "Persons": [
            {
                "Timestamp": i * 33,
                "Person": {
                    "Index": i % 25,
                    "BoundingBox": BOX,
                    "Face": {
                        "BoundingBox": BOX,
                        "Confidence": 99.87,
                        "Landmarks": [{"Type": t, "X": 0.36, "Y": 0.47} for t in LANDMARKS],
                        "Pose": {"Roll": -1.2, "Yaw": 3.4, "Pitch": 5.6},
                        "Quality": {"Brightness": 61.2, "Sharpness": 83.1},
                    },
                },
                "FaceMatches": [
                    {
                        "Similarity": 99.1 - j,
                        "Face": {
                            "FaceId": f"{i:08x}-0000-4000-8000-{j:012x}",
                            "ImageId": f"{j:08x}-1111-4111-8111-111111111111",
                            "ExternalImageId": f"person-{j}",
                            "Confidence": 99.99,
                            "BoundingBox": BOX,
                        },
                    }
                    for j in range(2)
                ],
            }
            for i in range(persons)
        ],
        "NextToken": "x" * 200,
    }


# Every landmark type the service returns (30), every emotion (8): a page with every attribute.
ALL_LANDMARKS = [
    "eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight", "leftEyeBrowLeft",
    "leftEyeBrowRight", "leftEyeBrowUp", "rightEyeBrowLeft", "rightEyeBrowRight",
    "rightEyeBrowUp", "leftEyeLeft", "leftEyeRight", "leftEyeUp", "leftEyeDown",
    "rightEyeLeft", "rightEyeRight", "rightEyeUp", "rightEyeDown", "noseLeft", "noseRight",
    "mouthUp", "mouthDown", "leftPupil", "rightPupil", "upperJawlineLeft", "midJawlineLeft",
    "chinBottom", "midJawlineRight", "upperJawlineRight",
]  # fmt: skip
EMOTIONS = ["HAPPY", "SAD", "ANGRY", "CONFUSED", "DISGUSTED", "SURPRISED", "CALM", "FEAR"]


def full_face(i: int) -> dict[str, Any]:
    """A ``FaceDetail`` with every attribute (``FaceAttributes=ALL``)."""
    flag = {"Value": True, "Confidence": 97.5}
    return {
        "BoundingBox": BOX,
        "AgeRange": {"Low": 25, "High": 35},
        "Smile": flag,
        "Eyeglasses": flag,
        "Sunglasses": flag,
        "Gender": {"Value": "Female", "Confidence": 99.2},
        "Beard": flag,
        "Mustache": flag,
        "EyesOpen": flag,
        "MouthOpen": flag,
        "Emotions": [{"Type": e, "Confidence": 80.0 - k} for k, e in enumerate(EMOTIONS)],
        "Landmarks": [
            {"Type": t, "X": 0.3 + k / 100, "Y": 0.4 + k / 100} for k, t in enumerate(ALL_LANDMARKS)
        ],
        "Pose": {"Roll": -1.2, "Yaw": 3.4, "Pitch": 5.6},
        "Quality": {"Brightness": 61.2, "Sharpness": 83.1},
        "Confidence": 99.87 - i % 7,
        "FaceOccluded": flag,
        "EyeDirection": {"Yaw": 2.5, "Pitch": -3.5, "Confidence": 96.0},
    }


def full_face_search_page(persons: int) -> dict[str, Any]:
    """A ``GetFaceSearch`` page whose faces have every attribute, three matches each."""
    page = face_search_page(persons)
    for i, person in enumerate(page["Persons"]):
        person["Person"]["Face"] = full_face(i)
        person["FaceMatches"].append(
            {
                "Similarity": 96.1,
                "Face": {
                    "FaceId": f"{i:08x}-0000-4000-8000-{2:012x}",
                    "ImageId": "00000002-1111-4111-8111-111111111111",
                    "ExternalImageId": "person-2",
                    "Confidence": 99.99,
                    "BoundingBox": BOX,
                    "IndexFacesModelVersion": "7.0",
                    "UserId": f"user-{i % 25}",
                },
            }
        )
    return page


def detect_text_response(lines: int) -> dict[str, Any]:
    """A ``DetectText`` response with ``lines`` lines of three words each."""
    detections: list[dict[str, Any]] = []
    for line in range(lines):
        detections.append(_text(line, "LINE", f"line {line} of text", None))
        for word in range(3):
            detections.append(_text(lines + line * 3 + word, "WORD", f"w{word}", line))
    return {"TextDetections": detections, "TextModelVersion": "3.0"}


def _text(ident: int, kind: str, text: str, parent: int | None) -> dict[str, Any]:
    polygon = [
        {"X": 0.1, "Y": 0.1},
        {"X": 0.2, "Y": 0.1},
        {"X": 0.2, "Y": 0.2},
        {"X": 0.1, "Y": 0.2},
    ]
    item: dict[str, Any] = {
        "DetectedText": text,
        "Type": kind,
        "Id": ident,
        "Confidence": 98.5,
        "Geometry": {"BoundingBox": BOX, "Polygon": polygon},
    }
    if parent is not None:
        item["ParentId"] = parent
    return item


CREATE_COLLECTION = {
    "StatusCode": 200,
    "CollectionArn": "aws:rekognition:us-east-1:123456789012:collection/bench",
    "FaceModelVersion": "7.0",
}
LIST_COLLECTIONS = {"CollectionIds": ["bench"], "FaceModelVersions": ["7.0"]}


class StubService:
    """Serves canned JSON bodies keyed by operation (the ``X-Amz-Target`` suffix).

    A body keyed ``"<Operation>:<JobId>"`` answers the requests of that ``JobId`` (the full
    page is ``GetFaceSearch`` of job ``"full"``).
    """

    def __init__(self, bodies: dict[str, dict[str, Any]]) -> None:
        self.bodies = {name: json.dumps(body).encode() for name, body in bodies.items()}
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; without this, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every small response on loopback.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:  # noqa: N802
                request = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                operation = self.headers.get("X-Amz-Target", "").rpartition(".")[2]
                body = service.bodies.get(operation, b"{}")
                if b'"JobId"' in request:
                    job = json.loads(request).get("JobId")
                    body = service.bodies.get(f"{operation}:{job}", body)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("x-amzn-RequestId", "bench-request")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # many requests in flight (the async benchmark)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.endpoint_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def default_bodies(persons: int = 1000, text_lines: int = 25) -> dict[str, dict[str, Any]]:
    """The bodies every benchmark serves."""
    return {
        "CreateCollection": CREATE_COLLECTION,
        "ListCollections": LIST_COLLECTIONS,
        "DetectText": detect_text_response(text_lines),
        "GetFaceSearch": face_search_page(persons),
        "GetFaceSearch:full": full_face_search_page(persons),
    }


class SpawnedStubService:
    """:class:`StubService` with :func:`default_bodies` (of ``persons`` and ``text_lines``),
    served from a child process.

    A real endpoint's work is not done on the caller's CPU: in its own process the server
    neither holds the caller's GIL nor shares its garbage collector, so a call's time is the
    SDK's own work plus the round trip.
    """

    def __init__(self, persons: int = 1000, text_lines: int = 25) -> None:
        import subprocess
        import sys
        from pathlib import Path

        here = Path(__file__).resolve().parent
        code = (
            "import sys, time\n"
            f"sys.path.insert(0, {str(here)!r})\n"
            "from _stub_service import StubService, default_bodies\n"
            f"service = StubService(default_bodies({persons}, {text_lines}))\n"
            "print(service.endpoint_url, flush=True)\n"
            "sys.stdin.read()\n"  # serve until the parent closes our stdin
        )
        self._process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._process.stdout is not None
        self.endpoint_url = self._process.stdout.readline().strip()
        if not self.endpoint_url.startswith("http://"):
            self.close()
            raise RuntimeError("the stub service did not start")

    def close(self) -> None:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.close()
        self._process.wait(timeout=10)
        self._process.stdout.close()
