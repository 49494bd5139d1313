"""CreateFaceLivenessSession and GetFaceLivenessSessionResults, with declarable results.

The liveness check itself (the selfie video streamed by the client-side FaceLivenessDetector
of the Amplify UI / mobile SDKs) is out of scope: a test *declares* what the check found,
with :meth:`~rekog.local.backend.RekognitionBackend.declare_liveness`. Until then a session
is ``CREATED``; a session left undeclared for 3 minutes is ``EXPIRED`` (CreateFaceLivenessSession
API reference: "a SessionId expires 3 minutes after it's sent").

A declaration's defaults: ``Status`` ``SUCCEEDED``, ``Confidence`` 99.0 (a live person; a
spoof is a ``SUCCEEDED`` session with a low confidence, as in the service), and a generated
face picture (``make_face_image("liveness/<SessionId>")``) as the reference image, its face
box covering most of it. ``AuditImagesLimit`` (0-4, default 0) copies of the reference are
the audit images. With ``Settings.OutputConfig`` the images are written to that bucket
(``<prefix>/<SessionId>/reference.jpg``, ``audit_<n>.jpg``) and returned as ``S3Object``,
else as ``Bytes``.
"""

from __future__ import annotations

import base64
from typing import Any

from ..errors import RekognitionError
from . import lifecycle
from .context import Context, Handler, Request, Response

KIND = "liveness_session"
#: Seconds after which an undeclared session is ``EXPIRED``.
SESSION_SECONDS = 180.0
#: The challenge a session uses when the request prefers none.
DEFAULT_CHALLENGE = {"Type": "FaceMovementAndLightChallenge", "Version": "1.0.0"}
#: The face box of the default reference image.
REFERENCE_BOX = {"Width": 0.6, "Height": 0.8, "Left": 0.2, "Top": 0.1}
STATUSES = ("CREATED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "EXPIRED")


def create_face_liveness_session(ctx: Context, request: Request) -> Response:
    """A new session id (a UUID); results are ``CREATED`` until declared."""
    settings = request.get("Settings") or {}
    preferences = settings.get("ChallengePreferences") or []
    challenge = dict(DEFAULT_CHALLENGE)
    if preferences:
        challenge["Type"] = preferences[0]["Type"]
        versions = preferences[0].get("Versions") or {}
        challenge["Version"] = versions.get("Maximum") or versions.get("Minimum") or "1.0.0"
    session_id = ctx.new_uuid("liveness")
    record: dict[str, Any] = {
        "id": session_id,
        "created": ctx.clock.now(),
        "audit_limit": max(0, min(4, int(settings.get("AuditImagesLimit") or 0))),
        "output": settings.get("OutputConfig"),
        "challenge": challenge,
        "result": None,
    }
    lifecycle.resources(ctx).put(KIND, session_id, record)
    return {"SessionId": session_id}


def declare(
    ctx: Context,
    session_id: str,
    *,
    status: str = "SUCCEEDED",
    confidence: float | None = 99.0,
    reference_image: bytes | None = None,
    reference_box: dict[str, float] | None = None,
) -> None:
    """Declare what the liveness check of ``session_id`` found (see the module's defaults)."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    store = lifecycle.resources(ctx)
    record = store.table(KIND).get(session_id)
    if record is None:
        raise KeyError(f"no liveness session {session_id!r}")
    if reference_image is None and status == "SUCCEEDED":
        from ..media.images import make_face_image  # only when a default is needed

        reference_image = make_face_image(f"liveness/{session_id}", format="JPEG")
    record["result"] = {
        "status": status,
        "confidence": confidence,
        "image": base64.b64encode(reference_image).decode() if reference_image else None,
        "box": dict(reference_box or REFERENCE_BOX),
    }
    store.put(KIND, session_id, record)


def _image(ctx: Context, record: dict[str, Any], name: str) -> dict[str, Any]:
    result = record["result"]
    image: dict[str, Any] = {"BoundingBox": dict(result["box"])}
    output = record.get("output")
    if output:
        key = lifecycle.join_key(output.get("S3KeyPrefix"), record["id"], f"{name}.jpg")
        version = lifecycle.write_object(
            ctx, output["S3Bucket"], key, base64.b64decode(result["image"])
        )
        image["S3Object"] = lifecycle.s3_object(output["S3Bucket"], key, version)
    else:
        image["Bytes"] = result["image"]
    return image


def get_face_liveness_session_results(ctx: Context, request: Request) -> Response:
    """The declared result, ``CREATED`` before a declaration, ``EXPIRED`` 3 minutes on."""
    session_id = request["SessionId"]
    record = lifecycle.resources(ctx).table(KIND).get(session_id)
    if record is None:
        raise RekognitionError(
            "SessionNotFoundException", f"Liveness session {session_id} was not found"
        )
    response: Response = {"SessionId": session_id, "Challenge": dict(record["challenge"])}
    result = record["result"]
    if result is None:
        expired = ctx.clock.now() >= record["created"] + SESSION_SECONDS
        response["Status"] = "EXPIRED" if expired else "CREATED"
        return response
    response["Status"] = result["status"]
    if result["confidence"] is not None and result["status"] in ("SUCCEEDED", "FAILED"):
        response["Confidence"] = float(result["confidence"])
    if result["image"] is not None:
        response["ReferenceImage"] = _image(ctx, record, "reference")
        response["AuditImages"] = [
            _image(ctx, record, f"audit_{n}") for n in range(1, record["audit_limit"] + 1)
        ]
    return response


OPERATIONS: dict[str, Handler] = {
    "CreateFaceLivenessSession": create_face_liveness_session,
    "GetFaceLivenessSessionResults": get_face_liveness_session_results,
}
