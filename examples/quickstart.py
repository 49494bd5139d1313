"""rekog quickstart: collections, users, searches, text and a face-search video job.

Runs fully offline against the bundled local emulator (in-process) by default:

    python examples/quickstart.py

Against another endpoint (``rekog local serve``, or any Rekognition) or the real service:

    python examples/quickstart.py --endpoint-url http://127.0.0.1:4566
    python examples/quickstart.py --aws --video s3://my-bucket/lobby.mp4

Outside the emulator the images it sends are synthetic, so searches find whatever the
service makes of them, and the video step needs ``--video``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import boto3

from rekog import PollPolicy, Rekognition
from rekog.errors import ResourceNotFoundException
from rekog.local import (
    DUMMY_CREDENTIALS,
    FaceSpec,
    LocalRekognition,
    VideoPerson,
    make_face_image,
    make_scene,
    make_video,
)
from rekog.results import appearances, text_lines

COLLECTION = "rekog-quickstart"
PEOPLE = ("alice", "bob", "carol")


def connect(args: argparse.Namespace) -> tuple[Rekognition, LocalRekognition | None]:
    """A client for the chosen target; the in-process emulator unless told otherwise."""
    if args.aws:
        return Rekognition(region=args.region), None
    if args.endpoint_url:
        session = boto3.Session(
            aws_access_key_id=DUMMY_CREDENTIALS["aws_access_key_id"],
            aws_secret_access_key=DUMMY_CREDENTIALS["aws_secret_access_key"],
            aws_session_token=DUMMY_CREDENTIALS["aws_session_token"],
            region_name=args.region,
        )
        return Rekognition(session=session, endpoint_url=args.endpoint_url), None
    emulator = LocalRekognition(job_seconds=args.job_seconds)
    session = boto3.Session(
        aws_access_key_id=DUMMY_CREDENTIALS["aws_access_key_id"],
        aws_secret_access_key=DUMMY_CREDENTIALS["aws_secret_access_key"],
        aws_session_token=DUMMY_CREDENTIALS["aws_session_token"],
        region_name=args.region,
    )
    rk = Rekognition(session=session)
    emulator.attach(rk.client)  # answered in-process: real serialisation and parsing run
    return rk, emulator


def fresh_collection(rk: Rekognition) -> str:
    try:
        rk.delete_collection(collection_id=COLLECTION)
    except ResourceNotFoundException:
        pass
    created = rk.create_collection(collection_id=COLLECTION)
    return f"created collection {COLLECTION} (face model {created.face_model_version})"


def index_people(rk: Rekognition) -> dict[str, list[str]]:
    """Two photos per person, indexed and associated with a user of the same name."""
    faces: dict[str, list[str]] = {}
    for person in PEOPLE:
        for variant in (0, 1):
            photo = make_face_image(person, variant=variant)
            indexed = rk.index_faces(
                collection_id=COLLECTION, image=photo, external_image_id=person, max_faces=1
            )
            faces.setdefault(person, []).extend(
                r.face.face_id for r in indexed.face_records if r.face and r.face.face_id
            )
        rk.create_user(collection_id=COLLECTION, user_id=person)
        rk.associate_faces(collection_id=COLLECTION, user_id=person, face_ids=faces[person])
    return faces


def search_group_photo(rk: Rekognition) -> list[str]:
    scene = make_scene(
        faces=[FaceSpec("bob"), FaceSpec("alice"), FaceSpec("stranger", quality="LOW")]
    )
    result = rk.search_users_by_image(
        collection_id=COLLECTION, image=scene, max_users=3, quality_filter="AUTO"
    )
    lines = [
        f"  match {m.user.user_id if m.user else '?'} similarity {m.similarity:.1f}"
        for m in result.user_matches
    ]
    for face in result.unsearched_faces:
        lines.append(f"  unsearched face: {', '.join(str(r) for r in face.reasons)}")
    return lines


def read_sign(rk: Rekognition) -> list[str]:
    sign = make_scene(faces=[], text=["WELCOME TO REKOG", "OPEN 24 HOURS"])
    detected = rk.detect_text(image=sign)
    return [
        f"  line {line.text!r}: words {[w.detected_text for w in line.words]}"
        for line in text_lines(detected.text_detections)
    ]


def run_video_job(
    rk: Rekognition, emulator: LocalRekognition | None, video: str | None
) -> list[str]:
    if emulator is not None:
        # 60 s of video at 25 fps: alice throughout, bob from 20 s -> 2,500 results, 3 pages.
        emulator.backend.object_store.put(
            "quickstart-videos",
            "lobby.mp4",
            make_video(
                persons=[
                    VideoPerson("alice", from_ms=0, to_ms=60_000, every_ms=40),
                    VideoPerson("bob", from_ms=20_000, to_ms=60_000, every_ms=40),
                ],
                duration_ms=60_000,
                frame_rate=25.0,
            ),
        )
        video = "s3://quickstart-videos/lobby.mp4"
    if video is None:
        return ["  (skipped: pass --video s3://bucket/key outside the emulator)"]
    job = rk.jobs.start_face_search(
        video=video,
        collection_id=COLLECTION,
        poll=PollPolicy(initial=0.25, multiplier=1.5, maximum=5.0),
    )
    lines = [f"  started job {job.job_id}: {job.status()}"]
    started = time.monotonic()
    job.wait(timeout=900)
    lines.append(f"  {job.status()} after {time.monotonic() - started:.1f}s")
    pager = job.results(page_size=1000)
    persons = list(pager)  # every PersonMatch across pages
    lines.append(f"  {len(persons)} person matches in {pager.pages_fetched} pages")
    for user, spans in sorted(appearances(persons, key="user").items()):
        shown = ", ".join(f"{s.start_ms / 1000:.1f}-{s.end_ms / 1000:.1f}s" for s in spans)
        lines.append(f"  {user} appears {shown}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="rekog quickstart (offline by default)")
    parser.add_argument("--endpoint-url", help="a Rekognition endpoint, e.g. rekog local serve")
    parser.add_argument("--aws", action="store_true", help="use the real service")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--video", help="s3://bucket/key of a video (outside the emulator)")
    parser.add_argument("--job-seconds", type=float, default=1.0, help="emulated job duration")
    args = parser.parse_args(argv)

    rk, emulator = connect(args)
    target = "AWS" if args.aws else args.endpoint_url or "the in-process local emulator"
    print(f"rekog quickstart against {target}")
    print(fresh_collection(rk))
    faces = index_people(rk)
    print(f"indexed {sum(len(v) for v in faces.values())} faces of {len(faces)} users")

    new_photo = make_face_image("alice", variant=7, format="JPEG")
    found = rk.search_users_by_image(collection_id=COLLECTION, image=new_photo, max_users=1)
    best = found.user_matches[0] if found.user_matches else None
    print(
        "search by a new photo of alice:",
        f"{best.user.user_id} ({best.similarity:.1f})" if best and best.user else "no match",
    )
    print("group photo:")
    print("\n".join(search_group_photo(rk)))
    print("text on a sign:")
    print("\n".join(read_sign(rk)))
    print("face-search video job:")
    print("\n".join(run_video_job(rk, emulator, args.video)))
    listed = list(rk.paginate.list_collections())
    print(f"collections: {[(c.collection_id, c.face_model_version) for c in listed]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
