"""Make the pictures of the docs' gallery (docs/gallery/*.png) from the emulator's scenes.

Each picture is one function below; docs/gallery.md shows each function's code next to its
picture (pymdownx.snippets sections), and tests/docs/test_gallery.py regenerates them in a
temporary directory and compares them with the committed ones.

    python tools/gallery.py                 # rewrite docs/gallery/
    python tools/gallery.py --out /tmp/g    # write elsewhere
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

# --8<-- [start:imports]
from matplotlib.figure import Figure
from PIL import Image

from rekog import PollPolicy, Rekognition
from rekog.draw import annotate
from rekog.local import (
    FaceSpec,
    LocalRekognition,
    TextSpec,
    VideoPerson,
    make_face_image,
    make_scene,
    make_video,
)
from rekog.plot import timeline

# --8<-- [end:imports]

# rekog is imported as installed (pip install -e ".[dev]"), never from a path set up here:
# the imports above are what the gallery page shows, so they read as a user's would.
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "gallery"


# --8<-- [start:detect_faces]
def detect_faces() -> Image.Image:
    rk = Rekognition(client=LocalRekognition().client())
    photo = make_scene(faces=["alice", "bob", "carol"], size=(480, 300))
    result = rk.detect_faces(image=photo, attributes=["ALL"])
    return annotate(photo, result)  # boxes, landmarks, age range, top emotion


# --8<-- [end:detect_faces]


# --8<-- [start:index_faces]
def index_faces() -> Image.Image:
    rk = Rekognition(client=LocalRekognition().client())
    rk.create_collection(collection_id="gallery")
    photo = make_scene(
        faces=[FaceSpec("alice"), FaceSpec("bob"), FaceSpec("blurry", quality="LOW")],
        size=(480, 300),
    )
    result = rk.index_faces(collection_id="gallery", image=photo, external_image_id="team")
    return annotate(photo, result)  # indexed faces, and why the others were not


# --8<-- [end:index_faces]


# --8<-- [start:search_users]
def search_users() -> Image.Image:
    rk = Rekognition(client=LocalRekognition().client())
    rk.create_collection(collection_id="gallery")
    indexed = rk.index_faces(collection_id="gallery", image=make_face_image("alice"))
    rk.create_user(collection_id="gallery", user_id="alice")
    face_ids = [r.face.face_id for r in indexed.face_records if r.face and r.face.face_id]
    rk.associate_faces(collection_id="gallery", user_id="alice", face_ids=face_ids)

    group = make_scene(
        faces=[FaceSpec("alice"), FaceSpec("bob"), FaceSpec("someone", quality="LOW")],
        size=(480, 300),
    )
    result = rk.search_users_by_image(collection_id="gallery", image=group)
    return annotate(group, result)  # the largest face's best user; faces not searched


# --8<-- [end:search_users]


# --8<-- [start:detect_text]
def detect_text() -> Image.Image:
    rk = Rekognition(client=LocalRekognition().client())
    sign = make_scene(
        faces=[],
        text=[
            TextSpec("NO PARKING", box={"Left": 0.1, "Top": 0.2, "Width": 0.45, "Height": 0.12}),
            TextSpec("TOW AWAY ZONE", box={"Left": 0.1, "Top": 0.55, "Width": 0.6, "Height": 0.12}),
        ],
        size=(360, 200),
    )
    result = rk.detect_text(image=sign)
    return annotate(sign, result)  # line and word polygons, each line's text


# --8<-- [end:detect_text]


# --8<-- [start:face_search_timeline]
def face_search_timeline() -> Figure:
    emulator = LocalRekognition(job_seconds=0.1)
    rk = Rekognition(client=emulator.client())
    rk.create_collection(collection_id="gallery")
    for person in ("alice", "bob", "carol"):
        rk.index_faces(
            collection_id="gallery", image=make_face_image(person), external_image_id=person
        )
    video = make_video(
        persons=[
            VideoPerson("alice", from_ms=0, to_ms=12_000, every_ms=200),
            VideoPerson("alice", from_ms=30_000, to_ms=42_000, every_ms=200),
            VideoPerson("bob", from_ms=8_000, to_ms=36_000, every_ms=200),
            VideoPerson("carol", timestamps=[20_000, 20_200, 20_400, 50_000]),
        ],
        duration_ms=60_000,
    )
    emulator.backend.object_store.put("videos", "lobby.mp4", video)
    job = rk.jobs.start_face_search(
        video="s3://videos/lobby.mp4", collection_id="gallery", poll=PollPolicy(initial=0.05)
    )
    job.wait(timeout=60)
    return timeline(job.results(), key="face", width=7)


# --8<-- [end:face_search_timeline]


PICTURES: dict[str, Callable[[], Image.Image | Figure]] = {
    "detect_faces": detect_faces,
    "index_faces": index_faces,
    "search_users": search_users,
    "detect_text": detect_text,
    "face_search_timeline": face_search_timeline,
}


def make(out: Path) -> list[Path]:
    """Write every picture into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in PICTURES.items():
        path = out / f"{name}.png"
        picture = build()
        if isinstance(picture, Image.Image):
            picture.save(path, optimize=True)
        else:  # a matplotlib Figure
            picture.savefig(path, dpi=80, metadata={"Software": None})
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the docs' gallery pictures.")
    parser.add_argument("--out", type=Path, default=OUT, help="directory (default: docs/gallery)")
    args = parser.parse_args(argv)
    for path in make(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
