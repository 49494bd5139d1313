"""CreateCollection and ListCollections: every collection with its face model version."""

from _offline import client, fresh_collection

rk, _ = client()
names = ("example-staff", "example-visitors", "example-contractors")
for name in names:
    arn = fresh_collection(rk, name, tags={"team": "security"})
    print(f"created {name}: {arn}")

for item in rk.paginate.list_collections(max_results=2):  # pages of 2, read lazily
    if item.collection_id in names:
        print(f"collection {item.collection_id} uses face model {item.face_model_version}")
