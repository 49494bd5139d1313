"""``rk.bulk`` is the same on both clients: one table of operations (same methods, same
signatures, same typed results), one resume decision; each behaviour run on both flavours."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.bulk_flavours import FLAVOURS, bulk_driver, sync_client

from rekog import InvalidRequestError, models
from rekog._generated.operations import OPERATIONS
from rekog.bulk import BULK_OPERATIONS, AsyncBulk, Bulk, Checkpoint
from rekog.bulk.checkpoint import PENDING
from rekog.bulk.keys import input_key
from rekog.errors import ResourceNotFoundException
from rekog.local import LocalServer, make_face_image, serve

#: The async flavour's annotations, put in the sync flavour's words: inputs may also be an
#: async iterable, and a run is typed by its input as well as by its response.
ASYNC_TO_SYNC = (
    ("Iterable[Any] | AsyncIterable[Any]", "Iterable[Any]"),
    ("AsyncBulkRun[Any, ", "BulkRun["),
)


def public_methods(cls: type) -> list[str]:
    return sorted(name for name in dir(cls) if not name.startswith("_"))


def in_sync_words(annotation: object) -> object:
    if not isinstance(annotation, str):
        return annotation
    for async_words, sync_words in ASYNC_TO_SYNC:
        annotation = annotation.replace(async_words, sync_words)
    return annotation


def test_both_flavours_have_the_same_operations() -> None:
    assert public_methods(Bulk) == public_methods(AsyncBulk)
    assert set(BULK_OPERATIONS) | {"run"} == set(public_methods(Bulk))


@pytest.mark.parametrize("method", [*sorted(BULK_OPERATIONS), "run"])
def test_each_async_method_has_the_sync_signature_and_response_type(method: str) -> None:
    sync, aio = (
        inspect.signature(getattr(Bulk, method)),
        inspect.signature(getattr(AsyncBulk, method)),
    )
    assert list(sync.parameters) == list(aio.parameters)
    for name, parameter in sync.parameters.items():
        theirs = aio.parameters[name]
        assert (theirs.kind, theirs.default) == (parameter.kind, parameter.default), name
        assert in_sync_words(theirs.annotation) == parameter.annotation, name
    assert in_sync_words(aio.return_annotation) == sync.return_annotation
    assert getattr(AsyncBulk, method).__doc__ == getattr(Bulk, method).__doc__
    if method != "run":
        assert sync.return_annotation == f"BulkRun[{OPERATIONS[BULK_OPERATIONS[method]].response}]"


def test_the_bulk_operations_are_the_one_image_operations_without_a_token() -> None:
    assert BULK_OPERATIONS == {
        spec.method: name
        for name, spec in OPERATIONS.items()
        if spec.image_params == ("image",) and not spec.paged and spec.token_param is None
    }


# ------------------------------------------------------------------ on the emulator


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serve(port=0) as running:
        yield running


#: The arguments every input shares, by operation; "{collection}" is the test's own.
SHARED = {
    "index_faces": {"collection_id": "{collection}"},
    "search_faces_by_image": {"collection_id": "{collection}"},
    "search_users_by_image": {"collection_id": "{collection}"},
    "detect_custom_labels": {
        "project_version_arn": "arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/1"
    },
}


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("method", sorted(BULK_OPERATIONS))
def test_each_operation_gives_typed_results_on_both_clients(
    server: LocalServer, flavour: str, method: str
) -> None:
    collection = f"{method}-{flavour}".replace("_", "-")
    sync_client(server.endpoint_url).create_collection(collection_id=collection)
    shared = {k: v.format(collection=collection) for k, v in SHARED.get(method, {}).items()}
    images = [make_face_image(f"{method}{i}", size=(80, 80)) for i in range(2)]
    with bulk_driver(flavour, server.endpoint_url) as driver:
        outcomes, summary = driver.run(method, images, **shared)
    assert sorted(o.key for o in outcomes) == sorted(input_key(image) for image in images)
    if method == "detect_custom_labels":  # no model runs in the emulator: a typed error each
        assert all(isinstance(o.error, ResourceNotFoundException) for o in outcomes)
        assert summary.failed == 2
        return
    response = getattr(models, OPERATIONS[BULK_OPERATIONS[method]].response)
    assert all(o.error is None and isinstance(o.result, response) for o in outcomes)
    assert (summary.succeeded, summary.failed) == (2, 0)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_bad_arguments_are_refused_before_anything_is_sent(
    server: LocalServer, flavour: str
) -> None:
    with bulk_driver(flavour, server.endpoint_url) as driver:
        # Raised by the call itself, before a run exists to iterate.
        with pytest.raises(InvalidRequestError, match="method"):
            driver.bulk.run("delete_collection", [b"x"])
        with pytest.raises(InvalidRequestError, match="no such argument") as raised:
            driver.bulk.index_faces([b"x"], collection_id="c", collection_idd="c")
        assert raised.value.parameter == "collection_idd"
        with pytest.raises(InvalidRequestError) as raised:
            driver.bulk.index_faces([b"x"], collection_id="bad id!")
        assert raised.value.parameter == "collection_id"
        with pytest.raises(InvalidRequestError) as raised:  # the images are the inputs
            driver.bulk.detect_faces([b"x"], image=b"y")
        assert raised.value.parameter == "image"
        with pytest.raises(InvalidRequestError, match="min_confidence"):
            driver.bulk.detect_text([b"x"], filters={"WordFilter": {"MinConfidence": 500}})
        with pytest.raises(InvalidRequestError, match="concurrency"):
            driver.bulk.detect_text([b"x"], concurrency=0)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_resume_redoes_the_inputs_that_share_an_external_image_id(
    server: LocalServer, flavour: str, tmp_path: Path
) -> None:
    """A run died with three inputs in flight: ``a`` and ``b`` were to be indexed under the
    same ExternalImageId, ``c`` under its own; ``a`` and ``c`` reached the collection. The
    face named ``shared`` cannot say whose it is: ``a`` and ``b`` are indexed again (never
    one of them marked done wrongly); ``c``'s own face proves it done."""
    collection = f"resume-{flavour}"
    rk = sync_client(server.endpoint_url)
    rk.create_collection(collection_id=collection)
    a, b, c = (make_face_image(f"{name}-{flavour}", size=(80, 80)) for name in "abc")
    names = {input_key(a): "shared", input_key(b): "shared", input_key(c): "c-own"}
    rk.index_faces(collection_id=collection, image=a, external_image_id="shared")
    rk.index_faces(collection_id=collection, image=c, external_image_id="c-own")
    path = tmp_path / "resume.db"
    with Checkpoint(path, scope=f"IndexFaces:{collection}") as checkpoint:
        for key, name in names.items():
            checkpoint.mark(key, PENDING, name)

    with bulk_driver(flavour, server.endpoint_url) as driver:
        outcomes, summary = driver.run(
            "index_faces",
            [a, b, c],
            collection_id=collection,
            checkpoint=path,
            external_image_id=names.__getitem__,
        )
    assert (summary.succeeded, summary.skipped, summary.failed) == (2, 1, 0)
    redone = {o.key for o in outcomes if not o.skipped}
    assert redone == {input_key(a), input_key(b)}
    faces = rk.paginate.list_faces(collection_id=collection)
    assert sorted(face.external_image_id or "" for face in faces) == [
        "c-own",
        "shared",
        "shared",
        "shared",
    ]
