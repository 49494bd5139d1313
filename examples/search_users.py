"""Users: CreateUser, AssociateFaces, SearchUsers and SearchUsersByImage (with unsearched faces)."""

from _offline import client, fresh_collection

from rekog.local import FaceSpec, make_face_image, make_scene

COLLECTION = "example-search-users"
rk, _ = client()
fresh_collection(rk, COLLECTION)
for person in ("alice", "bob"):
    face_ids = []
    for variant in (0, 1, 2):
        indexed = rk.index_faces(
            collection_id=COLLECTION, image=make_face_image(person, variant=variant)
        )
        face_ids += [r.face.face_id for r in indexed.face_records if r.face and r.face.face_id]
    rk.create_user(collection_id=COLLECTION, user_id=person)
    result = rk.associate_faces(collection_id=COLLECTION, user_id=person, face_ids=face_ids)
    print(f"user {person}: {len(result.associated_faces)} faces associated ({result.user_status})")

# A new photo of alice, indexed but not associated with a user: which user is it?
new = rk.index_faces(collection_id=COLLECTION, image=make_face_image("alice", variant=7))
new_face = new.face_records[0].face
assert new_face is not None and new_face.face_id is not None
by_face = rk.search_users(collection_id=COLLECTION, face_id=new_face.face_id, max_users=5)
for match in by_face.user_matches:
    assert match.user is not None
    print(
        f"new face {new_face.face_id[:8]} belongs to user {match.user.user_id} ({match.similarity:.1f})"
    )

group = make_scene(faces=[FaceSpec("alice"), FaceSpec("bob"), FaceSpec("nobody", quality="LOW")])
by_image = rk.search_users_by_image(collection_id=COLLECTION, image=group, quality_filter="AUTO")
for match in by_image.user_matches:
    assert match.user is not None
    print(f"largest face is user {match.user.user_id} ({match.similarity:.1f})")
for unsearched in by_image.unsearched_faces:
    print(f"not searched: {[str(reason) for reason in unsearched.reasons]}")
