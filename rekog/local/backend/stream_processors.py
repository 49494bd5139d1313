"""Stream processors, status only (no media is read): CreateStreamProcessor,
StartStreamProcessor, StopStreamProcessor, DescribeStreamProcessor, ListStreamProcessors,
DeleteStreamProcessor, UpdateStreamProcessor.

A processor is created ``STOPPED``; a start goes ``STARTING`` → ``RUNNING`` (or ``FAILED``
with the message of a ``rekog:fail-start`` tag given at creation), a stop ``STOPPING`` →
``STOPPED``, each step taking ``lifecycle_seconds``.
"""

from __future__ import annotations

from typing import Any

from ..errors import RekognitionError, invalid_parameter
from . import lifecycle
from .context import Context, Handler, Request, Response
from .lifecycle import Record

KIND = "stream_processor"
#: Stream processors an account may have (``LimitExceededException`` beyond).
MAX_STREAM_PROCESSORS = 20

_WIRE = {
    "Input": "input",
    "Output": "output",
    "RoleArn": "role_arn",
    "Settings": "settings",
    "NotificationChannel": "notification_channel",
    "KmsKeyId": "kms_key_id",
    "RegionsOfInterest": "regions_of_interest",
    "DataSharingPreference": "data_sharing_preference",
}


def settle(ctx: Context) -> None:
    """Apply the processors' due transitions."""
    store = lifecycle.resources(ctx)
    for name, record in list(store.table(KIND).items()):
        if lifecycle.due(ctx, record):
            store.put(KIND, name, record)


def processor(ctx: Context, name: str) -> Record:
    """The processor (settled) or ``ResourceNotFoundException``."""
    settle(ctx)
    return lifecycle.existing(ctx, KIND, name, "stream processor")


def create_stream_processor(ctx: Context, request: Request) -> Response:
    """Create a ``STOPPED`` processor; a name in use is ``ResourceInUseException``."""
    name = request["Name"]
    table = lifecycle.resources(ctx).table(KIND)
    if name in table:
        raise RekognitionError(
            "ResourceInUseException", f"The stream processor {name} already exists"
        )
    if len(table) >= MAX_STREAM_PROCESSORS:
        raise RekognitionError(
            "LimitExceededException",
            f"An account can have at most {MAX_STREAM_PROCESSORS} stream processors",
        )
    lifecycle.check_tag_count(dict(request.get("Tags") or {}))
    settings = request["Settings"]
    if bool(settings.get("FaceSearch")) == bool(settings.get("ConnectedHome")):
        raise invalid_parameter("Settings needs exactly one of FaceSearch and ConnectedHome")
    face_search = settings.get("FaceSearch") or {}
    if face_search.get("CollectionId") and face_search["CollectionId"] not in ctx.state.collections:
        raise invalid_parameter(f"The collection id: {face_search['CollectionId']} does not exist")
    now = ctx.clock.now()
    record: Record = {
        "name": name,
        "arn": f"arn:aws:rekognition:{ctx.config.region}:{ctx.config.account_id}:streamprocessor/{name}",
        "status": "STOPPED",
        "status_message": None,
        "created": now,
        "updated": now,
        "tags": dict(request.get("Tags") or {}),
    }
    record.update({field: request[key] for key, field in _WIRE.items() if key in request})
    lifecycle.resources(ctx).put(KIND, name, record)
    return {"StreamProcessorArn": record["arn"]}


def start_stream_processor(ctx: Context, request: Request) -> Response:
    """Start a stopped (or failed) processor: ``STARTING``, then ``RUNNING`` or ``FAILED``."""
    record = processor(ctx, request["Name"])
    if record["status"] not in ("STOPPED", "FAILED"):
        raise lifecycle.in_use(
            f"The stream processor {record['name']}", record["status"], "started"
        )
    record.update(status="STARTING", status_message=None, updated=ctx.clock.now())
    failure = lifecycle.fail_tag(record["tags"], "start")
    lifecycle.schedule(
        ctx, record, [("RUNNING", None, {}) if failure is None else ("FAILED", failure, {})]
    )
    session = ctx.new_uuid("stream-session")
    lifecycle.resources(ctx).put(KIND, record["name"], record)
    return {"SessionId": session}


