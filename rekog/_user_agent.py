"""The User-Agent header of the botocore clients rekog creates, built once per feature set.

botocore assembles the header from about a dozen components twice per call (once for the
request, once more just before signing, to pick up features registered during the call): about
75 us each on the development machine, a quarter of botocore's own work on a small call. Every
input but the call's registered features is fixed when the client is built, so the string is
kept per feature set and is byte for byte what botocore would build.
"""

from __future__ import annotations

from typing import Any

import botocore

try:
    from botocore.context import get_context
except ImportError as missing:  # pragma: no cover - exercised in a subprocess test
    # pip refuses such a botocore (pyproject's floor); this is for a deployment that shadows
    # the installed one, e.g. an AWS Lambda zip built without its dependencies.
    raise ImportError(
        f"rekog needs botocore >= 1.37.4, found botocore {botocore.__version__} "
        f"at {botocore.__file__}: install rekog with its dependencies (on AWS Lambda, package "
        "boto3 and botocore with your function; see README, 'AWS Lambda')"
    ) from missing

__all__ = ["memoize_user_agent"]

# Distinct feature sets seen by one client are few (retry mode, credential source, paginator,
# waiter, ...); the bound only guards against a botocore that registers per-call values.
_MAX_VARIANTS = 32


def memoize_user_agent(client: Any) -> None:
    """Make ``client`` build its User-Agent string once per set of registered features.

    Only for clients rekog creates; a client without botocore's user-agent builder (a test
    double) is left as it is.
    """
    creator = getattr(client, "_user_agent_creator", None)
    build = getattr(creator, "to_string", None)
    if creator is None or not callable(build):
        return
    built: dict[frozenset[str], str] = {}

    def to_string() -> str:
        context = get_context()
        features = frozenset(context.features) if context is not None else frozenset()
        header = built.get(features)
        if header is None:
            header = build()
            if len(built) < _MAX_VARIANTS:
                built[features] = header
        return header

    # An instance attribute: botocore's own calls (``self.to_string()``) find it first.
    creator.to_string = to_string
