"""rekog.draw and rekog.plot: an annotated picture and a video timeline, saved as PNG files.

Needs the ``draw`` and ``plot`` extras (Pillow, matplotlib). Writes into a temporary
directory, or the one given with ``--out DIR``.
"""

import sys
import tempfile
from pathlib import Path

from _offline import client, fresh_collection

from rekog import PollPolicy
from rekog.draw import annotate
from rekog.local import FaceSpec, VideoPerson, make_scene, make_video
from rekog.plot import timeline

out = (
    Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else Path(tempfile.mkdtemp())
)
out.mkdir(parents=True, exist_ok=True)
COLLECTION = "example-pictures"
rk, emulator = client()
fresh_collection(rk, COLLECTION)

photo = make_scene(faces=[FaceSpec("alice"), FaceSpec("bob"), FaceSpec("blurry", quality="LOW")])
indexed = rk.index_faces(collection_id=COLLECTION, image=photo, external_image_id="team")
annotate(photo, indexed).save(out / "indexed.png")
print(
    f"{len(indexed.face_records)} faces indexed, {len(indexed.unindexed_faces)} not: {out / 'indexed.png'}"
)

if emulator is None:
    print("the timeline needs the in-process emulator's object store: run without --endpoint-url")
    sys.exit(0)
emulator.backend.object_store.put(
    "videos",
    "lobby.mp4",
    make_video(
        persons=[
            VideoPerson("alice", from_ms=0, to_ms=8000, every_ms=200),
            VideoPerson("bob", from_ms=5000, to_ms=15_000, every_ms=200),
        ],
        duration_ms=15_000,
    ),
)
job = rk.jobs.start_face_search(
    video="s3://videos/lobby.mp4", collection_id=COLLECTION, poll=PollPolicy(initial=0.1)
)
job.wait(timeout=60)
figure = timeline(job.results(), key="person")
figure.savefig(out / "timeline.png", dpi=80)
print(f"timeline of {len(figure.axes[0].get_yticks())} persons: {out / 'timeline.png'}")
