"""PutProjectPolicy, ListProjectPolicies and DeleteProjectPolicy.

A policy belongs to a Custom Labels project and carries a revision id that changes with
every update (PutProjectPolicy API reference: "Each time you modify a policy, Amazon
Rekognition Custom Labels generates and assigns a new PolicyRevisionId"). The conflicts:

* creating a policy whose name exists without giving its revision id:
  ``ResourceAlreadyExistsException``;
* updating or deleting with a revision id that is not the current one (or creating with a
  revision id): ``InvalidPolicyRevisionIdException``;
* a document that is not a JSON object: ``MalformedPolicyDocumentException``;
* a sixth policy on a project ("Guidelines and quotas": 5 project policies per project):
  ``LimitExceededException``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..errors import RekognitionError, not_found
from . import lifecycle
from .context import Context, Handler, Request, Response
from .projects import POLICIES, project

KIND = POLICIES
#: Policies a project may have.
MAX_POLICIES = 5


def _key(project_arn: str, name: str) -> str:
    return f"{project_arn}#{name}"


def _revision(ctx: Context, key: str, document: str) -> str:
    """A new revision id: 32 hex digits, never repeated."""
    number = ctx.state.next("policy-revision")
    return hashlib.sha256(f"{key}/{number}/{document}".encode()).hexdigest()[:32]


def _bad_revision(given: str | None, name: str) -> RekognitionError:
    return RekognitionError(
        "InvalidPolicyRevisionIdException",
        f"The revision id {given!r} does not match the current revision of policy {name}",
    )


def put_project_policy(ctx: Context, request: Request) -> Response:
    """Create a policy, or replace it when the current ``PolicyRevisionId`` is given."""
    owner = project(ctx, request["ProjectArn"])
    name, document = request["PolicyName"], request["PolicyDocument"]
    try:
        parsed = json.loads(document)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise RekognitionError(
            "MalformedPolicyDocumentException", "The policy document is not a JSON object"
        )
    store = lifecycle.resources(ctx)
    key = _key(owner["arn"], name)
    current = store.table(KIND).get(key)
    given = request.get("PolicyRevisionId")
    now = ctx.clock.now()
    if current is None:
        if given:
            raise _bad_revision(given, name)
        count = sum(1 for p in store.table(KIND).values() if p["project_arn"] == owner["arn"])
        if count >= MAX_POLICIES:
            raise RekognitionError(
                "LimitExceededException",
                f"A project can have at most {MAX_POLICIES} project policies",
            )
        current = {"project_arn": owner["arn"], "name": name, "created": now}
    elif not given:
        raise RekognitionError(
            "ResourceAlreadyExistsException",
            f"The policy {name} already exists; give its PolicyRevisionId to update it",
        )
    elif given != current["revision"]:
        raise _bad_revision(given, name)
    current.update(document=document, updated=now, revision=_revision(ctx, key, document))
    store.put(KIND, key, current)
    return {"PolicyRevisionId": current["revision"]}


def _wire(policy: dict[str, Any]) -> dict[str, Any]:
    return {
        "ProjectArn": policy["project_arn"],
        "PolicyName": policy["name"],
        "PolicyRevisionId": policy["revision"],
        "PolicyDocument": policy["document"],
        "CreationTimestamp": policy["created"],
        "LastUpdatedTimestamp": policy["updated"],
    }


def list_project_policies(ctx: Context, request: Request) -> Response:
    """The project's policies in creation order, ``MaxResults`` (default and at most 5) per page."""
    owner = project(ctx, request["ProjectArn"])
    policies = [
        _wire(p)
        for p in lifecycle.resources(ctx).table(KIND).values()
        if p["project_arn"] == owner["arn"]
    ]
    scope = {"o": "ListProjectPolicies", "p": owner["arn"]}
    page, token = ctx.offset_page(request, scope, policies, MAX_POLICIES, MAX_POLICIES)
    response: Response = {"ProjectPolicies": page}
    if token is not None:
        response["NextToken"] = token
    return response


def delete_project_policy(ctx: Context, request: Request) -> Response:
    """Delete a policy (its current revision, if ``PolicyRevisionId`` is given)."""
    owner = project(ctx, request["ProjectArn"])
    name = request["PolicyName"]
    store = lifecycle.resources(ctx)
    key = _key(owner["arn"], name)
    current = store.table(KIND).get(key)
    if current is None:
        raise not_found(f"The policy {name} does not exist on project {owner['arn']}")
    given = request.get("PolicyRevisionId")
    if given and given != current["revision"]:
        raise _bad_revision(given, name)
    store.drop(KIND, key)
    return {}


OPERATIONS: dict[str, Handler] = {
    "PutProjectPolicy": put_project_policy,
    "ListProjectPolicies": list_project_policies,
    "DeleteProjectPolicy": delete_project_policy,
}
