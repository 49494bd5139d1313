"""CreateCollection and ListCollections: every collection with its face model version."""

from _offline import client

rk, _ = client()
for name in ("staff", "visitors", "contractors"):
    created = rk.create_collection(collection_id=name, tags={"team": "security"})
    print(f"created {name}: {created.collection_arn} (face model {created.face_model_version})")

for item in rk.paginate.list_collections(max_results=2):  # pages of 2, read lazily
    print(f"collection {item.collection_id} uses face model {item.face_model_version}")
