"""Which quota a run draws on: the key of its shared limiter.

Rekognition meters its TPS quotas per account, region and operation. Runs that draw on one
quota must share one limiter, so the key is what the service meters, whatever the spelling:

* the **account**: the caller's credentials identity -- the access key id (never the secret;
  nothing is sent to STS). Two keys of one account are two identities here: telling them
  apart needs a network call the limiter must not make;
* the **region**;
* the **endpoint**, normalised: scheme and host lower-cased, the default port dropped, no
  trailing slash, ``localhost`` and the loopback addresses one host, and every AWS host name
  of Rekognition in a region (FIPS, dual-stack) one endpoint -- they share the region's quota.
  A client without an endpoint is keyed by the one botocore resolves for its region, for the
  sync and the async client alike.
"""

from __future__ import annotations

import functools
import inspect
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["QuotaKey", "access_key_id", "access_key_id_async", "default_endpoint", "quota_key"]

#: ``(account, region, endpoint)``.
QuotaKey = tuple[str, str, str]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1"}
# rekognition.<region>.amazonaws.com, rekognition-fips.<region>.amazonaws.com,
# rekognition.<region>.api.aws (dual-stack), and the China partition's amazonaws.com.cn.
_AWS_HOST = re.compile(
    r"^rekognition(?:-fips)?\.(?P<region>[a-z0-9-]+)\.(?P<domain>amazonaws\.com(?:\.cn)?|api\.aws)$"
)


def normalise_endpoint(url: str) -> str:
    """One spelling per endpoint: ``HTTP://LocalHost:80/`` -> ``http://127.0.0.1``."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:  # not a number: keep the spelling, it is not a usable endpoint anyway
        port = None
    if host in _LOOPBACK or host.endswith(".localhost"):
        host = "127.0.0.1"
    match = _AWS_HOST.match(host)
    if match is not None:
        # Every Rekognition host of a region meters the region's one quota.
        domain = "amazonaws.com.cn" if match["domain"].endswith(".cn") else "amazonaws.com"
        return f"https://rekognition.{match['region']}.{domain}"
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    path = parts.path.rstrip("/")
    return f"{scheme}://{netloc}{path}"


@functools.lru_cache(maxsize=32)
def default_endpoint(region: str) -> str:
    """The endpoint botocore resolves for Rekognition in ``region`` (no request is sent)."""
    import botocore.session

    client = botocore.session.get_session().create_client(
        "rekognition", region_name=region, aws_access_key_id="-", aws_secret_access_key="-"
    )
    return str(client.meta.endpoint_url)


def quota_key(account: str, region: str | None, endpoint_url: str | None) -> QuotaKey:
    """The key of the quota ``account`` draws on in ``region`` through ``endpoint_url``."""
    region = region or ""
    endpoint = endpoint_url or (default_endpoint(region) if region else "")
    return account, region, normalise_endpoint(endpoint) if endpoint else ""


def _credentials_of(client: Any) -> Any:
    # botocore keeps a client's credentials on its request signer (as rekog's pickling does).
    return getattr(getattr(client, "_request_signer", None), "_credentials", None)


def access_key_id(client: Any) -> str:
    """The access key id a botocore client signs with (``""`` when unsigned or unknown)."""
    credentials = _credentials_of(client)
    if credentials is None:
        return ""
    frozen = getattr(credentials, "get_frozen_credentials", None)
    if frozen is not None and not inspect.iscoroutinefunction(frozen):
        return str(frozen().access_key or "")
    return str(getattr(credentials, "access_key", "") or "")


async def access_key_id_async(client: Any) -> str:
    """:func:`access_key_id` of an aiobotocore client (its refreshable credentials are awaited)."""
    credentials = _credentials_of(client)
    if credentials is None:
        return ""
    frozen = getattr(credentials, "get_frozen_credentials", None)
    if frozen is not None and inspect.iscoroutinefunction(frozen):
        return str((await frozen()).access_key or "")
    return access_key_id(client)


def client_quota_key(client: Any) -> QuotaKey:
    """The quota key of a (sync or async) botocore client: its identity, region, endpoint."""
    meta = client.meta
    return quota_key(access_key_id(client), meta.region_name, meta.endpoint_url)
