"""SearchFaces (by a stored face id) and SearchFacesByImage (by a new photo)."""

from _offline import client, fresh_collection

from rekog.local import make_face_image

rk, _ = client()
COLLECTION = "example-search-faces"
fresh_collection(rk, COLLECTION)
ids: dict[str, str] = {}
for person in ("alice", "bob"):
    for variant in (0, 1):
        indexed = rk.index_faces(
            collection_id=COLLECTION,
            image=make_face_image(person, variant=variant),
            external_image_id=person,
        )
        face = indexed.face_records[0].face
        assert face is not None and face.face_id is not None
        ids.setdefault(person, face.face_id)

same = rk.search_faces(collection_id=COLLECTION, face_id=ids["alice"], face_match_threshold=90)
for match in same.face_matches:
    assert match.face is not None
    print(
        f"face {ids['alice']} also matches {match.face.external_image_id} ({match.similarity:.1f})"
    )

found = rk.search_faces_by_image(
    collection_id=COLLECTION, image=make_face_image("bob", variant=5, format="JPEG"), max_faces=3
)
assert found.searched_face_bounding_box is not None
print(f"searched face at left={found.searched_face_bounding_box.left}")
for match in found.face_matches:
    assert match.face is not None
    print(f"new photo matches {match.face.external_image_id} ({match.similarity:.1f})")
