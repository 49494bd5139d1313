"""StartFaceSearch / GetFaceSearch: start a job, wait, read every page, group and time spans."""

from _offline import client

from rekog import PollPolicy
from rekog.local import VideoPerson, make_face_image, make_video
from rekog.results import appearances, group_by_person

rk, emulator = client()
assert emulator is not None, "this example uploads its video to the emulator's object store"
rk.create_collection(collection_id="staff")
rk.index_faces(collection_id="staff", image=make_face_image("alice"), external_image_id="alice")
emulator.backend.object_store.put(
    "videos",
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
    video="s3://videos/door.mp4", collection_id="staff", poll=PollPolicy(initial=0.1, maximum=1.0)
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