def stop_stream_processor(ctx: Context, request: Request) -> Response:
    """Stop a running (or starting) processor: ``STOPPING``, then ``STOPPED``."""
    record = processor(ctx, request["Name"])
    if record["status"] not in ("RUNNING", "STARTING"):
        raise lifecycle.in_use(
            f"The stream processor {record['name']}", record["status"], "stopped"
        )
    record.update(status="STOPPING", status_message=None, updated=ctx.clock.now())
    lifecycle.schedule(ctx, record, [("STOPPED", None, {})])
    lifecycle.resources(ctx).put(KIND, record["name"], record)
    return {}


def describe_stream_processor(ctx: Context, request: Request) -> Response:
    """Name, ARN, status (with message), timestamps and the settings it was created with."""
    record = processor(ctx, request["Name"])
    found: dict[str, Any] = {
        "Name": record["name"],
        "StreamProcessorArn": record["arn"],
        "Status": record["status"],
    }
    if record.get("status_message"):
        found["StatusMessage"] = record["status_message"]
    found["CreationTimestamp"] = record["created"]
    found["LastUpdateTimestamp"] = record["updated"]
    found.update({key: record[field] for key, field in _WIRE.items() if field in record})
    return found


def list_stream_processors(ctx: Context, request: Request) -> Response:
    """Names and statuses in creation order, ``MaxResults`` (default 1000) per page."""
    settle(ctx)
    items = [
        {"Name": r["name"], "Status": r["status"]}
        for r in lifecycle.resources(ctx).table(KIND).values()
    ]
    scope = {"o": "ListStreamProcessors"}
    page, token = ctx.offset_page(request, scope, items, 1000, 1000)
    response: Response = {"StreamProcessors": page}
    if token is not None:
        response["NextToken"] = token
    return response


def delete_stream_processor(ctx: Context, request: Request) -> Response:
    """Delete a processor that is not running, starting or stopping."""
    record = processor(ctx, request["Name"])
    if record["status"] in ("RUNNING", "STARTING", "STOPPING"):
        raise lifecycle.in_use(
            f"The stream processor {record['name']}", record["status"], "deleted"
        )
    lifecycle.resources(ctx).drop(KIND, record["name"])
    return {}


def update_stream_processor(ctx: Context, request: Request) -> Response:
    """Change a label-detection processor's labels, confidence, regions or data sharing.

    ``ConnectedHomeForUpdate`` applies to ``ConnectedHome`` processors only (the
    StreamProcessorSettingsForUpdate shape: "label detection settings"); a processor that is
    starting or stopping is in use. The processor is ``UPDATING`` for ``lifecycle_seconds``,
    then back in its status.
    """
    record = processor(ctx, request["Name"])
    if record["status"] in ("STARTING", "STOPPING", "UPDATING"):
        raise lifecycle.in_use(
            f"The stream processor {record['name']}", record["status"], "updated"
        )
    settings = dict(record.get("settings") or {})
    update = (request.get("SettingsForUpdate") or {}).get("ConnectedHomeForUpdate")
    deletions = set(request.get("ParametersToDelete") or [])
    if (update or "ConnectedHomeMinConfidence" in deletions) and "ConnectedHome" not in settings:
        raise invalid_parameter(
            f"The stream processor {record['name']} is not a label detection (ConnectedHome) "
            "processor: ConnectedHome settings cannot be updated"
        )
    if "ConnectedHome" in settings:
        home = dict(settings["ConnectedHome"])
        home.update(update or {})
        if "ConnectedHomeMinConfidence" in deletions:
            home.pop("MinConfidence", None)
        settings["ConnectedHome"] = home
    record["settings"] = settings
    if "RegionsOfInterestForUpdate" in request:
        record["regions_of_interest"] = request["RegionsOfInterestForUpdate"]
    if "RegionsOfInterest" in deletions:
        record.pop("regions_of_interest", None)
    if "DataSharingPreferenceForUpdate" in request:
        record["data_sharing_preference"] = request["DataSharingPreferenceForUpdate"]
    previous = record["status"]
    record.update(status="UPDATING", status_message=None, updated=ctx.clock.now())
    lifecycle.schedule(ctx, record, [(previous, None, {})])
    lifecycle.resources(ctx).put(KIND, record["name"], record)
    return {}


OPERATIONS: dict[str, Handler] = {
    "UpdateStreamProcessor": update_stream_processor,
    "CreateStreamProcessor": create_stream_processor,
    "StartStreamProcessor": start_stream_processor,
    "StopStreamProcessor": stop_stream_processor,
    "DescribeStreamProcessor": describe_stream_processor,
    "ListStreamProcessors": list_stream_processors,
    "DeleteStreamProcessor": delete_stream_processor,
}
