"""botocore's response parser, skipped for the bodies rekog parses itself.

A client rekog creates with ``fast_parse=True`` keeps every 2xx body (``before-parse`` hook
:func:`rekog._parsing.keep_raw_body`) and validates it into the typed model straight from the
bytes. botocore's parser would then still walk an empty object to produce the response's
``ResponseMetadata``: about 13 us of a 180 us small call, measured in the call
(``benchmarks/perf_table.py``, "no network" row). The factory installed here answers such a
response with the metadata botocore's JSON parser gives an empty body (the request id header,
status code and headers) and passes every other response -- errors, and any body the hook
left alone -- to botocore's own parser, created as botocore creates it.

``tests/client/test_parser_bypass.py`` compares :func:`kept_body_metadata` with botocore's own
parse of the same response, so a botocore that changes what it returns fails there.
"""

from __future__ import annotations

import inspect
from typing import Any

from botocore.utils import lowercase_dict

__all__ = ["KEPT_BODY", "install_parser_bypass", "kept_body_metadata"]

#: Set in botocore's response dict by the hook that kept the body for rekog's own parse.
KEPT_BODY = "__rekog_body_kept__"

# The header botocore's JSON protocol parsers read the request id from.
_REQUEST_ID_HEADER = "x-amzn-requestid"


def kept_body_metadata(response: dict[str, Any]) -> dict[str, Any]:
    """What botocore's JSON parser returns for a 2xx response whose body is ``{}``."""
    headers = response["headers"]
    metadata: dict[str, Any] = {}
    if _REQUEST_ID_HEADER in headers:
        metadata["RequestId"] = headers[_REQUEST_ID_HEADER]
    metadata["HTTPStatusCode"] = response["status_code"]
    metadata["HTTPHeaders"] = lowercase_dict(headers)
    algorithm = response.get("context", {}).get("checksum", {}).get("response_algorithm")
    if algorithm:
        metadata["ChecksumAlgorithm"] = algorithm
    return {"ResponseMetadata": metadata}


class _Parser:
    """Answers a kept body itself; creates botocore's parser only for anything else."""

    def __init__(self, factory: Any, protocol: str) -> None:
        self._factory = factory
        self._protocol = protocol

    def _botocore_parser(self) -> Any:
        return self._factory.create_parser(self._protocol)

    def parse(self, response: dict[str, Any], shape: Any) -> Any:
        if response.get(KEPT_BODY):
            return kept_body_metadata(response)
        return self._botocore_parser().parse(response, shape)


class _AwaitedParser(_Parser):
    """The same for aiobotocore, whose endpoint awaits ``parse``."""

    async def parse(self, response: dict[str, Any], shape: Any) -> Any:
        if response.get(KEPT_BODY):
            return kept_body_metadata(response)
        return await self._botocore_parser().parse(response, shape)


class _ParserFactory:
    """Stands in for the endpoint's ``ResponseParserFactory``."""

    def __init__(self, factory: Any, awaited: bool) -> None:
        self._factory = factory
        self._parser_class = _AwaitedParser if awaited else _Parser

    def create_parser(self, protocol: str) -> _Parser:
        return self._parser_class(self._factory, protocol)

    def __getattr__(self, name: str) -> Any:  # e.g. set_parser_defaults
        return getattr(self._factory, name)


def install_parser_bypass(client: Any) -> None:
    """Give ``client``'s endpoint the factory above (once; botocore or aiobotocore)."""
    endpoint = client._endpoint
    factory = endpoint._response_parser_factory
    if isinstance(factory, _ParserFactory):
        return
    sample = factory.create_parser(client.meta.service_model.protocol)
    awaited = inspect.iscoroutinefunction(sample.parse)
    endpoint._response_parser_factory = _ParserFactory(factory, awaited)
