"""StartFaceSearch / GetFaceSearch: start a job, wait, read every page, group and time spans.

In-process (the default) the example puts its video into the emulator's object store. Against
an endpoint (``--endpoint-url``, e.g. ``rekog local serve``) it uploads the video with the S3
client on that same endpoint.
"""

from _offline import client, fresh_collection, put_video

from rekog import PollPolicy
from rekog.local import VideoPerson, make_face_image, make_video
from rekog.results import appearances, group_by_person

COLLECTION = "example-face-search-video"
rk, emulator = client()
fresh_collection(rk, COLLECTION)
rk.index_faces(collection_id=COLLECTION, image=make_face_image("alice"), external_image_id="alice")
video = put_video(
    emulator,
    "example-videos",
    "door.mp4",
    make_video(
        persons=[
            VideoPerson("alice", timestamps=[0, 200, 400, 600, 5000, 5200]),
            # Not in the collection: GetFaceSearch lists only persons whose face matches.
            VideoPerson("courier", timestamps=[1000, 1200]),
        ],
        duration_ms=6000,
    ),
)

job = rk.jobs.start_face_search(
    video=video, collection_id=COLLECTION, poll=PollPolicy(initial=0.1, maximum=1.0)
)
print(f"job {job.job_id} is {job.status()}")
job.wait(timeout=60)
pager = job.results(page_size=3)
persons = list(pager)
print(f"{len(persons)} results in {pager.pages_fetched} pages")
print(f"first page metadata: {pager.first_page().video_metadata}")
for index, matches in group_by_person(persons).items():
    print(f"person {index}: {len(matches)} sightings")
for face_id, spans in appearances(persons, key="face").items():
    print(f"face {face_id}: {[(s.start_ms, s.end_ms) for s in spans]}")
