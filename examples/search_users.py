"""Users: CreateUser, AssociateFaces, SearchUsers and SearchUsersByImage (with unsearched faces)."""

from _offline import client

from rekog.local import FaceSpec, make_face_image, make_scene

rk, _ = client()
rk.create_collection(collection_id="staff")
for person in ("alice", "bob"):
    face_ids = []
    for variant in (0, 1, 2):
        indexed = rk.index_faces(collection_id="staff", image=make_face_image(person, variant=variant))
        face_ids += [r.face.face_id for r in indexed.face_records if r.face and r.face.face_id]
    rk.create_user(collection_id="staff", user_id=person)
    result = rk.associate_faces(collection_id="staff", user_id=person, face_ids=face_ids)
    print(f"user {person}: {len(result.associated_faces)} faces associated ({result.user_status})")

by_user = rk.search_users(collection_id="staff", user_id="alice", max_users=5)
print(f"users like alice: {[m.user.user_id for m in by_user.user_matches if m.user]}")

group = make_scene(faces=[FaceSpec("alice"), FaceSpec("bob"), FaceSpec("nobody", quality="LOW")])
by_image = rk.search_users_by_image(collection_id="staff", image=group, quality_filter="AUTO")
for match in by_image.user_matches:
    assert match.user is not None
    print(f"largest face is user {match.user.user_id} ({match.similarity:.1f})")
for unsearched in by_image.unsearched_faces:
    print(f"not searched: {[str(reason) for reason in unsearched.reasons]}")
