"""rekog in asyncio: many concurrent calls, an async pager and a video job, on one event loop.

Runs offline against the local emulator's HTTP server (`rekog.local.serve`); pass
``--endpoint-url URL`` to use another endpoint, for instance ``rekog local serve --port 4566``.
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

PEOPLE = ["alice", "bob", "carol", "dave", "erin", "frank"]
COLLECTION = "example-async-app"


async def main(endpoint_url: str, video: str) -> None:
    session = get_session()
    session.set_credentials(
        DUMMY_CREDENTIALS["aws_access_key_id"], DUMMY_CREDENTIALS["aws_secret_access_key"]
    )
    retry = RetryPolicy(max_attempts=8, deadline=60.0)
    async with AsyncRekognition(
        session=session, region="us-east-1", endpoint_url=endpoint_url, retry=retry
    ) as rk:
        # Many concurrent calls: index six people and read 30 signs at once.
        try:  # a fresh collection, even when an earlier run left one
            await rk.delete_collection(collection_id=COLLECTION)
        except ResourceNotFoundException:
            pass
        await rk.create_collection(collection_id=COLLECTION)
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

        # An async pager: two faces per page, every face once.
        pager = rk.paginate.list_faces(collection_id=COLLECTION, max_results=2)
        names = sorted([face.external_image_id async for face in pager])
        print(f"listed {names} in {pager.pages_fetched} pages")

        # A video job: start, wait without blocking the loop, iterate every result.
        job = await rk.jobs.start_face_search(
            video=video,
            collection_id=COLLECTION,
            poll=PollPolicy(initial=0.1, maximum=1.0),
        )
        await job.wait(timeout=60)
        matches = [person async for person in job.results(page_size=2)]
        seen = sorted({m.face_matches[0].face.external_image_id for m in matches if m.face_matches})
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
