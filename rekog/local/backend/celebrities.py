"""RecognizeCelebrities and GetCelebrityInfo.

Of the 64 largest faces, a face is a celebrity when the image declares it in
``rekog:celebrities``, or when its identity is a name in :data:`DIRECTORY`, or -- for an
undeclared face -- when its signature matches a directory celebrity's at 95% or more (so
``make_face_image("Ada Lovelace")`` is recognised). The others are ``UnrecognizedFaces``.
A celebrity's ``Id`` is the declared ``id`` or derived from the name; every recognised
celebrity is remembered, so ``GetCelebrityInfo`` knows it afterwards (as it knows the
directory). An unknown id is ``ResourceNotFoundException``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..errors import not_found
from ..perception.declarations import DeclaredCelebrity
from ..perception.imaging import DetectedFace, identity_signature, similarity
from .context import Context, Handler, Request, Response
from .details import compared_face
from .faces import largest_first

MAX_FACES = 64
SIGNATURE_MATCH = 95.0
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def celebrity_id(name: str) -> str:
    """The id of a celebrity declared without one: 8 base-62 characters derived from the name."""
    number = int.from_bytes(
        hashlib.sha256(b"rekog.local/celebrity:" + name.encode()).digest()[:6], "big"
    )
    chars = []
    for _ in range(8):
        number, digit = divmod(number, 62)
        chars.append(_ALPHABET[digit])
    return "".join(chars)


def _card(name: str, gender: str, slug: str) -> DeclaredCelebrity:
    return DeclaredCelebrity(
        name=name,
        celebrity_id=celebrity_id(name),
        urls=(f"www.wikidata.org/wiki/{slug}",),
        gender=gender,
        confidence=99.5,
    )


#: Celebrities every emulator knows, by name.
DIRECTORY: dict[str, DeclaredCelebrity] = {
    card.name: card
    for card in (
        _card("Ada Lovelace", "Female", "Q7259"),
        _card("Alan Turing", "Male", "Q7251"),
        _card("Grace Hopper", "Female", "Q11641"),
        _card("Katherine Johnson", "Female", "Q242545"),
    )
}


def card_wire(card: DeclaredCelebrity) -> dict[str, Any]:
    """The stored identity card: ``Id``, ``Name``, ``Urls`` and ``KnownGender``."""
    wire: dict[str, Any] = {
        "Id": card.celebrity_id or celebrity_id(card.name),
        "Name": card.name,
        "Urls": list(card.urls),
    }
    if card.gender is not None:
        wire["KnownGender"] = {"Type": card.gender}
    return wire


def recognize(
    face: DetectedFace, declared: DeclaredCelebrity | None
) -> tuple[DeclaredCelebrity, float] | None:
    """The celebrity ``face`` is, with the match confidence, or ``None``."""
    if declared is not None:
        return declared, round(declared.confidence, 4)
    if face.identity is not None:
        card = DIRECTORY.get(face.identity)
        return (card, card.confidence) if card is not None else None
    scored = [
        (similarity(face.signature, identity_signature(name)), card)
        for name, card in DIRECTORY.items()
    ]
    score, card = max(scored, key=lambda item: item[0])
    return (card, score) if score >= SIGNATURE_MATCH else None


def remember(ctx: Context, card: DeclaredCelebrity) -> dict[str, Any]:
    """Store the card for ``GetCelebrityInfo`` and return its wire form."""
    wire = card_wire(card)
    if ctx.state.celebrities.get(wire["Id"]) != wire:
        ctx.state.put_celebrity(wire["Id"], wire)
    return wire


def recognize_celebrities(ctx: Context, request: Request) -> Response:
    """``CelebrityFaces`` and ``UnrecognizedFaces`` among the 64 largest faces."""
    content = ctx.load_image(request["Image"])
    cards = dict(content.celebrities)
    by_face = {id(face): cards.get(index) for index, face in enumerate(content.faces)}
    celebrities, unrecognized = [], []
    for face in largest_first(content.faces)[:MAX_FACES]:
        found = recognize(face, by_face[id(face)])
        if found is None:
            unrecognized.append(compared_face(face))
            continue
        card, confidence = found
        wire = remember(ctx, card)
        entry: dict[str, Any] = {
            "Urls": wire["Urls"],
            "Name": wire["Name"],
            "Id": wire["Id"],
            "Face": compared_face(face),
            "MatchConfidence": confidence,
        }
        if "KnownGender" in wire:
            entry["KnownGender"] = wire["KnownGender"]
        celebrities.append(entry)
    return {"CelebrityFaces": celebrities, "UnrecognizedFaces": unrecognized}


def get_celebrity_info(ctx: Context, request: Request) -> Response:
    """The name, URLs and known gender of a celebrity id."""
    wire = ctx.state.celebrities.get(request["Id"])
    if wire is None:
        wire = next(
            (card_wire(c) for c in DIRECTORY.values() if card_wire(c)["Id"] == request["Id"]),
            None,
        )
    if wire is None:
        raise not_found(f"Celebrity id {request['Id']} not found")
    response: Response = {"Urls": wire["Urls"], "Name": wire["Name"]}
    if "KnownGender" in wire:
        response["KnownGender"] = wire["KnownGender"]
    return response


OPERATIONS: dict[str, Handler] = {
    "RecognizeCelebrities": recognize_celebrities,
    "GetCelebrityInfo": get_celebrity_info,
}
