"""IndexFaces from bytes, a path and an open file; ListFaces across pages."""

import tempfile
from pathlib import Path

from _offline import client, fresh_collection

from rekog.local import make_face_image

rk, _ = client()
COLLECTION = "example-index-and-list"
fresh_collection(rk, COLLECTION)

photo_dir = Path(tempfile.mkdtemp())
(photo_dir / "bob.jpg").write_bytes(make_face_image("bob", format="JPEG"))
(photo_dir / "carol.png").write_bytes(make_face_image("carol"))

rk.index_faces(collection_id=COLLECTION, image=make_face_image("alice"), external_image_id="alice")
rk.index_faces(collection_id=COLLECTION, image=photo_dir / "bob.jpg", external_image_id="bob")
with open(photo_dir / "carol.png", "rb") as handle:
    indexed = rk.index_faces(collection_id=COLLECTION, image=handle, external_image_id="carol")
record = indexed.face_records[0]
assert record.face is not None and record.face_detail is not None
print(f"indexed carol as face {record.face.face_id}, confidence {record.face_detail.confidence}")

for face in rk.paginate.list_faces(collection_id=COLLECTION, max_results=1):
    print(f"face {face.face_id} from image {face.external_image_id}")
