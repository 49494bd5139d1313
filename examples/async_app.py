"""rekog in asyncio: many concurrent calls, an async pager and a video job, on one event loop.

Runs offline against the local emulator's HTTP server (`rekog.local.serve`), which also holds
the example's video. Pass ``--endpoint-url URL`` to use another endpoint, for instance
``rekog local serve --port 4566``: the video is then uploaded with the S3 client on that same
endpoint. The example works in a collection of its own, which it deletes and creates afresh,
so it can run again against one server.
"""

import asyncio
import sys

from _offline import put_video
from aiobotocore.session import get_session

from rekog import AsyncRekognition, PollPolicy, RetryPolicy
from rekog.errors import ResourceNotFoundException
from rekog.local import (
    DUMMY_CREDENTIALS,
    LocalRekognition,
    VideoPerson,
    make_face_image,
    make_scene,
    make_video,
    serve,
)
from rekog.models import PersonMatch

COLLECTION = "example-async-app"
PEOPLE = ["alice", "bob", "carol", "dave", "erin", "frank"]


def best_match_name(sighting: PersonMatch) -> str | None:
    """The external image id of the face a sighting matched best, if any."""
    if not sighting.face_matches or sighting.face_matches[0].face is None:
        return None
    return sighting.face_matches[0].face.external_image_id


async def main(endpoint_url: str, video: str) -> None:
    session = get_session()
    session.set_credentials(
        DUMMY_CREDENTIALS["aws_access_key_id"], DUMMY_CREDENTIALS["aws_secret_access_key"]
    )
    retry = RetryPolicy(max_attempts=8, deadline=60.0)
    async with AsyncRekognition(
        session=session, region="us-east-1", endpoint_url=endpoint_url, retry=retry
    ) as rk:
        try:  # a previous run's collection: start afresh
            await rk.delete_collection(collection_id=COLLECTION)
        except ResourceNotFoundException:
            pass
        await rk.create_collection(collection_id=COLLECTION)

        # Many concurrent calls: index six people and read 30 signs at once.
        indexed = await asyncio.gather(
            *(
                rk.index_faces(
                    collection_id=COLLECTION, image=make_face_image(name), external_image_id=name
                )
                for name in PEOPLE
            )
        )
        print(f"indexed {sum(len(r.face_records) for r in indexed)} faces concurrently")
        signs = [make_scene(text=[f"GATE {i}"], size=(200, 100)) for i in range(30)]
        read = await asyncio.gather(*(rk.detect_text(image=sign) for sign in signs))
        lines = [t.detected_text for r in read for t in r.text_detections if t.type == "LINE"]
        print(f"read {len(lines)} signs concurrently, first {lines[0]!r}, last {lines[-1]!r}")

        # An async pager: two faces per page, every face once. A face indexed without an
        # external_image_id has none: it shows as "(unnamed)".
        pager = rk.paginate.list_faces(collection_id=COLLECTION, max_results=2)
        names = sorted([face.external_image_id or "(unnamed)" async for face in pager])
        print(f"listed {names} in {pager.pages_fetched} pages")

        # A video job: start, wait without blocking the loop, iterate every result.
        job = await rk.jobs.start_face_search(
            video=video,
            collection_id=COLLECTION,
            poll=PollPolicy(initial=0.1, maximum=1.0),
        )
        await job.wait(timeout=60)
        matches = [person async for person in job.results(page_size=2)]
        seen = sorted({name for m in matches if (name := best_match_name(m)) is not None})
        print(f"job {job.job_id[:8]}... found {len(matches)} sightings of {seen}")


def door_video() -> bytes:
    return make_video(
        persons=[
            VideoPerson("alice", timestamps=[0, 200, 400]),
            VideoPerson("bob", timestamps=[1000, 1200]),
        ],
        duration_ms=2000,
    )


def run() -> None:
    if "--endpoint-url" in sys.argv:
        video = put_video(None, "example-videos", "door.mp4", door_video())
        asyncio.run(main(sys.argv[sys.argv.index("--endpoint-url") + 1], video))
        return
    emulator = LocalRekognition(job_seconds=0.5)
    video = put_video(emulator, "example-videos", "door.mp4", door_video())
    with serve(emulator=emulator) as server:
        asyncio.run(main(server.endpoint_url, video))
    emulator.close()


if __name__ == "__main__":
    run()
